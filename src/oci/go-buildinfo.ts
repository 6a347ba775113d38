/**
 * The Go build information a wasm module carries: the same text that
 * `go version -m` prints for a native binary (module path, main module,
 * dependencies with versions and go.sum hashes, replacements, build
 * settings). `go version -m` itself cannot read a wasm file (debug/buildinfo
 * has no wasm reader: with go1.26.8 it prints nothing and exits 1), so it is
 * read here the way the Go runtime frames it: the linker stores the text
 * between two 16-byte sentinels (cmd/go's modload infoStart/infoEnd), in the
 * module's data section.
 */
const INFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const INFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');
/** The info text of real modules is a few KB; more means we are not reading modinfo. */
const MAX_INFO = 1 << 20;

export interface GoModule {
  path: string;
  version: string;
  /** go.sum's `h1:` hash, when the build recorded one. */
  sum?: string;
  /** A `replace` directive's target. */
  replace?: GoModule;
}

export interface GoBuildInfo {
  /** e.g. go1.26.8: the runtime's version string found in the module. */
  goVersion?: string;
  /** The main package's import path. */
  path: string;
  main: GoModule;
  deps: GoModule[];
  settings: Record<string, string>;
}

function module(fields: string[]): GoModule {
  const [path = '', version = '', sum] = fields;
  return sum ? { path, version, sum } : { path, version };
}

/** Parses the text `go version -m` prints (its tab-separated lines). */
export function parseBuildInfoText(text: string): GoBuildInfo | undefined {
  const info: GoBuildInfo = { path: '', main: { path: '', version: '' }, deps: [], settings: {} };
  let last: GoModule | undefined;
  for (const line of text.split('\n')) {
    const [kind, ...fields] = line.replace(/\r$/, '').split('\t');
    switch (kind) {
      case 'go':
        info.goVersion = fields[0];
        break;
      case 'path':
        info.path = fields[0] ?? '';
        break;
      case 'mod':
        info.main = module(fields);
        last = info.main;
        break;
      case 'dep':
        last = module(fields);
        info.deps.push(last);
        break;
      case '=>':
        if (last) last.replace = module(fields);
        break;
      case 'build': {
        const joined = fields.join('\t');
        const eq = joined.indexOf('=');
        if (eq > 0) info.settings[joined.slice(0, eq)] = joined.slice(eq + 1);
        else info.settings[joined] = '';
        break;
      }
    }
  }
  return info.path || info.main.path ? info : undefined;
}

/**
 * The build information of a Go-built wasm module, or undefined when it has
 * none (TinyGo builds, stripped modules). `toolchain` (e.g. 1.26.8), when
 * known, is preferred as the Go version if the module names it.
 */
export function readGoBuildInfo(wasm: Buffer, toolchain?: string): GoBuildInfo | undefined {
  const start = wasm.indexOf(INFO_START);
  if (start < 0) return undefined;
  const end = wasm.indexOf(INFO_END, start + INFO_START.length);
  if (end < 0 || end - start > MAX_INFO) return undefined;
  const info = parseBuildInfoText(wasm.subarray(start + INFO_START.length, end).toString('utf8'));
  if (!info) return undefined;
  if (!info.goVersion) {
    const wanted = toolchain ? `go${toolchain.replace(/^go/, '')}` : undefined;
    if (wanted && containsVersion(wasm, wanted)) info.goVersion = wanted;
    else {
      const found = goVersionStrings(wasm);
      if (found.size === 1) info.goVersion = [...found][0];
    }
  }
  return info;
}

/** A byte that may continue a version string (the lookahead of GO_VERSION). */
const continues = (b: number | undefined) =>
  b !== undefined && (b === 0x2e || b === 0x5f || /[0-9A-Za-z]/.test(String.fromCharCode(b)));

/** `version` as a whole version string somewhere in the module (one search, usually). */
function containsVersion(wasm: Buffer, version: string): boolean {
  const needle = Buffer.from(version, 'latin1');
  for (let at = wasm.indexOf(needle); at >= 0; at = wasm.indexOf(needle, at + 1)) {
    if (!continues(wasm[at + needle.length])) return true;
  }
  return false;
}

const GO_VERSION = /^go1\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?(?![\w.])/;
const GO_PREFIX = Buffer.from('go1.');

/**
 * Every go1.N[.P][rcN|betaN] string in the module (runtime.buildVersion is a
 * plain string in the data section). Searched in the bytes, each candidate
 * decoded alone: decoding a whole module to one string costs its size in
 * heap, for every plugin.
 */
function goVersionStrings(wasm: Buffer): Set<string> {
  const found = new Set<string>();
  for (let at = wasm.indexOf(GO_PREFIX); at >= 0; at = wasm.indexOf(GO_PREFIX, at + 1)) {
    // 40 bytes hold any version string and the byte after it, which the lookahead checks.
    const window = wasm.subarray(at, at + 40).toString('latin1');
    const m = GO_VERSION.exec(window);
    if (m && m[0].length < window.length) found.add(m[0]);
  }
  return found;
}
