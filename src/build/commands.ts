/**
 * The exact command lines that build a plugin. Kept pure so tests can assert
 * every argument without running a compiler.
 *
 * Go (Higress since PR #2532): `GOOS=wasip1 GOARCH=wasm go build
 * -buildmode=c-shared` of the package directory, never of main.go (which
 * drops the plugin's other files, higress #3276).
 *
 * TinyGo (the older SDKs): `-scheduler=none -target=wasi`, and for modules
 * that link nottinygc `-gc=custom -tags='custommalloc nottinygc_finalizer'`
 * (without them nottinygc's init panics; with them and no nottinygc the link
 * fails). TinyGo 0.32 renamed the target to `wasip1` (tinygo PR #4175,
 * `wasi` left as a synonym); older TinyGo only knows `wasi`.
 */
import type { BuildSettings, Plugin } from '../model.js';
import { goToolchain } from '../toolchain/go-env.js';

export interface BuildCommand {
  argv: string[];
  /** Variables added to the inherited environment. */
  env: Record<string, string>;
  cwd: string;
}

export function goBuildCommand(plugin: Plugin, out: string, go = 'go'): BuildCommand {
  const s = plugin.settings;
  const argv = [
    go,
    'build',
    '-buildmode=c-shared',
    '-trimpath',
    '-mod=readonly',
    '-buildvcs=false',
  ];
  if (s.extraTags.length) argv.push(`-tags=${s.extraTags.join(',')}`);
  if (s.ldflags) argv.push(`-ldflags=${s.ldflags}`);
  argv.push(...s.buildFlags, '-o', out, '.');
  return {
    argv,
    env: { GOOS: 'wasip1', GOARCH: 'wasm', GOTOOLCHAIN: goToolchain() },
    cwd: plugin.dir,
  };
}

/** `0.28.1` -> [0, 28, 1]; undefined when not a version. */
function parts(version: string | undefined): number[] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** The WASI target name this TinyGo version understands. */
export function tinygoTarget(tinygoVersion: string | undefined): 'wasi' | 'wasip1' {
  const v = parts(tinygoVersion);
  if (!v) return 'wasip1';
  return v[0] > 0 || v[1] >= 32 ? 'wasip1' : 'wasi';
}

export interface TinygoOptions {
  /** TinyGo's version (`tinygo version`), for the flags it understands. */
  version?: string;
  /** The module links nottinygc: needs -gc=custom and its tags. */
  customGc: boolean;
  tinygo?: string;
}

export function tinygoTags(settings: BuildSettings, customGc: boolean): string[] {
  return [...(customGc ? ['custommalloc', 'nottinygc_finalizer'] : []), ...settings.extraTags];
}

export function tinygoBuildCommand(
  plugin: Plugin,
  out: string,
  options: TinygoOptions,
): BuildCommand {
  const s = plugin.settings;
  const argv = [options.tinygo ?? 'tinygo', 'build', '-o', out, '-scheduler=none'];
  if (options.customGc) argv.push('-gc=custom');
  const tags = tinygoTags(s, options.customGc);
  // TinyGo splits -tags on spaces, as Higress's Makefile passed them.
  if (tags.length) argv.push(`-tags=${tags.join(' ')}`);
  argv.push(`-target=${tinygoTarget(options.version)}`);
  if (s.ldflags) argv.push(`-ldflags=${s.ldflags}`);
  argv.push(...s.buildFlags, './');
  // TinyGo runs `go list` and `go env` itself.
  return { argv, env: { GOTOOLCHAIN: goToolchain() }, cwd: plugin.dir };
}

/** Arguments for the optional wasm-opt pass; keeps the name section for backtraces. */
export const DEFAULT_WASM_OPT_ARGS = [
  '-O2',
  '--enable-bulk-memory',
  '--enable-sign-ext',
  '--enable-nontrapping-float-to-int',
  '--enable-mutable-globals',
];

export function wasmOptCommand(
  input: string,
  out: string,
  args = DEFAULT_WASM_OPT_ARGS,
  wasmOpt = 'wasm-opt',
): string[] {
  return [wasmOpt, input, '-o', out, ...args];
}
