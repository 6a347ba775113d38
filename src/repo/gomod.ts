/**
 * Just enough of go.mod (and go.work) to decide a builder, which Go it
 * needs and where a module's local dependencies live: module path, go and
 * toolchain directives, requirements, replaces, go.work `use` directories,
 * with the line each came from for messages.
 */
import { InputError } from '../common/errors.js';

export interface GoMod {
  module: string;
  go?: string;
  /** The toolchain line without its `go` prefix (`1.24.4`), or `default`. */
  toolchain?: string;
  /** Module path to version, direct and indirect alike. */
  require: Map<string, string>;
  /** Replacements pointing at a local directory (`=> ../shared`), old path to that directory. */
  localReplace: Map<string, string>;
  /** Replacements pointing at another module, old path to `new@version`. */
  moduleReplace: Map<string, { path: string; version?: string }>;
  /** go.work only: the module directories it uses. */
  use: string[];
  /** Line numbers (1-based): `go`, `toolchain`, and each local replace or use by its directory. */
  lines: { go?: number; toolchain?: number; local: Map<string, number> };
}

/** A directory path as go.mod means it (modfile.IsDirectoryPath), not a module path. */
export function isLocalPath(target: string): boolean {
  return (
    target === '.' ||
    target === '..' ||
    /^\.\.?[\\/]/.test(target) ||
    target.startsWith('/') ||
    target.startsWith('\\') ||
    /^[A-Za-z]:[\\/]/.test(target)
  );
}

function unquote(word: string): string {
  return word.startsWith('"') || word.startsWith('`') ? word.slice(1, -1) : word;
}

function tokens(line: string): string[] {
  return (line.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g) ?? []).map(unquote);
}

/** Parses go.mod text (`file` names it in messages); `work` for go.work, which has no module line. */
export function parseGoMod(text: string, file: string, work = false): GoMod {
  const mod: GoMod = {
    module: '',
    require: new Map(),
    localReplace: new Map(),
    moduleReplace: new Map(),
    use: [],
    lines: { local: new Map() },
  };
  let block: string | undefined;
  const directive = (verb: string, args: string[], line: number) => {
    if (verb === 'module') mod.module = args[0] ?? '';
    else if (verb === 'go') {
      mod.go = args[0];
      mod.lines.go = line;
    } else if (verb === 'toolchain' && args[0]) {
      mod.toolchain = args[0].replace(/^go/, '');
      mod.lines.toolchain = line;
    } else if (verb === 'require' && args.length >= 2) mod.require.set(args[0], args[1]);
    else if (verb === 'use' && args[0]) {
      mod.use.push(args[0]);
      mod.lines.local.set(args[0], line);
    } else if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      if (arrow < 1) return;
      const target = args.slice(arrow + 1);
      if (target[0] !== undefined && isLocalPath(target[0])) {
        mod.localReplace.set(args[0], target[0]);
        mod.lines.local.set(target[0], line);
      } else if (target[0]) {
        mod.moduleReplace.set(args[0], { path: target[0], version: target[1] });
      }
    }
  };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) return;
    if (block) {
      if (line === ')') block = undefined;
      else directive(block, tokens(line), index + 1);
      return;
    }
    const [verb, ...args] = tokens(line);
    if (args[0] === '(') block = verb;
    else directive(verb, args, index + 1);
  });
  if (!mod.module && !work) throw new InputError(`${file}: no module directive`);
  return mod;
}

/**
 * Go's version order (go/version): `1.21` (a language version) < `1.21rc1`
 * < `1.21.0` < `1.21.1`. Negative, 0 or positive like a comparator;
 * undefined when either is not a Go version (`devel ...`).
 */
export function compareGoVersions(a: string, b: string): number | undefined {
  const key = (v: string): number[] | undefined => {
    const m = /^(?:go)?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(alpha|beta|rc)(\d+))?$/.exec(v.trim());
    if (!m) return undefined;
    const pre = m[4] ? ['alpha', 'beta', 'rc'].indexOf(m[4]) + 1 : 0;
    const patch = m[3] !== undefined ? Number(m[3]) : pre ? -1 : -2;
    return [Number(m[1]), Number(m[2] ?? 0), patch, pre, Number(m[5] ?? 0)];
  };
  const x = key(a);
  const y = key(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** `1.24.1` >= `1.24`? Compares dotted numeric versions. */
export function versionAtLeast(version: string | undefined, min: string): boolean {
  if (!version) return false;
  const a = version.split(/[.-]/).map((p) => parseInt(p, 10) || 0);
  const b = min.split('.').map((p) => parseInt(p, 10));
  for (let i = 0; i < b.length; i++) {
    if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > b[i];
  }
  return true;
}

/** What a module's `go` and `toolchain` lines say about the Go that is to build it. */
export interface GoLineCheck {
  severity: 'error' | 'warning';
  line?: number;
  message: string;
}

/**
 * Checks the `go` line (the least Go that may build the module: a newer one
 * is an error, as Go itself would refuse) and the `toolchain` line (only a
 * preference: a newer one is a warning, the local Go builds) against the Go
 * in use, `running` (`1.26.8`). Nothing when Go may switch toolchains itself
 * (`gotoolchain` other than `local`) or a version is not comparable.
 */
export function checkGoLines(mod: GoMod, running: string, gotoolchain = 'local'): GoLineCheck[] {
  if (gotoolchain !== 'local') return [];
  const out: GoLineCheck[] = [];
  if (mod.go && (compareGoVersions(mod.go, running) ?? 0) > 0) {
    out.push({
      severity: 'error',
      line: mod.lines.go,
      message: `go ${mod.go} needs a newer Go than the go${running} in use; no other toolchain is downloaded (GOTOOLCHAIN=local): install Go ${mod.go} or newer, or lower the go line`,
    });
  }
  if (mod.toolchain && (compareGoVersions(mod.toolchain, running) ?? 0) > 0) {
    out.push({
      severity: 'warning',
      line: mod.lines.toolchain,
      message: `toolchain go${mod.toolchain} is newer than the go${running} in use; building with go${running} (GOTOOLCHAIN=local; WPCI_GOTOOLCHAIN=auto lets Go download it)`,
    });
  }
  return out;
}
