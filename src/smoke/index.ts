/** The smoke stage: load a wasm module the way the gateway does. */
export { prewarmSmokeWorkers, smokeTest } from './isolate.js';
export { runSmoke, type SmokeHooks } from './lifecycle.js';
export {
  loadSmokeConfig,
  parseSmokeConfig,
  configBytes,
  smokeCaps,
  DEFAULT_SMOKE_CAPS,
  SMOKE_CONFIG_FILE,
  type SmokeCaps,
} from './config.js';
export { PROFILES, DEFAULT_PROFILE, findProfile, type HostProfile } from './profiles.js';
export { formatFailure } from './failure.js';
export { DEFAULT_TIMEOUT_MS, DEFAULT_MEMORY_LIMIT_MB, type SmokeOptions } from './options.js';
