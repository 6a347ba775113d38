/**
 * What a job needs to use the installed tools: PATH entries, GOROOT,
 * GOTOOLCHAIN=local (Go must not fetch another toolchain behind our back,
 * which would defeat pinning and verification), TINYGOROOT; and the step
 * outputs per tool.
 */
import type { ToolName } from './types.js';
import type { SetupResult } from './types.js';

export interface ToolEnvironment {
  /** Directories to prepend to PATH, first wins. */
  path: string[];
  vars: Record<string, string>;
  outputs: Record<string, string>;
}

const ORDER: ToolName[] = ['go', 'tinygo', 'oras', 'wasm-opt'];

export function toolEnvironment(result: SetupResult): ToolEnvironment {
  const path: string[] = [];
  const vars: Record<string, string> = {};
  const outputs: Record<string, string> = {};
  for (const tool of ORDER) {
    const d = result.defaults[tool];
    if (!d) continue;
    path.push(d.binDir);
    outputs[`${tool}-version`] = d.version;
    outputs[`${tool}-path`] = d.dir;
    outputs[`${tool}-cache-hit`] = String(d.source === 'tool-cache' || d.source === 'run-cache');
  }
  if (result.defaults.go) {
    vars.GOROOT = result.defaults.go.dir;
    vars.GOTOOLCHAIN = 'local';
  }
  if (result.defaults.tinygo) vars.TINYGOROOT = result.defaults.tinygo.dir;
  outputs.toolchains = JSON.stringify({ tools: result.tools });
  return { path, vars, outputs };
}
