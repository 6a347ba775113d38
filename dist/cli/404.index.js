export const id = 404;
export const ids = [404];
export const modules = {

/***/ 6947:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MH: () => (/* binding */ loadSmokeConfig),
/* harmony export */   u7: () => (/* binding */ configBytes)
/* harmony export */ });
/* unused harmony exports SMOKE_CONFIG_FILE, parseSmokeConfig */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8815);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1922);
/* harmony import */ var _profiles_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2695);
/**
 * Smoke inputs from outside: `--plugin-config` / `--vm-config` values (a file,
 * or inline JSON or YAML; YAML becomes JSON bytes) and a plugin's own
 * `smoke.yaml`. Every problem is an InputError naming the file or value.
 */





/** The file a plugin keeps its smoke settings in. */
const SMOKE_CONFIG_FILE = 'smoke.yaml';
const encode = (text) => new TextEncoder().encode(text);
function yamlToJson(text, where) {
    try {
        const value = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)(text);
        return value === null || value === undefined
            ? new Uint8Array(0)
            : encode(JSON.stringify(value));
    }
    catch (err) {
        const line = err instanceof yaml__WEBPACK_IMPORTED_MODULE_2__/* .YAMLParseError */ .XT && err.linePos ? ` line ${err.linePos[0].line}` : '';
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`${where}${line}: not valid YAML (${err.message.split('\n')[0]})`);
    }
}
/** Config bytes from a configuration value: a file, or inline JSON/YAML. */
function configBytes(value, option, cwd = process.cwd()) {
    const trimmed = value.trim();
    if (trimmed === '')
        return new Uint8Array(0);
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(value) ? value : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, value);
    if (!/^[[{]/.test(trimmed) && !trimmed.includes('\n') && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path)) {
        let text;
        try {
            text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8');
        }
        catch (err) {
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`${option} ${value}: cannot read (${err.code})`);
        }
        const ext = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.extname)(path).toLowerCase();
        if (ext === '.json') {
            try {
                JSON.parse(text);
            }
            catch (err) {
                throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`${value}: not valid JSON (${err.message})`);
            }
            return encode(text);
        }
        return yamlToJson(text, value);
    }
    if (/^[[{]/.test(trimmed)) {
        try {
            return encode(JSON.stringify(JSON.parse(trimmed)));
        }
        catch {
            return yamlToJson(trimmed, `${option} '${value}'`); // YAML flow style
        }
    }
    if (trimmed.includes(':') || trimmed.includes('\n'))
        return yamlToJson(value, `${option} '${value}'`);
    throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`${option} '${value}': no such file, and not inline JSON or YAML`);
}
function fail(file, key, want) {
    throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`${file}: '${key}' must be ${want}`);
}
/** Headers as a map `{name: value}` or a list of `[name, value]` pairs. */
function pairs(value, file, key) {
    if (Array.isArray(value)) {
        return value.map((p) => {
            if (!Array.isArray(p) || p.length !== 2)
                fail(file, key, 'a map or a list of [name, value] pairs');
            return [String(p[0]), String(p[1])];
        });
    }
    if (value && typeof value === 'object')
        return Object.entries(value).map(([k, v]) => [k, String(v)]);
    return fail(file, key, 'a map or a list of [name, value] pairs');
}
function configValue(value) {
    if (value === undefined || value === null)
        return new Uint8Array(0);
    return encode(typeof value === 'string' ? value : JSON.stringify(value));
}
function positive(value, file, key) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
        fail(file, key, 'a positive integer');
    return value;
}
const KNOWN_KEYS = [
    'host',
    'pluginConfig',
    'vmConfig',
    'timeoutMs',
    'memoryLimitMb',
    'httpCallResponse',
    'request',
    'response',
    'properties',
    'wasiExport',
];
/** Parses the text of a smoke.yaml (named `file` in messages). */
function parseSmokeConfig(text, file) {
    let doc;
    try {
        doc = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)(text);
    }
    catch (err) {
        const line = err instanceof yaml__WEBPACK_IMPORTED_MODULE_2__/* .YAMLParseError */ .XT && err.linePos ? `:${err.linePos[0].line}` : '';
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`${file}${line}: not valid YAML (${err.message.split('\n')[0]})`);
    }
    if (doc === null || doc === undefined)
        return {};
    if (typeof doc !== 'object' || Array.isArray(doc))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`${file}: must be a YAML map`);
    const d = doc;
    for (const key of Object.keys(d)) {
        if (!KNOWN_KEYS.includes(key))
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`${file}: unknown key '${key}' (known: ${KNOWN_KEYS.join(', ')})`);
    }
    const out = {};
    if (d.host !== undefined) {
        if (typeof d.host !== 'string' || !(0,_profiles_js__WEBPACK_IMPORTED_MODULE_4__/* .findProfile */ .$O)(d.host)) {
            fail(file, 'host', `one of ${Object.keys(_profiles_js__WEBPACK_IMPORTED_MODULE_4__/* .PROFILES */ .jI).join(', ')}`);
        }
        out.host = d.host;
    }
    if (d.pluginConfig !== undefined)
        out.pluginConfig = configValue(d.pluginConfig);
    if (d.vmConfig !== undefined)
        out.vmConfig = configValue(d.vmConfig);
    if (d.timeoutMs !== undefined)
        out.timeoutMs = positive(d.timeoutMs, file, 'timeoutMs');
    if (d.memoryLimitMb !== undefined)
        out.memoryLimitMb = positive(d.memoryLimitMb, file, 'memoryLimitMb');
    if (d.wasiExport !== undefined) {
        if (typeof d.wasiExport !== 'string')
            fail(file, 'wasiExport', 'a string');
        out.wasiExport = d.wasiExport;
    }
    if (d.httpCallResponse !== undefined) {
        const h = d.httpCallResponse;
        if (!h || typeof h !== 'object')
            fail(file, 'httpCallResponse', 'a map');
        const headers = h.headers === undefined ? [] : pairs(h.headers, file, 'httpCallResponse.headers');
        const status = h.status === undefined ? 200 : positive(h.status, file, 'httpCallResponse.status');
        out.httpCallResponse = {
            headers: [[':status', String(status)], ...headers.filter(([k]) => k !== ':status')],
            body: h.body === undefined ? '' : String(h.body),
            trailers: h.trailers === undefined ? [] : pairs(h.trailers, file, 'httpCallResponse.trailers'),
        };
    }
    const request = {};
    const r = d.request;
    if (r !== undefined) {
        if (!r || typeof r !== 'object')
            fail(file, 'request', 'a map');
        if (r.headers !== undefined)
            request.requestHeaders = pairs(r.headers, file, 'request.headers');
        if (r.body !== undefined)
            request.requestBody = String(r.body);
        if (r.trailers !== undefined)
            request.requestTrailers = pairs(r.trailers, file, 'request.trailers');
    }
    const s = d.response;
    if (s !== undefined) {
        if (!s || typeof s !== 'object')
            fail(file, 'response', 'a map');
        if (s.headers !== undefined)
            request.responseHeaders = pairs(s.headers, file, 'response.headers');
        if (s.body !== undefined)
            request.responseBody = String(s.body);
        if (s.trailers !== undefined)
            request.responseTrailers = pairs(s.trailers, file, 'response.trailers');
    }
    if (Object.keys(request).length > 0)
        out.request = request;
    if (d.properties !== undefined) {
        if (!d.properties || typeof d.properties !== 'object')
            fail(file, 'properties', 'a map');
        out.properties = Object.fromEntries(Object.entries(d.properties).map(([k, v]) => [k, String(v)]));
    }
    return out;
}
/**
 * The plugin's own smoke settings: `smoke.yaml` in its directory (or the file
 * its .buildrc names), with the .buildrc's host profile taking precedence.
 * Returns `{}` when the plugin has none.
 */
function loadSmokeConfig(pluginDir, settings) {
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(pluginDir, settings?.smokeConfig ?? SMOKE_CONFIG_FILE);
    let options = {};
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file)) {
        options = parseSmokeConfig((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'), file);
    }
    else if (settings?.smokeConfig) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`${file}: smoke config named in .buildrc does not exist`);
    }
    if (settings?.smokeHost) {
        if (!(0,_profiles_js__WEBPACK_IMPORTED_MODULE_4__/* .findProfile */ .$O)(settings.smokeHost)) {
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`${settings.smokeHost}: unknown smoke host profile in .buildrc (known: ${Object.keys(_profiles_js__WEBPACK_IMPORTED_MODULE_4__/* .PROFILES */ .jI).join(', ')})`);
        }
        options.host = settings.smokeHost;
    }
    return options;
}


/***/ }),

/***/ 6879:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M3: () => (/* binding */ formatFailure)
/* harmony export */ });
/* unused harmony exports RestrictedCallback, VmFailure, backtraceOf, trapMessage, withDeepStacks */
/** Thrown by a host function called while the module starts, when not allow-listed. */
class RestrictedCallback extends Error {
    importName;
    constructor(importName) {
        super('restricted_callback');
        this.importName = importName;
        this.name = 'Error'; // V8 reports it as a plain Error, as Envoy prints it
    }
}
/** A failed smoke run, carried to the report. */
class VmFailure extends Error {
    phase;
    backtrace;
    constructor(phase, message, backtrace = []) {
        super(message);
        this.phase = phase;
        this.backtrace = backtrace;
        this.name = 'VmFailure';
    }
}
const FRAME = /wasm-function\[(\d+)\]:0x([0-9a-f]+)/;
/**
 * The wasm frames of `err`'s stack, innermost first. `offsetDelta` undoes the
 * shift a memory-cap rewrite introduced, so offsets refer to the file as built.
 * No name section -> no backtrace (as in Envoy).
 */
function backtraceOf(err, names, offsetDelta = 0) {
    if (names.size === 0 || !(err instanceof Error))
        return [];
    const stack = rawStack(err);
    const frames = [];
    for (const line of stack.split('\n')) {
        const m = FRAME.exec(line);
        if (!m)
            continue;
        const index = Number(m[1]);
        frames.push({
            index: frames.length,
            offset: parseInt(m[2], 16) - offsetDelta,
            name: names.get(index) ?? `wasm-function[${index}]`,
        });
    }
    return frames;
}
/**
 * The stack in V8's own format. V8 formats a stack on first access with
 * whatever Error.prepareStackTrace is installed (test runners install one
 * that drops wasm frames), so format it here with V8's CallSite strings.
 */
function rawStack(err) {
    const previous = Error.prepareStackTrace;
    Error.prepareStackTrace = (_e, sites) => sites.map((s) => `    at ${String(s)}`).join('\n');
    try {
        return String(err.stack ?? '');
    }
    finally {
        Error.prepareStackTrace = previous;
    }
}
/** V8's wording for an uncaught trap or host error, as Envoy prints it. */
function trapMessage(err) {
    if (err instanceof Error)
        return `Uncaught ${err.name}: ${err.message}`;
    return `Uncaught ${String(err)}`;
}
/** The failure text Envoy logs, with the backtrace block when there is one. */
function formatFailure(message, backtrace) {
    if (backtrace.length === 0)
        return message;
    const lines = backtrace.map((f) => `  ${f.index}: 0x${f.offset.toString(16)} - ${f.name}`);
    return [message, 'Proxy-Wasm plugin in-VM backtrace:', ...lines].join('\n');
}
/** Runs `fn` with deep stacks so backtraces are complete. */
function withDeepStacks(fn) {
    const previous = Error.stackTraceLimit;
    Error.stackTraceLimit = 100;
    try {
        return fn();
    }
    finally {
        Error.stackTraceLimit = previous;
    }
}


/***/ }),

/***/ 4404:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  jI: () => (/* reexport */ profiles/* PROFILES */.jI),
  $O: () => (/* reexport */ profiles/* findProfile */.$O),
  M3: () => (/* reexport */ failure/* formatFailure */.M3),
  MH: () => (/* reexport */ config/* loadSmokeConfig */.MH),
  KH: () => (/* reexport */ smokeTest)
});

// UNUSED EXPORTS: DEFAULT_MEMORY_LIMIT_MB, DEFAULT_PROFILE, DEFAULT_TIMEOUT_MS, SMOKE_CONFIG_FILE, configBytes, parseSmokeConfig, runSmoke

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(8995);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/smoke/profiles.ts
var profiles = __webpack_require__(2695);
;// CONCATENATED MODULE: ./src/smoke/options.ts
const DEFAULT_TIMEOUT_MS = 10_000;
const options_DEFAULT_MEMORY_LIMIT_MB = 256;
const options_DEFAULT_STREAM = {
    requestHeaders: [
        [':method', 'POST'],
        [':path', '/smoke?probe=1'],
        [':authority', 'smoke.local'],
        [':scheme', 'http'],
        ['content-type', 'application/json'],
        ['user-agent', 'wasm-plugin-ci-smoke'],
    ],
    requestBody: '{"probe":true}',
    requestTrailers: [['x-smoke-trailer', '1']],
    responseHeaders: [
        [':status', '200'],
        ['content-type', 'application/json'],
    ],
    responseBody: '{"ok":true}',
    responseTrailers: [],
};
const options_DEFAULT_HTTP_CALL_RESPONSE = {
    headers: [
        [':status', '200'],
        ['content-type', 'application/json'],
    ],
    body: '{"ok":true}',
    trailers: [],
};
function options_toBytes(value) {
    if (value === undefined)
        return new Uint8Array(0);
    return typeof value === 'string' ? new TextEncoder().encode(value) : value;
}

;// CONCATENATED MODULE: ./src/smoke/isolate.ts
/**
 * Runs a smoke test in a worker thread, so an endless loop ends as a timeout
 * (the worker is terminated, the process carries on) and a runaway guest
 * cannot take the runner's memory (linear memory is capped by the loader,
 * the worker's JS heap by resourceLimits).
 */







/** How long the worker may take to start before the plugin's time begins. */
const WORKER_START_MS = 60_000;
// Built at run time so the bundler neither bundles tsx nor relocates these
// files as assets (ncc rewrites literal `new URL(path, import.meta.url)`).
const TSX_API = ['tsx', 'esm', 'api'].join('/');
const WORKER_SOURCE = ['worker', 'ts'].join('.');
const WORKER_BUNDLE = ['..', 'smoke-worker', 'index.js'].join('/');
/**
 * From a bundle (dist/<entry>/*.js) the worker is the sibling bundle
 * dist/smoke-worker/index.js; from source (jest, tsx) it is worker.ts, started
 * through tsx's ESM API.
 */
function startWorker(input) {
    const resourceLimits = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 };
    const bundled = new URL(WORKER_BUNDLE, import.meta.url);
    if ((0,external_node_fs_.existsSync)((0,external_node_url_.fileURLToPath)(bundled))) {
        return new external_node_worker_threads_.Worker(bundled, { workerData: input, resourceLimits });
    }
    const require = (0,external_node_module_.createRequire)(import.meta.url);
    // require.resolve picks the CommonJS build; the worker imports the ESM one beside it.
    const api = require.resolve(TSX_API);
    const esm = api.replace(/\.cjs$/, '.mjs');
    const tsx = (0,external_node_url_.pathToFileURL)((0,external_node_fs_.existsSync)(esm) ? esm : api).href;
    const entry = (0,external_node_url_.fileURLToPath)(new URL(WORKER_SOURCE, import.meta.url));
    const code = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}));`;
    return new external_node_worker_threads_.Worker(code, { eval: true, workerData: input, resourceLimits });
}
/**
 * Smoke-tests `wasm` (a path or the bytes) in an isolated worker thread.
 * Resolves with the report (ok or not); rejects with InputError for bad input.
 */
async function smokeTest(wasm, options = {}) {
    let bytes;
    let file = options.file;
    if (typeof wasm === 'string') {
        const { readFile } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 1455, 23));
        try {
            bytes = new Uint8Array(await readFile(wasm));
        }
        catch (err) {
            throw new errors/* InputError */.dz(`${wasm}: cannot read the wasm file (${err.code ?? err.message})`);
        }
        file ??= wasm;
    }
    else {
        bytes = wasm;
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const input = { wasm: bytes, options: { ...options, file } };
    return new Promise((resolve, reject) => {
        const worker = startWorker(input);
        let phase = 'load';
        const logs = [];
        const phases = [];
        const loaded = { abi: null, entry: null };
        let phaseStarted = performance.now();
        let settled = false;
        const finish = (fn) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            void worker.terminate();
            fn();
        };
        const failed = (message) => ({
            ok: false,
            host: options.host ?? profiles/* DEFAULT_PROFILE */.KG,
            ...loaded,
            phases: [...phases, { name: phase, ok: false, ms: performance.now() - phaseStarted }],
            logs,
            error: { phase, message, backtrace: [] },
        });
        // The limit counts from the first phase, so a slow worker start (tsx
        // transpiling from source on a busy machine) is not charged to the plugin.
        const timeout = () => finish(() => resolve(failed(`Smoke test timed out after ${timeoutMs} ms: the plugin did not return in phase ${phase}`)));
        let timer = setTimeout(() => {
            finish(() => resolve(failed(`Smoke worker did not start within ${WORKER_START_MS} ms`)));
        }, WORKER_START_MS);
        let running = false;
        worker.on('message', (msg) => {
            if (msg.type === 'phase') {
                if (!running) {
                    running = true;
                    clearTimeout(timer);
                    timer = setTimeout(timeout, timeoutMs);
                }
                phase = msg.name;
                phaseStarted = performance.now();
            }
            else if (msg.type === 'phase-end')
                phases.push(msg.phase);
            else if (msg.type === 'loaded')
                Object.assign(loaded, { abi: msg.abi, entry: msg.entry });
            else if (msg.type === 'log')
                logs.push(msg.line);
            else if (msg.type === 'report')
                finish(() => resolve(msg.report));
            else if (msg.type === 'input-error')
                finish(() => reject(new errors/* InputError */.dz(msg.message)));
            else
                finish(() => resolve(failed(msg.message)));
        });
        worker.on('error', (err) => {
            const message = err.code === 'ERR_WORKER_OUT_OF_MEMORY'
                ? `Smoke worker ran out of memory (JS heap limit ${worker.resourceLimits?.maxOldGenerationSizeMb ?? 512} MiB) in phase ${phase}`
                : `Smoke worker failed in phase ${phase}: ${err.message}`;
            finish(() => resolve(failed(message)));
        });
        worker.on('exit', (code) => {
            finish(() => resolve(failed(`Smoke worker exited with code ${code} in phase ${phase}`)));
        });
    });
}

;// CONCATENATED MODULE: ./src/wasm/bytes.ts
/**
 * A cursor over wasm bytes. Every read checks bounds and reports failures as
 * InputError naming the file, what was being read and the byte offset, so a
 * truncated or corrupted module never surfaces as a RangeError or a crash.
 */

const hex = (n) => `0x${n.toString(16)}`;
const utf8 = new TextDecoder('utf-8', { fatal: true });
class bytes_ByteReader {
    bytes;
    file;
    limit;
    pos;
    constructor(bytes, file, start = 0, 
    /** Reads past this offset are truncation (a section's end, or the file's). */
    limit = bytes.length) {
        this.bytes = bytes;
        this.file = file;
        this.limit = limit;
        this.pos = start;
    }
    /** An InputError naming the file, what was read and where. */
    fail(what, at = this.pos) {
        return new InputError(`${this.file}: ${what} at offset ${hex(at)}`);
    }
    get atEnd() {
        return this.pos >= this.limit;
    }
    byte(what) {
        if (this.pos >= this.limit)
            throw this.fail(`truncated ${what}`);
        return this.bytes[this.pos++];
    }
    /** Unsigned LEB128 up to 32 bits. */
    u32(what) {
        const at = this.pos;
        let result = 0;
        let shift = 0;
        for (let i = 0; i < 5; i++) {
            const b = this.byte(what);
            result += (b & 0x7f) * 2 ** shift;
            if ((b & 0x80) === 0) {
                if (result > 0xffffffff)
                    throw this.fail(`malformed ${what} (integer too large)`, at);
                return result;
            }
            shift += 7;
        }
        throw this.fail(`malformed ${what} (integer representation too long)`, at);
    }
    /** Unsigned LEB128 up to 64 bits, as a number (limits of memory64 modules). */
    u64(what) {
        const at = this.pos;
        let result = 0;
        let shift = 0;
        for (let i = 0; i < 10; i++) {
            const b = this.byte(what);
            result += (b & 0x7f) * 2 ** shift;
            if ((b & 0x80) === 0)
                return result;
            shift += 7;
        }
        throw this.fail(`malformed ${what} (integer representation too long)`, at);
    }
    /** Skips a signed LEB128 (initializer constants we do not need). */
    skipLeb(what) {
        const at = this.pos;
        for (let i = 0; i < 10; i++) {
            if ((this.byte(what) & 0x80) === 0)
                return;
        }
        throw this.fail(`malformed ${what} (integer representation too long)`, at);
    }
    take(n, what) {
        if (n > this.limit - this.pos)
            throw this.fail(`truncated ${what}`);
        const out = this.bytes.subarray(this.pos, this.pos + n);
        this.pos += n;
        return out;
    }
    skip(n, what) {
        this.take(n, what);
    }
    name(what) {
        const len = this.u32(`${what} length`);
        const at = this.pos;
        const raw = this.take(len, what);
        try {
            return utf8.decode(raw);
        }
        catch {
            throw this.fail(`malformed ${what} (invalid UTF-8)`, at);
        }
    }
}
const hexOffset = (/* unused pure expression or super */ null && (hex));

;// CONCATENATED MODULE: ./src/wasm/reader.ts
/**
 * Reads the parts of a wasm binary the loader needs (types, imports,
 * functions, tables, memories, globals, exports, start, code bounds and the
 * `name` section) without compiling it: `WebAssembly.Module.imports/exports`
 * carry no types, and the gateway's checks are all about types.
 */

const SECTION_NAMES = {
    0: 'custom',
    1: 'type',
    2: 'import',
    3: 'function',
    4: 'table',
    5: 'memory',
    6: 'global',
    7: 'export',
    8: 'start',
    9: 'element',
    10: 'code',
    11: 'data',
    12: 'data count',
    13: 'tag',
};
const VAL_TYPES = {
    0x7f: 'i32',
    0x7e: 'i64',
    0x7d: 'f32',
    0x7c: 'f64',
    0x7b: 'v128',
    0x70: 'funcref',
    0x6f: 'externref',
};
const EXTERN_KINDS = (/* unused pure expression or super */ null && (['function', 'table', 'memory', 'global', 'tag']));
function sectionName(id) {
    return SECTION_NAMES[id] ?? `unknown (id ${id})`;
}
function valType(r, what) {
    const at = r.pos;
    const code = r.byte(what);
    const t = VAL_TYPES[code];
    if (!t)
        throw r.fail(`malformed ${what} (unsupported value type 0x${code.toString(16)})`, at);
    return t;
}
function readLimits(r, what) {
    const at = r.pos;
    const flags = r.byte(what);
    if (flags > 7)
        throw r.fail(`malformed ${what} (bad limits flags 0x${flags.toString(16)})`, at);
    const memory64 = (flags & 4) !== 0;
    const read = () => (memory64 ? r.u64(what) : r.u32(what));
    const min = read();
    const max = flags & 1 ? read() : undefined;
    return { min, max, shared: (flags & 2) !== 0, memory64 };
}
function readTypes(r, what) {
    const count = r.u32(what);
    const types = [];
    for (let i = 0; i < count; i++) {
        const at = r.pos;
        const form = r.byte(what);
        if (form !== 0x60) {
            throw r.fail(`malformed ${what} (unsupported type form 0x${form.toString(16)})`, at);
        }
        const params = [];
        for (let n = r.u32(what); n > 0; n--)
            params.push(valType(r, what));
        const results = [];
        for (let n = r.u32(what); n > 0; n--)
            results.push(valType(r, what));
        types.push({ params, results });
    }
    return types;
}
function typeAt(r, types, what) {
    const at = r.pos;
    const index = r.u32(what);
    const sig = types[index];
    if (!sig)
        throw r.fail(`malformed ${what} (type index ${index} out of range)`, at);
    return sig;
}
function readImports(r, types, what) {
    const imports = [];
    for (let count = r.u32(what); count > 0; count--) {
        const module = r.name(what);
        const name = r.name(what);
        const at = r.pos;
        const kind = r.byte(what);
        switch (kind) {
            case 0:
                imports.push({ module, name, kind: 'function', sig: typeAt(r, types, what) });
                break;
            case 1:
                valType(r, what);
                imports.push({ module, name, kind: 'table', limits: readLimits(r, what) });
                break;
            case 2:
                imports.push({ module, name, kind: 'memory', limits: readLimits(r, what) });
                break;
            case 3:
                valType(r, what);
                r.byte(what); // mutability
                imports.push({ module, name, kind: 'global' });
                break;
            case 4:
                r.byte(what); // tag attribute
                typeAt(r, types, what);
                imports.push({ module, name, kind: 'tag' });
                break;
            default:
                throw r.fail(`malformed ${what} (unknown import kind ${kind})`, at);
        }
    }
    return imports;
}
function readNames(r, info, what) {
    while (!r.atEnd) {
        const id = r.byte(what);
        const size = r.u32(what);
        const sub = new ByteReader(r.bytes, r.file, r.pos, r.pos + size);
        if (size > r.limit - r.pos)
            throw r.fail(`truncated ${what}`);
        if (id === 0)
            info.moduleName = sub.name(what);
        if (id === 1) {
            for (let count = sub.u32(what); count > 0; count--) {
                const index = sub.u32(what);
                info.functionNames.set(index, sub.name(what));
            }
        }
        r.pos += size;
    }
}
/**
 * Engines ignore a malformed `name` section (it is debug information), so a
 * broken one must not make us reject a module the gateway loads: we only lose
 * the names backtraces would show.
 */
function readNamesLeniently(r, info) {
    try {
        readNames(r, info, 'name section');
    }
    catch {
        info.moduleName = undefined;
        info.functionNames.clear();
    }
}
/** Parses `bytes` (read from `file`, named in every error message). */
function reader_readModule(bytes, file) {
    const r = new ByteReader(bytes, file);
    const magic = r.take(4, 'wasm header');
    if (magic[0] !== 0 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d) {
        throw r.fail('not a wasm module (bad magic number)', 0);
    }
    const version = r.take(4, 'wasm header');
    if (version[0] !== 1 || version[1] !== 0 || version[2] !== 0 || version[3] !== 0) {
        throw r.fail('unsupported wasm version (a component or a newer binary format?)', 4);
    }
    const info = {
        types: [],
        imports: [],
        functionTypes: [],
        memories: [],
        tables: [],
        globalCount: 0,
        exports: [],
        sections: [],
        functionNames: new Map(),
        importedFunctionCount: 0,
    };
    let lastId = 0;
    const exportIndices = [];
    while (!r.atEnd) {
        const start = r.pos;
        const id = r.byte('section header');
        const what = `${sectionName(id)} section`;
        if (!SECTION_NAMES[id])
            throw r.fail(`malformed section header (unknown section id ${id})`, start);
        const size = r.u32(`${what} header`);
        const payloadStart = r.pos;
        if (size > bytes.length - payloadStart)
            throw r.fail(`truncated ${what}`);
        const end = payloadStart + size;
        const s = new ByteReader(bytes, file, payloadStart, end);
        const range = { id, start, payloadStart, end };
        // Known sections come once each, in order (data count and tag sit between others).
        if (id !== 0 && id !== 12 && id !== 13) {
            if (id <= lastId)
                throw r.fail(`malformed module (${what} out of order or repeated)`, start);
            lastId = id;
        }
        switch (id) {
            case 0: {
                range.name = s.name('custom section name');
                if (range.name === 'name')
                    readNamesLeniently(s, info);
                s.pos = end;
                break;
            }
            case 1:
                info.types = readTypes(s, what);
                break;
            case 2:
                info.imports = readImports(s, info.types, what);
                info.importedFunctionCount = info.imports.filter((i) => i.kind === 'function').length;
                break;
            case 3:
                for (let count = s.u32(what); count > 0; count--) {
                    const at = s.pos;
                    const index = s.u32(what);
                    if (index >= info.types.length) {
                        throw s.fail(`malformed ${what} (type index ${index} out of range)`, at);
                    }
                    info.functionTypes.push(index);
                }
                break;
            case 4:
                for (let count = s.u32(what); count > 0; count--) {
                    valType(s, what);
                    info.tables.push(readLimits(s, what));
                }
                break;
            case 5:
                for (let count = s.u32(what); count > 0; count--)
                    info.memories.push(readLimits(s, what));
                break;
            case 6:
                info.globalCount = s.u32(what);
                s.pos = end; // initializers are not needed
                break;
            case 7:
                for (let count = s.u32(what); count > 0; count--) {
                    const name = s.name(what);
                    const at = s.pos;
                    const kindCode = s.byte(what);
                    const kind = EXTERN_KINDS[kindCode];
                    if (!kind)
                        throw s.fail(`malformed ${what} (unknown export kind ${kindCode})`, at);
                    exportIndices.push({ name, kind, index: s.u32(what), at });
                }
                break;
            case 8:
                info.start = s.u32(what);
                break;
            case 10: {
                const count = s.u32(what);
                const bodies = [];
                for (let i = 0; i < count; i++) {
                    const size = s.u32(what);
                    const start = s.pos;
                    s.skip(size, what);
                    bodies.push({ start, end: s.pos });
                }
                info.code = { start: payloadStart, end, count, bodies };
                break;
            }
            default:
                s.pos = end; // element, data, data count, tag: bounds only
        }
        if (s.pos !== end)
            throw s.fail(`malformed ${what} (size mismatch)`, s.pos);
        info.sections.push(range);
        r.pos = end;
    }
    const functionCount = info.importedFunctionCount + info.functionTypes.length;
    if (info.code && info.code.count !== info.functionTypes.length) {
        throw r.fail(`malformed code section (${info.code.count} bodies for ${info.functionTypes.length} functions)`, info.code.start);
    }
    for (const e of exportIndices) {
        const entry = { name: e.name, kind: e.kind, index: e.index };
        if (e.kind === 'function') {
            if (e.index >= functionCount) {
                throw r.fail(`malformed export section (function index ${e.index} out of range)`, e.at);
            }
            entry.sig = functionSig(info, e.index);
        }
        info.exports.push(entry);
    }
    return info;
}
/** Signature of a function by its index in the function index space. */
function functionSig(info, index) {
    if (index < info.importedFunctionCount) {
        return info.imports.filter((i) => i.kind === 'function')[index]?.sig;
    }
    const type = info.functionTypes[index - info.importedFunctionCount];
    return type === undefined ? undefined : info.types[type];
}

;// CONCATENATED MODULE: ./src/wasm/memory-cap.ts
/**
 * Caps the maximum of the module's own linear memory, so `memory.grow` fails
 * inside the guest past the limit instead of taking the runner's memory.
 * The memory section is re-encoded with max = min(existing max, cap).
 */


const WASM_PAGE = 65536;
function leb(n) {
    const out = [];
    do {
        let b = n % 128;
        n = Math.floor(n / 128);
        if (n > 0)
            b |= 0x80;
        out.push(b);
    } while (n > 0);
    return out;
}
function encodeLimits(l) {
    const flags = 1 | (l.shared ? 2 : 0) | (l.memory64 ? 4 : 0);
    return [flags, ...leb(l.min), ...leb(l.max ?? l.min)];
}
const mib = (bytes) => `${Math.round((bytes / (1 << 20)) * 100) / 100} MiB`;
/**
 * Returns `bytes` with every defined memory's maximum lowered to `limitBytes`.
 * Fails (PluginFailure, naming the limit) when a minimum already exceeds it.
 */
function memory_cap_capMemory(bytes, file, limitBytes, info = readModule(bytes, file)) {
    const section = info.sections.find((s) => s.id === 5);
    if (!section || info.memories.length === 0)
        return { bytes, offsetDelta: 0 };
    const capPages = Math.floor(limitBytes / WASM_PAGE);
    const payload = [...leb(info.memories.length)];
    for (const m of info.memories) {
        if (m.min > capPages) {
            throw new PluginFailure(`${file}: linear memory minimum of ${mib(m.min * WASM_PAGE)} exceeds the memory limit of ${mib(limitBytes)}`);
        }
        const max = m.max === undefined ? capPages : Math.min(m.max, capPages);
        payload.push(...encodeLimits({ ...m, max }));
    }
    const head = [5, ...leb(payload.length)];
    const out = new Uint8Array(bytes.length - (section.end - section.start) + head.length + payload.length);
    out.set(bytes.subarray(0, section.start), 0);
    out.set(head, section.start);
    out.set(payload, section.start + head.length);
    out.set(bytes.subarray(section.end), section.start + head.length + payload.length);
    return { bytes: out, offsetDelta: out.length - bytes.length };
}


// EXTERNAL MODULE: ./src/smoke/failure.ts
var failure = __webpack_require__(6879);
;// CONCATENATED MODULE: ./src/smoke/module-functions.ts
const word = (n) => ({ params: Array(n).fill('i32'), results: ['i32'] });
const nothing = (n) => ({ params: Array(n).fill('i32'), results: [] });
/** Start functions and allocators, in the order cpp-host fetches them. */
const module_functions_START_FUNCTIONS = {
    _initialize: nothing(0),
    main: word(2),
    __main_void: word(0),
    _start: nothing(0),
    malloc: word(1),
    proxy_on_memory_allocate: word(1),
};
/** Callbacks every ABI version shares (FOR_ALL_MODULE_FUNCTIONS). */
const COMMON = {
    proxy_validate_configuration: word(2),
    proxy_on_vm_start: word(2),
    proxy_on_configure: word(2),
    proxy_on_tick: nothing(1),
    proxy_on_context_create: nothing(2),
    proxy_on_new_connection: word(1),
    proxy_on_downstream_data: word(3),
    proxy_on_upstream_data: word(3),
    proxy_on_downstream_connection_close: nothing(2),
    proxy_on_upstream_connection_close: nothing(2),
    proxy_on_request_body: word(3),
    proxy_on_request_trailers: word(2),
    proxy_on_request_metadata: word(2),
    proxy_on_response_body: word(3),
    proxy_on_response_trailers: word(2),
    proxy_on_response_metadata: word(2),
    proxy_on_http_call_response: nothing(5),
    proxy_on_grpc_receive: nothing(3),
    proxy_on_grpc_close: nothing(3),
    proxy_on_grpc_receive_initial_metadata: nothing(3),
    proxy_on_grpc_receive_trailing_metadata: nothing(3),
    proxy_on_queue_ready: nothing(2),
    proxy_on_done: word(1),
    proxy_on_log: nothing(1),
    proxy_on_delete: nothing(1),
};
/** The callbacks cpp-host fetches for a module of the given ABI marker. */
function module_functions_moduleFunctions(abi) {
    if (abi === 'proxy_abi_version_0_1_0') {
        return { ...COMMON, proxy_on_request_headers: word(2), proxy_on_response_headers: word(2) };
    }
    return {
        ...COMMON,
        proxy_on_request_headers: word(3),
        proxy_on_response_headers: word(3),
        proxy_on_foreign_function: word(3),
    };
}
/** Host functions cpp-host registers only for some ABI versions. */
const module_functions_ABI_SPECIFIC_HOST_FUNCTIONS = {
    proxy_abi_version_0_1_0: [
        'proxy_get_configuration',
        'proxy_continue_request',
        'proxy_continue_response',
        'proxy_clear_route_cache',
    ],
    proxy_abi_version_0_2_0: ['proxy_continue_stream', 'proxy_close_stream'],
    proxy_abi_version_0_2_1: ['proxy_continue_stream', 'proxy_close_stream', 'proxy_get_log_level'],
    proxy_abi_version_0_2_100: ['proxy_continue_stream', 'proxy_close_stream', 'proxy_get_log_level'],
};
const module_functions_ALL_ABI_SPECIFIC = new Set(Object.values(module_functions_ABI_SPECIFIC_HOST_FUNCTIONS).flat());

;// CONCATENATED MODULE: ./src/smoke/loader.ts
/**
 * The load checks cpp-host makes before any code runs, in its order and with
 * its wording: ABI marker (WasmBase::load), import resolution (V8::link),
 * then the exports it fetches with their signatures and the allocator
 * (WasmBase::getFunctions).
 */






const loader_WASI_MODULES = (/* unused pure expression or super */ null && (['wasi_unstable', 'wasi_snapshot_preview1']));
/** The first exported function whose name the profile knows as an ABI marker. */
function findAbiMarker(info, profile) {
    for (const e of info.exports) {
        if (e.kind === 'function' && profile.abiMarkers.includes(e.name))
            return e.name;
    }
    return null;
}
/** Reads, caps and compiles the module; checks the ABI marker. */
async function loader_compileModule(bytes, file, profile, memoryLimitBytes) {
    const info = readModule(bytes, file);
    let abi = null;
    if (profile.kind === 'proxy-wasm') {
        abi = findAbiMarker(info, profile);
        if (!abi)
            throw new VmFailure('load', 'Missing or unknown Proxy-Wasm ABI version');
    }
    let capped;
    try {
        capped = capMemory(bytes, file, memoryLimitBytes, info);
    }
    catch (err) {
        throw new VmFailure('load', err.message);
    }
    let module;
    try {
        module = await WebAssembly.compile(capped.bytes);
    }
    catch (err) {
        throw new InputError(`${file}: invalid wasm module: ${err.message}`);
    }
    return { file, info, profile, module, abi, offsetDelta: capped.offsetDelta, memoryLimitBytes };
}
/** V8::link: every import must be a host function of the same type. */
function loader_checkImports(loaded, host) {
    for (const imp of loaded.info.imports) {
        const key = `${imp.module}.${imp.name}`;
        const offered = imp.kind === 'function' ? host.get(key) : undefined;
        if (!offered || !imp.sig) {
            throw new VmFailure('load', `Failed to load Wasm module due to a missing import: ${key}`);
        }
        if (!sameSig(imp.sig, offered)) {
            throw new VmFailure('load', `Failed to load Wasm module due to an import type mismatch: ${key}, want: ${formatSig(imp.sig)}, but host exports: ${formatSig(offered)}`);
        }
    }
}
/**
 * WasmBase::getFunctions for proxy-wasm profiles: start functions, allocator
 * and callbacks, each checked against the signature the host calls it with.
 */
function loader_checkExports(loaded) {
    const { info, profile } = loaded;
    const exported = new Map(info.exports.filter((e) => e.kind === 'function').map((e) => [e.name, e]));
    const check = (name, want) => {
        const e = exported.get(name);
        if (!e?.sig)
            return false;
        if (!sameSig(e.sig, want)) {
            throw new VmFailure('load', `Bad function signature for: ${name}, want: ${formatSig(want)}, but the module exports: ${formatSig(e.sig)}`);
        }
        return true;
    };
    let plan = { kind: 'none' };
    if (check('_initialize', START_FUNCTIONS._initialize)) {
        plan = { kind: 'reactor' };
        if (check('main', START_FUNCTIONS.main))
            plan.main = 'main';
        else if (profile.mainVoid && check('__main_void', START_FUNCTIONS.__main_void)) {
            plan.main = '__main_void';
        }
    }
    else if (check('_start', START_FUNCTIONS._start)) {
        plan = { kind: 'command' };
    }
    if (profile.kind === 'wasi')
        return plan;
    const hasMalloc = check('malloc', START_FUNCTIONS.malloc) ||
        check('proxy_on_memory_allocate', START_FUNCTIONS.proxy_on_memory_allocate);
    if (!hasMalloc)
        throw new VmFailure('load', 'Wasm module is missing malloc function.');
    for (const [name, want] of Object.entries(moduleFunctions(loaded.abi ?? '')))
        check(name, want);
    return plan;
}
/** The allocator cpp-host uses: `malloc` first, else `proxy_on_memory_allocate`. */
function loader_allocatorName(info) {
    return info.exports.some((e) => e.kind === 'function' && e.name === 'malloc')
        ? 'malloc'
        : 'proxy_on_memory_allocate';
}

;// CONCATENATED MODULE: ./src/smoke/proxy/abi.ts
/**
 * Numeric values of the proxy-wasm ABI v0.2.1 (proxy-wasm/spec, "Types"),
 * plus the Higress fork's extra buffer type.
 */
/** proxy_status_t */
const abi_Status = {
    Ok: 0,
    NotFound: 1,
    BadArgument: 2,
    SerializationFailure: 3,
    ParseFailure: 4,
    InvalidMemoryAccess: 6,
    Empty: 7,
    CasMismatch: 8,
    InternalFailure: 10,
    Unimplemented: 12,
};
/** proxy_buffer_type_t; 9 exists only in the Higress fork. */
const abi_BufferType = {
    HttpRequestBody: 0,
    HttpResponseBody: 1,
    DownstreamData: 2,
    UpstreamData: 3,
    HttpCallResponseBody: 4,
    GrpcReceiveBuffer: 5,
    VmConfiguration: 6,
    PluginConfiguration: 7,
    CallData: 8,
    RedisCallResponse: 9,
};
/** Highest buffer type a stock host accepts (cpp-host WasmBufferType::MAX). */
const abi_MAX_BUFFER_TYPE = abi_BufferType.CallData;
const abi_MAX_HIGRESS_BUFFER_TYPE = abi_BufferType.RedisCallResponse;
/** proxy_map_type_t */
const abi_MapType = {
    HttpRequestHeaders: 0,
    HttpRequestTrailers: 1,
    HttpResponseHeaders: 2,
    HttpResponseTrailers: 3,
    GrpcReceiveInitialMetadata: 4,
    GrpcReceiveTrailingMetadata: 5,
    HttpCallResponseHeaders: 6,
    HttpCallResponseTrailers: 7,
};
const abi_MAX_MAP_TYPE = abi_MapType.HttpCallResponseTrailers;
/** proxy_stream_type_t */
const abi_StreamType = {
    HttpRequest: 0,
    HttpResponse: 1,
    Downstream: 2,
    Upstream: 3,
};
const abi_MAX_STREAM_TYPE = abi_StreamType.Upstream;
/** proxy_metric_type_t */
const abi_MetricType = { Counter: 0, Gauge: 1, Histogram: 2 };
const abi_MAX_METRIC_TYPE = abi_MetricType.Histogram;
/** proxy_log_level_t, in order: the index is the wire value. */
const abi_LOG_LEVELS = (/* unused pure expression or super */ null && (['trace', 'debug', 'info', 'warn', 'error', 'critical']));

;// CONCATENATED MODULE: ./src/smoke/proxy/availability.ts
/**
 * When Envoy lets a plugin see which data (source/extensions/common/wasm/
 * context.cc): the plugin configuration only inside proxy_on_configure; a
 * stream's headers, body and trailers from the callback that delivers them
 * until that callback returns CONTINUE (or, for a paused request, until the
 * plugin resumes it); the final headers again, read-only, in proxy_on_log.
 *
 * This only applies once the lifecycle brackets its callbacks with
 * beginCallback/endCallback; a host that is never told about callbacks keeps
 * everything available.
 */
/** The callback that delivers each part. */
const DELIVERED_BY = {
    proxy_on_request_headers: 'requestHeaders',
    proxy_on_request_body: 'requestBody',
    proxy_on_request_trailers: 'requestTrailers',
    proxy_on_response_headers: 'responseHeaders',
    proxy_on_response_body: 'responseBody',
    proxy_on_response_trailers: 'responseTrailers',
};
const CONFIGURE_CALLBACKS = new Set(['proxy_on_configure', 'proxy_validate_configuration']);
const CONTINUE = 0;
class availability_Availability {
    tracking = false;
    configuring = false;
    live = new Map();
    logging = new Set();
    begin(contextId, callback) {
        this.tracking = true;
        if (CONFIGURE_CALLBACKS.has(callback))
            this.configuring = true;
        if (callback === 'proxy_on_log')
            this.logging.add(contextId);
        const part = DELIVERED_BY[callback];
        if (part)
            this.partsOf(contextId).add(part);
    }
    end(contextId, callback, result) {
        if (CONFIGURE_CALLBACKS.has(callback))
            this.configuring = false;
        if (callback === 'proxy_on_log')
            this.logging.delete(contextId);
        const part = DELIVERED_BY[callback];
        // CONTINUE hands the data on; a pause keeps it (a paused body is buffered).
        if (part && result === CONTINUE)
            this.partsOf(contextId).delete(part);
    }
    /** proxy_continue_stream on HTTP: Envoy drops the request's maps and body (either direction). */
    resumed(contextId) {
        if (!this.tracking)
            return;
        const parts = this.partsOf(contextId);
        for (const part of ['requestHeaders', 'requestBody', 'requestTrailers'])
            parts.delete(part);
    }
    pluginConfiguration() {
        return !this.tracking || this.configuring;
    }
    /** Whether the plugin may read this part now (proxy_on_log sees headers, not request trailers). */
    readable(contextId, part) {
        if (!this.tracking || this.partsOf(contextId).has(part))
            return true;
        return this.logging.has(contextId) && part !== 'requestTrailers' && !part.endsWith('Body');
    }
    /** Whether the plugin may change this part now. */
    writable(contextId, part) {
        return !this.tracking || this.partsOf(contextId).has(part);
    }
    partsOf(contextId) {
        let parts = this.live.get(contextId);
        if (!parts) {
            parts = new Set();
            this.live.set(contextId, parts);
        }
        return parts;
    }
}

;// CONCATENATED MODULE: ./src/smoke/proxy/buffers.ts
/**
 * Buffers behind proxy_get_buffer_bytes / proxy_set_buffer_bytes, with the
 * semantics of Envoy's Wasm Buffer (source/extensions/common/wasm/context.cc).
 */

/**
 * Bodies and TCP data. Envoy supports exactly two edits: start 0 drains
 * `length` bytes and prepends the data (so 0/0 prepends and 0/size replaces
 * everything), and a start at or past the end appends; a start inside the
 * buffer is BAD_ARGUMENT.
 */
class buffers_MutableBuffer {
    data;
    constructor(initial = new Uint8Array()) {
        this.data = initial.slice();
    }
    bytes() {
        return this.data;
    }
    copyFrom(start, length, data) {
        if (start === 0) {
            const kept = this.data.subarray(Math.min(length, this.data.length));
            this.data = concat(data, kept);
            return Status.Ok;
        }
        if (start >= this.data.length) {
            this.data = concat(this.data, data);
            return Status.Ok;
        }
        return Status.BadArgument;
    }
}
/** Configuration and call responses: readable, never writable. */
class buffers_ConstBuffer {
    data;
    constructor(data) {
        this.data = data;
    }
    bytes() {
        return this.data;
    }
    copyFrom() {
        return abi_Status.BadArgument;
    }
}
/**
 * The slice proxy_get_buffer_bytes returns: at most `maxSize` bytes from
 * `start`, clipped to the end; undefined when `start` lies past the end.
 */
function buffers_bufferSlice(data, start, maxSize) {
    if (start > data.length)
        return undefined;
    return data.subarray(start, Math.min(data.length, start + maxSize));
}
function concat(a, b) {
    const out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
}

;// CONCATENATED MODULE: ./src/smoke/proxy/contexts.ts
/**
 * Which proxy-wasm contexts exist, which one is current, and the state each
 * HTTP stream context carries (its header maps, bodies, filter state and
 * what the plugin did to the stream). Mirrors cpp-host's split between
 * current_context_ (set by the host around each callback) and
 * effective_context_id_ (set by the guest, reset on the next callback).
 */


const contexts_text = (s) => new Uint8Array(Buffer.from(s, 'utf8'));
class contexts_ContextRegistry {
    stream;
    /** Context id -> parent id (0 for a root context). */
    parents = new Map();
    streams = new Map();
    tickPeriods = new Map();
    donePending = new Set();
    doneCalled = [];
    localResponses = [];
    current = 0;
    override = 0;
    constructor(stream) {
        this.stream = stream;
    }
    /** Records a context; the first one ever seen is taken as the root. */
    register(contextId, parentId) {
        if (this.parents.has(contextId) && parentId === undefined)
            return;
        const firstRoot = [...this.parents.entries()].find(([, parent]) => parent === 0)?.[0];
        const parent = parentId ?? (firstRoot !== undefined && firstRoot !== contextId ? firstRoot : 0);
        this.parents.set(contextId, parent);
    }
    known(contextId) {
        return this.parents.has(contextId);
    }
    /** Set by the lifecycle before each callback; drops any guest override. */
    setCurrent(contextId) {
        this.register(contextId);
        this.current = contextId;
        this.override = 0;
    }
    /** proxy_set_effective_context from the guest. */
    setOverride(contextId) {
        if (!this.known(contextId))
            return false;
        this.override = contextId;
        return true;
    }
    effective() {
        return this.override || this.current;
    }
    rootOf(contextId) {
        const parent = this.parents.get(contextId) ?? 0;
        return parent === 0 ? contextId : parent;
    }
    isRoot(contextId) {
        return (this.parents.get(contextId) ?? 0) === 0;
    }
    /** The stream state of a non-root context, created from the stream input on first use. */
    streamOf(contextId) {
        if (contextId === 0 || this.isRoot(contextId))
            return undefined;
        let state = this.streams.get(contextId);
        if (!state) {
            state = {
                requestHeaders: new HeaderMap(this.stream.requestHeaders),
                requestTrailers: new HeaderMap(this.stream.requestTrailers),
                responseHeaders: new HeaderMap(this.stream.responseHeaders),
                responseTrailers: new HeaderMap(this.stream.responseTrailers),
                requestBody: new MutableBuffer(contexts_text(this.stream.requestBody)),
                responseBody: new MutableBuffer(contexts_text(this.stream.responseBody)),
                downstreamData: new MutableBuffer(),
                upstreamData: new MutableBuffer(),
                filterState: new Map(),
                continued: new Set(),
                closed: new Set(),
                injected: [],
            };
            this.streams.set(contextId, state);
        }
        return state;
    }
    /** The stream state if the context ever used it, without creating it. */
    peekStream(contextId) {
        return this.streams.get(contextId);
    }
    setTickPeriod(contextId, ms) {
        this.tickPeriods.set(this.rootOf(contextId), ms);
    }
    tickPeriod(rootContextId) {
        return this.tickPeriods.get(rootContextId) ?? 0;
    }
    expectDone(contextId) {
        this.donePending.add(contextId);
    }
    /** proxy_done: only a context whose proxy_on_done returned false may call it. */
    done(contextId) {
        if (!this.donePending.delete(contextId))
            return false;
        this.doneCalled.push(contextId);
        return true;
    }
    doneContexts() {
        return [...this.doneCalled];
    }
}

;// CONCATENATED MODULE: ./src/smoke/proxy/http-calls.ts
/**
 * Calls a plugin makes out of the proxy: HTTP calls, gRPC calls and streams,
 * and (Higress) Redis calls. Nothing leaves the process: each call is
 * recorded with a token, and the lifecycle later makes a canned response
 * current while it runs the plugin's response callback.
 */


/** Headers Envoy requires on every proxy_http_call (else BAD_ARGUMENT). */
const REQUIRED_HTTP_CALL_HEADERS = (/* unused pure expression or super */ null && ([':path', ':method', ':authority']));
function http_calls_missingHttpCallHeaders(headers) {
    const present = new Set(headers.map(([k]) => k.toLowerCase()));
    // Envoy accepts `host` for :authority (both are Http::Headers::Host).
    if (present.has('host'))
        present.add(':authority');
    return REQUIRED_HTTP_CALL_HEADERS.filter((h) => !present.has(h));
}
class http_calls_OutboundCalls {
    canned;
    pendingHttp = [];
    nextHttpToken = 1;
    currentHttp;
    grpc = new Map();
    nextGrpcCallToken = 1; // odd, like Envoy's nextGrpcCallId
    nextGrpcStreamToken = 2; // even, like nextGrpcStreamId
    redisClusters = new Set();
    pendingRedis = [];
    nextRedisToken = 1;
    currentRedis;
    /** What proxy_get_status reports: Envoy's status_code_/status_message_, 0 and "" unless a call failed. */
    lastStatus = { code: 0, message: '' };
    constructor(canned) {
        this.canned = canned;
    }
    status() {
        return this.lastStatus;
    }
    // HTTP
    dispatchHttp(call) {
        const token = this.nextHttpToken++;
        this.pendingHttp.push({ ...call, token });
        return token;
    }
    takePendingHttp() {
        const calls = this.pendingHttp;
        this.pendingHttp = [];
        return calls;
    }
    prepareHttpResponse() {
        const body = new Uint8Array(Buffer.from(this.canned.body, 'utf8'));
        this.currentHttp = {
            headers: new HeaderMap(this.canned.headers),
            body: new ConstBuffer(body),
            trailers: new HeaderMap(this.canned.trailers),
        };
        return {
            headers: this.currentHttp.headers.size,
            bodySize: body.length,
            trailers: this.currentHttp.trailers.size,
        };
    }
    httpResponse() {
        return this.currentHttp;
    }
    finishHttpResponse() {
        this.currentHttp = undefined;
    }
    // gRPC
    startGrpc(call) {
        let token;
        if (call.kind === 'call') {
            token = this.nextGrpcCallToken;
            this.nextGrpcCallToken += 2;
        }
        else {
            token = this.nextGrpcStreamToken;
            this.nextGrpcStreamToken += 2;
        }
        this.grpc.set(token, { ...call, token, messages: [] });
        return token;
    }
    grpcCall(token) {
        return this.grpc.get(token);
    }
    endGrpc(token) {
        return this.grpc.delete(token);
    }
    grpcCalls() {
        return [...this.grpc.values()];
    }
    // Redis (Higress)
    initRedis(upstream) {
        this.redisClusters.add(upstream);
    }
    redisReady(upstream) {
        return this.redisClusters.has(upstream);
    }
    dispatchRedis(call) {
        const token = this.nextRedisToken++;
        this.pendingRedis.push({ ...call, token });
        return token;
    }
    takePendingRedis() {
        const calls = this.pendingRedis;
        this.pendingRedis = [];
        return calls;
    }
    prepareRedisResponse(response) {
        this.currentRedis = new ConstBuffer(response.slice());
        return response.length;
    }
    redisResponse() {
        return this.currentRedis;
    }
    finishRedisResponse() {
        this.currentRedis = undefined;
    }
}

;// CONCATENATED MODULE: ./src/smoke/proxy/functions/calls.ts
/** Outgoing HTTP and gRPC calls. */




function calls_callFunctions(state) {
    const { memory, calls, contexts, options } = state;
    const startGrpc = (kind, upstreamPtr, upstreamSize, servicePtr, serviceSize, methodPtr, methodSize, metadataPtr, metadataSize, message, tokenPtr) => {
        const upstream = memory.readString(upstreamPtr, upstreamSize);
        const service = memory.readString(servicePtr, serviceSize);
        const method = memory.readString(methodPtr, methodSize);
        const metadata = memory.read(metadataPtr, metadataSize);
        if (upstream === undefined || service === undefined || method === undefined || !metadata) {
            return Status.InvalidMemoryAccess;
        }
        // Envoy answers PARSE_FAILURE for a service that is neither a GrpcService nor a cluster.
        if (upstream === '')
            return Status.ParseFailure;
        const token = calls.startGrpc({
            kind,
            contextId: effectiveContext(state),
            upstream,
            service,
            method,
            metadata: deserializePairs(metadata),
        });
        if (message)
            calls.grpcCall(token).messages.push(message);
        return memory.writeU32(tokenPtr, token) ? Status.Ok : Status.InvalidMemoryAccess;
    };
    const isStreamToken = (token) => token % 2 === 0;
    return {
        proxy_http_call(upstreamPtr, upstreamSize, headersPtr, headersSize, bodyPtr, bodySize, trailersPtr, trailersSize, timeoutMs, tokenPtr) {
            const upstream = memory.readString(upstreamPtr, upstreamSize);
            const body = memory.read(bodyPtr, bodySize);
            const headerBytes = memory.read(headersPtr, headersSize);
            const trailerBytes = memory.read(trailersPtr, trailersSize);
            if (upstream === undefined || !body || !headerBytes || !trailerBytes) {
                return Status.InvalidMemoryAccess;
            }
            // Like cpp-host: check the token's memory before starting anything.
            if (!memory.writeU32(tokenPtr, 0))
                return Status.InvalidMemoryAccess;
            const headers = deserializePairs(headerBytes);
            if ((timeoutMs | 0) < 0 || upstream === '')
                return Status.BadArgument;
            const missing = missingHttpCallHeaders(headers);
            if (missing.length > 0) {
                options.log('warn', `proxy_http_call to "${upstream}" refused: missing ${missing.join(', ')}`);
                return Status.BadArgument;
            }
            const contextId = effectiveContext(state);
            const token = calls.dispatchHttp({
                contextId,
                rootContextId: contexts.rootOf(contextId),
                upstream,
                headers,
                body: Buffer.from(body).toString('utf8'),
                trailers: deserializePairs(trailerBytes),
                timeoutMs,
            });
            return memory.writeU32(tokenPtr, token) ? Status.Ok : Status.InvalidMemoryAccess;
        },
        proxy_grpc_call(upstreamPtr, upstreamSize, servicePtr, serviceSize, methodPtr, methodSize, metadataPtr, metadataSize, messagePtr, messageSize, _timeoutMs, tokenPtr) {
            const message = memory.read(messagePtr, messageSize);
            if (!message)
                return Status.InvalidMemoryAccess;
            return startGrpc('call', upstreamPtr, upstreamSize, servicePtr, serviceSize, methodPtr, methodSize, metadataPtr, metadataSize, message, tokenPtr);
        },
        proxy_grpc_stream(upstreamPtr, upstreamSize, servicePtr, serviceSize, methodPtr, methodSize, metadataPtr, metadataSize, tokenPtr) {
            return startGrpc('stream', upstreamPtr, upstreamSize, servicePtr, serviceSize, methodPtr, methodSize, metadataPtr, metadataSize, undefined, tokenPtr);
        },
        proxy_grpc_send(token, messagePtr, messageSize, _endStream) {
            const message = memory.read(messagePtr, messageSize);
            if (!message)
                return Status.InvalidMemoryAccess;
            if (!isStreamToken(token))
                return Status.BadArgument;
            const stream = calls.grpcCall(token);
            if (!stream)
                return Status.NotFound;
            stream.messages.push(message);
            return Status.Ok;
        },
        proxy_grpc_cancel(token) {
            return calls.endGrpc(token) ? Status.Ok : Status.NotFound;
        },
        proxy_grpc_close(token) {
            return calls.endGrpc(token) ? Status.Ok : Status.NotFound;
        },
    };
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/smoke/proxy/foreign.ts
/**
 * Foreign functions reachable through proxy_call_foreign_function. Envoy
 * registers these in source/extensions/common/wasm/foreign.cc; the ones a
 * smoke host can perform for real are here, any other name is NOT_FOUND.
 */


const FOREIGN_FUNCTIONS = {
    // zlib compress()/uncompress(): the zlib format, not raw deflate or gzip.
    compress: (args) => ({ status: abi_Status.Ok, result: new Uint8Array((0,external_node_zlib_.deflateSync)(args)) }),
    uncompress: (args) => {
        try {
            return { status: abi_Status.Ok, result: new Uint8Array((0,external_node_zlib_.inflateSync)(args)) };
        }
        catch {
            return { status: abi_Status.SerializationFailure };
        }
    },
    // No route cache in a smoke run; clearing it always succeeds.
    clear_route_cache: () => ({ status: abi_Status.Ok }),
};
function foreign_callForeignFunction(name, args) {
    const f = Object.hasOwn(FOREIGN_FUNCTIONS, name) ? FOREIGN_FUNCTIONS[name] : undefined;
    return f?.(args);
}
function foreignFunctionNames() {
    return Object.keys(FOREIGN_FUNCTIONS);
}

;// CONCATENATED MODULE: ./src/smoke/proxy/properties.ts
/**
 * proxy_get_property: a path is a list of segments separated by NUL bytes
 * (the Go SDK's SerializePropertyPath), looked up like Envoy's
 * Context::getProperty. Configured values win; then the Envoy attributes a
 * smoke run can answer from its own state (plugin identity, the stream's
 * request and response headers); then values the plugin stored with
 * proxy_set_property. Everything else is NOT_FOUND.
 */


const properties_text = (s) => new Uint8Array(Buffer.from(s, 'utf8'));
/** Splits a raw path into its segments (a trailing NUL adds no empty segment). */
function propertyPath(raw) {
    const segments = Buffer.from(raw).toString('utf8').split('\0');
    if (segments.length > 1 && segments[segments.length - 1] === '')
        segments.pop();
    return segments;
}
function properties_getProperty(raw, scope) {
    const segments = propertyPath(raw);
    const configured = scope.configured[segments.join('\0')];
    if (configured)
        return { status: Status.Ok, value: configured };
    const builtIn = builtInProperty(segments, scope);
    if (builtIn)
        return { status: Status.Ok, value: builtIn };
    const stored = segments.length === 1 ? scope.stream?.filterState.get(segments[0]) : undefined;
    if (stored)
        return { status: Status.Ok, value: stored };
    return { status: Status.NotFound };
}
/**
 * proxy_set_property: Envoy stores the value as filter state of the request,
 * so a root context (no stream) answers NOT_FOUND.
 */
function properties_setProperty(raw, value, stream) {
    if (!stream)
        return Status.NotFound;
    stream.filterState.set(Buffer.from(raw).toString('utf8'), value.slice());
    return Status.Ok;
}
function builtInProperty(segments, scope) {
    const [top, field, ...rest] = segments;
    if (segments.length === 1) {
        if (top === 'plugin_name')
            return properties_text(scope.identity.pluginName);
        if (top === 'plugin_root_id')
            return properties_text(scope.identity.rootId);
        if (top === 'plugin_vm_id')
            return properties_text(scope.identity.vmId);
        return undefined;
    }
    const stream = scope.stream;
    if (!stream || field === undefined)
        return undefined;
    if (top === 'request')
        return requestAttribute(field, rest, stream.requestHeaders);
    if (top === 'response')
        return responseAttribute(field, rest, stream);
    return undefined;
}
function requestAttribute(field, rest, headers) {
    if (field === 'headers')
        return headerAttribute(rest, headers);
    if (rest.length > 0)
        return undefined;
    const path = headers.get(':path');
    const header = {
        path: ':path',
        host: ':authority',
        scheme: ':scheme',
        method: ':method',
        referer: 'referer',
        useragent: 'user-agent',
        id: 'x-request-id',
    };
    if (field in header) {
        const value = headers.get(header[field]);
        return value === undefined ? undefined : properties_text(value);
    }
    if (field === 'url_path' && path !== undefined)
        return properties_text(path.split('?')[0]);
    if (field === 'query' && path !== undefined) {
        const q = path.indexOf('?');
        return properties_text(q < 0 ? '' : path.slice(q + 1));
    }
    return undefined;
}
function responseAttribute(field, rest, stream) {
    if (field === 'headers')
        return headerAttribute(rest, stream.responseHeaders);
    if (field === 'trailers')
        return headerAttribute(rest, stream.responseTrailers);
    if (field === 'code' && rest.length === 0) {
        const status = Number(stream.responseHeaders.get(':status'));
        if (!Number.isInteger(status))
            return undefined;
        // CEL int64, serialized as its 8 little-endian bytes.
        const out = Buffer.alloc(8);
        out.writeBigInt64LE(BigInt(status));
        return new Uint8Array(out);
    }
    return undefined;
}
/** `x.headers` is the whole map; `x.headers\0name` one header's value. */
function headerAttribute(rest, headers) {
    if (rest.length === 0)
        return serializePairs(headers.pairs());
    if (rest.length > 1)
        return undefined;
    const value = headers.get(rest[0]);
    return value === undefined ? undefined : properties_text(value);
}

;// CONCATENATED MODULE: ./src/smoke/proxy/functions/general.ts
/**
 * Logging, time, timers, contexts, configuration, properties, status and
 * foreign functions.
 */




function general_generalFunctions(state) {
    const { memory, contexts, options } = state;
    return {
        proxy_log(level, ptr, size) {
            if (level >= LOG_LEVELS.length)
                return Status.BadArgument;
            const message = memory.readString(ptr, size);
            if (message === undefined)
                return Status.InvalidMemoryAccess;
            options.log(LOG_LEVELS[level], message);
            return Status.Ok;
        },
        proxy_get_log_level(levelPtr) {
            return memory.writeU32(levelPtr, state.logLevel) ? Status.Ok : Status.InvalidMemoryAccess;
        },
        proxy_get_current_time_nanoseconds(resultPtr) {
            return memory.writeU64(resultPtr, state.now()) ? Status.Ok : Status.InvalidMemoryAccess;
        },
        proxy_set_tick_period_milliseconds(periodMs) {
            contexts.setTickPeriod(effectiveContext(state), periodMs);
            return Status.Ok;
        },
        proxy_set_effective_context(contextId) {
            return contexts.setOverride(contextId) ? Status.Ok : Status.BadArgument;
        },
        proxy_done() {
            return contexts.done(effectiveContext(state)) ? Status.Ok : Status.NotFound;
        },
        // ABI 0.1.0: the plugin configuration while configuring, else the VM's.
        proxy_get_configuration(ptrPtr, sizePtr) {
            const config = state.availability.pluginConfiguration()
                ? options.pluginConfig
                : options.vmConfig;
            return memory.copyToPointerSize(config, ptrPtr, sizePtr)
                ? Status.Ok
                : Status.InvalidMemoryAccess;
        },
        proxy_get_status(codePtr, messagePtrPtr, messageSizePtr) {
            const { code, message } = state.calls.status();
            if (!memory.writeU32(codePtr, code))
                return Status.InvalidMemoryAccess;
            const bytes = new Uint8Array(Buffer.from(message, 'utf8'));
            return memory.copyToPointerSize(bytes, messagePtrPtr, messageSizePtr)
                ? Status.Ok
                : Status.InvalidMemoryAccess;
        },
        proxy_get_property(pathPtr, pathSize, valuePtrPtr, valueSizePtr) {
            const path = memory.read(pathPtr, pathSize);
            if (!path)
                return Status.InvalidMemoryAccess;
            const result = getProperty(path, {
                configured: options.properties ?? {},
                identity: state.identity,
                stream: effectiveStream(state),
            });
            if (!('value' in result))
                return result.status;
            return memory.copyToPointerSize(result.value, valuePtrPtr, valueSizePtr)
                ? Status.Ok
                : Status.InvalidMemoryAccess;
        },
        proxy_set_property(pathPtr, pathSize, valuePtr, valueSize) {
            const path = memory.read(pathPtr, pathSize);
            const value = memory.read(valuePtr, valueSize);
            if (!path || !value)
                return Status.InvalidMemoryAccess;
            return setProperty(path, value, effectiveStream(state));
        },
        proxy_call_foreign_function(namePtr, nameSize, argsPtr, argsSize, resultsPtrPtr, resultsSizePtr) {
            const name = memory.readString(namePtr, nameSize);
            const args = memory.read(argsPtr, argsSize);
            if (name === undefined || !args)
                return Status.InvalidMemoryAccess;
            const outcome = callForeignFunction(name, args);
            if (!outcome)
                return Status.NotFound;
            const result = outcome.result ?? new Uint8Array();
            // Results are written only where the guest asked for them (pointer != 0).
            if (resultsPtrPtr !== 0) {
                let ptr = 0;
                if (result.length > 0) {
                    const block = memory.allocate(result.length);
                    if (block === undefined || !memory.write(block, result))
                        return Status.InvalidMemoryAccess;
                    ptr = block;
                }
                if (!memory.writeU32(resultsPtrPtr, ptr))
                    return Status.InvalidMemoryAccess;
            }
            if (resultsSizePtr !== 0 && !memory.writeU32(resultsSizePtr, result.length)) {
                return Status.InvalidMemoryAccess;
            }
            return outcome.status;
        },
    };
}

;// CONCATENATED MODULE: ./src/smoke/proxy/functions/higress.ts
/**
 * The Higress fork's extra host functions (higress-group/proxy-wasm-cpp-host
 * exports.h, higress-group/proxy-wasm-go-sdk abi_hostcalls.go).
 */



function higress_higressFunctions(state) {
    const { memory, calls, contexts, options } = state;
    return {
        proxy_redis_init(upstreamPtr, upstreamSize, usernamePtr, usernameSize, passwordPtr, passwordSize, _timeoutMs) {
            const upstream = memory.readString(upstreamPtr, upstreamSize);
            const username = memory.read(usernamePtr, usernameSize);
            const password = memory.read(passwordPtr, passwordSize);
            if (upstream === undefined || !username || !password)
                return Status.InvalidMemoryAccess;
            if (upstream === '')
                return Status.BadArgument;
            calls.initRedis(upstream);
            return Status.Ok;
        },
        proxy_redis_call(upstreamPtr, upstreamSize, queryPtr, querySize, tokenPtr) {
            const upstream = memory.readString(upstreamPtr, upstreamSize);
            const query = memory.read(queryPtr, querySize);
            if (upstream === undefined || !query)
                return Status.InvalidMemoryAccess;
            if (!calls.redisReady(upstream)) {
                options.log('warn', `proxy_redis_call to "${upstream}" before proxy_redis_init`);
                return Status.BadArgument;
            }
            const contextId = effectiveContext(state);
            const token = calls.dispatchRedis({
                contextId,
                rootContextId: contexts.rootOf(contextId),
                upstream,
                query,
            });
            return memory.writeU32(tokenPtr, token) ? Status.Ok : Status.InvalidMemoryAccess;
        },
        proxy_inject_encoded_data_to_filter_chain(dataPtr, dataSize, endStream) {
            const data = memory.read(dataPtr, dataSize);
            if (!data)
                return Status.InvalidMemoryAccess;
            const stream = effectiveStream(state);
            if (!stream)
                return Status.NotFound;
            stream.injected.push({ data, endStream: endStream !== 0 });
            return Status.Ok;
        },
        proxy_set_upstream_override_host(hostPtr, hostSize) {
            const host = memory.readString(hostPtr, hostSize);
            if (host === undefined)
                return Status.InvalidMemoryAccess;
            const stream = effectiveStream(state);
            if (!stream)
                return Status.NotFound;
            stream.upstreamOverrideHost = host;
            return Status.Ok;
        },
        proxy_get_upstream_hosts(ptrPtr, sizePtr) {
            const hosts = options.upstreamHosts ?? [];
            const bytes = hosts.length > 0 ? serializePairs(hosts) : new Uint8Array();
            return memory.copyToPointerSize(bytes, ptrPtr, sizePtr)
                ? Status.Ok
                : Status.InvalidMemoryAccess;
        },
    };
}

;// CONCATENATED MODULE: ./src/smoke/proxy/functions/buffers.ts
/** Buffers: bodies, TCP data, configuration and call responses. */



const EMPTY = new buffers_ConstBuffer(new Uint8Array());
/** A body while the plugin may see it; outside that Envoy hands out an empty buffer. */
function body(state, part) {
    const contextId = effectiveContext(state);
    const stream = state.contexts.streamOf(contextId);
    return stream && state.availability.readable(contextId, part) ? stream[part] : EMPTY;
}
/** Envoy's getBuffer: undefined means NOT_FOUND. */
function buffer(state, type) {
    const stream = effectiveStream(state);
    switch (type) {
        case BufferType.HttpRequestBody:
            return body(state, 'requestBody');
        case BufferType.HttpResponseBody:
            return body(state, 'responseBody');
        case BufferType.DownstreamData:
            return stream?.downstreamData ?? EMPTY;
        case BufferType.UpstreamData:
            return stream?.upstreamData ?? EMPTY;
        case BufferType.HttpCallResponseBody:
            return state.calls.httpResponse()?.body;
        case BufferType.GrpcReceiveBuffer:
            return EMPTY;
        case BufferType.VmConfiguration:
            return new ConstBuffer(state.options.vmConfig);
        case BufferType.PluginConfiguration:
            // Envoy has it only while configuring (temp_plugin_).
            return state.availability.pluginConfiguration()
                ? new ConstBuffer(state.options.pluginConfig)
                : undefined;
        case BufferType.RedisCallResponse:
            return state.calls.redisResponse();
        default:
            return undefined;
    }
}
function buffers_bufferFunctions(state) {
    const { memory } = state;
    const maxBufferType = state.options.higressExtras ? MAX_HIGRESS_BUFFER_TYPE : MAX_BUFFER_TYPE;
    return {
        proxy_get_buffer_bytes(type, start, maxSize, ptrPtr, sizePtr) {
            if (type > maxBufferType)
                return Status.BadArgument;
            const source = buffer(state, type);
            if (!source)
                return Status.NotFound;
            const slice = bufferSlice(source.bytes(), start, maxSize);
            if (!slice)
                return Status.BadArgument;
            // cpp-host writes nothing for an empty slice: the guest's zeroed
            // pointer and size stay as they were.
            if (slice.length === 0)
                return Status.Ok;
            return memory.copyToPointerSize(slice, ptrPtr, sizePtr)
                ? Status.Ok
                : Status.InvalidMemoryAccess;
        },
        proxy_get_buffer_status(type, lengthPtr, flagsPtr) {
            if (type > maxBufferType)
                return Status.BadArgument;
            const source = buffer(state, type);
            if (!source)
                return Status.NotFound;
            if (!memory.writeU32(lengthPtr, source.bytes().length))
                return Status.InvalidMemoryAccess;
            return memory.writeU32(flagsPtr, 0) ? Status.Ok : Status.InvalidMemoryAccess;
        },
        proxy_set_buffer_bytes(type, start, length, dataPtr, dataSize) {
            if (type > maxBufferType)
                return Status.BadArgument;
            const target = buffer(state, type);
            if (!target)
                return Status.NotFound;
            const data = memory.read(dataPtr, dataSize);
            if (!data)
                return Status.InvalidMemoryAccess;
            return target.copyFrom(start, length, data);
        },
    };
}

;// CONCATENATED MODULE: ./src/smoke/proxy/functions/header-maps.ts
/** HTTP fields: the stream's header and trailer maps, and the http call response's. */



const MAP_PARTS = (/* unused pure expression or super */ null && ([
    'requestHeaders',
    'requestTrailers',
    'responseHeaders',
    'responseTrailers',
]));
/** A map the plugin may read (Envoy's getConstMap); undefined when not available now. */
function readableMap(state, type) {
    if (type <= MapType.HttpResponseTrailers) {
        const contextId = effectiveContext(state);
        const stream = state.contexts.streamOf(contextId);
        const part = MAP_PARTS[type];
        return stream && state.availability.readable(contextId, part) ? stream[part] : undefined;
    }
    if (type === MapType.HttpCallResponseHeaders)
        return state.calls.httpResponse()?.headers;
    if (type === MapType.HttpCallResponseTrailers)
        return state.calls.httpResponse()?.trailers;
    // gRPC metadata: a smoke run never delivers gRPC responses.
    return undefined;
}
/** A map the plugin may change (Envoy's getMap): only the stream's own four, while live. */
function writableMap(state, type) {
    if (type > MapType.HttpResponseTrailers)
        return undefined;
    const contextId = effectiveContext(state);
    const stream = state.contexts.streamOf(contextId);
    const part = MAP_PARTS[type];
    return stream && state.availability.writable(contextId, part) ? stream[part] : undefined;
}
function header_maps_headerMapFunctions(state) {
    const { memory } = state;
    /** add and replace: the same checks, in Envoy's order, then one map edit. */
    const editPair = (type, keyPtr, keySize, valuePtr, valueSize, edit) => {
        if (type > MAX_MAP_TYPE)
            return Status.BadArgument;
        const key = memory.readString(keyPtr, keySize);
        const value = memory.readString(valuePtr, valueSize);
        if (key === undefined || value === undefined)
            return Status.InvalidMemoryAccess;
        const map = writableMap(state, type);
        if (!map)
            return Status.BadArgument;
        edit(map, key, value);
        return Status.Ok;
    };
    return {
        proxy_get_header_map_value(type, keyPtr, keySize, valuePtrPtr, valueSizePtr) {
            if (type > MAX_MAP_TYPE)
                return Status.BadArgument;
            const key = memory.readString(keyPtr, keySize);
            if (key === undefined)
                return Status.InvalidMemoryAccess;
            const map = readableMap(state, type);
            if (!map)
                return Status.BadArgument;
            const value = map.get(key);
            if (value === undefined)
                return Status.NotFound;
            return memory.copyToPointerSize(Buffer.from(value, 'utf8'), valuePtrPtr, valueSizePtr)
                ? Status.Ok
                : Status.InvalidMemoryAccess;
        },
        proxy_get_header_map_pairs(type, ptrPtr, sizePtr) {
            if (type > MAX_MAP_TYPE)
                return Status.BadArgument;
            // An unavailable map reads as empty (Envoy's headerMapToPairs(nullptr)).
            const pairs = readableMap(state, type)?.pairs() ?? [];
            const bytes = pairs.length > 0 ? serializePairs(pairs) : new Uint8Array();
            return memory.copyToPointerSize(bytes, ptrPtr, sizePtr)
                ? Status.Ok
                : Status.InvalidMemoryAccess;
        },
        proxy_set_header_map_pairs(type, ptr, size) {
            if (type > MAX_MAP_TYPE)
                return Status.BadArgument;
            const data = memory.read(ptr, size);
            if (!data)
                return Status.InvalidMemoryAccess;
            const map = writableMap(state, type);
            if (!map)
                return Status.BadArgument;
            map.setAll(deserializePairs(data));
            return Status.Ok;
        },
        proxy_add_header_map_value: (type, keyPtr, keySize, valuePtr, valueSize) => editPair(type, keyPtr, keySize, valuePtr, valueSize, (map, key, value) => map.add(key, value)),
        proxy_replace_header_map_value: (type, keyPtr, keySize, valuePtr, valueSize) => editPair(type, keyPtr, keySize, valuePtr, valueSize, (map, key, value) => map.replace(key, value)),
        proxy_remove_header_map_value(type, keyPtr, keySize) {
            if (type > MAX_MAP_TYPE)
                return Status.BadArgument;
            const key = memory.readString(keyPtr, keySize);
            if (key === undefined)
                return Status.InvalidMemoryAccess;
            const map = writableMap(state, type);
            if (!map)
                return Status.BadArgument;
            map.remove(key);
            return Status.Ok;
        },
        proxy_get_header_map_size(type, resultPtr) {
            if (type > MAX_MAP_TYPE)
                return Status.BadArgument;
            const map = writableMap(state, type);
            if (!map)
                return Status.BadArgument;
            return memory.writeU32(resultPtr, map.byteSize()) ? Status.Ok : Status.InvalidMemoryAccess;
        },
    };
}

;// CONCATENATED MODULE: ./src/smoke/proxy/functions/stream.ts
/** Stream control and local replies. */



function stream_streamFunctions(state) {
    const { memory, contexts } = state;
    const continueStream = (type) => {
        if (type > MAX_STREAM_TYPE)
            return Status.BadArgument;
        // Envoy cannot resume a paused upstream (Context::continueStream).
        if (type === StreamType.Upstream)
            return Status.Unimplemented;
        const contextId = effectiveContext(state);
        state.contexts.streamOf(contextId)?.continued.add(type);
        if (type <= StreamType.HttpResponse)
            state.availability.resumed(contextId);
        return Status.Ok;
    };
    return {
        proxy_continue_stream: continueStream,
        proxy_continue_request: () => continueStream(StreamType.HttpRequest),
        proxy_continue_response: () => continueStream(StreamType.HttpResponse),
        proxy_close_stream(type) {
            if (type > MAX_STREAM_TYPE)
                return Status.BadArgument;
            effectiveStream(state)?.closed.add(type);
            return Status.Ok;
        },
        proxy_clear_route_cache() {
            return Status.Ok;
        },
        proxy_send_local_response(statusCode, detailsPtr, detailsSize, bodyPtr, bodySize, headersPtr, headersSize, grpcStatus) {
            const details = memory.readString(detailsPtr, detailsSize);
            const body = memory.readString(bodyPtr, bodySize);
            const headers = memory.read(headersPtr, headersSize);
            if (details === undefined || body === undefined || !headers) {
                return Status.InvalidMemoryAccess;
            }
            contexts.localResponses.push({
                contextId: effectiveContext(state),
                status: statusCode,
                details,
                body,
                headers: deserializePairs(headers),
                grpcStatus: grpcStatus | 0,
            });
            return Status.Ok;
        },
    };
}

;// CONCATENATED MODULE: ./src/smoke/proxy/functions/shared.ts
/** Shared data, shared queues and metrics. */


function shared_sharedFunctions(state) {
    const { memory, sharedData, queues, metrics, contexts } = state;
    const vmId = state.identity.vmId;
    return {
        proxy_get_shared_data(keyPtr, keySize, valuePtrPtr, valueSizePtr, casPtr) {
            const key = memory.readString(keyPtr, keySize);
            if (key === undefined)
                return Status.InvalidMemoryAccess;
            const entry = sharedData.get(key);
            if (!entry)
                return Status.NotFound;
            if (!memory.copyToPointerSize(entry.value, valuePtrPtr, valueSizePtr)) {
                return Status.InvalidMemoryAccess;
            }
            return memory.writeU32(casPtr, entry.cas) ? Status.Ok : Status.InvalidMemoryAccess;
        },
        proxy_set_shared_data(keyPtr, keySize, valuePtr, valueSize, cas) {
            const key = memory.readString(keyPtr, keySize);
            const value = memory.read(valuePtr, valueSize);
            if (key === undefined || !value)
                return Status.InvalidMemoryAccess;
            return sharedData.set(key, value, cas);
        },
        proxy_register_shared_queue(namePtr, nameSize, tokenPtr) {
            const name = memory.readString(namePtr, nameSize);
            if (name === undefined)
                return Status.InvalidMemoryAccess;
            // proxy_on_queue_ready goes to the root context, even when a stream registers.
            const token = queues.register(vmId, name, contexts.rootOf(effectiveContext(state)));
            return memory.writeU32(tokenPtr, token) ? Status.Ok : Status.InvalidMemoryAccess;
        },
        proxy_resolve_shared_queue(vmIdPtr, vmIdSize, namePtr, nameSize, tokenPtr) {
            const queueVmId = memory.readString(vmIdPtr, vmIdSize);
            const name = memory.readString(namePtr, nameSize);
            if (queueVmId === undefined || name === undefined)
                return Status.InvalidMemoryAccess;
            const token = queues.resolve(queueVmId, name);
            if (token === undefined)
                return Status.NotFound;
            return memory.writeU32(tokenPtr, token) ? Status.Ok : Status.InvalidMemoryAccess;
        },
        proxy_enqueue_shared_queue(token, valuePtr, valueSize) {
            const value = memory.read(valuePtr, valueSize);
            if (!value)
                return Status.InvalidMemoryAccess;
            return queues.enqueue(token, value);
        },
        proxy_dequeue_shared_queue(token, valuePtrPtr, valueSizePtr) {
            const { status, value } = queues.dequeue(token);
            if (!value)
                return status;
            return memory.copyToPointerSize(value, valuePtrPtr, valueSizePtr)
                ? Status.Ok
                : Status.InvalidMemoryAccess;
        },
        proxy_define_metric(type, namePtr, nameSize, idPtr) {
            const name = memory.readString(namePtr, nameSize);
            if (name === undefined)
                return Status.InvalidMemoryAccess;
            const { status, id } = metrics.define(type, name);
            if (id === undefined)
                return status;
            return memory.writeU32(idPtr, id) ? Status.Ok : Status.InvalidMemoryAccess;
        },
        proxy_increment_metric(id, offset) {
            return metrics.increment(id, BigInt.asIntN(64, offset));
        },
        proxy_record_metric(id, value) {
            return metrics.record(id, BigInt.asUintN(64, value));
        },
        proxy_get_metric(id, resultPtr) {
            const { status, value } = metrics.get(id);
            if (value === undefined)
                return status;
            return memory.writeU64(resultPtr, value) ? Status.Ok : Status.InvalidMemoryAccess;
        },
    };
}

;// CONCATENATED MODULE: ./src/smoke/proxy/functions/index.ts







function functions_hostFunctions(state) {
    const impls = {
        ...generalFunctions(state),
        ...headerMapFunctions(state),
        ...bufferFunctions(state),
        ...streamFunctions(state),
        ...sharedFunctions(state),
        ...callFunctions(state),
        ...(state.options.higressExtras ? higressFunctions(state) : {}),
    };
    const bound = {};
    for (const [name, impl] of Object.entries(impls)) {
        const call = impl;
        bound[name] = (...args) => call(...args.map((a) => (typeof a === 'number' ? a >>> 0 : a)));
    }
    return bound;
}

;// CONCATENATED MODULE: ./src/smoke/proxy/metrics.ts
/**
 * Plugin-defined metrics as Envoy keeps them (context.cc defineMetric and
 * friends): the id's low two bits carry the type (counter 0, gauge 1,
 * histogram 2) and ids step by 4; the same name and type share one stat.
 */

const TYPE_MASK = 0x3;
const ID_STEP = 4;
const KINDS = (/* unused pure expression or super */ null && (['counter', 'gauge', 'histogram']));
class metrics_Metrics {
    ids = new Map();
    stats = new Map();
    nextId = [MetricType.Counter, MetricType.Gauge, MetricType.Histogram];
    define(type, name) {
        if (type > MAX_METRIC_TYPE)
            return { status: Status.BadArgument };
        const kind = KINDS[type];
        const key = `${kind}\0${name}`;
        let stat = this.stats.get(key);
        if (!stat) {
            stat = { kind, name, value: 0n, samples: [] };
            this.stats.set(key, stat);
        }
        const id = this.nextId[type];
        this.nextId[type] = (id + ID_STEP) >>> 0;
        this.ids.set(id, stat);
        return { status: Status.Ok, id };
    }
    increment(id, offset) {
        const type = id & TYPE_MASK;
        if (type === MetricType.Histogram || type > MAX_METRIC_TYPE)
            return Status.BadArgument;
        const stat = this.ids.get(id);
        if (!stat)
            return Status.NotFound;
        // A counter only goes up: Envoy refuses a zero or negative offset.
        if (type === MetricType.Counter && offset <= 0n)
            return Status.BadArgument;
        stat.value = BigInt.asUintN(64, stat.value + offset);
        return Status.Ok;
    }
    record(id, value) {
        const stat = this.ids.get(id);
        if (!stat)
            return Status.NotFound;
        if (stat.kind === 'counter')
            stat.value = BigInt.asUintN(64, stat.value + value);
        else if (stat.kind === 'gauge')
            stat.value = value;
        else
            stat.samples.push(value);
        return Status.Ok;
    }
    get(id) {
        const type = id & TYPE_MASK;
        if (type !== MetricType.Counter && type !== MetricType.Gauge) {
            return { status: Status.BadArgument };
        }
        const stat = this.ids.get(id);
        if (!stat)
            return { status: Status.NotFound };
        return { status: Status.Ok, value: stat.value };
    }
    snapshot() {
        return [...this.stats.values()].map((s) => ({ ...s, samples: [...s.samples] }));
    }
}

;// CONCATENATED MODULE: ./src/smoke/proxy/queues.ts
/**
 * Shared queues (cpp-host src/shared_queue.cc): registered by name per VM id,
 * addressed by a non-zero token. Enqueueing notifies the root context that
 * registered the queue; those notifications are kept for the lifecycle to
 * deliver as proxy_on_queue_ready.
 */

class queues_SharedQueues {
    byToken = new Map();
    byName = new Map();
    nextToken = 1;
    ready = [];
    /** Creates the queue, or re-registers an existing one to `contextId`; returns its token. */
    register(vmId, name, contextId) {
        const key = queueKey(vmId, name);
        const existing = this.byName.get(key);
        if (existing !== undefined) {
            this.byToken.get(existing).contextId = contextId;
            return existing;
        }
        const token = this.nextToken++;
        this.byToken.set(token, { vmId, name, contextId, items: [] });
        this.byName.set(key, token);
        return token;
    }
    resolve(vmId, name) {
        return this.byName.get(queueKey(vmId, name));
    }
    enqueue(token, value) {
        const queue = this.byToken.get(token);
        if (!queue)
            return Status.NotFound;
        queue.items.push(value.slice());
        this.ready.push({ contextId: queue.contextId, token });
        return Status.Ok;
    }
    dequeue(token) {
        const queue = this.byToken.get(token);
        if (!queue)
            return { status: Status.NotFound };
        const value = queue.items.shift();
        if (!value)
            return { status: Status.Empty };
        return { status: Status.Ok, value };
    }
    /** Removes and returns the queue-ready notifications recorded so far. */
    takeReady() {
        const ready = this.ready;
        this.ready = [];
        return ready;
    }
}
function queueKey(vmId, name) {
    return `${vmId}\0${name}`;
}

;// CONCATENATED MODULE: ./src/smoke/proxy/shared-data.ts
/**
 * The VM-wide key/value store (cpp-host src/shared_data.cc): every write gets
 * a fresh compare-and-swap value; a write with a non-zero cas only succeeds
 * when it equals the stored one.
 */

class shared_data_SharedData {
    values = new Map();
    nextCasValue = 1;
    get(key) {
        return this.values.get(key);
    }
    set(key, value, cas) {
        const existing = this.values.get(key);
        if (existing && cas !== 0 && cas !== existing.cas)
            return Status.CasMismatch;
        this.values.set(key, { value: value.slice(), cas: this.nextCas() });
        return Status.Ok;
    }
    keys() {
        return [...this.values.keys()];
    }
    /** u32 counter that never hands out 0 (0 means "no cas" on set). */
    nextCas() {
        const cas = this.nextCasValue;
        this.nextCasValue = (this.nextCasValue + 1) >>> 0 || 1;
        return cas;
    }
}

;// CONCATENATED MODULE: ./src/smoke/proxy/signatures.ts
/** Compact form: one letter per param, `i` = i32, `I` = i64; every function returns i32. */
const STANDARD = {
    proxy_log: 'iii',
    proxy_get_log_level: 'i',
    proxy_get_status: 'iii',
    proxy_set_property: 'iiii',
    proxy_get_property: 'iiii',
    proxy_send_local_response: 'iiiiiiii',
    proxy_get_shared_data: 'iiiii',
    proxy_set_shared_data: 'iiiii',
    proxy_register_shared_queue: 'iii',
    proxy_resolve_shared_queue: 'iiiii',
    proxy_dequeue_shared_queue: 'iii',
    proxy_enqueue_shared_queue: 'iii',
    proxy_get_header_map_value: 'iiiii',
    proxy_add_header_map_value: 'iiiii',
    proxy_replace_header_map_value: 'iiiii',
    proxy_remove_header_map_value: 'iii',
    proxy_get_header_map_pairs: 'iii',
    proxy_set_header_map_pairs: 'iii',
    proxy_get_header_map_size: 'ii',
    proxy_get_buffer_status: 'iii',
    proxy_get_buffer_bytes: 'iiiii',
    proxy_set_buffer_bytes: 'iiiii',
    proxy_http_call: 'iiiiiiiiii',
    proxy_grpc_call: 'iiiiiiiiiiii',
    proxy_grpc_stream: 'iiiiiiiii',
    proxy_grpc_close: 'i',
    proxy_grpc_cancel: 'i',
    proxy_grpc_send: 'iiii',
    proxy_set_tick_period_milliseconds: 'i',
    proxy_get_current_time_nanoseconds: 'i',
    proxy_define_metric: 'iiii',
    proxy_increment_metric: 'iI',
    proxy_record_metric: 'iI',
    proxy_get_metric: 'ii',
    proxy_set_effective_context: 'i',
    proxy_done: '',
    proxy_call_foreign_function: 'iiiiii',
    // ABI-specific ones (FOR_ALL_HOST_IMPLEMENTED_ABI_FUNCTIONS_ABI_SPECIFIC)
    proxy_get_configuration: 'ii',
    proxy_continue_request: '',
    proxy_continue_response: '',
    proxy_clear_route_cache: '',
    proxy_continue_stream: 'i',
    proxy_close_stream: 'i',
};
/** The Higress fork's extras (higress-group/proxy-wasm-cpp-host, proxy-wasm-go-sdk). */
const HIGRESS = {
    proxy_redis_init: 'iiiiiii',
    proxy_redis_call: 'iiiii',
    proxy_inject_encoded_data_to_filter_chain: 'iii',
    proxy_set_upstream_override_host: 'ii',
    proxy_get_upstream_hosts: 'ii',
};
function expand(table) {
    const out = {};
    for (const [name, params] of Object.entries(table)) {
        out[name] = {
            params: [...params].map((c) => (c === 'I' ? 'i64' : 'i32')),
            results: ['i32'],
        };
    }
    return out;
}
const STANDARD_SIGNATURES = expand(STANDARD);
const HIGRESS_SIGNATURES = expand(HIGRESS);
function signatures_proxySignatures(higressExtras) {
    return higressExtras
        ? { ...STANDARD_SIGNATURES, ...HIGRESS_SIGNATURES }
        : { ...STANDARD_SIGNATURES };
}

;// CONCATENATED MODULE: ./src/smoke/proxy/index.ts
/**
 * The proxy-wasm host functions for one loaded plugin: `createProxyHost`
 * builds the `env` imports (ABI v0.2.1 plus the older ABI-specific ones,
 * and the Higress extras when asked) over fresh host state.
 */













const wallClockNanos = () => BigInt(Date.now()) * 1000000n;
function proxy_createProxyHost(options) {
    const contexts = new ContextRegistry(options.stream);
    const calls = new OutboundCalls(options.httpCallResponse);
    const availability = new Availability();
    const state = {
        options,
        memory: new GuestMemory(),
        contexts,
        availability,
        sharedData: new SharedData(),
        queues: new SharedQueues(),
        metrics: new Metrics(),
        calls,
        identity: {
            pluginName: options.pluginName ?? '',
            rootId: options.rootId ?? '',
            vmId: options.vmId ?? '',
        },
        logLevel: LOG_LEVELS.indexOf(options.logLevel ?? 'info'),
        now: options.now ?? wallClockNanos,
    };
    const functions = hostFunctions(state);
    const signatures = proxySignatures(options.higressExtras);
    return {
        signatures,
        functions,
        bind: (guest) => state.memory.bind(guest),
        setEffectiveContext: (contextId) => contexts.setCurrent(contextId),
        tickPeriodMs: (rootContextId) => contexts.tickPeriod(rootContextId),
        takePendingHttpCalls: () => calls.takePendingHttp(),
        prepareHttpCallResponse: () => calls.prepareHttpResponse(),
        finishHttpCallResponse: () => calls.finishHttpResponse(),
        localResponses: () => [...contexts.localResponses],
        streamResumed: (contextId) => {
            const continued = contexts.peekStream(contextId)?.continued;
            return continued !== undefined && continued.size > 0;
        },
        beginCallback: (contextId, exportName) => {
            contexts.setCurrent(contextId);
            availability.begin(contextId, exportName);
        },
        endCallback: (contextId, exportName, result) => availability.end(contextId, exportName, result),
        contextCreated: (contextId, parentContextId) => contexts.register(contextId, parentContextId),
        expectDone: (contextId) => contexts.expectDone(contextId),
        doneContexts: () => contexts.doneContexts(),
        takeQueueReady: () => state.queues.takeReady(),
        takePendingRedisCalls: () => calls.takePendingRedis(),
        prepareRedisCallResponse: (_call, response) => calls.prepareRedisResponse(response),
        finishRedisCallResponse: () => calls.finishRedisResponse(),
        streamActions: (contextId) => {
            const stream = contexts.peekStream(contextId);
            if (!stream)
                return undefined;
            const text = (b) => Buffer.from(b).toString('utf8');
            const actions = {
                continued: [...stream.continued].sort(),
                closed: [...stream.closed].sort(),
                requestHeaders: stream.requestHeaders.pairs(),
                responseHeaders: stream.responseHeaders.pairs(),
                requestBody: text(stream.requestBody.bytes()),
                responseBody: text(stream.responseBody.bytes()),
                injected: stream.injected.map((i) => ({ data: text(i.data), endStream: i.endStream })),
                upstreamOverrideHost: stream.upstreamOverrideHost,
            };
            return actions;
        },
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/smoke/wasi.ts
/**
 * Our own WASI preview1 layer (not node:wasi, which always exposes all 46
 * functions): only the functions a profile lists, behaving like cpp-host's
 * (stdout/stderr into the captured log, no files, empty args and environment,
 * real clocks and randomness, poll_oneoff that reports no events).
 */

const ERRNO = {
    SUCCESS: 0,
    BADF: 8,
    FAULT: 21,
    INVAL: 28,
    NOENT: 44,
    NOSYS: 52,
};
/** Thrown by proc_exit: ends the VM; the lifecycle reads the exit code. */
class wasi_ProcExit extends Error {
    code;
    constructor(code) {
        super(`proc_exit(${code})`);
        this.code = code;
        this.name = 'ProcExit';
    }
}
const sig = (params, results = 'i32') => ({
    params: params ? params.split(' ') : [],
    results: results ? results.split(' ') : [],
});
/** Signatures of every WASI preview1 function. */
const WASI_SIGNATURES = {
    args_get: sig('i32 i32'),
    args_sizes_get: sig('i32 i32'),
    environ_get: sig('i32 i32'),
    environ_sizes_get: sig('i32 i32'),
    clock_res_get: sig('i32 i32'),
    clock_time_get: sig('i32 i64 i32'),
    fd_advise: sig('i32 i64 i64 i32'),
    fd_allocate: sig('i32 i64 i64'),
    fd_close: sig('i32'),
    fd_datasync: sig('i32'),
    fd_fdstat_get: sig('i32 i32'),
    fd_fdstat_set_flags: sig('i32 i32'),
    fd_fdstat_set_rights: sig('i32 i64 i64'),
    fd_filestat_get: sig('i32 i32'),
    fd_filestat_set_size: sig('i32 i64'),
    fd_filestat_set_times: sig('i32 i64 i64 i32'),
    fd_pread: sig('i32 i32 i32 i64 i32'),
    fd_prestat_get: sig('i32 i32'),
    fd_prestat_dir_name: sig('i32 i32 i32'),
    fd_pwrite: sig('i32 i32 i32 i64 i32'),
    fd_read: sig('i32 i32 i32 i32'),
    fd_readdir: sig('i32 i32 i32 i64 i32'),
    fd_renumber: sig('i32 i32'),
    fd_seek: sig('i32 i64 i32 i32'),
    fd_sync: sig('i32'),
    fd_tell: sig('i32 i32'),
    fd_write: sig('i32 i32 i32 i32'),
    path_create_directory: sig('i32 i32 i32'),
    path_filestat_get: sig('i32 i32 i32 i32 i32'),
    path_filestat_set_times: sig('i32 i32 i32 i32 i64 i64 i32'),
    path_link: sig('i32 i32 i32 i32 i32 i32 i32'),
    path_open: sig('i32 i32 i32 i32 i32 i64 i64 i32 i32'),
    path_readlink: sig('i32 i32 i32 i32 i32 i32'),
    path_remove_directory: sig('i32 i32 i32'),
    path_rename: sig('i32 i32 i32 i32 i32 i32'),
    path_symlink: sig('i32 i32 i32 i32 i32'),
    path_unlink_file: sig('i32 i32 i32'),
    poll_oneoff: sig('i32 i32 i32 i32'),
    proc_exit: sig('i32', ''),
    proc_raise: sig('i32'),
    sched_yield: sig(''),
    random_get: sig('i32 i32'),
    sock_accept: sig('i32 i32 i32'),
    sock_recv: sig('i32 i32 i32 i32 i32 i32'),
    sock_send: sig('i32 i32 i32 i32 i32'),
    sock_shutdown: sig('i32 i32'),
};
function wasi_createWasi(options) {
    const pending = { 1: '', 2: '' };
    const decoder = new TextDecoder();
    const emit = (fd, text) => {
        const lines = (pending[fd] + text).split('\n');
        pending[fd] = lines.pop() ?? '';
        for (const line of lines)
            options.log(fd === 1 ? 'info' : 'error', line);
    };
    const impls = {
        fd_write(view, fd, iovs, count, nwrittenPtr) {
            if (fd !== 1 && fd !== 2)
                return ERRNO.BADF;
            const memory = new Uint8Array(view.buffer);
            let total = 0;
            let text = '';
            for (let i = 0; i < Number(count); i++) {
                const base = Number(iovs) + i * 8;
                const ptr = view.getUint32(base, true);
                const len = view.getUint32(base + 4, true);
                if (ptr + len > memory.length)
                    return ERRNO.FAULT;
                text += decoder.decode(memory.subarray(ptr, ptr + len), { stream: true });
                total += len;
            }
            view.setUint32(Number(nwrittenPtr), total, true);
            emit(fd, text);
            return ERRNO.SUCCESS;
        },
        fd_fdstat_get(view, fd, out) {
            if (fd !== 1 && fd !== 2)
                return ERRNO.BADF;
            const at = Number(out);
            view.setUint8(at, 2); // character device
            view.setUint16(at + 2, 1, true); // append
            view.setBigUint64(at + 8, 64n, true); // right to fd_write
            view.setBigUint64(at + 16, 0n, true);
            return ERRNO.SUCCESS;
        },
        args_sizes_get: (view, countPtr, sizePtr) => zeroes(view, countPtr, sizePtr),
        environ_sizes_get: (view, countPtr, sizePtr) => zeroes(view, countPtr, sizePtr),
        args_get: () => ERRNO.SUCCESS,
        environ_get: () => ERRNO.SUCCESS,
        clock_time_get(view, id, _precision, out) {
            let now;
            if (id === 0)
                now = BigInt(Date.now()) * 1000000n;
            else if (id === 1)
                now = process.hrtime.bigint();
            else
                return ERRNO.INVAL;
            view.setBigUint64(Number(out), now, true);
            return ERRNO.SUCCESS;
        },
        clock_res_get(view, id, out) {
            if (id !== 0 && id !== 1)
                return ERRNO.INVAL;
            view.setBigUint64(Number(out), 1n, true);
            return ERRNO.SUCCESS;
        },
        random_get(view, buf, len) {
            const at = Number(buf);
            const n = Number(len);
            if (at + n > view.byteLength)
                return ERRNO.FAULT;
            randomFillSync(new Uint8Array(view.buffer, at, n));
            return ERRNO.SUCCESS;
        },
        poll_oneoff(view, _in, _out, _count, neventsPtr) {
            view.setUint32(Number(neventsPtr), 0, true);
            return ERRNO.SUCCESS;
        },
        sched_yield: () => ERRNO.SUCCESS,
        proc_exit(_view, code) {
            throw new wasi_ProcExit(Number(code));
        },
        fd_prestat_get: () => ERRNO.BADF, // no preopened directories
        path_open: () => ERRNO.NOENT,
    };
    let view;
    const viewOf = () => {
        const buffer = options.memory().buffer;
        if (!view || view.buffer !== buffer)
            view = new DataView(buffer);
        return view;
    };
    const signatures = {};
    const functions = {};
    for (const name of options.functions) {
        const signature = WASI_SIGNATURES[name];
        if (!signature)
            continue;
        signatures[name] = signature;
        const impl = impls[name] ?? (() => ERRNO.NOSYS);
        functions[name] = (...args) => {
            try {
                return impl(viewOf(), ...args);
            }
            catch (err) {
                if (err instanceof RangeError)
                    return ERRNO.FAULT; // pointer outside memory
                throw err;
            }
        };
    }
    return {
        signatures,
        functions,
        flush() {
            for (const fd of [1, 2]) {
                if (pending[fd])
                    options.log(fd === 1 ? 'info' : 'error', pending[fd]);
                pending[fd] = '';
            }
        },
    };
}
function zeroes(view, a, b) {
    view.setUint32(Number(a), 0, true);
    view.setUint32(Number(b), 0, true);
    return ERRNO.SUCCESS;
}

;// CONCATENATED MODULE: ./src/smoke/vm.ts






/** Functions cpp-host registers in `env` besides the proxy-wasm ABI. */
const ENV_EXTRAS = {
    pthread_equal: {
        sig: { params: ['i32', 'i32'], results: ['i32'] },
        fn: (a, b) => (a === b ? 1 : 0),
    },
    emscripten_notify_memory_growth: { sig: { params: ['i32'], results: [] }, fn: () => undefined },
};
/** Which `env` functions of the proxy host this profile and ABI version expose. */
function exposesEnv(profile, abi, name) {
    if (HIGRESS_EXTRAS.includes(name))
        return profile.higressExtras;
    if (ALL_ABI_SPECIFIC.has(name))
        return (ABI_SPECIFIC_HOST_FUNCTIONS[abi ?? ''] ?? []).includes(name);
    return true;
}
function hostTables(profile, abi, proxy, wasi) {
    const signatures = new Map();
    const functions = new Map();
    const add = (key, sig, fn) => {
        signatures.set(key, sig);
        functions.set(key, fn);
    };
    for (const module of WASI_MODULES) {
        for (const [name, sig] of Object.entries(wasi.signatures))
            add(`${module}.${name}`, sig, wasi.functions[name]);
    }
    if (proxy) {
        for (const [name, sig] of Object.entries(proxy.signatures)) {
            const fn = proxy.functions[name];
            if (fn && exposesEnv(profile, abi, name))
                add(`env.${name}`, sig, fn);
        }
        for (const [name, extra] of Object.entries(ENV_EXTRAS))
            add(`env.${name}`, extra.sig, extra.fn);
    }
    return { signatures, functions };
}
/** The host's signatures for this profile, for the link check before any VM exists. */
function vm_offeredSignatures(loaded, proxyOptions) {
    const wasi = createWasi({
        functions: loaded.profile.wasi,
        memory: () => new WebAssembly.Memory({ initial: 0 }),
        log: () => undefined,
    });
    const proxy = loaded.profile.kind === 'proxy-wasm' ? createProxyHost(proxyOptions) : null;
    return hostTables(loaded.profile, loaded.abi, proxy, wasi).signatures;
}
function vm_createVm(loaded, proxyOptions, log) {
    const { profile } = loaded;
    // Host functions may run during instantiation (a start section), before `instance` exists.
    const created = {};
    const memory = () => {
        const m = created.instance?.exports.memory;
        return m instanceof WebAssembly.Memory ? m : undefined;
    };
    const fallbackMemory = new WebAssembly.Memory({ initial: 0 });
    const wasi = createWasi({
        functions: profile.wasi,
        memory: () => memory() ?? fallbackMemory,
        log,
    });
    const proxy = profile.kind === 'proxy-wasm' ? createProxyHost(proxyOptions) : null;
    const tables = hostTables(profile, loaded.abi, proxy, wasi);
    const vm = { restricted: false };
    const imports = {};
    for (const imp of loaded.info.imports) {
        const key = `${imp.module}.${imp.name}`;
        const fn = tables.functions.get(key);
        if (!fn)
            continue; // checkImports already failed the load
        const allowed = allowedDuringStart(profile, imp.module, imp.name);
        (imports[imp.module] ??= {})[imp.name] = (...args) => {
            if (vm.restricted && !allowed)
                throw new RestrictedCallback(key);
            return fn(...args);
        };
    }
    const instance = new WebAssembly.Instance(loaded.module, imports);
    created.instance = instance;
    const exports = instance.exports;
    if (proxy) {
        const alloc = exports[allocatorName(loaded.info)];
        proxy.bind({
            memory: () => memory() ?? fallbackMemory,
            allocate: (size) => {
                if (!alloc)
                    throw new Error('Wasm module is missing malloc function.');
                return alloc(size) >>> 0;
            },
        });
    }
    return Object.assign(vm, { instance, exports, proxy, wasi, memory });
}

;// CONCATENATED MODULE: ./src/smoke/lifecycle.ts
/**
 * The in-thread smoke run: load checks, then the lifecycle as the gateway
 * drives it (canary VM, then worker VM: start, vm_start, configure; then one
 * HTTP stream, http-call responses and a tick on the worker VM). Each phase
 * is timed; the first failure ends the run and becomes the report's error.
 */








const ROOT_ID = 1;
const STREAM_ID = 2;
const ACTION_PAUSE = 1;
/** Callbacks whose result is an action (the others return a bool or nothing). */
const PAUSABLE = new Set([
    'request_headers',
    'request_body',
    'request_trailers',
    'response_headers',
    'response_body',
    'response_trailers',
]);
class Run {
    loaded;
    hooks;
    phases = [];
    logs = [];
    current = 'load';
    currentFunction = '';
    /** The VM created last (the one a failure happened in). */
    vm;
    constructor(loaded, hooks) {
        this.loaded = loaded;
        this.hooks = hooks;
    }
    log = (level, message) => {
        const line = { level, message };
        this.logs.push(line);
        this.hooks.onLog?.(line);
    };
    /** Times `body` as phase `name`; a thrown error ends the run as this phase's failure. */
    phase(name, body) {
        this.current = name;
        this.hooks.onPhase?.(name);
        const started = performance.now();
        try {
            const result = withDeepStacks(body);
            this.record({ name, ok: true, ms: performance.now() - started });
            return result;
        }
        catch (err) {
            this.record({ name, ok: false, ms: performance.now() - started });
            throw this.failure(err);
        }
    }
    record(phase) {
        this.phases.push(phase);
        this.hooks.onPhaseEnd?.(phase);
    }
    failure(err) {
        if (err instanceof VmFailure || err instanceof InputError)
            return err;
        const names = this.loaded.info.functionNames;
        const backtrace = backtraceOf(err, names, this.loaded.offsetDelta);
        const what = err instanceof ProcExit ? `proc_exit(${err.code})` : trapMessage(err);
        // No export was running: instantiation itself failed (start section, data segments).
        const message = this.currentFunction
            ? `Function: ${this.currentFunction} failed: ${what}`
            : `Failed to instantiate Wasm module: ${what}`;
        return new VmFailure(this.current, message, backtrace);
    }
    /** A fresh VM, created inside the current phase so instantiation failures belong to it. */
    createVm(options) {
        this.currentFunction = '';
        this.vm = createVm(this.loaded, options, this.log);
        return this.vm;
    }
    /**
     * Calls a plugin callback on `contextId`: the host makes it the effective
     * context and brackets the call, so data is readable only where Envoy has it
     * (the plugin configuration inside proxy_on_configure, a stream's headers
     * until the callback that delivered them continues).
     */
    callback(vm, contextId, name, ...args) {
        const proxy = vm.proxy;
        proxy.setEffectiveContext(contextId);
        proxy.beginCallback?.(contextId, name);
        const result = this.call(vm, name, ...args);
        proxy.endCallback?.(contextId, name, result);
        return result;
    }
    /** Calls an export; absent exports are skipped (undefined), as cpp-host does. */
    call(vm, name, ...args) {
        const fn = vm.exports[name];
        if (typeof fn !== 'function')
            return undefined;
        this.currentFunction = name;
        const result = fn(...args);
        return typeof result === 'number' ? result : undefined;
    }
}
function proxyOptions(options, higressExtras, log) {
    const properties = {};
    for (const [path, value] of Object.entries(options.properties ?? {})) {
        properties[path.split('.').join('\0')] = toBytes(value);
    }
    return {
        vmConfig: toBytes(options.vmConfig),
        pluginConfig: toBytes(options.pluginConfig),
        properties,
        httpCallResponse: { ...DEFAULT_HTTP_CALL_RESPONSE, ...options.httpCallResponse },
        stream: { ...DEFAULT_STREAM, ...options.request },
        higressExtras,
        pluginName: 'smoke',
        log: (level, message) => log(level, message),
    };
}
/** _initialize then main/__main_void, or _start, with host calls restricted. */
function startVm(run, vm, plan, restricted) {
    vm.restricted = restricted;
    try {
        if (plan.kind === 'reactor') {
            run.call(vm, '_initialize');
            if (plan.main)
                run.call(vm, plan.main, ...(plan.main === 'main' ? [0, 0] : []));
        }
        else if (plan.kind === 'command') {
            run.call(vm, '_start');
        }
    }
    finally {
        vm.restricted = false;
        vm.wasi.flush();
    }
}
/** What a Higress redis call is answered with: a RESP simple string. */
const REDIS_OK = new TextEncoder().encode('+OK\r\n');
/**
 * Delivers what the plugin is waiting for, as the gateway would between
 * callbacks: http call responses (the canned one), queue-ready notifications
 * and Higress redis replies. Rounds, because an answer may start another call.
 */
function answerPending(run, vm) {
    const proxy = vm.proxy;
    for (let round = 0; round < 16; round++) {
        const calls = proxy.takePendingHttpCalls();
        const queues = proxy.takeQueueReady?.() ?? [];
        const redis = proxy.takePendingRedisCalls?.() ?? [];
        if (calls.length + queues.length + redis.length === 0)
            return;
        for (const call of calls) {
            const context = call.rootContextId ?? ROOT_ID;
            run.phase('http_call_response', () => {
                const sizes = proxy.prepareHttpCallResponse(call);
                try {
                    run.callback(vm, context, 'proxy_on_http_call_response', context, call.token, sizes.headers, sizes.bodySize, sizes.trailers);
                }
                finally {
                    proxy.finishHttpCallResponse();
                }
            });
        }
        for (const q of queues) {
            run.phase('queue_ready', () => run.callback(vm, q.contextId, 'proxy_on_queue_ready', q.contextId, q.token));
        }
        for (const call of redis) {
            run.phase('redis_call_response', () => {
                const size = proxy.prepareRedisCallResponse(call, REDIS_OK);
                try {
                    run.callback(vm, call.rootContextId, 'proxy_on_redis_call_response', call.rootContextId, call.token, 0, size);
                }
                finally {
                    proxy.finishRedisCallResponse();
                }
            });
        }
    }
}
/** One VM through start, proxy_on_context_create, proxy_on_vm_start and proxy_on_configure. */
function startAndConfigure(run, plan, label, options) {
    const vm = run.phase(`${label}.start`, () => {
        const created = run.createVm(options);
        startVm(run, created, plan, true);
        return created;
    });
    const proxy = vm.proxy;
    run.phase(`${label}.vm_start`, () => {
        proxy.contextCreated?.(ROOT_ID, 0);
        run.callback(vm, ROOT_ID, 'proxy_on_context_create', ROOT_ID, 0);
        if (run.callback(vm, ROOT_ID, 'proxy_on_vm_start', ROOT_ID, options.vmConfig.length) === 0) {
            throw new VmFailure(run.current, label === 'canary' ? 'Failed to start base Wasm' : 'Failed to start thread-local Wasm');
        }
    });
    run.phase(`${label}.configure`, () => {
        if (run.callback(vm, ROOT_ID, 'proxy_on_configure', ROOT_ID, options.pluginConfig.length) === 0) {
            throw new VmFailure(run.current, label === 'canary'
                ? 'Failed to configure base Wasm plugin'
                : 'Failed to configure thread-local Wasm plugin');
        }
    });
    answerPending(run, vm);
    return vm;
}
function pairsCount(pairs) {
    return pairs.length;
}
/** Context 2 under root 1: request, response, log, done, delete. */
function driveStream(run, vm, options) {
    const proxy = vm.proxy;
    const s = options.stream;
    const step = (name, fn, ...args) => {
        run.phase(`http.${name}`, () => {
            const result = run.callback(vm, STREAM_ID, fn, STREAM_ID, ...args);
            if (result === ACTION_PAUSE && PAUSABLE.has(name)) {
                run.log('debug', `smoke: ${fn} paused the stream`);
            }
            // proxy_on_done false: the context finishes later with proxy_done.
            if (name === 'done' && result === 0)
                proxy.expectDone?.(STREAM_ID);
        });
        answerPending(run, vm);
    };
    run.phase('http.context_create', () => {
        proxy.contextCreated?.(STREAM_ID, ROOT_ID);
        run.callback(vm, STREAM_ID, 'proxy_on_context_create', STREAM_ID, ROOT_ID);
    });
    const reqBody = new TextEncoder().encode(s.requestBody).length;
    const respBody = new TextEncoder().encode(s.responseBody).length;
    const reqTrailers = s.requestTrailers.length > 0;
    const respTrailers = s.responseTrailers.length > 0;
    step('request_headers', 'proxy_on_request_headers', pairsCount(s.requestHeaders), reqBody === 0 && !reqTrailers ? 1 : 0);
    if (reqBody > 0)
        step('request_body', 'proxy_on_request_body', reqBody, reqTrailers ? 0 : 1);
    if (reqTrailers)
        step('request_trailers', 'proxy_on_request_trailers', pairsCount(s.requestTrailers));
    step('response_headers', 'proxy_on_response_headers', pairsCount(s.responseHeaders), respBody === 0 && !respTrailers ? 1 : 0);
    if (respBody > 0)
        step('response_body', 'proxy_on_response_body', respBody, respTrailers ? 0 : 1);
    if (respTrailers)
        step('response_trailers', 'proxy_on_response_trailers', pairsCount(s.responseTrailers));
    for (const local of proxy.localResponses()) {
        run.log('info', `smoke: local response ${local.status} sent on context ${local.contextId}`);
    }
    step('log', 'proxy_on_log');
    step('done', 'proxy_on_done');
    step('delete', 'proxy_on_delete');
}
/** plain WASI: `_start` (exit code 0 passes), or `_initialize` then the configured export. */
function runWasi(run, plan, options, proxyOptions) {
    const exit = (err) => {
        if (!(err instanceof ProcExit))
            throw err;
        if (err.code !== 0)
            throw new VmFailure(run.current, `Function: ${run.currentFunction} failed: exit code ${err.code}`);
        return true;
    };
    if (plan.kind === 'none') {
        throw new VmFailure('start', 'Wasm module exports neither _start nor _initialize');
    }
    let exited = false;
    const vm = run.phase('start', () => {
        const created = run.createVm(proxyOptions);
        try {
            startVm(run, created, plan, false);
        }
        catch (err) {
            exited = exit(err);
        }
        return created;
    });
    if (plan.kind !== 'reactor' || exited || !options.wasiExport)
        return vm;
    const name = options.wasiExport;
    if (typeof vm.exports[name] !== 'function') {
        throw new VmFailure('call', `Wasm module does not export function ${name}`);
    }
    run.phase('call', () => {
        try {
            const result = run.call(vm, name);
            if (result !== undefined)
                run.log('info', `smoke: ${name} returned ${result}`);
        }
        catch (err) {
            exit(err);
        }
        finally {
            vm.wasi.flush();
        }
    });
    return vm;
}
function memoryNote(run) {
    const vm = run.vm;
    const limit = run.loaded.memoryLimitBytes;
    const size = vm?.memory()?.buffer.byteLength ?? 0;
    const outOfMemory = run.logs.some((l) => /out of memory/i.test(l.message));
    if (size + (16 << 20) < limit && !outOfMemory)
        return '';
    return ` (linear memory at ${formatMiB(size)}: the smoke test's memory limit is ${formatMiB(limit)})`;
}
/**
 * Runs the smoke test in this thread (no timeout: use smokeTest for
 * isolation). Throws InputError for bad input (unknown profile, malformed wasm).
 */
async function runSmoke(wasm, options = {}, hooks = {}) {
    const hostName = options.host ?? DEFAULT_PROFILE;
    const profile = findProfile(hostName);
    if (!profile) {
        throw new InputError(`unknown host profile '${hostName}' (known: ${Object.keys(PROFILES).join(', ')})`);
    }
    const file = options.file ?? 'module.wasm';
    const limitBytes = (options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB) * (1 << 20);
    const report = {
        ok: false,
        host: profile.name,
        abi: null,
        entry: null,
        phases: [],
        logs: [],
        error: null,
    };
    let run;
    let vm;
    const loadStarted = performance.now();
    try {
        hooks.onPhase?.('load');
        const loaded = await compileModule(wasm, file, profile, limitBytes);
        run = new Run(loaded, hooks);
        report.abi = loaded.abi;
        const popts = proxyOptions(options, profile.higressExtras, run.log);
        checkImports(loaded, offeredSignatures(loaded, popts));
        const plan = checkExports(loaded);
        report.entry =
            plan.kind === 'reactor'
                ? ['_initialize', plan.main].filter(Boolean).join('+')
                : plan.kind === 'command'
                    ? '_start'
                    : null;
        run.record({ name: 'load', ok: true, ms: performance.now() - loadStarted });
        hooks.onLoad?.({ abi: report.abi, entry: report.entry });
        if (profile.kind === 'wasi') {
            vm = runWasi(run, plan, options, popts);
        }
        else {
            // The gateway configures a canary clone first, then each worker's own VM.
            startAndConfigure(run, plan, 'canary', popts);
            vm = startAndConfigure(run, plan, 'worker', popts);
            driveStream(run, vm, popts);
            if (vm.proxy.tickPeriodMs(ROOT_ID) > 0) {
                run.phase('tick', () => run.callback(vm, ROOT_ID, 'proxy_on_tick', ROOT_ID));
                answerPending(run, vm);
            }
        }
        report.ok = true;
    }
    catch (err) {
        if (err instanceof InputError)
            throw err;
        const failure = err instanceof VmFailure ? err : run ? run.failure(err) : new VmFailure('load', String(err));
        if (failure.phase === 'load' && !run?.phases.some((p) => p.name === 'load')) {
            (run?.phases ?? report.phases).push({
                name: 'load',
                ok: false,
                ms: performance.now() - loadStarted,
            });
        }
        const note = run ? memoryNote(run) : '';
        report.error = {
            phase: failure.phase,
            message: failure.message + note,
            backtrace: failure.backtrace,
        };
    }
    finally {
        run?.vm?.wasi.flush();
    }
    if (run) {
        report.phases = run.phases;
        report.logs = run.logs;
    }
    return report;
}

// EXTERNAL MODULE: ./src/smoke/config.ts
var config = __webpack_require__(6947);
;// CONCATENATED MODULE: ./src/smoke/index.ts
/** The smoke stage: load a wasm module the way the gateway does. */








/***/ }),

/***/ 2695:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $O: () => (/* binding */ findProfile),
/* harmony export */   KG: () => (/* binding */ DEFAULT_PROFILE),
/* harmony export */   jI: () => (/* binding */ PROFILES)
/* harmony export */ });
/* unused harmony exports WASI_LEGACY, WASI_GO_MINIMAL, WASI_PREVIEW1, HIGRESS_EXTRAS, PROXY_ABI_MARKERS, allowedDuringStart */
/**
 * Host profiles: what each gateway generation's loader (proxy-wasm-cpp-host,
 * or the Higress fork) offers a module, as plain data. docs/smoke.md says
 * which releases each one stands for and how the lists were established.
 */
/** The 15 WASI preview1 functions cpp-host registered before 2024-12-19. */
const WASI_LEGACY = [
    'fd_write',
    'fd_read',
    'fd_seek',
    'fd_close',
    'fd_fdstat_get',
    'environ_get',
    'environ_sizes_get',
    'args_get',
    'args_sizes_get',
    'clock_time_get',
    'random_get',
    'proc_exit',
    'path_open',
    'fd_prestat_get',
    'fd_prestat_dir_name',
];
/** Added by cpp-host #427 (merged 2024-12-19) for the Go SDK's runtime. */
const WASI_GO_MINIMAL = ['fd_fdstat_set_flags', 'sched_yield', 'poll_oneoff'];
/** Every WASI preview1 function (46). */
const WASI_PREVIEW1 = [
    'args_get',
    'args_sizes_get',
    'environ_get',
    'environ_sizes_get',
    'clock_res_get',
    'clock_time_get',
    'fd_advise',
    'fd_allocate',
    'fd_close',
    'fd_datasync',
    'fd_fdstat_get',
    'fd_fdstat_set_flags',
    'fd_fdstat_set_rights',
    'fd_filestat_get',
    'fd_filestat_set_size',
    'fd_filestat_set_times',
    'fd_pread',
    'fd_prestat_get',
    'fd_prestat_dir_name',
    'fd_pwrite',
    'fd_read',
    'fd_readdir',
    'fd_renumber',
    'fd_seek',
    'fd_sync',
    'fd_tell',
    'fd_write',
    'path_create_directory',
    'path_filestat_get',
    'path_filestat_set_times',
    'path_link',
    'path_open',
    'path_readlink',
    'path_remove_directory',
    'path_rename',
    'path_symlink',
    'path_unlink_file',
    'poll_oneoff',
    'proc_exit',
    'proc_raise',
    'sched_yield',
    'random_get',
    'sock_accept',
    'sock_recv',
    'sock_send',
    'sock_shutdown',
];
/** The Higress fork's extra `env` imports (proxy-wasm ABI extensions). */
const HIGRESS_EXTRAS = (/* unused pure expression or super */ null && ([
    'proxy_redis_init',
    'proxy_redis_call',
    'proxy_inject_encoded_data_to_filter_chain',
    'proxy_set_upstream_override_host',
    'proxy_get_upstream_hosts',
]));
/** Host calls allowed while `_initialize` / `main` / `_start` run (cpp-host startVm). */
const START_ALLOW_LEGACY = [
    'env.proxy_log',
    'fd_write',
    'args_sizes_get',
    'args_get',
    'environ_sizes_get',
    'environ_get',
    'fd_prestat_get',
    'fd_prestat_dir_name',
    'clock_time_get',
    'random_get',
];
/** cpp-host #427 allowed the Go runtime's fdstat calls during start. */
const START_ALLOW_427 = [...START_ALLOW_LEGACY, 'fd_fdstat_get', 'fd_fdstat_set_flags'];
/** cpp-host #533 (and the Higress fork): Go module initializers may also poll and read clocks. */
const START_ALLOW_533 = [...START_ALLOW_427, 'poll_oneoff', 'clock_res_get'];
const PROXY_ABI_MARKERS = [
    'proxy_abi_version_0_1_0',
    'proxy_abi_version_0_2_0',
    'proxy_abi_version_0_2_1',
];
const PROFILES = {
    'envoy-legacy': {
        name: 'envoy-legacy',
        description: 'proxy-wasm-cpp-host before 2024-12-19 (15 WASI functions)',
        kind: 'proxy-wasm',
        abiMarkers: PROXY_ABI_MARKERS,
        wasi: WASI_LEGACY,
        startAllowList: START_ALLOW_LEGACY,
        higressExtras: false,
        mainVoid: false,
    },
    envoy: {
        name: 'envoy',
        description: 'proxy-wasm-cpp-host after #427 (+ fd_fdstat_set_flags, sched_yield, poll_oneoff)',
        kind: 'proxy-wasm',
        abiMarkers: PROXY_ABI_MARKERS,
        wasi: [...WASI_LEGACY, ...WASI_GO_MINIMAL],
        startAllowList: START_ALLOW_427,
        higressExtras: false,
        mainVoid: false,
    },
    'envoy-2026': {
        name: 'envoy-2026',
        description: 'proxy-wasm-cpp-host after #533 (all of WASI preview1)',
        kind: 'proxy-wasm',
        abiMarkers: PROXY_ABI_MARKERS,
        wasi: WASI_PREVIEW1,
        startAllowList: START_ALLOW_533,
        higressExtras: false,
        mainVoid: true,
    },
    higress: {
        name: 'higress',
        description: 'the Higress fork of proxy-wasm-cpp-host (all of WASI preview1, Higress extras)',
        kind: 'proxy-wasm',
        abiMarkers: [...PROXY_ABI_MARKERS, 'proxy_abi_version_0_2_100'],
        wasi: WASI_PREVIEW1,
        startAllowList: START_ALLOW_533,
        higressExtras: true,
        mainVoid: false,
    },
    wasi: {
        name: 'wasi',
        description: 'plain WASI preview1: `_start`, or `_initialize` then a configured export',
        kind: 'wasi',
        abiMarkers: [],
        wasi: WASI_PREVIEW1,
        startAllowList: [],
        higressExtras: false,
        mainVoid: false,
    },
};
const DEFAULT_PROFILE = 'higress';
/** The profile by name, or undefined. */
function findProfile(name) {
    return Object.hasOwn(PROFILES, name) ? PROFILES[name] : undefined;
}
/** Whether `module.name` may run while the module starts under `profile`. */
function allowedDuringStart(profile, module, name) {
    const list = profile.startAllowList;
    return module === 'env' ? list.includes(`env.${name}`) : list.includes(name);
}


/***/ })

};
