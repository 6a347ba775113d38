export const id = 366;
export const ids = [366];
export const modules = {

/***/ 1983:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  A: () => (/* binding */ buildAll)
});

// UNUSED EXPORTS: buildPlugins

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/repo/discover.ts + 4 modules
var discover = __webpack_require__(6802);
// EXTERNAL MODULE: ./src/repo/gomod.ts
var gomod = __webpack_require__(8870);
// EXTERNAL MODULE: ./src/repo/sdk.ts
var sdk = __webpack_require__(2004);
;// CONCATENATED MODULE: ./src/build/commands.ts
function goBuildCommand(plugin, out, go = 'go') {
    const s = plugin.settings;
    const argv = [
        go,
        'build',
        '-buildmode=c-shared',
        '-trimpath',
        '-mod=readonly',
        '-buildvcs=false',
    ];
    if (s.extraTags.length)
        argv.push(`-tags=${s.extraTags.join(',')}`);
    if (s.ldflags)
        argv.push(`-ldflags=${s.ldflags}`);
    argv.push(...s.buildFlags, '-o', out, '.');
    return { argv, env: { GOOS: 'wasip1', GOARCH: 'wasm', GOTOOLCHAIN: 'local' }, cwd: plugin.dir };
}
/** `0.28.1` -> [0, 28, 1]; undefined when not a version. */
function parts(version) {
    const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version ?? '');
    return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}
/** The WASI target name this TinyGo version understands. */
function tinygoTarget(tinygoVersion) {
    const v = parts(tinygoVersion);
    if (!v)
        return 'wasip1';
    return v[0] > 0 || v[1] >= 32 ? 'wasip1' : 'wasi';
}
function tinygoTags(settings, customGc) {
    return [...(customGc ? ['custommalloc', 'nottinygc_finalizer'] : []), ...settings.extraTags];
}
function tinygoBuildCommand(plugin, out, options) {
    const s = plugin.settings;
    const argv = [options.tinygo ?? 'tinygo', 'build', '-o', out, '-scheduler=none'];
    if (options.customGc)
        argv.push('-gc=custom');
    const tags = tinygoTags(s, options.customGc);
    // TinyGo splits -tags on spaces, as Higress's Makefile passed them.
    if (tags.length)
        argv.push(`-tags=${tags.join(' ')}`);
    argv.push(`-target=${tinygoTarget(options.version)}`);
    if (s.ldflags)
        argv.push(`-ldflags=${s.ldflags}`);
    argv.push(...s.buildFlags, './');
    return { argv, env: {}, cwd: plugin.dir };
}
/** Arguments for the optional wasm-opt pass; keeps the name section for backtraces. */
const DEFAULT_WASM_OPT_ARGS = [
    '-O2',
    '--enable-bulk-memory',
    '--enable-sign-ext',
    '--enable-nontrapping-float-to-int',
    '--enable-mutable-globals',
];
function wasmOptCommand(input, out, args = DEFAULT_WASM_OPT_ARGS, wasmOpt = 'wasm-opt') {
    return [wasmOpt, input, '-o', out, ...args];
}

;// CONCATENATED MODULE: ./src/build/diagnostics.ts
/**
 * Compiler errors (go build, go vet-style type errors, TinyGo) turned into
 * annotations: `path/file.go:12:5: message`, with the path made relative to
 * the repository so the annotation lands on the pull request's file.
 */

const LINE = /^(?:\s*)((?:[A-Za-z]:)?[^\s:][^:]*\.(?:go|s|c|h|mod|sum|work)):(\d+)(?::(\d+))?: (.+)$/;
/**
 * Errors in `output` of a build run in `cwd`. Files outside `repoDir` (the
 * module cache) keep no location, since no pull request shows them.
 */
function parseDiagnostics(output, cwd, repoDir) {
    const out = [];
    for (const line of output.split(/\r?\n/)) {
        const m = LINE.exec(line);
        if (!m)
            continue;
        const abs = (0,external_node_path_.isAbsolute)(m[1]) ? m[1] : (0,external_node_path_.resolve)(cwd, m[1]);
        const rel = (0,external_node_path_.relative)(repoDir, abs);
        if (rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel)) {
            out.push({ message: `${m[1]}:${m[2]}: ${m[4]}` });
            continue;
        }
        const where = { file: rel.split(external_node_path_.sep).join('/'), line: Number(m[2]) };
        if (m[3])
            where.column = Number(m[3]);
        out.push({ message: m[4], where });
    }
    return out;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/build/exec.ts
/**
 * Runs one tool (never through a shell) and captures its output, stdout and
 * stderr interleaved as the tool wrote them, for one log group per plugin.
 */

function execTool(argv, options) {
    const started = performance.now();
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(argv[0], argv.slice(1), {
            cwd: options.cwd,
            env: options.env,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const chunks = [];
        child.stdout.on('data', (c) => chunks.push(c));
        child.stderr.on('data', (c) => chunks.push(c));
        child.on('error', (err) => reject(new Error(`cannot run ${argv[0]}: ${err.message}`)));
        child.on('close', (code, signal) => resolve({
            code: code ?? (signal ? 128 : 1),
            output: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
        }));
    });
}

;// CONCATENATED MODULE: ./src/build/gotest.ts
/**
 * The optional go-test step: the plugin's own Go tests, run natively with
 * WASM_FILE_PATH pointing at the module just built. Higress's test harness
 * (wasm-go pkg/test) runs each test natively and again against the wasm when
 * it finds one, and silently skips the wasm mode otherwise; here a plugin
 * whose tests could not exercise the wasm fails instead of passing quietly.
 */




/** Test harnesses known to run tests against the module in WASM_FILE_PATH. */
const WASM_TEST_HARNESSES = [
    'github.com/higress-group/wasm-go/pkg/test',
    'github.com/alibaba/higress/plugins/wasm-go/pkg/test',
];
/** Why the wasm mode would be skipped, or undefined when the tests can run it. */
function wasmModeGap(pluginDir, wasm) {
    if (!(0,external_node_fs_.existsSync)(wasm) || (0,external_node_fs_.statSync)(wasm).size === 0)
        return `no wasm at ${wasm}`;
    const tests = (0,external_node_fs_.readdirSync)(pluginDir).filter((n) => n.endsWith('_test.go'));
    if (tests.length === 0)
        return 'the plugin has no _test.go files';
    const text = tests.map((n) => (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(pluginDir, n), 'utf8')).join('\n');
    const usesHarness = WASM_TEST_HARNESSES.some((h) => text.includes(`"${h}"`));
    if (!usesHarness && !text.includes('WASM_FILE_PATH')) {
        return `its tests neither use a wasm-mode harness (${WASM_TEST_HARNESSES[0]}) nor read WASM_FILE_PATH, so the wasm would not be tested`;
    }
    return undefined;
}
async function runGoTest(plugin, wasm, options) {
    const gap = wasmModeGap(plugin.dir, wasm);
    if (gap)
        return { ok: false, error: `go-test: ${gap}`, output: '', diagnostics: [] };
    // Native run: the wasm target variables of the build must not leak in.
    const env = { ...process.env, WASM_FILE_PATH: wasm };
    delete env.GOOS;
    delete env.GOARCH;
    if (options.goCache)
        env.GOCACHE = options.goCache;
    if (options.path.length)
        env.PATH = [...options.path, process.env.PATH ?? ''].join(external_node_path_.delimiter);
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

// EXTERNAL MODULE: ./src/build/pool.ts
var pool = __webpack_require__(7884);
;// CONCATENATED MODULE: ./src/build/build.ts
/**
 * The build stage: every plugin compiled to wasm with its .buildrc flags, in
 * parallel (one job per core by default) sharing one GOCACHE. Each plugin's
 * output is kept in its own log group, compiler errors become file:line
 * annotations, and a wasm is only ever renamed into place once complete.
 */













/** The tool of `name` to use: the installed version asked for, else the newest installed, else PATH. */
function pickTool(toolchains, name, wanted) {
    const installs = toolchains?.tools.filter((t) => t.tool === name) ?? [];
    const pick = installs.find((t) => t.version === wanted || t.version === wanted?.replace(/^go/, '')) ??
        installs.at(-1);
    if (!pick)
        return { cmd: name, path: [] };
    return { cmd: (0,external_node_path_.join)(pick.binDir, name), path: [pick.binDir], version: pick.version };
}
const versions = new Map();
/** `go env GOVERSION` / `tinygo version`, once per binary. */
function toolVersion(tool, kind, env) {
    const key = `${kind}:${tool.cmd}`;
    let v = versions.get(key);
    if (!v) {
        const argv = kind === 'go' ? [tool.cmd, 'env', 'GOVERSION'] : [tool.cmd, 'version'];
        v = execTool(argv, { cwd: process.cwd(), env }).then((r) => {
            if (r.code !== 0)
                throw new Error(`${argv.join(' ')} failed: ${r.output.trim()}`);
            const out = r.output.trim();
            return kind === 'go'
                ? out.replace(/^go/, '')
                : (/tinygo version (\S+)/.exec(out)?.[1] ?? out);
        });
        versions.set(key, v);
    }
    return v;
}
function envWith(base, added, path) {
    const env = { ...base, ...added };
    if (path.length)
        env.PATH = [...path, base.PATH ?? ''].join(external_node_path_.delimiter);
    return env;
}
function sha256(file) {
    return (0,external_node_crypto_.createHash)('sha256').update((0,external_node_fs_.readFileSync)(file)).digest('hex');
}
async function buildOne(plugin, options) {
    const started = performance.now();
    const dir = (0,external_node_path_.resolve)(options.outDir, plugin.name);
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const wasm = (0,external_node_path_.join)(dir, 'plugin.wasm');
    const tmp = (0,external_node_path_.join)(dir, `.plugin.${process.pid}.wasm.tmp`);
    // A failed build must not leave the previous module looking like its output.
    (0,external_node_fs_.rmSync)(wasm, { force: true });
    const added = {};
    if (options.goCache)
        added.GOCACHE = options.goCache;
    let command;
    let tool;
    let version;
    if (plugin.builder === 'tinygo') {
        tool = pickTool(options.toolchains, 'tinygo', plugin.settings.tinygoVersion);
        const goTool = pickTool(options.toolchains, 'go', plugin.settings.goVersion);
        tool.path.push(...goTool.path);
        version = await toolVersion(tool, 'tinygo', envWith(process.env, added, tool.path));
        const modFile = (0,discover/* governingGoMod */._)(options.repoDir, plugin.dir);
        const customGc = modFile
            ? (0,sdk/* usesNottinygc */.GV)((0,gomod/* parseGoMod */.k)((0,external_node_fs_.readFileSync)(modFile, 'utf8'), modFile))
            : false;
        command = tinygoBuildCommand(plugin, tmp, { version, customGc, tinygo: tool.cmd });
    }
    else {
        tool = pickTool(options.toolchains, 'go', plugin.settings.goVersion);
        version = await toolVersion(tool, 'go', envWith(process.env, added, tool.path));
        command = goBuildCommand(plugin, tmp, tool.cmd);
    }
    const env = { ...command.env, ...added };
    const fail = (error, output, diagnostics = []) => {
        (0,external_node_fs_.rmSync)(tmp, { force: true });
        (0,external_node_fs_.rmSync)(`${tmp}.opt`, { force: true });
        return { plugin, error, diagnostics, output };
    };
    const built = await execTool(command.argv, {
        cwd: command.cwd,
        env: envWith(process.env, env, tool.path),
    });
    let output = `$ ${command.argv.join(' ')}\n${built.output}`;
    if (built.code !== 0 || !(0,external_node_fs_.existsSync)(tmp)) {
        const diagnostics = parseDiagnostics(built.output, command.cwd, options.repoDir);
        return fail(`${plugin.builder} build exited with code ${built.code}`, output, diagnostics);
    }
    if (options.wasmOpt) {
        const optTool = pickTool(options.toolchains, 'wasm-opt');
        const args = typeof options.wasmOpt === 'object' ? options.wasmOpt.args : undefined;
        const optOut = `${tmp}.opt`;
        const argv = wasmOptCommand(tmp, optOut, args, optTool.cmd);
        const opt = await execTool(argv, { cwd: dir, env: envWith(process.env, {}, optTool.path) });
        output += `$ ${argv.join(' ')}\n${opt.output}`;
        if (opt.code !== 0 || !(0,external_node_fs_.existsSync)(optOut))
            return fail(`wasm-opt exited with code ${opt.code}`, output);
        (0,external_node_fs_.renameSync)(optOut, tmp);
    }
    (0,external_node_fs_.renameSync)(tmp, wasm); // atomic: a reader never sees half a module
    const result = {
        plugin,
        wasm,
        size: (0,external_node_fs_.statSync)(wasm).size,
        sha256: sha256(wasm),
        ms: Math.round(performance.now() - started),
        command: command.argv.map((a) => (a === tmp ? wasm : a)),
        env,
        toolchainVersion: version,
    };
    if (options.goTest) {
        const goTool = pickTool(options.toolchains, 'go', plugin.settings.goVersion);
        const test = await runGoTest(plugin, wasm, { ...options, go: goTool.cmd, path: goTool.path });
        output += test.output;
        if (!test.ok)
            return { plugin, result, error: test.error, diagnostics: test.diagnostics, output };
    }
    return { plugin, result, diagnostics: [], output };
}
/**
 * The first plugin of each builder, built alone before the others: on a
 * cold cache it compiles the runtime, standard library and SDK once for
 * everybody, where parallel builds would each compile them at the same time.
 */
function primers(plugins, jobs) {
    const first = new Set();
    if (jobs < 2)
        return first;
    for (const builder of ['go', 'tinygo']) {
        const same = plugins.filter((p) => p.builder === builder);
        if (same.length > 1)
            first.add(same[0]);
    }
    return first;
}
/** Builds every plugin; one outcome per plugin in input order, failures included. */
async function buildAll(plugins, options, log) {
    const jobs = options.jobs ?? (0,external_node_os_.availableParallelism)();
    const one = async (plugin) => {
        const outcome = await buildOne(plugin, options).catch((err) => ({
            plugin,
            error: err.message,
            diagnostics: [],
            output: '',
        }));
        // One group per plugin, written once it is done, so parallel output never interleaves.
        await log.group(`${plugin.builder} build ${plugin.name}`, async () => {
            if (outcome.output)
                log.info(outcome.output.trimEnd());
            for (const d of outcome.diagnostics)
                log.error(d.message, d.where);
            if (outcome.error)
                log.error(`${plugin.name}: ${outcome.error}`);
            else if (outcome.result) {
                log.info(`${plugin.name}: ${outcome.result.size} bytes, sha256 ${outcome.result.sha256}, ${outcome.result.ms} ms`);
            }
        });
        return outcome;
    };
    const first = primers(plugins, jobs);
    const outcomes = new Map();
    const record = (list, settled) => settled.forEach((s, i) => outcomes.set(list[i], s.status === 'fulfilled'
        ? s.value
        : {
            plugin: list[i],
            error: String(s.reason?.message ?? s.reason),
            diagnostics: [],
            output: '',
        }));
    const primed = [...first];
    record(primed, await (0,pool/* mapLimit */.s)(primed, jobs, one));
    const rest = plugins.filter((p) => !first.has(p));
    record(rest, await (0,pool/* mapLimit */.s)(rest, jobs, one));
    return plugins.map((p) => outcomes.get(p));
}
/** Builds every plugin; throws a PluginFailure naming the ones that failed. */
async function buildPlugins(plugins, options, log) {
    const outcomes = await buildAll(plugins, options, log);
    const failed = outcomes.filter((o) => o.error);
    if (failed.length) {
        throw new PluginFailure(`build failed: ${failed.map((o) => `${o.plugin.name} (${o.error})`).join(', ')}`);
    }
    return outcomes.map((o) => o.result);
}


/***/ }),

/***/ 4096:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ outcomeSummary),
/* harmony export */   v: () => (/* binding */ DEFAULT_OUT_DIR)
/* harmony export */ });
/** Default output directory, relative to the repository: hidden, so discovery skips it. */
const DEFAULT_OUT_DIR = '.wasm-plugin-ci/build';
function outcomeSummary(o) {
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


/***/ }),

/***/ 8485:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   credentialsFrom: () => (/* reexport safe */ _oci_env_credentials_js__WEBPACK_IMPORTED_MODULE_3__.T),
/* harmony export */   "default": () => (__WEBPACK_DEFAULT_EXPORT__)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1922);
/* harmony import */ var _oci_env_credentials_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5185);
/* harmony import */ var _oci_layouts_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(166);
/* harmony import */ var _oci_publish_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8482);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2148);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1604);
/**
 * `wasm-plugin-ci push PLUGIN_DIR|FILE.wasm --ref REGISTRY/REPO:TAG[,TAG...]
 *  [--layout higress|compat|oci] [--oci-layout DIR[:TAG,...]] [--json]`
 * Credentials come from WPCI_REGISTRY_USERNAME / WPCI_REGISTRY_PASSWORD (or
 * the password on stdin) or docker's config.json, never from the command line.
 */








const HELP = `usage: wasm-plugin-ci push PLUGIN_DIR|FILE.wasm --ref REGISTRY/REPO:TAG[,TAG...]
                          [--layout higress|compat|oci] [--oci-layout DIR[:TAG,...]]
                          [--image-spec auto|1.1|1.0] [--insecure] [--password-stdin]
                          [--mount-from REPO] [--version V] [--source URL] [--revision SHA]
                          [--created RFC3339] [--json]
Credentials: WPCI_REGISTRY_USERNAME with WPCI_REGISTRY_PASSWORD (or --password-stdin),
else docker's config.json. Never on the command line.
`;
/** The module and the directory its docs (README, spec.yaml, icon.png) live in. */
function locate(target, cwd) {
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, target);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: '${target}' does not exist`);
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isDirectory()) {
        const wasm = ['plugin.wasm', 'main.wasm'].map((f) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(path, f)).find(node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync);
        if (!wasm)
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: no plugin.wasm in '${target}' (build it first, or pass FILE.wasm)`);
        return { wasm, dir: path, name: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(path) };
    }
    if (!path.endsWith('.wasm'))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: '${target}' is neither a plugin directory nor a .wasm file`);
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path);
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(path, '.wasm');
    return { wasm: path, dir, name: file === 'plugin' || file === 'main' ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(dir) : file };
}
// Kept here too: the run command imports it from this module.

/** A repository on the same registry to cross-mount blobs from. */
function mountFrom(value) {
    if (value === undefined)
        return undefined;
    if (!/^[a-z0-9]+(?:[._/-][a-z0-9]+|__[a-z0-9]+)*$/.test(value)) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: --mount-from '${value}' is not a repository name`);
    }
    return value;
}
const push = async (args, io) => {
    const { values, positionals } = (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .parseCommandArgs */ .Q)('push', args, {
        ref: { type: 'string' },
        layout: { type: 'string', default: 'higress' },
        'oci-layout': { type: 'string' },
        'image-spec': { type: 'string', default: 'auto' },
        insecure: { type: 'boolean', default: false },
        'password-stdin': { type: 'boolean', default: false },
        'mount-from': { type: 'string' },
        version: { type: 'string' },
        source: { type: 'string' },
        revision: { type: 'string' },
        created: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
    }, true);
    if (values.help) {
        io.stderr(HELP);
        return 0;
    }
    if (positionals.length !== 1)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: expected one PLUGIN_DIR or FILE.wasm\n${HELP}`);
    const layout = (0,_oci_layouts_js__WEBPACK_IMPORTED_MODULE_4__/* .parseLayout */ .U8)(values.layout);
    const imageSpec = values['image-spec'];
    if (!['auto', '1.1', '1.0'].includes(imageSpec))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: --image-spec '${imageSpec}' is not auto, 1.1 or 1.0`);
    if (!values.ref && !values['oci-layout'])
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('push: give --ref REGISTRY/REPO:TAG or --oci-layout DIR:TAG');
    if (values.created && Number.isNaN(Date.parse(values.created)))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: --created '${values.created}' is not a date`);
    const found = locate(positionals[0], io.cwd);
    const versionFile = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(found.dir, 'VERSION');
    const version = values.version ??
        ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(versionFile) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(versionFile, 'utf8').trim() : undefined);
    const ref = values.ref ? (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .parseImageRef */ .Q)(values.ref, { multipleTags: true }) : undefined;
    if (ref && !ref.tags.length)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: --ref '${values.ref}' needs at least one tag`);
    const common = {
        plugin: found.name,
        wasm: found.wasm,
        pluginDir: found.dir,
        layout,
        version,
        imageSpec: imageSpec,
        metadata: {
            version,
            source: values.source,
            revision: values.revision,
            created: values.created,
            title: found.name,
        },
    };
    const results = [];
    if (ref) {
        results.push(await (0,_oci_publish_js__WEBPACK_IMPORTED_MODULE_5__/* .publishPlugin */ .r)({
            ...common,
            tags: ref.tags,
            target: {
                kind: 'registry',
                registry: ref.registry,
                repository: ref.repository,
                credentials: await (0,_oci_env_credentials_js__WEBPACK_IMPORTED_MODULE_3__/* .credentialsFor */ .O)(io.env, values['password-stdin']),
                insecure: values.insecure,
                mountFrom: mountFrom(values['mount-from']),
                env: io.env,
            },
        }, io.log));
    }
    if (values['oci-layout']) {
        const spec = values['oci-layout'];
        const colon = spec.lastIndexOf(':');
        const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, colon > 0 ? spec.slice(0, colon) : spec);
        const tags = colon > 0 ? spec.slice(colon + 1).split(',') : (ref?.tags ?? []);
        if (!tags.length)
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: --oci-layout '${spec}' needs tags: DIR:TAG[,TAG...]`);
        for (const t of tags)
            if (!(0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .isValidTag */ .r_)(t))
                throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: '${t}' is not a valid tag`);
        results.push(await (0,_oci_publish_js__WEBPACK_IMPORTED_MODULE_5__/* .publishPlugin */ .r)({ ...common, tags, target: { kind: 'layout', dir } }, io.log));
    }
    if (values.json)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .printJson */ .x)(io, results.length === 1 ? results[0] : results);
    return 0;
};
/* harmony default export */ const __WEBPACK_DEFAULT_EXPORT__ = (push);


/***/ }),

/***/ 4366:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_OCI_LAYOUT_DIR: () => (/* binding */ DEFAULT_OCI_LAYOUT_DIR),
  "default": () => (/* binding */ commands_run)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/build/summary.ts
var summary = __webpack_require__(4096);
// EXTERNAL MODULE: ./src/oci/layouts.ts
var layouts = __webpack_require__(166);
// EXTERNAL MODULE: ./src/oci/tags.ts + 1 modules
var oci_tags = __webpack_require__(7145);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/build/build.ts + 4 modules
var build_build = __webpack_require__(1983);
// EXTERNAL MODULE: ./src/build/pool.ts
var pool = __webpack_require__(7884);
// EXTERNAL MODULE: ./src/repo/stage.ts + 4 modules
var stage = __webpack_require__(2183);
// EXTERNAL MODULE: ./src/smoke/index.ts + 30 modules
var src_smoke = __webpack_require__(4404);
// EXTERNAL MODULE: ./src/toolchain/setup.ts + 3 modules
var toolchain_setup = __webpack_require__(7359);
// EXTERNAL MODULE: ./src/repo/discover.ts + 4 modules
var discover = __webpack_require__(6802);
// EXTERNAL MODULE: ./src/oci/publish.ts
var publish = __webpack_require__(8482);
;// CONCATENATED MODULE: ./src/pipeline.ts
/**
 * Wires the five stages: setup -> detect -> build -> smoke -> publish. Both
 * front ends (the action, the CLI) fill in PipelineOptions and call
 * runPipeline; neither holds logic of its own. A plugin that fails a stage is
 * recorded and skips the later ones; the others carry on.
 */












function selectOne(detect, name) {
    const found = detect.discovered.find((p) => p.name === name);
    if (!found) {
        const known = detect.discovered.map((p) => p.name).join(', ') || 'none';
        throw new errors/* InputError */.dz(`plugin '${name}' not found in the repository (found: ${known})`);
    }
    // A matrix leg keeps the version a release tag gave it in the detect job.
    return [detect.selected.find((p) => p.name === name) ?? found];
}
async function smokeOne(report, options, log) {
    const { plugin, build } = report;
    if (!build)
        return;
    const own = (0,src_smoke/* loadSmokeConfig */.MH)(plugin.dir, plugin.settings);
    const smoke = await (0,src_smoke/* smokeTest */.KH)(build.wasm, {
        ...own,
        // The plugin's own profile wins over the run-wide default: it knows its gateway.
        host: own.host ?? options.smoke.host,
        timeoutMs: options.smoke.timeoutMs ?? own.timeoutMs,
        memoryLimitMb: options.smoke.memoryLimitMb ?? own.memoryLimitMb,
        file: `${plugin.relDir}/plugin.wasm`,
    });
    report.smoke = smoke;
    await log.group(`smoke ${plugin.name} (${smoke.host})`, async () => {
        for (const p of smoke.phases)
            log.info(`${p.ok ? 'ok  ' : 'FAIL'} ${p.name} ${p.ms.toFixed(1)} ms`);
        for (const l of smoke.logs)
            log.info(`[${l.level}] ${l.message}`);
        // Annotate the plugin's entry file so the failure shows on the pull request.
        const file = ['main.go', 'go.mod'].map((f) => (0,external_node_path_.join)(plugin.dir, f)).find(external_node_fs_.existsSync);
        if (smoke.error) {
            log.error((0,src_smoke/* formatFailure */.M3)(smoke.error.message, smoke.error.backtrace), {
                file: (0,external_node_path_.relative)(options.repoDir, file ?? plugin.dir),
            });
        }
    });
    if (!smoke.ok) {
        report.failure = {
            stage: 'smoke',
            message: `${smoke.error?.phase ?? 'smoke'}: ${smoke.error?.message ?? 'failed'}`,
        };
    }
}
async function publishOne(report, plan, log) {
    const { plugin, build, smoke } = report;
    if (!build)
        return;
    const event = plan.releaseWhenVersioned && plugin.version ? 'release' : plan.tagContext.event;
    const tags = (0,oci_tags/* computeTags */.$o)({ ...plan.tagContext, event, plugin: plugin.name, version: plugin.version }, plan.tagsTemplate);
    if (!tags.length) {
        log.info(`${plugin.name}: no tags for this event; nothing to publish`);
        return;
    }
    report.publish = await (0,publish/* publishPlugin */.r)({
        plugin: plugin.name,
        wasm: build.wasm,
        pluginDir: plugin.dir,
        layout: plan.layout,
        tags,
        target: plan.target(plugin),
        version: plugin.version,
        metadata: {
            ...plan.metadata,
            title: plugin.name,
            version: plugin.version ?? plan.metadata?.version,
            abiVersion: smoke?.abi ?? undefined,
            builder: plugin.builder,
            toolchainVersion: build.toolchainVersion,
        },
    }, log);
}
/** A slot-limited runner for work that arrives one item at a time. */
function limiter(limit) {
    let active = 0;
    const waiting = [];
    return async (fn) => {
        if (active >= limit)
            await new Promise((go) => waiting.push(go));
        else
            active++;
        try {
            return await fn();
        }
        finally {
            const next = waiting.shift();
            if (next)
                next();
            else
                active--;
        }
    };
}
/**
 * Build, smoke and publish, pipelined per plugin: a plugin is smoke-tested as
 * soon as its own build is done and published as soon as its smoke passed,
 * while the other plugins are still building. The first plugin of each
 * builder that has several builds alone first, so that the parallel builds
 * after it share a warm build cache; builds and smoke tests each run at most `jobs` at a time;
 * publishing runs one plugin at a time. Reports keep the plugins' order.
 */
async function buildSmokePublish(plugins, options, toolchains, log) {
    const jobs = options.build.jobs ?? (0,external_node_os_.availableParallelism)();
    const buildOptions = { ...options.build, repoDir: options.repoDir, toolchains, jobs: 1 };
    const smokeSlot = limiter(jobs);
    const publishSlot = limiter(1);
    // An InputError is the run's, not one plugin's: rethrown once everything settled.
    let inputError;
    const rest = async (report) => {
        if (options.smoke.enabled) {
            try {
                await smokeSlot(() => smokeOne(report, options, log));
            }
            catch (err) {
                if (err instanceof errors/* InputError */.dz)
                    inputError ??= err;
                report.failure = { stage: 'smoke', message: String(err.message) };
            }
        }
        const plan = options.publish;
        if (!plan || report.failure || inputError)
            return;
        await publishSlot(async () => {
            try {
                await publishOne(report, plan, log);
            }
            catch (err) {
                if (err instanceof errors/* InputError */.dz)
                    inputError ??= err;
                report.failure = { stage: 'publish', message: err.message };
                log.error(`${report.plugin.name}: publish failed: ${err.message}`);
            }
        });
    };
    const later = [];
    const build = async (plugin) => {
        const [o] = await (0,build_build/* buildAll */.A)([plugin], buildOptions, log);
        const report = o.result
            ? { plugin, build: o.result }
            : { plugin, failure: { stage: 'build', message: o.error ?? 'build failed' } };
        if (!report.failure)
            later.push(rest(report));
        return report;
    };
    // As the build stage does: with parallel jobs, a builder with several plugins builds one first.
    const first = jobs < 2
        ? []
        : ['go', 'tinygo']
            .map((b) => plugins.filter((p) => p.builder === b))
            .filter((same) => same.length > 1)
            .map((same) => same[0]);
    const reports = new Map();
    const settle = (list, settled) => settled.forEach((s, i) => reports.set(list[i], s.status === 'fulfilled'
        ? s.value
        : { plugin: list[i], failure: { stage: 'build', message: String(s.reason) } }));
    const others = plugins.filter((p) => !first.includes(p));
    settle(first, await (0,pool/* mapLimit */.s)(first, jobs, build));
    settle(others, await (0,pool/* mapLimit */.s)(others, jobs, build));
    await Promise.all(later);
    if (inputError)
        throw inputError;
    return plugins.map((p) => reports.get(p));
}
/** Runs the stages; throws only for bad input (InputError), never for a failing plugin. */
async function runPipeline(options, log) {
    let setup;
    let toolchains;
    let found;
    if (options.setup) {
        const { request, runner, installed } = options.setup;
        // Discovery only parses files, so it can run before any toolchain exists.
        found = await (0,discover/* discoverPlugins */.KP)(options.repoDir, options.detect, log);
        const wanted = options.plugin ? found.filter((p) => p.name === options.plugin) : found;
        const plugins = wanted.map((p) => ({
            source: p.settings.file ? (0,external_node_path_.relative)(options.repoDir, p.settings.file) : p.relDir,
            goVersion: p.settings.goVersion,
            tinygoVersion: p.settings.tinygoVersion,
        }));
        setup = await log.group('setup', () => (0,toolchain_setup/* setupToolchains */.q)({ ...request, plugins: [...(request.plugins ?? []), ...plugins] }, runner, log));
        toolchains = { tools: setup.tools };
        await installed?.(setup);
    }
    const detect = await log.group('detect', () => (0,stage/* runDetect */.N)(options.repoDir, options.detect, log, found));
    const plugins = options.plugin ? selectOne(detect, options.plugin) : detect.selected;
    log.info(plugins.length
        ? `plugins: ${plugins.map((p) => p.name).join(', ')} (${detect.reason})`
        : `no plugin to build (${detect.reason})`);
    await options.beforeBuild?.(plugins);
    const reports = await buildSmokePublish(plugins, options, toolchains, log);
    return { setup, detect, plugins: reports, ok: reports.every((r) => !r.failure) };
}
/** The local OCI layout target the CLI uses by default: one layout per plugin. */
function layoutTarget(root) {
    return (plugin) => ({ kind: 'layout', dir: (0,external_node_path_.join)(root, plugin.name) });
}

;// CONCATENATED MODULE: ./src/report.ts

function artifactSummary(r) {
    return {
        plugin: r.plugin.name,
        dir: r.plugin.relDir,
        builder: r.plugin.builder,
        ok: !r.failure,
        ...(r.failure ? { failedStage: r.failure.stage, error: r.failure.message } : {}),
        ...(r.build
            ? { wasmSha256: r.build.sha256, size: r.build.size, buildMs: Math.round(r.build.ms) }
            : {}),
        ...(r.smoke
            ? {
                smoke: {
                    ok: r.smoke.ok,
                    host: r.smoke.host,
                    abi: r.smoke.abi,
                    ...(r.smoke.error ? { failedPhase: r.smoke.error.phase } : {}),
                },
            }
            : {}),
        ...(r.publish
            ? { references: r.publish.references, digest: r.publish.digest, layout: r.publish.layout }
            : {}),
    };
}
function artifactsOf(result) {
    return result.plugins.map(artifactSummary);
}
const cell = (text) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
function kib(bytes) {
    return bytes === undefined ? '' : `${(bytes / 1024).toFixed(0)} KiB`;
}
function smokeCell(r) {
    if (!r.smoke)
        return r.failure?.stage === 'build' ? 'not run' : 'skipped';
    return r.smoke.ok ? `passed (${r.smoke.host})` : `FAILED in ${r.smoke.error?.phase ?? '?'}`;
}
/** Markdown for GITHUB_STEP_SUMMARY (and the CLI's human output). */
function summaryMarkdown(result) {
    const lines = [
        `### wasm-plugin-ci: ${result.ok ? 'all plugins passed' : 'some plugins failed'}`,
        '',
        `${result.detect.reason}: ${result.plugins.length} plugin(s).`,
        '',
    ];
    if (result.plugins.length) {
        lines.push('| plugin | builder | size | build | smoke | ABI | tags | digest |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
        for (const r of result.plugins) {
            const tags = r.publish?.references.map((ref) => ref.slice(ref.lastIndexOf(':') + 1)) ?? [];
            lines.push(`| ${cell(r.plugin.name)} | ${r.plugin.builder} | ${kib(r.build?.size)} | ${r.build ? `${(r.build.ms / 1000).toFixed(1)} s` : 'FAILED'} | ${smokeCell(r)} | ${r.smoke?.abi ?? ''} | ${cell(tags.join(', '))} | ${r.publish ? `\`${r.publish.digest.slice(0, 19)}\`` : ''} |`);
        }
    }
    for (const r of result.plugins.filter((r) => r.failure)) {
        lines.push('', `#### ${r.plugin.name}: ${r.failure.stage} failed`, '', '```');
        lines.push(r.smoke?.error
            ? (0,src_smoke/* formatFailure */.M3)(r.smoke.error.message, r.smoke.error.backtrace)
            : r.failure.message);
        lines.push('```');
    }
    return `${lines.join('\n')}\n`;
}

// EXTERNAL MODULE: ./src/toolchain/index.ts + 4 modules
var toolchain = __webpack_require__(1814);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
// EXTERNAL MODULE: ./src/cli/commands/detect.ts + 1 modules
var detect = __webpack_require__(1318);
// EXTERNAL MODULE: ./src/cli/commands/push.ts
var push = __webpack_require__(8485);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(2148);
;// CONCATENATED MODULE: ./src/cli/commands/run.ts
/**
 * `wasm-plugin-ci run`: the main job on a laptop — setup (when versions are
 * pinned), detect, build, smoke and publish, in order. Publishing goes into a
 * local OCI image layout by default (no registry needed), or to a registry
 * with --image.
 */















const DEFAULT_OCI_LAYOUT_DIR = '.wasm-plugin-ci/oci';
const HELP = `usage: wasm-plugin-ci run [--repo DIR] [--plugins GLOB]... [--exclude GLOB]... [--plugin NAME]
                          [--base REF] [--head REF] [--all]
                          [--go V] [--tinygo V] [--oras V] [--mirror URL]
                          [--out DIR] [--jobs N] [--builder go|tinygo] [--wasm-opt] [--go-test]
                          [--host PROFILE] [--timeout-ms N] [--no-smoke]
                          [--oci-layout DIR | --image REGISTRY/NS/{{plugin}}] [--insecure]
                          [--layout higress|compat|oci] [--tags TEMPLATE] [--event release|branch]
                          [--no-publish] [--json]

Runs setup, detect, build, smoke and publish in order, like the action.
Toolchains: with --go/--tinygo/--oras the pinned, verified versions are
installed (cached under the user's cache directory); without, the tools on
PATH are used.
Publishing: into the OCI image layout DIR/<plugin> (default:
<repo>/${DEFAULT_OCI_LAYOUT_DIR}), or to a registry with --image (credentials from
WPCI_REGISTRY_USERNAME / WPCI_REGISTRY_PASSWORD or docker's config.json).
Tags: a plugin with a version (release tag or VERSION file) is published as
a release (X.Y.Z, X.Y, X, latest); otherwise as a branch build (sha-<short>,
branch name). --event overrides.
`;
function positiveInt(value, flag) {
    if (value === undefined)
        return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
        throw new errors/* InputError */.dz(`run: ${flag} must be a positive integer, not '${value}'`);
    return n;
}
function git(repo, args) {
    try {
        return (0,external_node_child_process_.execFileSync)('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: 'pipe' }).trim();
    }
    catch {
        return undefined; // not a git checkout: no sha or branch tags
    }
}
const run = async (args, io) => {
    const { values } = (0,cli_io/* parseCommandArgs */.Q)('run', args, {
        repo: { type: 'string' },
        plugins: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        plugin: { type: 'string' },
        base: { type: 'string' },
        head: { type: 'string' },
        all: { type: 'boolean' },
        go: { type: 'string' },
        tinygo: { type: 'string' },
        oras: { type: 'string' },
        mirror: { type: 'string' },
        'allow-unverified-downloads': { type: 'boolean' },
        out: { type: 'string' },
        jobs: { type: 'string' },
        builder: { type: 'string' },
        'wasm-opt': { type: 'boolean' },
        'go-test': { type: 'boolean' },
        host: { type: 'string' },
        'timeout-ms': { type: 'string' },
        'no-smoke': { type: 'boolean' },
        'oci-layout': { type: 'string' },
        image: { type: 'string' },
        insecure: { type: 'boolean' },
        layout: { type: 'string', default: 'higress' },
        tags: { type: 'string' },
        event: { type: 'string' },
        'no-publish': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
        io.stderr(HELP);
        return 0;
    }
    const builder = values.builder;
    if (builder !== undefined && builder !== 'go' && builder !== 'tinygo')
        throw new errors/* InputError */.dz(`run: --builder must be 'go' or 'tinygo', not '${builder}'`);
    if (values.host !== undefined && !(0,src_smoke/* findProfile */.$O)(values.host))
        throw new errors/* InputError */.dz(`run: unknown --host '${values.host}' (known: ${Object.keys(src_smoke/* PROFILES */.jI).join(', ')})`);
    if (values.image && values['oci-layout'])
        throw new errors/* InputError */.dz('run: give --image or --oci-layout, not both');
    const event = values.event;
    if (event !== undefined && event !== 'release' && event !== 'branch')
        throw new errors/* InputError */.dz(`run: --event must be 'release' or 'branch', not '${event}'`);
    const layout = (0,layouts/* parseLayout */.U8)(values.layout);
    const jobs = positiveInt(values.jobs, '--jobs');
    const timeoutMs = positiveInt(values['timeout-ms'], '--timeout-ms');
    const repo = (0,external_node_path_.resolve)(io.cwd, values.repo ?? '.');
    const options = {
        repoDir: repo,
        detect: {
            plugins: values.plugins,
            exclude: values.exclude,
            builder: builder,
            source: (0,detect.sourceOf)(values, io.env),
        },
        plugin: values.plugin,
        build: {
            outDir: values.out ? (0,external_node_path_.resolve)(io.cwd, values.out) : (0,external_node_path_.resolve)(repo, summary/* DEFAULT_OUT_DIR */.v),
            jobs,
            wasmOpt: values['wasm-opt'],
            goTest: values['go-test'],
            goCache: io.env.GOCACHE,
        },
        smoke: { enabled: !values['no-smoke'], host: values.host, timeoutMs },
    };
    if (values.go || values.tinygo || values.oras) {
        const root = (0,toolchain/* userCacheDir */.bE)(io.env);
        const runner = {
            ...(0,toolchain/* hostPlatform */.ol)(),
            toolCacheDir: (0,external_node_path_.join)(root, 'tools'),
            tempDir: (0,external_node_path_.join)(root, 'tmp'),
        };
        await (0,promises_.mkdir)(runner.toolCacheDir, { recursive: true });
        await (0,promises_.mkdir)(runner.tempDir, { recursive: true });
        options.setup = {
            request: {
                go: values.go,
                tinygo: values.tinygo,
                oras: values.oras,
                mirror: values.mirror,
                allowUnverifiedDownloads: values['allow-unverified-downloads'] ?? false,
            },
            runner,
        };
    }
    if (!values['no-publish']) {
        const sha = git(repo, ['rev-parse', 'HEAD']);
        const branch = git(repo, ['rev-parse', '--abbrev-ref', 'HEAD']);
        const plan = {
            layout,
            tagsTemplate: values.tags,
            tagContext: { event: 'branch', sha, branch: branch === 'HEAD' ? undefined : branch },
            metadata: { revision: sha },
            target: layoutTarget((0,external_node_path_.resolve)(io.cwd, values['oci-layout'] ?? (0,external_node_path_.join)(repo, DEFAULT_OCI_LAYOUT_DIR))),
        };
        if (values.image) {
            const template = values.image;
            (0,oci_tags/* renderImageName */.$X)(template, 'check'); // a bad template fails before any build
            const credentials = (0,push.credentialsFrom)(io.env);
            plan.target = (plugin) => {
                const ref = (0,reference/* parseImageRef */.Q)(`${(0,oci_tags/* renderImageName */.$X)(template, plugin.name)}:x`);
                return {
                    kind: 'registry',
                    registry: ref.registry,
                    repository: ref.repository,
                    credentials,
                    insecure: values.insecure,
                    env: io.env,
                };
            };
        }
        // Releases come from a version (release tag or VERSION file) unless --event says otherwise.
        if (event)
            plan.tagContext.event = event;
        else
            plan.releaseWhenVersioned = true;
        options.publish = plan;
    }
    const result = await runPipeline(options, io.log);
    io.stderr(`\n${summaryMarkdown(result)}`);
    if (values.json)
        (0,cli_io/* printJson */.x)(io, { ok: result.ok, artifacts: artifactsOf(result) });
    return result.ok ? 0 : 1;
};
/* harmony default export */ const commands_run = (run);


/***/ }),

/***/ 166:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gb: () => (/* binding */ encodeManifest),
/* harmony export */   LR: () => (/* binding */ buildArtifact),
/* harmony export */   OR: () => (/* binding */ blobsOf),
/* harmony export */   U8: () => (/* binding */ parseLayout)
/* harmony export */ });
/* unused harmony exports LAYOUTS, blobOf, higressDocLayers */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1922);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8825);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9217);
/* harmony import */ var _targz_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9695);
/**
 * Turns a built wasm (and, for `higress`, the plugin's docs) into the blobs
 * and manifest of one of the three layouts the gateways can load
 * (FACTS.md section 2). Pure: bytes in, bytes out, so the same inputs give
 * the same manifest digest.
 */






const LAYOUTS = ['higress', 'compat', 'oci'];
function parseLayout(value) {
    if (LAYOUTS.includes(value))
        return value;
    throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`unknown layout '${value}' (expected one of: ${LAYOUTS.join(', ')})`);
}
function blobOf(mediaType, data, title) {
    const blob = { mediaType, digest: (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(data), size: data.length, data };
    if (title)
        blob.annotations = { [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.title]: title };
    return blob;
}
/**
 * Higress's extra layers, in the order its workflow pushes them: READMEs
 * (the translations first, then README.md), spec.yaml, icon.png.
 */
function higressDocLayers(pluginDir) {
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(pluginDir))
        return [];
    const files = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(pluginDir).sort();
    const layers = [];
    for (const name of files) {
        const m = /^README_([A-Za-z]{2}(?:[-_][A-Za-z]{2})?)\.md$/.exec(name);
        if (m)
            layers.push(blobOf((0,_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .docMediaType */ .VB)(m[1].toUpperCase()), (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(pluginDir, name)), name));
    }
    const fixed = [
        ['README.md', _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.docMarkdown],
        ['spec.yaml', _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.spec],
        ['icon.png', _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.icon],
    ];
    for (const [name, type] of fixed) {
        if (files.includes(name))
            layers.push(blobOf(type, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(pluginDir, name)), name));
    }
    return layers;
}
function annotationsOf(meta, wasmSha256) {
    const pairs = [
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.created, meta.created],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.source, meta.source],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.revision, meta.revision],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.version, meta.version],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.title, meta.title],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.description, meta.description],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.licenses, meta.licenses],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.abi, meta.abiVersion],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.builder, meta.builder],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.toolchain, meta.toolchainVersion],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.wasmSha256, wasmSha256],
    ];
    const out = {};
    for (const [k, v] of pairs)
        if (v)
            out[k] = v;
    return out;
}
function buildArtifact(input) {
    const wasmSha256 = (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256Hex */ .fg)(input.wasm);
    const annotations = annotationsOf(input.metadata ?? {}, wasmSha256);
    const emptyConfig = blobOf(_media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.empty, _media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .EMPTY_JSON */ .JO);
    const pluginTarGz = () => blobOf(_media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.ociLayerTarGzip, (0,_targz_js__WEBPACK_IMPORTED_MODULE_5__/* .tarGzipOf */ .jl)([{ name: 'plugin.wasm', data: input.wasm }]), 'plugin.tar.gz');
    switch (input.layout) {
        case 'higress': {
            const docs = input.pluginDir ? higressDocLayers(input.pluginDir) : [];
            // plugin.tar.gz LAST: the gateway opens only the last layer.
            const layers = [...docs, pluginTarGz()];
            return {
                layout: 'higress',
                config: emptyConfig,
                layers,
                annotations,
                wasmSha256,
                forms: ['1.1', '1.0'],
            };
        }
        case 'compat':
            return {
                layout: 'compat',
                config: emptyConfig,
                layers: [pluginTarGz()],
                annotations,
                wasmSha256,
                forms: ['1.1', '1.0'],
            };
        case 'oci': {
            // Istio's "oci" variant counts LAYERS: exactly two, the config json
            // pushed as a layer and the raw wasm. Keys fixed, no clock: reproducible.
            const config = { type: 'wasm' };
            if (input.metadata?.abiVersion)
                config.abiVersions = [input.metadata.abiVersion];
            if (input.metadata?.created)
                config.created = input.metadata.created;
            const configLayer = blobOf(_media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.wasmConfig, Buffer.from(JSON.stringify(config)), 'config.json');
            const wasmLayer = blobOf(_media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.wasmLayer, input.wasm, 'plugin.wasm');
            return {
                layout: 'oci',
                config: emptyConfig,
                layers: [configLayer, wasmLayer],
                annotations,
                wasmSha256,
                forms: ['1.1', '1.0'],
            };
        }
    }
}
function descriptor(b) {
    const d = { mediaType: b.mediaType, digest: b.digest, size: b.size };
    if (b.annotations)
        d.annotations = b.annotations;
    return d;
}
/**
 * The manifest bytes for a form. 1.1: `artifactType` and the empty config;
 * 1.0: no `artifactType`, the type moves to `config.mediaType` (as
 * `oras push --image-spec v1.0` does), same `{}` blob.
 */
function encodeManifest(artifact, form) {
    const manifest = { schemaVersion: 2, mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.ociManifest };
    let config = descriptor(artifact.config);
    if (form === '1.1')
        manifest.artifactType = _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.unknownArtifact;
    else
        config = { ...config, mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.unknownConfig };
    manifest.config = config;
    manifest.layers = artifact.layers.map(descriptor);
    if (Object.keys(artifact.annotations).length)
        manifest.annotations = artifact.annotations;
    const bytes = Buffer.from(JSON.stringify(manifest));
    return { form, mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.ociManifest, bytes, digest: (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(bytes) };
}
/** Every blob the manifest refers to, config first, without duplicates. */
function blobsOf(artifact) {
    const seen = new Set();
    return [artifact.config, ...artifact.layers].filter((b) => !seen.has(b.digest) && seen.add(b.digest));
}


/***/ }),

/***/ 8482:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ publishPlugin)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1922);
/* harmony import */ var _docker_config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7520);
/* harmony import */ var _gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8069);
/* harmony import */ var _image_layout_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1103);
/* harmony import */ var _layouts_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(166);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2148);
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(764);
/* harmony import */ var _tags_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7145);
/* harmony import */ var _verify_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6852);
/**
 * The publish stage for one plugin: build the layout's blobs and manifest,
 * push blobs first, then the manifest by digest, then each tag; then verify
 * with the gateway's rules. A failure names exactly which references were
 * pushed before it, so no partly pushed tag passes for success.
 */










/** Registries that refuse image-spec 1.1 answer 400 MANIFEST_INVALID, 415 or 422. */
function rejectsForm(err) {
    return err instanceof _registry_client_js__WEBPACK_IMPORTED_MODULE_7__/* .RegistryError */ .gl && [400, 415, 422].includes(err.status);
}
function describePushed(pushed) {
    return pushed.length
        ? `references pushed before the failure: ${pushed.join(', ')}`
        : 'no reference was pushed';
}
/**
 * The layout gate (Higress added one after #4528): run the gateway's rules on
 * the artifact in memory, so nothing a gateway cannot load is ever pushed.
 */
function gateBeforePush(plugin, artifact, wasm, form) {
    // The layer bytes are ours, built from `wasm` a moment ago: checking the
    // structure and the module is enough; the full read-back runs after the push.
    const m = (0,_layouts_js__WEBPACK_IMPORTED_MODULE_5__/* .encodeManifest */ .Gb)(artifact, form);
    const sel = (0,_gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .selectWasmLayer */ .uD)(JSON.parse(m.bytes.toString()), m.mediaType);
    const reason = !sel.ok
        ? sel.reason
        : !(0,_gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .looksLikeWasm */ .G2)(wasm)
            ? 'plugin.wasm is not a WebAssembly binary (bad magic)'
            : undefined;
    if (reason)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${plugin}: not publishing: ${reason}; nothing was pushed`);
}
async function publishPlugin(input, log) {
    const layout = input.layout ?? 'higress';
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(input.wasm))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${input.plugin}: wasm file '${input.wasm}' does not exist`);
    const wasm = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(input.wasm);
    const artifact = (0,_layouts_js__WEBPACK_IMPORTED_MODULE_5__/* .buildArtifact */ .LR)({
        layout,
        wasm,
        pluginDir: input.pluginDir,
        metadata: input.metadata,
    });
    const wanted = input.imageSpec ?? 'auto';
    const forms = wanted === 'auto'
        ? artifact.forms
        : artifact.forms.includes(wanted)
            ? [wanted]
            : artifact.forms;
    if (!input.tags.length)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${input.plugin}: no tags to publish`);
    gateBeforePush(input.plugin, artifact, wasm, forms[0]);
    if (input.target.kind === 'layout') {
        const store = new _image_layout_js__WEBPACK_IMPORTED_MODULE_4__/* .OciLayout */ .A(input.target.dir);
        let written = 0;
        for (const b of (0,_layouts_js__WEBPACK_IMPORTED_MODULE_5__/* .blobsOf */ .OR)(artifact))
            written += store.putBlob(b.data);
        const m = (0,_layouts_js__WEBPACK_IMPORTED_MODULE_5__/* .encodeManifest */ .Gb)(artifact, forms[0]);
        store.tag(m.bytes, m.mediaType, input.tags);
        const dir = input.target.dir;
        const refs = input.tags.map((t) => `${dir}:${t}`);
        const verification = await (0,_verify_js__WEBPACK_IMPORTED_MODULE_9__/* .verifySource */ .t4)((0,_verify_js__WEBPACK_IMPORTED_MODULE_9__/* .layoutSource */ .yj)(refs[0]), artifact.wasmSha256);
        if (!verification.ok)
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${input.plugin}: verify ${refs[0]} failed: ${verification.reason}`);
        log.info(`${input.plugin}: wrote ${refs.join(', ')} (${m.digest}, ${layout} layout, ${written} new blob bytes)`);
        return {
            plugin: input.plugin,
            references: refs,
            digest: m.digest,
            layout,
            verified: true,
            uploadedBytes: written,
            manifestForm: m.form,
            verification,
        };
    }
    const t = input.target;
    const credentials = t.credentials ?? (await (0,_docker_config_js__WEBPACK_IMPORTED_MODULE_2__/* .dockerCredentials */ .d)(t.registry, t.env));
    const client = new _registry_client_js__WEBPACK_IMPORTED_MODULE_7__/* .RegistryClient */ .bP(t.registry, {
        credentials,
        insecure: t.insecure,
        log,
        chunkSize: input.chunkSize,
        timeoutMs: t.timeoutMs,
    });
    const repo = t.repository;
    let tags = input.tags;
    if (tags.includes('latest') && input.version) {
        const existing = await client.listTags(repo);
        const kept = (0,_tags_js__WEBPACK_IMPORTED_MODULE_8__/* .keepLatestMonotonic */ .XF)(tags, input.version, existing);
        if (kept.length !== tags.length)
            log.warn(`${input.plugin}: not moving 'latest' back to ${input.version}: the registry has a higher release`);
        tags = kept;
    }
    // Blobs first: a manifest must never point at something missing.
    const outcomes = await Promise.all((0,_layouts_js__WEBPACK_IMPORTED_MODULE_5__/* .blobsOf */ .OR)(artifact).map((b) => client.pushBlob(repo, b, t.mountFrom)));
    log.debug(`${input.plugin}: blobs ${outcomes.join(', ')}`);
    // Then the manifest by digest, so a tag only ever appears on a complete artifact.
    let manifest;
    for (const form of forms) {
        const m = (0,_layouts_js__WEBPACK_IMPORTED_MODULE_5__/* .encodeManifest */ .Gb)(artifact, form);
        try {
            await client.putManifest(repo, m.digest, m.bytes, m.mediaType);
            manifest = m;
            break;
        }
        catch (err) {
            if (form === '1.1' && forms.includes('1.0') && rejectsForm(err)) {
                log.warn(`${t.registry} rejected the image-spec 1.1 manifest (${err.message}); falling back to the 1.0 form`);
                continue;
            }
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${input.plugin}: manifest push failed: ${err.message}; no reference was pushed`, { cause: err });
        }
    }
    if (!manifest)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${input.plugin}: the registry rejected every manifest form; no reference was pushed`);
    const pushed = [];
    for (const tag of tags) {
        const ref = (0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .formatRef */ .rq)(t.registry, repo, tag);
        try {
            await client.putManifest(repo, tag, manifest.bytes, manifest.mediaType);
        }
        catch (err) {
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${input.plugin}: pushing ${ref} failed: ${err.message}; ${describePushed(pushed)}`, { cause: err });
        }
        pushed.push(ref);
    }
    // Read it back through the first tag, as a gateway would.
    // by digest when the latest guard left no tag
    const first = tags[0] ?? manifest.digest;
    const verification = await (0,_verify_js__WEBPACK_IMPORTED_MODULE_9__/* .verifySource */ .t4)({
        reference: (0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .formatRef */ .rq)(t.registry, repo, first),
        manifest: () => client.getManifest(repo, first),
        blob: (d, max) => client.getBlob(repo, d, max),
    }, artifact.wasmSha256);
    if (!verification.ok || verification.digest !== manifest.digest) {
        const why = verification.reason ?? `the tag resolves to ${verification.digest}, not ${manifest.digest}`;
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${input.plugin}: verify of ${(0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .formatRef */ .rq)(t.registry, repo, first)} failed: ${why}; ${describePushed(pushed)}`);
    }
    log.info(`${input.plugin}: pushed ${pushed.join(', ')} (${manifest.digest}, ${layout} layout, image-spec ${manifest.form}, ${client.uploadedBytes} blob bytes uploaded)`);
    return {
        plugin: input.plugin,
        references: pushed,
        digest: manifest.digest,
        layout,
        verified: true,
        uploadedBytes: client.uploadedBytes,
        manifestForm: manifest.form,
        verification,
    };
}


/***/ })

};
