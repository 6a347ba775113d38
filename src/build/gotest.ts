/**
 * The optional go-test step: the plugin's own Go tests, run natively with
 * WASM_FILE_PATH pointing at the module just built. Higress's test harness
 * (wasm-go pkg/test) runs each test natively and again against the wasm when
 * it finds one, and silently skips the wasm mode otherwise; here a plugin
 * whose tests could not exercise the wasm fails instead of passing quietly.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { FILE_LIMITS, inPlugin, readContainedText, RefusedFile } from '../common/files.js';
import type { Plugin } from '../model.js';
import { goCommandEnv } from '../toolchain/go-env.js';
import { parseDiagnostics, type Diagnostic } from './diagnostics.js';
import { execTool } from './exec.js';

/** Test harnesses known to run tests against the module in WASM_FILE_PATH. */
export const WASM_TEST_HARNESSES = [
  'github.com/higress-group/wasm-go/pkg/test',
  'github.com/alibaba/higress/plugins/wasm-go/pkg/test',
];

export interface GoTestOutcome {
  ok: boolean;
  error?: string;
  output: string;
  diagnostics: Diagnostic[];
}

/** Why the wasm mode would be skipped, or undefined when the tests can run it. */
export function wasmModeGap(pluginDir: string, wasm: string): string | undefined {
  if (!existsSync(wasm) || statSync(wasm).size === 0) return `no wasm at ${wasm}`;
  const tests = readdirSync(pluginDir).filter((n) => n.endsWith('_test.go'));
  if (tests.length === 0) return 'the plugin has no _test.go files';
  // Read under the file rule: a test file linked elsewhere is not looked into.
  const text = tests
    .map((n) => {
      try {
        return readContainedText(join(pluginDir, n), {
          ...inPlugin(pluginDir, n, FILE_LIMITS.goSourceHead),
          prefixOnly: true,
        });
      } catch (err) {
        if (err instanceof RefusedFile) return '';
        throw err;
      }
    })
    .join('\n');
  const usesHarness = WASM_TEST_HARNESSES.some((h) => text.includes(`"${h}"`));
  if (!usesHarness && !text.includes('WASM_FILE_PATH')) {
    return `its tests neither use a wasm-mode harness (${WASM_TEST_HARNESSES[0]}) nor read WASM_FILE_PATH, so the wasm would not be tested`;
  }
  return undefined;
}

export async function runGoTest(
  plugin: Plugin,
  wasm: string,
  options: { repoDir: string; goCache?: string; go: string; path: string[] },
): Promise<GoTestOutcome> {
  const gap = wasmModeGap(plugin.dir, wasm);
  if (gap) return { ok: false, error: `go-test: ${gap}`, output: '', diagnostics: [] };
  // Native run: the wasm target variables of the build must not leak in.
  const env = goCommandEnv({ WASM_FILE_PATH: wasm });
  delete env.GOOS;
  delete env.GOARCH;
  if (options.goCache) env.GOCACHE = options.goCache;
  if (options.path.length) env.PATH = [...options.path, process.env.PATH ?? ''].join(delimiter);
  const argv = [options.go, 'test', '-mod=readonly', '-count=1', '.'];
  const r = await execTool(argv, { cwd: plugin.dir, env });
  const output = `$ WASM_FILE_PATH=${wasm} ${argv.join(' ')}\n${r.output}`;
  if (r.code !== 0) {
    return {
      ok: false,
      error: `go test exited with code ${r.code}`,
      output,
      diagnostics: parseDiagnostics(r.output, plugin.dir, options.repoDir),
    };
  }
  return { ok: true, output, diagnostics: [] };
}
