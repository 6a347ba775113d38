/** The setup stage's public surface, for the action, the CLI and the pipeline. */
export { setupToolchains, savePending } from './setup.js';
export { resolveVersions, collectWishes, type ToolPlan } from './plan.js';
export { toolEnvironment, type ToolEnvironment } from './environment.js';
export {
  restoreModuleCache,
  saveModuleCache,
  moduleCacheSave,
  moduleCacheKeys,
  type ModuleCacheRequest,
  type ModuleCacheState,
} from './module-cache.js';
export { actionsRunCache, toolCacheKey } from './run-cache.js';
export { hostPlatform, userCacheDir } from './platform.js';
export type * from './types.js';
export { goCacheDirs, findGoSums } from './go-env.js';
