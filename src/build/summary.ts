/** The JSON shape of one build, for `build --json` and the action's outputs. */
import type { BuildOutcome } from './build.js';

/** Default output directory, relative to the repository: hidden, so discovery skips it. */
export const DEFAULT_OUT_DIR = '.wasm-plugin-ci/build';

export function outcomeSummary(o: BuildOutcome): Record<string, unknown> {
  const r = o.result;
  return {
    plugin: o.plugin.name,
    dir: o.plugin.relDir,
    builder: o.plugin.builder,
    ok: !o.error,
    ...(o.error ? { error: o.error } : {}),
    ...(r
      ? {
          wasm: r.wasm,
          size: r.size,
          sha256: r.sha256,
          ms: r.ms,
          command: r.command,
          env: r.env,
          toolchainVersion: r.toolchainVersion,
        }
      : {}),
    ...(o.diagnostics.length ? { diagnostics: o.diagnostics } : {}),
  };
}
