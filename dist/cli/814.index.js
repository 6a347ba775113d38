export const id = 814;
export const ids = [814];
export const modules = {

/***/ 9023:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F9: () => (/* binding */ HttpStatusError),
/* harmony export */   PE: () => (/* binding */ downloadFile),
/* harmony export */   Sy: () => (/* binding */ fetchText)
/* harmony export */ });
/* unused harmony exports DEFAULT_RETRY, DownloadError */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4942);
/**
 * Downloads with the retries @actions/tool-cache lacks: 5xx, 408, 429,
 * connection resets, stalls and bodies cut short are retried with backoff;
 * anything else (404, 403) fails at once. Proxies and redirects come from
 * @actions/http-client, as on the rest of the runner.
 */







const DEFAULT_RETRY = { attempts: 4, baseDelayMs: 1000, timeoutMs: 60_000 };
/** The server answered with a status we do not retry (404, 403, ...). */
class HttpStatusError extends Error {
    url;
    status;
    constructor(url, status) {
        super(`GET ${url} answered ${status}`);
        this.url = url;
        this.status = status;
        this.name = 'HttpStatusError';
    }
}
/** Out of retries, or a failure no retry can fix. */
class DownloadError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'DownloadError';
    }
}
class Transient extends Error {
    retryAfterMs;
    constructor(message, retryAfterMs) {
        super(message);
        this.retryAfterMs = retryAfterMs;
    }
}
const RETRY_STATUS = new Set([408, 429]);
const RETRY_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'ENOTFOUND',
    'ERR_STREAM_PREMATURE_CLOSE',
    'UND_ERR_SOCKET',
]);
function isTransient(err) {
    if (err instanceof Transient)
        return true;
    const e = err;
    return RETRY_CODES.has(e?.code ?? '') || /timeout|socket hang up|aborted/i.test(e?.message ?? '');
}
function policyOf(p) {
    return { ...DEFAULT_RETRY, ...p };
}
/** Opens `url`, retrying transient trouble, and hands the 200 body to `consume`. */
async function withRetries(url, retry, log, consume) {
    const policy = policyOf(retry);
    const client = new _actions_http_client__WEBPACK_IMPORTED_MODULE_6__/* .HttpClient */ .Qq('wasm-plugin-ci', [], {
        socketTimeout: policy.timeoutMs,
        allowRetries: false,
        allowRedirects: true,
        maxRedirects: 10,
    });
    let lastError;
    try {
        for (let attempt = 1; attempt <= policy.attempts; attempt++) {
            let waitMs = policy.baseDelayMs * 2 ** (attempt - 1);
            try {
                const res = await client.get(url);
                const status = res.message.statusCode ?? 0;
                if (status !== 200) {
                    res.message.resume();
                    if (status >= 500 || RETRY_STATUS.has(status)) {
                        const after = Number(res.message.headers['retry-after']);
                        throw new Transient(`answered ${status}`, Number.isFinite(after) ? after * 1000 : undefined);
                    }
                    throw new HttpStatusError(url, status);
                }
                return await consume(res.message);
            }
            catch (err) {
                if (!isTransient(err))
                    throw err;
                lastError = err;
                if (err instanceof Transient && err.retryAfterMs !== undefined) {
                    waitMs = Math.min(Math.max(waitMs, err.retryAfterMs), 60_000);
                }
                if (attempt < policy.attempts) {
                    log.warn(`GET ${url}: ${err.message}; retry ${attempt} of ${policy.attempts - 1} in ${waitMs} ms`);
                    await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_5__.setTimeout)(waitMs);
                }
            }
        }
    }
    finally {
        client.dispose();
    }
    throw new DownloadError(`GET ${url} failed after ${policy.attempts} attempts: ${lastError?.message}`, { cause: lastError });
}
async function fetchText(url, retry, log) {
    return withRetries(url, retry, log, async (body) => {
        const chunks = [];
        for await (const chunk of body)
            chunks.push(chunk);
        checkLength(body, chunks.reduce((n, c) => n + c.length, 0));
        return Buffer.concat(chunks).toString('utf8');
    });
}
function checkLength(body, received) {
    const declared = Number(body.headers['content-length']);
    if (Number.isFinite(declared) &&
        body.headers['content-length'] !== undefined &&
        received !== declared) {
        throw new Transient(`body cut short: ${received} of ${declared} bytes`);
    }
}
/**
 * Streams `url` into `file`, hashing on the way; a partial file never stays
 * behind. Logs progress for bodies over `progressBytes`.
 */
async function downloadFile(url, file, options) {
    const { log } = options;
    try {
        return await withRetries(url, options.retry, log, async (body) => {
            const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
            const total = Number(body.headers['content-length']) || 0;
            const progressEvery = options.progressBytes ?? 32 << 20;
            let size = 0;
            let nextReport = progressEvery;
            const meter = new node_stream__WEBPACK_IMPORTED_MODULE_3__.Transform({
                transform(chunk, _enc, done) {
                    hash.update(chunk);
                    size += chunk.length;
                    if (total > progressEvery && size >= nextReport) {
                        nextReport += progressEvery;
                        log.info(`${options.label}: ${mib(size)} of ${mib(total)} MiB`);
                    }
                    done(null, chunk);
                },
            });
            await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)(body, meter, (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(file));
            checkLength(body, size);
            return { file, sha256: hash.digest('hex'), size };
        });
    }
    catch (err) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(file, { force: true });
        throw err;
    }
}
function mib(n) {
    return (n / (1 << 20)).toFixed(1);
}


/***/ }),

/***/ 1814:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ol: () => (/* reexport */ hostPlatform),
  qF: () => (/* reexport */ setup/* setupToolchains */.q),
  uQ: () => (/* reexport */ toolEnvironment),
  bE: () => (/* reexport */ userCacheDir)
});

// UNUSED EXPORTS: actionsRunCache, collectWishes, findGoSums, goCacheDirs, moduleCacheKeys, moduleCacheSave, resolveVersions, restoreModuleCache, saveModuleCache, savePending, toolCacheKey

// EXTERNAL MODULE: ./src/toolchain/setup.ts + 3 modules
var setup = __webpack_require__(7359);
// EXTERNAL MODULE: ./src/toolchain/plan.ts + 4 modules
var plan = __webpack_require__(7834);
;// CONCATENATED MODULE: ./src/toolchain/environment.ts
const ORDER = ['go', 'tinygo', 'oras', 'wasm-opt'];
function toolEnvironment(result) {
    const path = [];
    const vars = {};
    const outputs = {};
    for (const tool of ORDER) {
        const d = result.defaults[tool];
        if (!d)
            continue;
        path.push(d.binDir);
        outputs[`${tool}-version`] = d.version;
        outputs[`${tool}-path`] = d.dir;
        outputs[`${tool}-cache-hit`] = String(d.source === 'tool-cache' || d.source === 'run-cache');
    }
    if (result.defaults.go) {
        vars.GOROOT = result.defaults.go.dir;
        vars.GOTOOLCHAIN = 'local';
    }
    if (result.defaults.tinygo)
        vars.TINYGOROOT = result.defaults.tinygo.dir;
    outputs.toolchains = JSON.stringify({ tools: result.tools });
    return { path, vars, outputs };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/toolchain/run-cache.ts
var run_cache = __webpack_require__(3373);
;// CONCATENATED MODULE: ./src/toolchain/module-cache.ts
/**
 * GOMODCACHE and GOCACHE across runs: one key from the hash of every plugin's
 * go.sum, restore-keys falling back to the newest entry for the same Go and
 * platform, saved (in the post step) only when the exact key missed.
 */






async function goSumHash(files, repoRoot) {
    const hash = createHash('sha256');
    for (const file of [...files].sort()) {
        let body;
        try {
            body = existsSync(file) ? await readFile(file) : Buffer.alloc(0);
        }
        catch (err) {
            throw new InputError(`go.sum: cannot read ${file}: ${err.message}`);
        }
        hash
            .update(relative(repoRoot, file).split('\\').join('/'))
            .update('\0')
            .update(body)
            .update('\0');
    }
    return hash.digest('hex');
}
async function moduleCacheKeys(req) {
    const base = `${CACHE_KEY_PREFIX}-gomod-${req.os}-${req.arch}-go${req.goVersion}-`;
    return { key: base + (await goSumHash(req.goSumFiles, req.repoRoot)), restoreKeys: [base] };
}
/**
 * Go writes its module cache read-only (0444 files in 0555 directories), and
 * tar cannot replace a file inside a read-only directory: that is setup-go's
 * "Cannot open: File exists". Making the existing tree owner-writable first
 * lets a restore land on top of whatever is already there.
 */
async function makeWritable(dir) {
    let st;
    try {
        st = await lstat(dir);
    }
    catch {
        return;
    }
    if (!st.isDirectory())
        return;
    if ((st.mode & 0o200) === 0)
        await chmod(dir, (st.mode & 0o7777) | 0o200);
    await makeChildrenWritable(dir);
}
async function makeChildrenWritable(dir) {
    for (const child of await readdir(dir, { withFileTypes: true })) {
        if (!child.isDirectory())
            continue; // files are replaced by unlinking, which needs only the directory
        const path = join(dir, child.name);
        const st = await lstat(path);
        if ((st.mode & 0o200) === 0)
            await chmod(path, (st.mode & 0o7777) | 0o200);
        await makeChildrenWritable(path);
    }
}
async function restoreModuleCache(req, runCache, log) {
    const { key, restoreKeys } = await moduleCacheKeys(req);
    const paths = [req.gomodcache, req.gocache];
    if (!runCache)
        return { key, restoreKeys, paths };
    await Promise.all(paths.map(makeWritable));
    const matchedKey = await runCache.restore(paths, key, restoreKeys);
    log.info(matchedKey === key
        ? `Go module cache restored (${key})`
        : matchedKey
            ? `Go module cache restored from an older entry (${matchedKey})`
            : `Go module cache: no entry for ${key}`);
    return { key, restoreKeys, paths, matchedKey };
}
/** What the post step should save: nothing when the exact key was restored. */
function moduleCacheSave(state) {
    if (state.matchedKey === state.key)
        return undefined;
    const paths = state.paths.filter((p) => existsSync(p));
    return paths.length ? { key: state.key, paths } : undefined;
}
async function saveModuleCache(state, runCache, log) {
    const pending = moduleCacheSave(state);
    if (!pending || !runCache) {
        log.info(pending
            ? 'Go module cache: no run cache here, not saved'
            : 'Go module cache: key hit, not saved again');
        return false;
    }
    await runCache.save(pending.paths, pending.key);
    return true;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/toolchain/platform.ts
/** The machine we run on, in the names release archives use. */



function hostPlatform(platform = process.platform, arch = process.arch) {
    const os = platform === 'linux' ? 'linux' : platform === 'darwin' ? 'darwin' : undefined;
    const a = arch === 'x64' ? 'amd64' : arch === 'arm64' ? 'arm64' : undefined;
    if (!os || !a)
        throw new errors/* InputError */.dz(`setup: unsupported platform ${platform}/${arch} (linux or darwin, x64 or arm64)`);
    return { os, arch: a };
}
/** Outside Actions: $XDG_CACHE_HOME/wasm-plugin-ci, else ~/.cache/wasm-plugin-ci. */
function userCacheDir(env = process.env) {
    const base = env.XDG_CACHE_HOME || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.cache');
    return (0,external_node_path_.join)(base, 'wasm-plugin-ci');
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/toolchain/go-env.ts
/**
 * Facts about an installed Go that only Go knows: where its module and build
 * caches are (GOMODCACHE, GOCACHE), honouring the job's GOPATH/GOFLAGS/env.
 * And the go.sum files of a repository, for the module cache key.
 */




const run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
async function goCacheDirs(go, env = process.env) {
    const { stdout } = await run(join(go.binDir, 'go'), ['env', 'GOMODCACHE', 'GOCACHE'], {
        env: { ...env, GOROOT: go.dir, GOTOOLCHAIN: 'local' },
    });
    const [gomodcache, gocache] = stdout.trim().split('\n');
    if (!gomodcache || !gocache)
        throw new Error(`go env gave no GOMODCACHE/GOCACHE: ${stdout}`);
    return { gomodcache, gocache };
}
const SKIP = new Set(['.git', 'node_modules', 'vendor', 'testdata', '.cache']);
/** Every go.sum under `root`, skipping VCS, vendored and test-data trees. */
async function findGoSums(root) {
    const found = [];
    async function walk(dir) {
        for (const e of await readdir(dir, { withFileTypes: true })) {
            if (e.isDirectory() && !SKIP.has(e.name))
                await walk(join(dir, e.name));
            else if (e.isFile() && e.name === 'go.sum')
                found.push(join(dir, e.name));
        }
    }
    await walk(root);
    return found.sort();
}

;// CONCATENATED MODULE: ./src/toolchain/index.ts
/** The setup stage's public surface, for the action, the CLI and the pipeline. */









/***/ }),

/***/ 7834:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  gk: () => (/* binding */ notFoundAsInput),
  St: () => (/* binding */ resolveVersions)
});

// UNUSED EXPORTS: collectWishes, parseChecksumsFile

// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
;// CONCATENATED MODULE: ./src/toolchain/go-versions.ts
/**
 * Go's own version names (go1.20, go1.24.4, go1.25rc1) and the go.dev listing
 * (`?mode=json&include=all`) they are resolved against.
 */

const GO_VERSION = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(beta|rc)(\d+))?$/;
function parseGoVersion(text) {
    const m = GO_VERSION.exec(text.trim());
    if (!m)
        return undefined;
    return {
        major: Number(m[1]),
        minor: Number(m[2]),
        patch: Number(m[3] ?? 0),
        pre: m[4] ?? '',
        preNum: Number(m[5] ?? 0),
    };
}
const PRE_RANK = { beta: 0, rc: 1, '': 2 };
function compareGoVersions(a, b) {
    const pa = parseGoVersion(a);
    const pb = parseGoVersion(b);
    if (!pa || !pb)
        throw new Error(`not Go versions: ${a}, ${b}`);
    return (pa.major - pb.major ||
        pa.minor - pb.minor ||
        pa.patch - pb.patch ||
        PRE_RANK[pa.pre] - PRE_RANK[pb.pre] ||
        pa.preNum - pb.preNum);
}
/** `go1.24.4` -> `1.24.4` (the form used in inputs, outputs and cache paths). */
function bareGoVersion(version) {
    return version.replace(/^go/, '');
}
/** The tool-cache directory name: semver, as actions/setup-go writes it (1.25.0-rc.1). */
function goSemver(version) {
    const p = parseGoVersion(version);
    if (!p)
        return bareGoVersion(version);
    const core = `${p.major}.${p.minor}.${p.patch}`;
    return p.pre ? `${core}-${p.pre}.${p.preNum}` : core;
}
/** Checks the shape of the listing: a foreign or broken answer must not pass for one. */
function parseGoListing(text, source) {
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        throw new Error(`Go release listing from ${source} is not JSON`);
    }
    if (!Array.isArray(data) ||
        !data.every((r) => typeof r?.version === 'string' && Array.isArray(r.files))) {
        throw new Error(`Go release listing from ${source} is not a list of releases`);
    }
    return data;
}
function classifyGoSpec(spec, where) {
    const s = spec.trim().replace(/^go/, '');
    if (s === 'stable' || s === 'latest')
        return { kind: 'stable' };
    const minor = /^(\d+)\.(\d+)(?:\.x)?$/.exec(s);
    // Go 1.21+ names its first release 1.21.0, so "1.24" can only mean the line;
    // older lines (1.20) did name their first release without a patch number.
    if (minor && (s.endsWith('.x') || Number(minor[1]) > 1 || Number(minor[2]) >= 21)) {
        return { kind: 'minor', prefix: `${minor[1]}.${minor[2]}` };
    }
    if (parseGoVersion(s))
        return { kind: 'exact' };
    throw new errors/* InputError */.dz(`${where}: '${spec}' is not a Go version (want e.g. 1.24.4, 1.24.x or stable)`);
}
/** Picks the release a spec means; exact versions must exist in the listing. */
function resolveGoSpec(spec, releases, where) {
    const { kind, prefix } = classifyGoSpec(spec, where);
    const valid = releases.filter((r) => parseGoVersion(r.version));
    if (kind === 'exact') {
        const want = bareGoVersion(spec.trim());
        const found = valid.find((r) => bareGoVersion(r.version) === want);
        if (!found)
            throw new errors/* InputError */.dz(`${where}: Go ${want} is not in the Go release listing`);
        return found;
    }
    const candidates = valid.filter((r) => {
        if (!r.stable)
            return false;
        if (kind === 'stable')
            return true;
        const p = parseGoVersion(r.version);
        return `${p.major}.${p.minor}` === prefix;
    });
    candidates.sort((a, b) => compareGoVersions(b.version, a.version));
    if (!candidates[0]) {
        throw new errors/* InputError */.dz(`${where}: no stable Go release matches '${spec}' in the Go release listing`);
    }
    return candidates[0];
}
/** The archive of a release for one platform, with its published sha256. */
function goArchiveFor(release, os, arch) {
    const file = release.files.find((f) => f.os === os && f.arch === arch && f.kind === 'archive');
    if (!file)
        throw new errors/* InputError */.dz(`Go ${bareGoVersion(release.version)} has no ${os}/${arch} archive`);
    if (!/^[0-9a-f]{64}$/.test(file.sha256)) {
        throw new Error(`Go release listing gives no usable sha256 for ${file.filename}`);
    }
    return file;
}

// EXTERNAL MODULE: ./src/toolchain/http.ts
var http = __webpack_require__(9023);
;// CONCATENATED MODULE: ./src/toolchain/pinned-checksums.ts
/**
 * sha256 of TinyGo and binaryen release archives, for the versions we know.
 * Neither project publishes a checksums file. These values were NOT computed
 * here (GitHub downloads are unreachable from where this was written); they are
 * the values recorded by package managers that pin those exact release assets:
 * Hermit's manifests (cashapp/hermit-packages tinygo.hcl, binaryen.hcl), with
 * TinyGo 0.32.0 and 0.38.0 cross-checked against tinygo-org/homebrew-tools'
 * tinygo.rb and 0.34.0 against a Nix expression. Add a version only with a
 * value from a published source; never compute one from an unverified download.
 * Every entry below was checked, file name to value, against the stored text
 * of those manifests.
 */
const PINNED_SHA256 = {
    // TinyGo (https://github.com/tinygo-org/tinygo/releases/download/v<v>/<file>)
    'tinygo0.28.1.linux-amd64.tar.gz': '74b21a03ac31d7adc1f2e3f66a45687d8c83917c84f294bfbd4ec2b45e2428c6',
    'tinygo0.29.0.linux-amd64.tar.gz': '46efb5d3181101f774f746120e4d0cc392b2216c3a960422f8f10cd62afdae05',
    'tinygo0.30.0.linux-amd64.tar.gz': '5d33610b6508b577761a7a134b0a38373232a807bf2abd97787583806a3b4920',
    'tinygo0.31.2.linux-amd64.tar.gz': '48a83ae9efe619124d2ecac8aba0b039ea8dabf07765b1df26692b63cfd8fab8',
    'tinygo0.31.2.linux-arm64.tar.gz': 'b4eb0b8a994ed9bd1505fb6df087686a38933ae0f581a5babc17b7c20128c261',
    'tinygo0.32.0.linux-amd64.tar.gz': '3e57671ec4e532a0a9cdcfdbc29376286f9655cef7f248535388bb76b252e775',
    'tinygo0.32.0.linux-arm64.tar.gz': '6875f14dfa1b50d9211672d8fa37f488a98ad8935a0acd095da19bb20c8350cc',
    'tinygo0.33.0.linux-amd64.tar.gz': 'a529eff745a9ecb78f0c086492ddc2645a53e0a37fa99e750d2d0a785a42ba91',
    'tinygo0.33.0.linux-arm64.tar.gz': '0b59b0910db468d4a255cbc452c5f9e740903c670486f2865120a415c558ea5d',
    'tinygo0.34.0.linux-amd64.tar.gz': '8acd27a39090e1e5c3ca341e81350f813ec6a02bf8090c4fc7c4b1afd4186341',
    'tinygo0.34.0.linux-arm64.tar.gz': 'a84b5134dc5144a494e3b7e78579536aca34c77951ddd0b19c300209d8b541e1',
    'tinygo0.35.0.linux-amd64.tar.gz': 'a6d25bec05e2ee3534ffcda3cb717336a6f4e81e4821296bff7da2fe71bf1678',
    'tinygo0.35.0.linux-arm64.tar.gz': '1fcf322942b5a293079af36cdfac29d545fcd341541424de82a05225b6c77803',
    'tinygo0.36.0.linux-amd64.tar.gz': 'a593f4930d54ae0f6ed47cfc5804e30e50862dc9d3e3f4fc38b93f2ed65380b5',
    'tinygo0.36.0.linux-arm64.tar.gz': 'cfda7c99030e0ef6f9d1a25be476044703b45980e6269a24add2139de24ec0fd',
    'tinygo0.37.0.linux-amd64.tar.gz': 'ff3680acc0e2295db453e8e241a0cab5ea44f84586f4c5c00860822380713397',
    'tinygo0.37.0.linux-arm64.tar.gz': 'dece4264cef3f553636482c2ba15e04ac4e1597dafc092b27c6e3da3acc4ad73',
    'tinygo0.38.0.linux-amd64.tar.gz': 'edc3476ec69e309f0fd4afc1ec79c34e00a14bc3848a7133ac53f814e72faebd',
    'tinygo0.38.0.linux-arm64.tar.gz': '96db59432bfeb2e7d52c57c10724809adf806ef8b6e31ac841dc1427ad63a187',
    'tinygo0.39.0.linux-amd64.tar.gz': 'a119801579ef0a7a4f3ee285f0caf55241eaa9e115154c2028b696770b47a846',
    'tinygo0.39.0.linux-arm64.tar.gz': 'b2ba04d35e1020f9674ed1133de02721952ba45af2b61fa666fb8144570b02b0',
    'tinygo0.40.0.linux-amd64.tar.gz': 'e56af1baabbf09b8b2c6320b76db57b0a9709405ea404fd9d770de8b9aa4c700',
    'tinygo0.40.0.linux-arm64.tar.gz': '36f5d22f53a5cdc8a71b6c62e98fa9eb8cd991618c0913baa8387bf090baa86c',
    // binaryen (https://github.com/WebAssembly/binaryen/releases/download/version_<v>/<file>)
    'binaryen-version_121-x86_64-linux.tar.gz': 'c90e0e295e8f8484ba5b47da92f26e5d1d18db6cd2fcc0c5cc265a5a73609f17',
    'binaryen-version_121-aarch64-linux.tar.gz': 'ec0224a9430061d8fe6f67a2c3b065d83df8a752fd5225b46eb268338c4f5242',
    'binaryen-version_122-x86_64-linux.tar.gz': 'dcf0d3b19d55a354f0a277812cbba603d8bf0231f52adccfc83ed3387b805dcd',
    'binaryen-version_122-aarch64-linux.tar.gz': '532e61423c5d294737eedf76c0db9615d4a7c75efd9f5aceea3d1416e2e3d219',
    'binaryen-version_123-x86_64-linux.tar.gz': 'e959f2170af4c20c552e9de3a0253704d6a9d2766e8fdb88e4d6ac4bae9388fe',
    'binaryen-version_123-aarch64-linux.tar.gz': '4b6bd61ba6cd3b18c993b4657d93426c782f9b91b74be0d38018cd8be1319376',
};

;// CONCATENATED MODULE: ./src/toolchain/sources.ts
/**
 * Where each tool is downloaded from (FACTS.md section 5), and how its archive
 * is laid out. Base URLs are replaceable per tool for mirrors and GHES.
 */

const DEFAULT_BASE_URLS = {
    go: 'https://go.dev/dl',
    tinygo: 'https://github.com/tinygo-org/tinygo/releases/download',
    oras: 'https://github.com/oras-project/oras/releases/download',
    'wasm-opt': 'https://github.com/WebAssembly/binaryen/releases/download',
};
/** Sub-directory of a `--mirror` root per tool (docs/setup.md). */
const MIRROR_DIRS = {
    go: 'go',
    tinygo: 'tinygo',
    oras: 'oras',
    'wasm-opt': 'binaryen',
};
function checkUrl(url, what) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new errors/* InputError */.dz(`${what}: '${url}' is not a URL`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new errors/* InputError */.dz(`${what}: '${url}' is not an http(s) URL`);
    }
    return url.replace(/\/+$/, '');
}
function baseUrlFor(tool, request) {
    const own = request.baseUrls?.[tool];
    if (own)
        return checkUrl(own, `${tool} download base URL`);
    if (request.mirror)
        return `${checkUrl(request.mirror, 'mirror')}/${MIRROR_DIRS[tool]}`;
    return DEFAULT_BASE_URLS[tool];
}
function goListingUrl(base) {
    return `${base}/?mode=json&include=all`;
}
function goArchiveUrl(base, filename) {
    return `${base}/${filename}`;
}
function tinygoArchiveName(version, os, arch) {
    return `tinygo${version}.${os}-${arch}.tar.gz`;
}
function tinygoArchiveUrl(base, version, os, arch) {
    return `${base}/v${version}/${tinygoArchiveName(version, os, arch)}`;
}
function orasArchiveName(version, os, arch) {
    return `oras_${version}_${os}_${arch}.tar.gz`;
}
function orasArchiveUrl(base, version, os, arch) {
    return `${base}/v${version}/${orasArchiveName(version, os, arch)}`;
}
function orasChecksumsUrl(base, version) {
    return `${base}/v${version}/oras_${version}_checksums.txt`;
}
function binaryenArchiveName(version, os, arch) {
    const platform = os === 'linux'
        ? `${arch === 'amd64' ? 'x86_64' : 'aarch64'}-linux`
        : `${arch === 'amd64' ? 'x86_64' : 'arm64'}-macos`;
    return `binaryen-version_${version}-${platform}.tar.gz`;
}
function binaryenArchiveUrl(base, version, os, arch) {
    return `${base}/version_${version}/${binaryenArchiveName(version, os, arch)}`;
}
/** Exact versions only for the GitHub-released tools: a typo must not become "latest". */
const VERSION_SHAPES = {
    tinygo: /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/,
    oras: /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/,
    'wasm-opt': /^\d+$/,
};
function normaliseExactVersion(tool, spec, where) {
    let v = spec.trim().replace(/^v/, '');
    if (tool === 'wasm-opt')
        v = v.replace(/^version_/, '');
    if (!VERSION_SHAPES[tool].test(v)) {
        const want = tool === 'wasm-opt' ? 'a binaryen release number, e.g. 123' : 'an exact version, e.g. 0.33.0';
        throw new errors/* InputError */.dz(`${where}: '${spec}' is not ${want}`);
    }
    return v;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/toolchain/version-file.ts
/**
 * go-version-file: go.mod (`toolchain` line, then `go` line), `.go-version`,
 * `.tool-versions` (asdf/mise: `golang`/`go` and `tinygo` entries).
 */



async function readVersionFile(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (err) {
        throw new errors/* InputError */.dz(`go-version-file: cannot read ${file}: ${err.message}`);
    }
    const lines = text.split(/\r?\n/).map((l) => l.replace(/(\/\/|#).*$/, '').trim());
    const name = (0,external_node_path_.basename)(file);
    if (name === 'go.mod' || name.endsWith('.mod'))
        return { go: fromGoMod(lines, file) };
    if (name === '.tool-versions')
        return fromToolVersions(lines, file);
    const first = lines.find((l) => l !== '');
    if (!first)
        throw new errors/* InputError */.dz(`go-version-file: ${file} is empty`);
    return { go: first.replace(/^go/, '') };
}
function fromGoMod(lines, file) {
    const toolchain = lines.find((l) => /^toolchain\s/.test(l));
    if (toolchain) {
        const m = /^toolchain\s+go(\S+)$/.exec(toolchain);
        if (!m)
            throw new errors/* InputError */.dz(`go-version-file: ${file}: bad toolchain line '${toolchain}'`);
        return m[1];
    }
    const go = lines.find((l) => /^go\s/.test(l));
    const m = go && /^go\s+(\S+)$/.exec(go);
    if (!m)
        throw new errors/* InputError */.dz(`go-version-file: ${file} has neither a toolchain nor a go line`);
    return m[1];
}
function fromToolVersions(lines, file) {
    const result = {};
    for (const line of lines) {
        const [tool, version] = line.split(/\s+/);
        if (!version)
            continue;
        if (tool === 'golang' || tool === 'go')
            result.go = version.replace(/^go/, '');
        if (tool === 'tinygo')
            result.tinygo = version;
    }
    if (!result.go && !result.tinygo) {
        throw new errors/* InputError */.dz(`go-version-file: ${file} names no golang or tinygo version`);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/toolchain/plan.ts
/**
 * Decides which versions of which tools to install, and (lazily: a warm tool
 * cache needs no network) where each archive comes from and what its sha256
 * must be. Precedence per tool: direct input, then the plugins' .buildrc,
 * then go-version-file.
 */






const TOOLS = ['go', 'tinygo', 'oras', 'wasm-opt'];
const INPUT_NAMES = {
    go: 'go-version',
    tinygo: 'tinygo-version',
    oras: 'oras-version',
    'wasm-opt': 'wasm-opt-version',
};
function splitList(spec) {
    return spec.split(/[\s,]+/).filter(Boolean);
}
/** The wished-for versions per tool, in precedence order (first = default). */
async function collectWishes(request) {
    const direct = {
        go: request.go,
        tinygo: request.tinygo,
        oras: request.oras,
        'wasm-opt': request.wasmOpt,
    };
    const wishes = {};
    for (const tool of TOOLS) {
        wishes[tool] = splitList(direct[tool] ?? '').map((spec) => ({
            spec,
            where: INPUT_NAMES[tool],
        }));
    }
    for (const tool of ['go', 'tinygo']) {
        if (wishes[tool].length)
            continue;
        for (const p of request.plugins ?? []) {
            const spec = tool === 'go' ? p.goVersion : p.tinygoVersion;
            if (spec)
                wishes[tool].push({
                    spec,
                    where: `${p.source} (${tool === 'go' ? 'GO_VERSION' : 'TINYGO_VERSION'})`,
                });
        }
    }
    if (request.goVersionFile && (!wishes.go.length || !wishes.tinygo.length)) {
        const found = await readVersionFile(request.goVersionFile);
        if (!wishes.go.length && found.go)
            wishes.go.push({ spec: found.go, where: request.goVersionFile });
        if (!wishes.tinygo.length && found.tinygo)
            wishes.tinygo.push({ spec: found.tinygo, where: request.goVersionFile });
    }
    return wishes;
}
function once(fn) {
    let p;
    return () => (p ??= fn());
}
/** 404 on a versioned URL means the version does not exist: the caller's input to fix. */
function notFoundAsInput(what, fn) {
    return fn().catch((err) => {
        if (err instanceof http/* HttpStatusError */.F9 && err.status === 404) {
            throw new errors/* InputError */.dz(`${what}: not found (${err.url} answered 404); is the version right?`);
        }
        throw err;
    });
}
function checkSha(value, where) {
    const v = value.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(v))
        throw new errors/* InputError */.dz(`${where}: '${value}' is not a sha256 (64 hex digits)`);
    return v;
}
/** TinyGo and binaryen: user checksum, else the pinned table, else an explicit opt-out. */
function pinnedOrGiven(tool, version, archiveName, request, versionsOfTool, log) {
    const given = request.sha256?.[tool];
    if (given) {
        if (versionsOfTool > 1) {
            throw new errors/* InputError */.dz(`${tool}-sha256: one checksum given but ${versionsOfTool} ${tool} versions requested`);
        }
        return { sha256: checkSha(given, `${tool}-sha256`), checksumSource: `input ${tool}-sha256` };
    }
    const pinned = PINNED_SHA256[archiveName];
    if (pinned)
        return { sha256: pinned, checksumSource: 'pinned table' };
    if (request.allowUnverifiedDownloads) {
        log.warn(`${tool} ${version}: no known checksum for ${archiveName}; installing UNVERIFIED (allow-unverified-downloads)`);
        return { sha256: undefined, checksumSource: 'none (allow-unverified-downloads)' };
    }
    throw new errors/* InputError */.dz(`${tool} ${version}: no published checksum is known for ${archiveName}; ` +
        `give its sha256 in ${tool}-sha256, or set allow-unverified-downloads: true to install it unverified`);
}
function parseChecksumsFile(text, archiveName) {
    for (const line of text.split(/\r?\n/)) {
        const m = /^([0-9a-fA-F]{64})\s+\*?(\S+)$/.exec(line.trim());
        if (m && m[2] === archiveName)
            return m[1].toLowerCase();
    }
    return undefined;
}
function dedupe(plans) {
    const seen = new Set();
    return plans.filter((p) => {
        const id = `${p.tool}@${p.version}`;
        if (seen.has(id))
            return false;
        seen.add(id);
        return true;
    });
}
/**
 * Every tool version to install, each once, the default of each tool first.
 * Go ranges (1.24.x, stable) are resolved here from the go.dev listing; exact
 * versions are not looked up until a download needs their checksum.
 */
async function resolveVersions(request, env, log) {
    const wishes = await collectWishes(request);
    const { os, arch } = env;
    const plans = [];
    const goBase = baseUrlFor('go', request);
    const listing = once(async () => {
        const url = goListingUrl(goBase);
        return parseGoListing(await (0,http/* fetchText */.Sy)(url, env.retry, log), url);
    });
    const goPlans = [];
    for (const wish of wishes.go) {
        const kind = classifyGoSpec(wish.spec, wish.where).kind;
        const version = kind === 'exact'
            ? bareGoVersion(wish.spec.trim())
            : bareGoVersion(resolveGoSpec(wish.spec, await listing(), wish.where).version);
        goPlans.push({
            tool: 'go',
            version,
            semver: goSemver(version),
            where: wish.where,
            source: async () => {
                const release = resolveGoSpec(version, await listing(), wish.where);
                const file = goArchiveFor(release, os, arch);
                return {
                    tool: 'go',
                    version,
                    url: goArchiveUrl(goBase, file.filename),
                    archiveName: file.filename,
                    sha256: file.sha256.toLowerCase(),
                    checksumSource: 'go.dev release listing',
                    strip: 1,
                    binSubdir: 'bin',
                };
            },
        });
    }
    // Input order for direct wishes; newest first when the plugins disagree.
    if (wishes.go[0]?.where !== INPUT_NAMES.go)
        goPlans.sort((a, b) => compareGoVersions(b.version, a.version));
    plans.push(...dedupe(goPlans));
    const tinygoBase = baseUrlFor('tinygo', request);
    const tinygoVersions = [
        ...new Set(wishes.tinygo.map((w) => normaliseExactVersion('tinygo', w.spec, w.where))),
    ];
    if (wishes.tinygo[0]?.where !== INPUT_NAMES.tinygo)
        tinygoVersions.sort(compareDotted).reverse();
    for (const version of tinygoVersions) {
        const archiveName = tinygoArchiveName(version, os, arch);
        const check = pinnedOrGiven('tinygo', version, archiveName, request, tinygoVersions.length, log);
        plans.push({
            tool: 'tinygo',
            version,
            semver: version,
            where: INPUT_NAMES.tinygo,
            source: async () => ({
                tool: 'tinygo',
                version,
                url: tinygoArchiveUrl(tinygoBase, version, os, arch),
                archiveName,
                ...check,
                strip: 1,
                binSubdir: 'bin',
            }),
        });
    }
    const orasBase = baseUrlFor('oras', request);
    for (const version of new Set(wishes.oras.map((w) => normaliseExactVersion('oras', w.spec, w.where)))) {
        const archiveName = orasArchiveName(version, os, arch);
        plans.push({
            tool: 'oras',
            version,
            semver: version,
            where: INPUT_NAMES.oras,
            source: async () => {
                const sumsUrl = orasChecksumsUrl(orasBase, version);
                const sums = await notFoundAsInput(`oras ${version}`, () => (0,http/* fetchText */.Sy)(sumsUrl, env.retry, log));
                const sha256 = parseChecksumsFile(sums, archiveName);
                if (!sha256)
                    throw new Error(`oras ${version}: ${sumsUrl} lists no checksum for ${archiveName}`);
                return {
                    tool: 'oras',
                    version,
                    url: orasArchiveUrl(orasBase, version, os, arch),
                    archiveName,
                    sha256,
                    checksumSource: sumsUrl,
                    strip: 0,
                    binSubdir: '.',
                };
            },
        });
    }
    const binaryenBase = baseUrlFor('wasm-opt', request);
    const wasmOptVersions = [
        ...new Set(wishes['wasm-opt'].map((w) => normaliseExactVersion('wasm-opt', w.spec, w.where))),
    ];
    for (const version of wasmOptVersions) {
        const archiveName = binaryenArchiveName(version, os, arch);
        const check = pinnedOrGiven('wasm-opt', version, archiveName, request, wasmOptVersions.length, log);
        plans.push({
            tool: 'wasm-opt',
            version,
            semver: `${version}.0.0`,
            where: INPUT_NAMES['wasm-opt'],
            source: async () => ({
                tool: 'wasm-opt',
                version,
                url: binaryenArchiveUrl(binaryenBase, version, os, arch),
                archiveName,
                ...check,
                strip: 1,
                binSubdir: 'bin',
            }),
        });
    }
    return plans;
}
function compareDotted(a, b) {
    const pa = a.split(/[.-]/).map(Number);
    const pb = b.split(/[.-]/).map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] || 0) - (pb[i] || 0);
        if (d)
            return d;
    }
    return 0;
}


/***/ }),

/***/ 3373:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   yn: () => (/* binding */ toolCacheKey)
/* harmony export */ });
/* unused harmony exports CACHE_KEY_PREFIX, actionsRunCache */
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2776);
/**
 * The across-runs cache. In Actions it is @actions/cache (whatever protocol
 * the runner offers); the library already swallows service trouble, and we
 * catch what it still throws, so a cache outage costs time, never the run.
 */

/** Bump to invalidate every entry this tool wrote (e.g. after a layout change). */
const CACHE_KEY_PREFIX = 'wasm-plugin-ci-v1';
function toolCacheKey(tool, version, os, arch) {
    return `${CACHE_KEY_PREFIX}-tool-${tool}-${version}-${os}-${arch}`;
}
/** A RunCache over @actions/cache, or undefined when the runner offers no cache service. */
function actionsRunCache(log) {
    if (!cache.isFeatureAvailable())
        return undefined;
    return {
        async restore(paths, key, restoreKeys) {
            try {
                return await cache.restoreCache(paths, key, restoreKeys);
            }
            catch (err) {
                log.warn(`run cache: restore of ${key} failed, continuing without it: ${err.message}`);
                return undefined;
            }
        },
        async save(paths, key) {
            try {
                // -1 means the library gave up (service down, entry reserved by another job).
                if ((await cache.saveCache(paths, key)) === -1) {
                    log.warn(`run cache: ${key} was not saved (see the cache service messages above)`);
                }
            }
            catch (err) {
                log.warn(`run cache: save of ${key} failed: ${err.message}`);
            }
        },
    };
}


/***/ }),

/***/ 7359:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  q: () => (/* binding */ setupToolchains)
});

// UNUSED EXPORTS: savePending

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(8697);
;// CONCATENATED MODULE: ./src/toolchain/extract.ts
/**
 * Unpacks a release tar.gz into a fresh directory, refusing any entry that
 * would land outside it: `..` segments, absolute paths, and links whose
 * target points out. node-tar already skips such paths with a warning; we turn
 * any of them (and any other warning) into a failure, because a release
 * archive that contains one is not the archive we meant to install.
 */


class UnsafeArchiveError extends Error {
    constructor(archive, entry, why) {
        super(`refusing to extract ${archive}: entry '${entry}' ${why}`);
        this.name = 'UnsafeArchiveError';
    }
}
/** Entry path after dropping `strip` leading components; '' when nothing is left. */
function stripped(path, strip) {
    return path.split('/').filter(Boolean).slice(strip).join('/');
}
function escapes(relative) {
    const n = external_node_path_.posix.normalize(relative);
    return n === '..' || n.startsWith('../');
}
/** Why `entry` is unsafe, or undefined when it stays inside the target. */
function unsafeReason(path, type, linkpath, strip) {
    if (external_node_path_.posix.isAbsolute(path) || /^[A-Za-z]:/.test(path))
        return 'has an absolute path';
    if (path.split(/[\\/]/).includes('..'))
        return "has a '..' path segment";
    const inside = stripped(path, strip);
    if (type === 'SymbolicLink') {
        if (!linkpath || external_node_path_.posix.isAbsolute(linkpath))
            return `is a symlink to an absolute path (${linkpath})`;
        if (escapes(external_node_path_.posix.join(external_node_path_.posix.dirname(inside), linkpath)))
            return `is a symlink pointing outside (${linkpath})`;
    }
    if (type === 'Link') {
        if (!linkpath || external_node_path_.posix.isAbsolute(linkpath) || escapes(stripped(linkpath, strip) || '..')) {
            return `is a hard link pointing outside (${linkpath})`;
        }
    }
    return undefined;
}
/**
 * Extracts `archive` (gzip tar) into `dest`, dropping `strip` leading path
 * components. On refusal the caller discards `dest`: it is a scratch directory.
 */
async function extractTarGz(archive, dest, strip, label = archive) {
    let refusal;
    let warning;
    await index_min.x({
        file: archive,
        cwd: dest,
        strip,
        gzip: true,
        preserveOwner: false,
        filter: (path, entry) => {
            const e = entry;
            const why = unsafeReason(path, e.type, e.linkpath, strip);
            if (why)
                refusal ??= new UnsafeArchiveError(label, path, why);
            return !why && !refusal;
        },
        onwarn: (code, message) => {
            warning ??= `${code}: ${message}`;
        },
    });
    if (refusal)
        throw refusal;
    if (warning)
        throw new UnsafeArchiveError(label, '(archive)', `could not be extracted cleanly: ${warning}`);
}

// EXTERNAL MODULE: ./src/toolchain/http.ts
var http = __webpack_require__(9023);
// EXTERNAL MODULE: ./src/toolchain/plan.ts + 4 modules
var toolchain_plan = __webpack_require__(7834);
// EXTERNAL MODULE: ./src/toolchain/run-cache.ts
var run_cache = __webpack_require__(3373);
;// CONCATENATED MODULE: ./src/toolchain/tool-cache.ts
/**
 * The runner's tool cache, in @actions/tool-cache's layout so other actions
 * (and setup-go) find what we put there: <root>/<tool>/<semver>/<arch>, made
 * valid by an empty <arch>.complete file written last.
 */



/** Node's arch names, as @actions/tool-cache uses them (x64, arm64). */
function cacheArch(arch) {
    return arch === 'amd64' ? 'x64' : 'arm64';
}
function toolCacheEntry(root, tool, semver, arch) {
    const dir = (0,external_node_path_.join)(root, tool, semver, cacheArch(arch));
    return { dir, marker: `${dir}.complete` };
}
function isComplete(entry) {
    return (0,external_node_fs_.existsSync)(entry.marker) && (0,external_node_fs_.existsSync)(entry.dir);
}
/** A scratch directory beside the entry, so the final move is a rename. */
async function stagingDir(entry) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(entry.dir), { recursive: true });
    return (0,promises_.mkdtemp)(`${entry.dir}.partial-`);
}
/**
 * Moves a finished installation into place and marks it complete. A stale,
 * unmarked directory (an earlier run that died) is replaced.
 */
async function commit(entry, staged) {
    if (isComplete(entry)) {
        // Another job sharing this tool cache finished first; theirs is as good.
        await (0,promises_.rm)(staged, { recursive: true, force: true });
        return;
    }
    await (0,promises_.rm)(entry.marker, { force: true });
    await (0,promises_.rm)(entry.dir, { recursive: true, force: true });
    await (0,promises_.rename)(staged, entry.dir);
    await (0,promises_.writeFile)(entry.marker, '');
}

;// CONCATENATED MODULE: ./src/toolchain/install.ts
/**
 * Installs one planned tool version: tool cache, else run cache, else
 * download -> verify -> extract -> move into the tool cache. Nothing reaches
 * the tool cache (or, later, the run cache) unless its checksum matched.
 */








class ChecksumMismatchError extends Error {
    constructor(url, expected, actual, source) {
        super(`checksum mismatch for ${url}: expected sha256 ${expected} (${source}), got ${actual}; nothing was installed`);
        this.name = 'ChecksumMismatchError';
    }
}
/** Where the binaries sit inside an installation, and one that must exist. */
const LAYOUT = {
    go: { binSubdir: 'bin', binary: 'bin/go' },
    tinygo: { binSubdir: 'bin', binary: 'bin/tinygo' },
    oras: { binSubdir: '.', binary: 'oras' },
    'wasm-opt': { binSubdir: 'bin', binary: 'bin/wasm-opt' },
};
function installed(plan, dir, source) {
    const binSubdir = LAYOUT[plan.tool].binSubdir;
    return {
        tool: plan.tool,
        version: plan.version,
        dir,
        binDir: binSubdir === '.' ? dir : (0,external_node_path_.join)(dir, binSubdir),
        source,
    };
}
async function installTool(plan, env, log) {
    const entry = toolCacheEntry(env.toolCacheDir, plan.tool, plan.semver, env.arch);
    const label = `${plan.tool} ${plan.version}`;
    if (isComplete(entry)) {
        log.info(`${label}: found in the tool cache (${entry.dir})`);
        return { install: installed(plan, entry.dir, 'tool-cache') };
    }
    const key = (0,run_cache/* toolCacheKey */.yn)(plan.tool, plan.version, env.os, env.arch);
    const paths = [entry.dir, entry.marker];
    if (env.runCache) {
        const hit = await env.runCache.restore(paths, key);
        if (hit && isComplete(entry) && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(entry.dir, LAYOUT[plan.tool].binary))) {
            log.info(`${label}: restored from the run cache (${key})`);
            return { install: installed(plan, entry.dir, 'run-cache') };
        }
    }
    await download(plan, entry, env, log);
    return {
        install: installed(plan, entry.dir, 'download'),
        pendingSave: env.runCache ? { key, paths } : undefined,
    };
}
async function download(plan, entry, env, log) {
    const label = `${plan.tool} ${plan.version}`;
    const source = await plan.source();
    await (0,promises_.mkdir)(env.tempDir, { recursive: true });
    const scratch = await (0,promises_.mkdtemp)((0,external_node_path_.join)(env.tempDir, `wpci-${plan.tool}-`));
    let staged;
    try {
        const archive = (0,external_node_path_.join)(scratch, source.archiveName);
        const started = Date.now();
        log.info(`${label}: downloading ${source.url}`);
        const got = await (0,toolchain_plan/* notFoundAsInput */.gk)(label, () => (0,http/* downloadFile */.PE)(source.url, archive, {
            retry: env.retry,
            log,
            progressBytes: env.progressBytes,
            label,
        }));
        if (source.sha256 && got.sha256 !== source.sha256) {
            throw new ChecksumMismatchError(source.url, source.sha256, got.sha256, source.checksumSource);
        }
        log.info(`${label}: ${(got.size / (1 << 20)).toFixed(1)} MiB in ${Date.now() - started} ms, ` +
            (source.sha256 ? `sha256 verified (${source.checksumSource})` : 'NOT verified'));
        staged = await stagingDir(entry);
        await extractTarGz(archive, staged, source.strip, source.archiveName);
        const binary = LAYOUT[plan.tool].binary;
        if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(staged, binary))) {
            throw new Error(`${label}: ${source.archiveName} has no ${binary}; not the archive expected`);
        }
        await commit(entry, staged);
        staged = undefined;
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true });
        if (staged)
            await (0,promises_.rm)(staged, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/toolchain/setup.ts


async function setupToolchains(request, env, log) {
    const plans = await (0,toolchain_plan/* resolveVersions */.St)(request, env, log);
    if (plans.some((p) => p.tool === 'tinygo') && !plans.some((p) => p.tool === 'go')) {
        log.warn('TinyGo needs a Go toolchain and no Go version was requested; it will use whatever go is on PATH');
    }
    const outcomes = await Promise.allSettled(plans.map((plan) => installTool(plan, env, log)));
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    if (failures.length) {
        for (const f of failures.slice(1))
            log.error(f.message);
        throw failures[0]; // the first, with its own class (InputError -> exit 2)
    }
    const tools = [];
    const pendingSaves = [];
    const defaults = {};
    for (const o of outcomes) {
        if (o.status !== 'fulfilled')
            continue;
        tools.push(o.value.install);
        defaults[o.value.install.tool] ??= o.value.install;
        if (o.value.pendingSave)
            pendingSaves.push(o.value.pendingSave);
    }
    return { tools, pendingSaves, defaults };
}
/** The post step: save what missed. Service trouble is the RunCache's to absorb. */
async function savePending(saves, env, log) {
    if (!env.runCache)
        return;
    for (const s of saves) {
        log.info(`run cache: saving ${s.key}`);
        await env.runCache.save(s.paths, s.key);
    }
}


/***/ })

};
