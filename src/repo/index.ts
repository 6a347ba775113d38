/** The detect stage: discovery, .buildrc, change detection, matrix. */
export { discoverPlugins, type DiscoverOptions } from './discover.js';
export { parseBuildrc, BUILDRC_KEYS } from './buildrc.js';
export {
  detectChanges,
  explainChanges,
  selectByFiles,
  type DetectResult,
  type DetectOptions,
} from './changes.js';
export { changeSourceFromEvent, changeSourceFromEnv, type ChangeSource } from './event.js';
export { toMatrix, MAX_MATRIX_JOBS, type Matrix, type MatrixEntry } from './matrix.js';
export {
  runDetect,
  pluginSummary,
  type DetectStageOptions,
  type DetectStageResult,
} from './stage.js';
