/** The build stage: command lines, the parallel runner, wasm-opt, go-test. */
export { buildAll, buildPlugins, type BuildOptions, type BuildOutcome } from './build.js';
export {
  goBuildCommand,
  tinygoBuildCommand,
  tinygoTarget,
  wasmOptCommand,
  DEFAULT_WASM_OPT_ARGS,
} from './commands.js';
export { parseDiagnostics, type Diagnostic } from './diagnostics.js';
export { runGoTest, wasmModeGap, WASM_TEST_HARNESSES } from './gotest.js';
export { DEFAULT_OUT_DIR, outcomeSummary } from './summary.js';
