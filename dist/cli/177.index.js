export const id = 177;
export const ids = [177];
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

/***/ 177:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   "default": () => (__WEBPACK_DEFAULT_EXPORT__)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1922);
/* harmony import */ var _build_build_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1983);
/* harmony import */ var _build_summary_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4096);
/* harmony import */ var _repo_discover_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6802);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1604);






const HELP = `usage: wasm-plugin-ci build [--repo DIR] [--plugins GLOB]... [--exclude GLOB]... [--out DIR]
                            [--jobs N] [--builder go|tinygo] [--wasm-opt] [--go-test] [--json]

Builds plugins to DIR/<plugin>/plugin.wasm (default: <repo>/${_build_summary_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_OUT_DIR */ .v})
with their .buildrc flags, N at a time (default: one per core).
`;
const build = async (args, io) => {
    const { values } = (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .parseCommandArgs */ .Q)('build', args, {
        repo: { type: 'string' },
        plugins: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        out: { type: 'string' },
        jobs: { type: 'string' },
        builder: { type: 'string' },
        'wasm-opt': { type: 'boolean' },
        'go-test': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
        io.stderr(HELP);
        return 0;
    }
    const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
    if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`build: --jobs must be a positive integer, not '${values.jobs}'`);
    }
    if (values.builder !== undefined && values.builder !== 'go' && values.builder !== 'tinygo') {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`build: --builder must be 'go' or 'tinygo', not '${values.builder}'`);
    }
    const repo = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, values.repo ?? '.');
    const plugins = await (0,_repo_discover_js__WEBPACK_IMPORTED_MODULE_3__/* .discoverPlugins */ .KP)(repo, {
        plugins: values.plugins,
        exclude: values.exclude,
        builder: values.builder,
    }, io.log);
    const outDir = values.out ? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, values.out) : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(repo, _build_summary_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_OUT_DIR */ .v);
    const outcomes = await (0,_build_build_js__WEBPACK_IMPORTED_MODULE_2__/* .buildAll */ .A)(plugins, {
        repoDir: repo,
        outDir,
        jobs,
        wasmOpt: values['wasm-opt'],
        goTest: values['go-test'],
        goCache: io.env.GOCACHE,
    }, io.log);
    const failed = outcomes.filter((o) => o.error);
    io.log.info(`built ${outcomes.length - failed.length} of ${outcomes.length} plugin(s)`);
    if (values.json)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .printJson */ .x)(io, { ok: failed.length === 0, results: outcomes.map(_build_summary_js__WEBPACK_IMPORTED_MODULE_5__/* .outcomeSummary */ .h) });
    else
        for (const o of outcomes)
            if (o.result)
                io.stdout(`${o.plugin.name}\t${o.result.wasm}\n`);
    return failed.length ? 1 : 0;
};
/* harmony default export */ const __WEBPACK_DEFAULT_EXPORT__ = (build);


/***/ }),

/***/ 1604:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ parseCommandArgs),
/* harmony export */   x: () => (/* binding */ printJson)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1922);


/**
 * node:util parseArgs, with its errors turned into usage errors (exit 2)
 * that name the command.
 */
function parseCommandArgs(command, args, options, allowPositionals = false) {
    try {
        return (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({ args, options, allowPositionals, strict: true });
    }
    catch (err) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${command}: ${err.message}`);
    }
}
/** `--json` prints exactly one document on stdout and nothing else there. */
function printJson(io, value) {
    io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}


/***/ })

};
