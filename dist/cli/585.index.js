export const id = 585;
export const ids = [585];
export const modules = {

/***/ 7884:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ mapLimit)
/* harmony export */ });
/**
 * Runs async work over items with at most `limit` in flight, keeping the
 * results in input order. Every item runs even when another fails; the
 * caller sees each outcome.
 */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            try {
                results[i] = { status: 'fulfilled', value: await fn(items[i], i) };
            }
            catch (reason) {
                results[i] = { status: 'rejected', reason };
            }
        }
    };
    const n = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
    await Promise.all(Array.from({ length: n }, worker));
    return results;
}


/***/ }),

/***/ 6802:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  KP: () => (/* binding */ discoverPlugins),
  _: () => (/* binding */ governingGoMod),
  d7: () => (/* binding */ toPosix)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
;// CONCATENATED MODULE: ./src/repo/buildrc.ts
/**
 * `.buildrc` is a shell fragment in Higress's layout; sourcing it in CI runs
 * whatever it contains. Here it is parsed as plain KEY=VALUE assignments:
 * quotes, `export` and `${KEY}` of an earlier key are understood, anything
 * that a shell would execute or expand otherwise is an error naming
 * file:line. Nothing in the file is ever run.
 */

/** The keys we read; see docs/build.md. Others are kept in `values` and warned about. */
const BUILDRC_KEYS = [
    'EXTRA_TAGS',
    'BUILDER',
    'GO_VERSION',
    'TINYGO_VERSION',
    'BUILD_FLAGS',
    'LDFLAGS',
    'SMOKE_HOST',
    'SMOKE_CONFIG',
];
// Flags that would run other programs, redirect inputs or fight the
// command line we own; each has a dedicated key or no place in CI.
const FORBIDDEN_FLAGS = new Set([
    '-toolexec',
    '-exec',
    '-overlay',
    '-modfile',
    '-C',
    '-o',
    '-buildmode',
    '-mod',
    '-tags',
    '-ldflags',
    '-target',
    '-gc',
    '-scheduler',
    '-work',
]);
// Unquoted, these make a shell do something other than assign a word.
const SHELL_SPECIAL = new Set([
    ';',
    '&',
    '|',
    '<',
    '>',
    '(',
    ')',
    '*',
    '?',
    '[',
    ']',
    '{',
    '}',
    '!',
    '~',
]);
class LineError extends Error {
}
/** Expands `${KEY}` at `text[i]` (which is `$`); returns the value and the index after it. */
function expansion(text, i, known) {
    const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(text.slice(i));
    if (!m) {
        const what = text[i + 1] === '(' ? 'command substitution $(...)' : `expansion '${text.slice(i, i + 12)}'`;
        throw new LineError(`${what} is not allowed (only \${KEY} of an earlier key)`);
    }
    const value = known.get(m[1]);
    if (value === undefined)
        throw new LineError(`\${${m[1]}} does not name an earlier key`);
    return [value, i + m[0].length];
}
/** Parses the value part of one line: quoted and unquoted segments, then an optional comment. */
function parseValue(text, known) {
    let out = '';
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (c === ' ' || c === '\t') {
            const rest = text.slice(i).trimStart();
            if (rest === '' || rest.startsWith('#'))
                return out;
            throw new LineError(`unquoted whitespace in the value (a shell would run '${rest.split(/\s/)[0]}'); quote the value`);
        }
        if (c === '`')
            throw new LineError('command substitution with backticks is not allowed');
        if (c === "'") {
            const end = text.indexOf("'", i + 1);
            if (end < 0)
                throw new LineError('unterminated single quote');
            out += text.slice(i + 1, end);
            i = end + 1;
        }
        else if (c === '"') {
            i++;
            for (;;) {
                if (i >= text.length)
                    throw new LineError('unterminated double quote');
                const d = text[i];
                if (d === '"')
                    break;
                if (d === '`')
                    throw new LineError('command substitution with backticks is not allowed');
                if (d === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) {
                    out += text[i + 1];
                    i += 2;
                }
                else if (d === '$') {
                    const [v, next] = expansion(text, i, known);
                    out += v;
                    i = next;
                }
                else {
                    out += d;
                    i++;
                }
            }
            i++;
        }
        else if (c === '$') {
            const [v, next] = expansion(text, i, known);
            out += v;
            i = next;
        }
        else if (c === '\\') {
            if (i + 1 >= text.length)
                throw new LineError('line continuation is not supported');
            out += text[i + 1];
            i += 2;
        }
        else if (SHELL_SPECIAL.has(c)) {
            throw new LineError(`unquoted '${c}' is shell syntax; quote the value`);
        }
        else {
            out += c;
            i++;
        }
    }
    return out;
}
function parseLines(text, file) {
    const known = new Map();
    const out = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = index + 1;
        const trimmed = raw.trim();
        if (trimmed === '' || trimmed.startsWith('#'))
            return;
        const m = /^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(trimmed);
        if (!m) {
            throw new errors/* InputError */.dz(`${file}:${line}: not a KEY=VALUE assignment: '${trimmed.slice(0, 60)}' (.buildrc is parsed, never run)`);
        }
        try {
            const value = parseValue(m[2], known);
            known.set(m[1], value);
            out.push({ key: m[1], value, line });
        }
        catch (err) {
            if (err instanceof LineError)
                throw new errors/* InputError */.dz(`${file}:${line}: ${m[1]}: ${err.message}`);
            throw err;
        }
    });
    return out;
}
function words(value) {
    return value.split(/\s+/).filter(Boolean);
}
/**
 * Parses a `.buildrc` text. `file` names it in errors (use the path relative
 * to the repository). Unknown keys are reported through `log` when given.
 */
function parseBuildrc(text, file, log) {
    const settings = { file, extraTags: [], buildFlags: [], values: {} };
    for (const { key, value, line } of parseLines(text, file)) {
        const bad = (why) => {
            throw new errors/* InputError */.dz(`${file}:${line}: ${key}=${JSON.stringify(value)}: ${why}`);
        };
        settings.values[key] = value;
        switch (key) {
            case 'EXTRA_TAGS': {
                const tags = value.split(/[\s,]+/).filter(Boolean);
                for (const t of tags)
                    if (!/^[A-Za-z0-9_.]+$/.test(t))
                        bad(`'${t}' is not a build tag`);
                settings.extraTags = tags;
                break;
            }
            case 'BUILDER':
                if (value !== 'go' && value !== 'tinygo')
                    bad("BUILDER must be 'go' or 'tinygo'");
                settings.builder = value;
                break;
            case 'GO_VERSION':
            case 'TINYGO_VERSION':
                if (!/^\d+\.\d+(\.\d+)?([-.]?[A-Za-z0-9]+)*$/.test(value))
                    bad('not a version like 1.24.4');
                if (key === 'GO_VERSION')
                    settings.goVersion = value;
                else
                    settings.tinygoVersion = value;
                break;
            case 'BUILD_FLAGS': {
                const flags = words(value);
                for (const f of flags) {
                    if (!f.startsWith('-'))
                        bad(`'${f}' is not a flag`);
                    const name = f.replace(/^--?/, '-').split('=')[0];
                    if (FORBIDDEN_FLAGS.has(name))
                        bad(`flag '${name}' is not allowed here (see docs/build.md)`);
                }
                settings.buildFlags = flags;
                break;
            }
            case 'LDFLAGS':
                settings.ldflags = value;
                break;
            case 'SMOKE_HOST':
                if (!/^[a-z0-9][a-z0-9.-]*$/.test(value))
                    bad('not a host profile name');
                settings.smokeHost = value;
                break;
            case 'SMOKE_CONFIG':
                if (value === '' || value.startsWith('/') || value.split(/[\\/]/).includes('..')) {
                    bad('must be a path inside the plugin directory');
                }
                settings.smokeConfig = value;
                break;
            default:
                log?.warn(`unknown .buildrc key ${key} (known: ${BUILDRC_KEYS.join(', ')})`, {
                    file,
                    line,
                });
        }
    }
    return settings;
}
/** Settings of a plugin without a `.buildrc`. */
function emptySettings() {
    return { extraTags: [], buildFlags: [], values: {} };
}

;// CONCATENATED MODULE: ./src/repo/glob.ts
/**
 * Path globs for `plugins` and `exclude`: `*` and `?` stay within one path
 * segment, `**` spans any number of segments. Matched against directory
 * paths relative to the repository, with forward slashes.
 */

function glob_escape(c) {
    return /[\\^$.|+(){}[\]]/.test(c) ? `\\${c}` : c;
}
function globToRegExp(glob) {
    const clean = glob.trim().replace(/^\.\//, '').replace(/\/+$/, '');
    if (!clean || clean.startsWith('/') || clean.split('/').includes('..')) {
        throw new errors/* InputError */.dz(`glob '${glob}' must be a path relative to the repository`);
    }
    let re = '';
    for (let i = 0; i < clean.length; i++) {
        const c = clean[i];
        if (c === '*' && clean[i + 1] === '*') {
            // `**/` matches zero or more whole segments; a trailing `**` anything.
            if (clean[i + 2] === '/') {
                re += '(?:[^/]+/)*';
                i += 2;
            }
            else {
                re += '.*';
                i += 1;
            }
        }
        else if (c === '*')
            re += '[^/]*';
        else if (c === '?')
            re += '[^/]';
        else
            re += glob_escape(c);
    }
    return new RegExp(`^${re}$`);
}
/** A predicate over relative paths for a list of globs; empty list matches nothing. */
function globMatcher(globs) {
    const res = globs.map(globToRegExp);
    return (p) => res.some((r) => r.test(p));
}

// EXTERNAL MODULE: ./src/repo/gomod.ts
var gomod = __webpack_require__(8870);
;// CONCATENATED MODULE: ./src/repo/gosource.ts
/**
 * Reads Go package clauses and imports from source text without the Go
 * toolchain, so discovery over a hundred plugins takes milliseconds.
 */


/** Strips comments and string contents that could look like code. */
function stripComments(src) {
    return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
}
function parseGoFile(src) {
    const text = stripComments(src);
    const pkg = /^\s*package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(text);
    if (!pkg)
        return undefined;
    const imports = [];
    const decl = /\bimport\s*(\(([^)]*)\)|[A-Za-z_.]*\s*"([^"]+)")/g;
    for (let m = decl.exec(text); m; m = decl.exec(text)) {
        if (m[3])
            imports.push(m[3]);
        else
            for (const q of m[2].matchAll(/"([^"]+)"/g))
                imports.push(q[1]);
    }
    return { name: pkg[1], imports };
}
/** The non-test package in `dir`, merged over its files; undefined without Go files. */
function readGoPackage(dir, entries) {
    const names = (entries ?? (0,external_node_fs_.readdirSync)(dir)).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'));
    let info;
    for (const n of names) {
        const file = parseGoFile((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, n), 'utf8'));
        if (!file)
            continue;
        if (!info)
            info = { name: file.name, imports: [] };
        if (file.name === info.name)
            info.imports.push(...file.imports);
    }
    return info;
}

;// CONCATENATED MODULE: ./src/repo/names.ts
/**
 * Plugin names become OCI repository path components and matrix values, so
 * they follow the OCI distribution-spec path-component grammar (lower case).
 */

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** Throws an InputError naming the directory when its name is not usable. */
function validatePluginName(name, relDir) {
    if (name.length > 128 || !COMPONENT.test(name)) {
        throw new errors/* InputError */.dz(`plugin directory '${relDir}': name '${name}' cannot be an image name or matrix value ` +
            '(use lower-case letters, digits and single . _ - separators, at most 128 characters), or exclude it');
    }
    return name;
}

// EXTERNAL MODULE: ./src/repo/sdk.ts
var sdk = __webpack_require__(2004);
;// CONCATENATED MODULE: ./src/repo/discover.ts
/**
 * Finds the plugins of a repository. By default a plugin is a directory
 * holding a go.mod whose main package imports a proxy-wasm Go SDK, so
 * Higress's plugins/wasm-go/extensions/* works with no configuration;
 * `plugins` globs select directories explicitly, `exclude` globs drop some.
 */









// Go ignores directories starting with . or _, and testdata; vendor and
// node_modules hold other people's code.
function skipDir(name) {
    return (name.startsWith('.') ||
        name.startsWith('_') ||
        name === 'testdata' ||
        name === 'vendor' ||
        name === 'node_modules');
}
function walk(root) {
    const out = [];
    const visit = (dir) => {
        let dirents;
        try {
            dirents = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
        }
        catch {
            return;
        }
        out.push({
            dir,
            relDir: toPosix((0,external_node_path_.relative)(root, dir)),
            entries: dirents.filter((d) => d.isFile()).map((d) => d.name),
        });
        for (const d of dirents)
            if (d.isDirectory() && !skipDir(d.name))
                visit((0,external_node_path_.join)(dir, d.name));
    };
    visit(root);
    return out;
}
function toPosix(p) {
    return p.split(external_node_path_.sep).join('/');
}
/** The go.mod governing `dir`: its own, or the nearest one above it inside the repository. */
function governingGoMod(repoDir, dir) {
    for (let d = dir;; d = (0,external_node_path_.dirname)(d)) {
        const f = (0,external_node_path_.join)(d, 'go.mod');
        if ((0,external_node_fs_.existsSync)(f))
            return f;
        if ((0,external_node_path_.resolve)(d) === (0,external_node_path_.resolve)(repoDir) || (0,external_node_path_.dirname)(d) === d)
            return undefined;
    }
}
function toPlugin(repoDir, c, options, log) {
    const name = validatePluginName((0,external_node_path_.basename)(c.dir), c.relDir || '.');
    const modFile = governingGoMod(repoDir, c.dir);
    if (!modFile)
        throw new errors/* InputError */.dz(`plugin directory '${c.relDir}': no go.mod in it or above it`);
    const modRel = toPosix((0,external_node_path_.relative)(repoDir, modFile));
    const mod = (0,gomod/* parseGoMod */.k)((0,external_node_fs_.readFileSync)(modFile, 'utf8'), modRel);
    const rcPath = (0,external_node_path_.join)(c.dir, '.buildrc');
    const rcRel = toPosix((0,external_node_path_.relative)(repoDir, rcPath));
    const settings = c.entries.includes('.buildrc')
        ? parseBuildrc((0,external_node_fs_.readFileSync)(rcPath, 'utf8'), rcRel, log)
        : emptySettings();
    if (settings.smokeConfig && !(0,external_node_fs_.existsSync)((0,external_node_path_.join)(c.dir, settings.smokeConfig))) {
        log.warn(`SMOKE_CONFIG names '${settings.smokeConfig}', which does not exist in ${c.relDir}`, {
            file: rcRel,
        });
    }
    if (!settings.smokeConfig && c.entries.includes('smoke.yaml'))
        settings.smokeConfig = 'smoke.yaml';
    const plugin = {
        name,
        dir: c.dir,
        relDir: c.relDir,
        module: mod.module,
        builder: settings.builder ?? options.builder ?? (0,sdk/* builderFromModule */.sz)(mod),
        settings,
    };
    if (c.entries.includes('VERSION')) {
        const v = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(c.dir, 'VERSION'), 'utf8').trim();
        if (v)
            plugin.version = v;
    }
    return plugin;
}
/** Plugins of the repository at `repoDir`, sorted by name. Names are unique. */
async function discoverPlugins(repoDir, options, log) {
    const root = (0,external_node_path_.resolve)(repoDir);
    if (!(0,external_node_fs_.existsSync)(root))
        throw new errors/* InputError */.dz(`repository directory '${repoDir}' does not exist`);
    const candidates = walk(root);
    const globs = options.plugins?.filter((g) => g.trim()) ?? [];
    const excluded = globMatcher(options.exclude?.filter((g) => g.trim()) ?? []);
    let selected;
    if (globs.length > 0) {
        const matchers = globs.map((g) => ({ glob: g, match: globMatcher([g]) }));
        selected = candidates.filter((c) => c.relDir !== '' &&
            matchers.some((m) => m.match(c.relDir)) &&
            (c.entries.includes('go.mod') || readGoPackage(c.dir, c.entries)?.name === 'main'));
        for (const m of matchers) {
            if (!selected.some((c) => m.match(c.relDir))) {
                throw new errors/* InputError */.dz(`plugins glob '${m.glob}' matches no directory holding a Go plugin`);
            }
        }
    }
    else {
        selected = candidates.filter((c) => {
            if (!c.entries.includes('go.mod'))
                return false;
            const pkg = readGoPackage(c.dir, c.entries);
            return pkg?.name === 'main' && pkg.imports.some(sdk/* isSdkImport */.i9);
        });
    }
    selected = selected.filter((c) => !excluded(c.relDir));
    const plugins = selected.map((c) => toPlugin(root, c, options, log));
    const byName = new Map();
    for (const p of plugins) {
        const other = byName.get(p.name);
        if (other) {
            throw new errors/* InputError */.dz(`two plugin directories share the name '${p.name}': '${other.relDir}' and '${p.relDir}'; exclude one`);
        }
        byName.set(p.name, p);
    }
    log.debug(`discovered ${plugins.length} plugin(s)`);
    return plugins.sort((a, b) => a.name.localeCompare(b.name));
}


/***/ }),

/***/ 8870:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ parseGoMod),
/* harmony export */   z: () => (/* binding */ versionAtLeast)
/* harmony export */ });
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1922);
/**
 * Just enough of go.mod to decide a builder and where a module's local
 * dependencies live: module path, go directive, requirements, replaces.
 */

function unquote(word) {
    return word.startsWith('"') || word.startsWith('`') ? word.slice(1, -1) : word;
}
function tokens(line) {
    return (line.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g) ?? []).map(unquote);
}
function parseGoMod(text, file) {
    const mod = {
        module: '',
        require: new Map(),
        localReplace: new Map(),
        moduleReplace: new Map(),
    };
    let block;
    const directive = (verb, args) => {
        if (verb === 'module')
            mod.module = args[0] ?? '';
        else if (verb === 'go')
            mod.go = args[0];
        else if (verb === 'require' && args.length >= 2)
            mod.require.set(args[0], args[1]);
        else if (verb === 'replace') {
            const arrow = args.indexOf('=>');
            if (arrow < 1)
                return;
            const target = args.slice(arrow + 1);
            if (target[0]?.startsWith('./') ||
                target[0]?.startsWith('../') ||
                target[0] === '.' ||
                target[0] === '..') {
                mod.localReplace.set(args[0], target[0]);
            }
            else if (target[0]) {
                mod.moduleReplace.set(args[0], { path: target[0], version: target[1] });
            }
        }
    };
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.replace(/\/\/.*$/, '').trim();
        if (!line)
            continue;
        if (block) {
            if (line === ')')
                block = undefined;
            else
                directive(block, tokens(line));
            continue;
        }
        const [verb, ...args] = tokens(line);
        if (args[0] === '(')
            block = verb;
        else
            directive(verb, args);
    }
    if (!mod.module)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${file}: no module directive`);
    return mod;
}
/** `1.24.1` >= `1.24`? Compares dotted numeric versions. */
function versionAtLeast(version, min) {
    if (!version)
        return false;
    const a = version.split(/[.-]/).map((p) => parseInt(p, 10) || 0);
    const b = min.split('.').map((p) => parseInt(p, 10));
    for (let i = 0; i < b.length; i++) {
        if ((a[i] ?? 0) !== b[i])
            return (a[i] ?? 0) > b[i];
    }
    return true;
}


/***/ }),

/***/ 2004:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GV: () => (/* binding */ usesNottinygc),
/* harmony export */   i9: () => (/* binding */ isSdkImport),
/* harmony export */   sz: () => (/* binding */ builderFromModule)
/* harmony export */ });
/* unused harmony export SDK_MODULES */
/* harmony import */ var _gomod_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8870);

const SDK_MODULES = [
    'github.com/proxy-wasm/proxy-wasm-go-sdk',
    'github.com/tetratelabs/proxy-wasm-go-sdk',
    'github.com/higress-group/proxy-wasm-go-sdk',
    'github.com/higress-group/wasm-go',
    'github.com/alibaba/higress/plugins/wasm-go',
];
/** True when an import path belongs to one of the SDKs. */
function isSdkImport(importPath) {
    return SDK_MODULES.some((m) => importPath === m || importPath.startsWith(`${m}/`));
}
const NOTTINYGC = ['github.com/higress-group/nottinygc', 'github.com/wasilibs/nottinygc'];
/** The higress-group SDK moved to Go 1.24 (higress PR #2532) with pseudo-versions from 2025-05. */
const HIGRESS_GO_LINE_FROM = 20250501000000;
function pseudoTimestamp(version) {
    const m = /-(?:0\.)?(\d{14})-[0-9a-f]{12}$/.exec(version);
    return m ? Number(m[1]) : undefined;
}
/** True when the module links nottinygc, which TinyGo builds need `-gc=custom` for. */
function usesNottinygc(mod) {
    return NOTTINYGC.some((m) => mod.require.has(m));
}
/** The builder the module's requirements call for. */
function builderFromModule(mod) {
    // c-shared wasip1 with go:wasmexport exists from Go 1.24 on.
    if (!(0,_gomod_js__WEBPACK_IMPORTED_MODULE_0__/* .versionAtLeast */ .z)(mod.go, '1.24'))
        return 'tinygo';
    if (usesNottinygc(mod))
        return 'tinygo';
    const effective = (path) => mod.moduleReplace.get(path)?.path ?? path;
    for (const [path, version] of mod.require) {
        const target = effective(path);
        const targetVersion = mod.moduleReplace.get(path)?.version ?? version;
        if (target === 'github.com/tetratelabs/proxy-wasm-go-sdk')
            return 'tinygo';
        if (target === 'github.com/higress-group/proxy-wasm-go-sdk') {
            const ts = pseudoTimestamp(targetVersion);
            if (ts === undefined || ts < HIGRESS_GO_LINE_FROM)
                return 'tinygo';
        }
    }
    return 'go';
}


/***/ })

};
