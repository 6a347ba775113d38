export const id = 623;
export const ids = [623,917];
export const modules = {

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


/***/ }),

/***/ 8825:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   fg: () => (/* binding */ sha256Hex),
/* harmony export */   ol: () => (/* binding */ digestOf)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

function sha256Hex(data) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex');
}
/** `sha256:<hex>` of the exact bytes. */
function digestOf(data) {
    return `sha256:${sha256Hex(data)}`;
}
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Only sha256 digests are produced or trusted here. */
function isDigest(value) {
    return DIGEST.test(value);
}


/***/ }),

/***/ 7520:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ dockerCredentials)
/* harmony export */ });
/* unused harmony export dockerConfigPath */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/**
 * Credentials from docker's config.json ($DOCKER_CONFIG/config.json or
 * ~/.docker/config.json): `credHelpers[registry]`, then `auths[registry]`,
 * then `credsStore`. Helpers follow docker's protocol: `docker-credential-<name> get`
 * reads the server URL on stdin and prints {ServerURL, Username, Secret}.
 */




function dockerConfigPath(env = process.env) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(env.DOCKER_CONFIG ?? (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_2__.homedir)(), '.docker'), 'config.json');
}
/** The keys docker may have written for a registry. */
function keysFor(registry) {
    const keys = [
        registry,
        `https://${registry}`,
        `http://${registry}`,
        `https://${registry}/v1/`,
        `https://${registry}/v2/`,
    ];
    if (registry === 'docker.io' || registry === 'registry-1.docker.io')
        keys.push('https://index.docker.io/v1/', 'index.docker.io');
    return keys;
}
function runHelper(helper, serverUrl, env) {
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)(`docker-credential-${helper}`, ['get'], { env, timeout: 30_000 }, (err, stdout) => {
            if (err) {
                // "credentials not found" is an ordinary answer, not a failure
                if (/not found/i.test(String(stdout)) || /not found/i.test(err.message))
                    return resolve(undefined);
                return reject(new Error(`docker-credential-${helper} get failed for ${serverUrl}: exit ${err.code ?? err.message}`));
            }
            try {
                const out = JSON.parse(stdout);
                if (!out.Secret)
                    return resolve(undefined);
                // docker's convention: username <token> means the secret is an identity token
                resolve(out.Username === '<token>'
                    ? { identityToken: out.Secret }
                    : { username: out.Username, password: out.Secret });
            }
            catch {
                reject(new Error(`docker-credential-${helper} printed something that is not JSON`));
            }
        });
        child.stdin?.end(serverUrl);
    });
}
/** Credentials for `registry` from docker's config, or undefined when it has none. */
async function dockerCredentials(registry, env = process.env) {
    let config;
    try {
        config = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(dockerConfigPath(env), 'utf8'));
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return undefined;
        throw new Error(`cannot read ${dockerConfigPath(env)}: ${err.message}`);
    }
    const keys = keysFor(registry);
    const helper = keys.map((k) => config.credHelpers?.[k]).find(Boolean);
    if (helper)
        return runHelper(helper, registry, env);
    for (const key of keys) {
        const entry = config.auths?.[key];
        if (!entry)
            continue;
        if (entry.registrytoken)
            return { registryToken: entry.registrytoken };
        if (entry.identitytoken)
            return { identityToken: entry.identitytoken, username: entry.username };
        if (entry.auth) {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const sep = decoded.indexOf(':');
            if (sep > 0)
                return { username: decoded.slice(0, sep), password: decoded.slice(sep + 1) };
        }
        if (entry.username && entry.password)
            return { username: entry.username, password: entry.password };
    }
    if (config.credsStore)
        return runHelper(config.credsStore, registry, env);
    return undefined;
}


/***/ }),

/***/ 5185:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ credentialsFor),
/* harmony export */   T: () => (/* binding */ credentialsFrom)
/* harmony export */ });
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1922);
/**
 * Registry credentials a front end hands in: WPCI_REGISTRY_USERNAME with
 * WPCI_REGISTRY_PASSWORD, or the password on standard input. Never argv,
 * where other processes and CI logs could read it.
 */

/** All of stdin, without the trailing newline `echo` adds. */
async function readStdin() {
    const parts = [];
    for await (const chunk of process.stdin)
        parts.push(chunk);
    return Buffer.concat(parts)
        .toString('utf8')
        .replace(/\r?\n$/, '');
}
/**
 * Credentials from WPCI_REGISTRY_USERNAME / WPCI_REGISTRY_PASSWORD, or with
 * `passwordFromStdin` the password from standard input; never from argv.
 */
async function credentialsFor(env, passwordFromStdin) {
    if (!passwordFromStdin)
        return credentialsFrom(env);
    const username = env.WPCI_REGISTRY_USERNAME;
    if (!username)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('--password-stdin needs WPCI_REGISTRY_USERNAME in the environment');
    const password = await readStdin();
    if (!password)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('--password-stdin: standard input was empty');
    return { username, password };
}
function credentialsFrom(env) {
    const username = env.WPCI_REGISTRY_USERNAME;
    const password = env.WPCI_REGISTRY_PASSWORD;
    if (!username && !password)
        return undefined;
    if (!username || !password) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('set both WPCI_REGISTRY_USERNAME and WPCI_REGISTRY_PASSWORD, or neither');
    }
    return { username, password };
}


/***/ }),

/***/ 8069:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fk: () => (/* binding */ GATEWAY_PLATFORM),
/* harmony export */   G2: () => (/* binding */ looksLikeWasm),
/* harmony export */   MU: () => (/* binding */ extractWasm),
/* harmony export */   WP: () => (/* binding */ MAX_WASM_BYTES),
/* harmony export */   nw: () => (/* binding */ isIndex),
/* harmony export */   oF: () => (/* binding */ platformChild),
/* harmony export */   uD: () => (/* binding */ selectWasmLayer)
/* harmony export */ });
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9217);
/* harmony import */ var _targz_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9695);
/**
 * The gateway's fetch rules (istio pkg/wasm imagefetcher, which Higress
 * shares; FACTS.md section 2), applied to a manifest and its blobs:
 * 1. docker schema2: the last layer is a docker tar.gzip holding plugin.wasm;
 * 2. "compat": the LAST layer is an OCI tar+gzip; the first entry whose base
 *    name is plugin.wasm is the module; only the last layer is opened;
 * 3. "oci": EXACTLY two layers, one of them the raw wasm layer.
 * Anything else is refused, with the reason, as the gateway would refuse it.
 */


/** Higress's fork caps the tar read at 256 MiB. */
const MAX_WASM_BYTES = 256 << 20;
const GATEWAY_PLATFORM = 'linux/amd64';
function isIndex(m, headerMediaType) {
    const mediaType = m.mediaType ?? headerMediaType;
    return !!m.manifests || mediaType === _media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.ociIndex || mediaType === _media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.dockerManifestList;
}
/** The child go-containerregistry picks by default: platform linux/amd64. */
function platformChild(m) {
    return m.manifests?.find((d) => d.platform?.os === 'linux' && d.platform.architecture === 'amd64');
}
function selectWasmLayer(m, headerMediaType) {
    if (isIndex(m, headerMediaType)) {
        return {
            ok: false,
            reason: 'the reference is an image index, not a single manifest with layers',
        };
    }
    // Like the gateway, only the manifest's own mediaType field says "docker".
    const mediaType = m.mediaType;
    const layers = m.layers ?? [];
    if (!layers.length)
        return { ok: false, reason: 'the manifest has no layers' };
    const last = layers[layers.length - 1];
    if (mediaType === _media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.dockerManifest) {
        if (last.mediaType === _media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.dockerLayer)
            return { ok: true, variant: 'docker', layer: last, packed: true };
        return {
            ok: false,
            reason: `docker manifest whose last layer is ${last.mediaType}, not ${_media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.dockerLayer}`,
        };
    }
    if (last.mediaType === _media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.ociLayerTarGzip)
        return { ok: true, variant: 'compat', layer: last, packed: true };
    if (layers.length === 2) {
        const wasm = layers.find((l) => l.mediaType === _media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.wasmLayer);
        if (wasm)
            return { ok: true, variant: 'oci', layer: wasm, packed: false };
    }
    if (layers.length === 1 && last.mediaType === _media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.cncfWasm) {
        return {
            ok: false,
            reason: `a single-layer ${_media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.cncfWasm} artifact (CNCF wasm form): Istio/Higress gateways cannot load it; publish with the higress, compat or oci layout (higress #4528)`,
        };
    }
    if (layers.length === 1 && last.mediaType === _media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.wasmLayer) {
        return {
            ok: false,
            reason: `a single raw ${_media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.wasmLayer} layer: the gateway needs EXACTLY two layers (config + wasm) for raw wasm, or a tar+gzip LAST layer holding plugin.wasm; this is the form that broke 43 Higress plugins (higress #4528)`,
        };
    }
    return {
        ok: false,
        reason: `the last layer is ${last.mediaType}: the gateway needs a ${_media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.ociLayerTarGzip} last layer holding plugin.wasm, or exactly two layers with one ${_media_types_js__WEBPACK_IMPORTED_MODULE_0__.MT.wasmLayer}`,
    };
}
/** The module bytes from the selected layer's content (null + reason when absent). */
function extractWasm(layerContent, packed) {
    if (!packed)
        return { wasm: layerContent };
    let tar;
    try {
        tar = (0,_targz_js__WEBPACK_IMPORTED_MODULE_1__/* .gunzipCapped */ .vR)(layerContent, MAX_WASM_BYTES);
    }
    catch (err) {
        return { reason: `the last layer is not valid gzip: ${err.message}` };
    }
    try {
        // Any entry type, as the gateway does: a non-file then fails the magic check.
        for (const entry of (0,_targz_js__WEBPACK_IMPORTED_MODULE_1__/* .tarEntries */ .O_)(tar)) {
            if (entry.name.split('/').pop() === 'plugin.wasm') {
                return { wasm: Buffer.from(entry.data) };
            }
        }
    }
    catch (err) {
        return { reason: `the last layer is not a valid tar archive: ${err.message}` };
    }
    return { reason: 'plugin.wasm not found in the archive' };
}
const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);
function looksLikeWasm(data) {
    return data.length >= 8 && data.subarray(0, 4).equals(WASM_MAGIC);
}


/***/ }),

/***/ 1103:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ OciLayout)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1922);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8825);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9217);
/**
 * A local OCI image layout directory (image-spec image-layout.md): `oci-layout`,
 * `index.json` and `blobs/sha256/<hex>`. Tags are recorded as the
 * `org.opencontainers.image.ref.name` annotation of index entries, as ORAS
 * and skopeo read them. This is the CLI's default target when no registry is given.
 */





const REF_NAME = 'org.opencontainers.image.ref.name';
function blobPath(dir, digest) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'blobs', 'sha256', digest.slice('sha256:'.length));
}
function atomicWrite(path, data) {
    const tmp = `${path}.${process.pid}.tmp`;
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(tmp, data);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(tmp, path);
}
class OciLayout {
    dir;
    constructor(dir) {
        this.dir = dir;
    }
    init() {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'blobs', 'sha256'), { recursive: true });
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'oci-layout')))
            atomicWrite((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'index.json')))
            this.writeIndex({ schemaVersion: 2, mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.ociIndex, manifests: [] });
    }
    readIndex() {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'index.json');
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`'${this.dir}' is not an OCI image layout (no index.json)`);
        return JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    }
    writeIndex(index) {
        atomicWrite((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'index.json'), `${JSON.stringify(index)}\n`);
    }
    hasBlob(digest) {
        const p = blobPath(this.dir, digest);
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(p) && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(p).isFile();
    }
    /** Writes a blob unless present; returns the bytes written. */
    putBlob(data) {
        this.init();
        const digest = (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(data);
        if (this.hasBlob(digest))
            return 0;
        atomicWrite(blobPath(this.dir, digest), data);
        return data.length;
    }
    /** Stores the manifest and points each tag at it (a tag moves, never duplicates). */
    tag(manifest, mediaType, tags) {
        this.putBlob(manifest);
        const digest = (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(manifest);
        const index = this.readIndex();
        const keep = index.manifests.filter((m) => !tags.includes(m.annotations?.[REF_NAME] ?? ''));
        for (const t of tags)
            keep.push({ mediaType, digest, size: manifest.length, annotations: { [REF_NAME]: t } });
        this.writeIndex({ ...index, manifests: keep });
        return digest;
    }
    resolve(tag) {
        return this.readIndex().manifests.find((m) => m.annotations?.[REF_NAME] === tag);
    }
    tags() {
        return this.readIndex()
            .manifests.map((m) => m.annotations?.[REF_NAME])
            .filter((t) => !!t);
    }
    readBlob(digest, maxBytes = Infinity) {
        const p = blobPath(this.dir, digest);
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(p))
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`blob ${digest} is missing from '${this.dir}'`);
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(p).size > maxBytes)
            throw new Error(`blob ${digest} exceeds the ${maxBytes >> 20} MiB limit`);
        const data = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(p);
        if ((0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(data) !== digest)
            throw new Error(`blob ${digest} in '${this.dir}' is corrupt`);
        return data;
    }
}


/***/ }),

/***/ 9217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JO: () => (/* binding */ EMPTY_JSON),
/* harmony export */   MT: () => (/* binding */ MT),
/* harmony export */   VB: () => (/* binding */ docMediaType),
/* harmony export */   YX: () => (/* binding */ ANNOTATION)
/* harmony export */ });
/* unused harmony export EMPTY_JSON_DIGEST */
/**
 * Media types the gateways and Higress use (FACTS.md sections 1-3). The
 * gateway only looks at layer types; config type and artifactType are for
 * humans and registries.
 */
const MT = {
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    ociLayerTarGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    wasmLayer: 'application/vnd.module.wasm.content.layer.v1+wasm',
    wasmConfig: 'application/vnd.module.wasm.config.v1+json',
    /** CNCF wasm artifact: NOT loadable by Istio/Higress (higress #4528). */
    cncfWasm: 'application/wasm',
    empty: 'application/vnd.oci.empty.v1+json',
    /** What `oras push` uses without --artifact-type, as Higress's workflow does. */
    unknownArtifact: 'application/vnd.unknown.artifact.v1',
    /** The config type `oras push --image-spec v1.0` uses. */
    unknownConfig: 'application/vnd.unknown.config.v1+json',
    docMarkdown: 'application/vnd.module.wasm.doc.v1+markdown',
    spec: 'application/vnd.module.wasm.spec.v1+yaml',
    icon: 'application/vnd.module.wasm.icon.v1+png',
};
/** `README_EN.md` -> `application/vnd.module.wasm.doc.v1.EN+markdown`. */
function docMediaType(lang) {
    return `application/vnd.module.wasm.doc.v1.${lang}+markdown`;
}
/** The empty JSON descriptor content `{}` (image-spec 1.1). */
const EMPTY_JSON = Buffer.from('{}');
const EMPTY_JSON_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
const ANNOTATION = {
    created: 'org.opencontainers.image.created',
    source: 'org.opencontainers.image.source',
    revision: 'org.opencontainers.image.revision',
    version: 'org.opencontainers.image.version',
    title: 'org.opencontainers.image.title',
    description: 'org.opencontainers.image.description',
    licenses: 'org.opencontainers.image.licenses',
    abi: 'io.github.wasm-plugin-ci.abi-version',
    builder: 'io.github.wasm-plugin-ci.builder',
    toolchain: 'io.github.wasm-plugin-ci.toolchain-version',
    wasmSha256: 'io.github.wasm-plugin-ci.wasm.sha256',
};


/***/ }),

/***/ 2148:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ parseImageRef),
/* harmony export */   U9: () => (/* binding */ isLoopback),
/* harmony export */   nz: () => (/* binding */ apiHost),
/* harmony export */   r_: () => (/* binding */ isValidTag),
/* harmony export */   rq: () => (/* binding */ formatRef)
/* harmony export */ });
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1922);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8825);
/**
 * Image references: `REGISTRY/REPO:TAG[,TAG...]` or `REGISTRY/REPO@sha256:...`.
 * A first path segment with a dot, a colon or `localhost` is the registry;
 * otherwise Docker Hub, with `library/` for one-segment names, as docker does.
 */


const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REPO = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
function isValidTag(tag) {
    return TAG.test(tag);
}
function parseImageRef(text, options = {}) {
    const input = text.trim().replace(/^oci:\/\//, '');
    const bad = (why) => new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`invalid image reference '${text}': ${why}`);
    let rest = input;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!(0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(digest))
            throw bad(`'${digest}' is not a sha256 digest`);
    }
    let tags = [];
    const slash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    if (colon > slash) {
        tags = rest
            .slice(colon + 1)
            .split(',')
            .map((t) => t.trim());
        rest = rest.slice(0, colon);
        for (const t of tags)
            if (!isValidTag(t))
                throw bad(`'${t}' is not a valid tag`);
        if (tags.length > 1 && !options.multipleTags)
            throw bad('only one tag is allowed here');
    }
    const parts = rest.split('/');
    let registry = 'docker.io';
    if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]))
        registry = parts.shift();
    let repository = parts.join('/');
    if (registry === 'docker.io' && parts.length === 1)
        repository = `library/${repository}`;
    if (!REPO.test(repository))
        throw bad(`'${repository}' is not a valid repository name`);
    if (!tags.length && !digest)
        throw bad('a tag or a digest is required');
    return digest ? { registry, repository, tags, digest } : { registry, repository, tags };
}
function formatRef(registry, repository, tagOrDigest) {
    return `${registry}/${repository}${tagOrDigest.startsWith('sha256:') ? '@' : ':'}${tagOrDigest}`;
}
/** The host actually contacted: Docker Hub's API lives elsewhere. */
function apiHost(registry) {
    return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}
function isLoopback(registry) {
    const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}


/***/ }),

/***/ 764:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bP: () => (/* binding */ RegistryClient),
  gl: () => (/* binding */ RegistryError)
});

// UNUSED EXPORTS: RequestTimeout

// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(2148);
;// CONCATENATED MODULE: ./src/oci/auth.ts

/** Parses `Bearer realm="x",service="y",scope="a b"` (quoted or bare values). */
function parseChallenge(header) {
    const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
    if (!m)
        return undefined;
    const params = {};
    const re = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/g;
    let p;
    while ((p = re.exec(m[2])))
        params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
    return { scheme: m[1].toLowerCase(), params };
}
class AuthError extends Error {
}
class Authenticator {
    credentials;
    fetchFn;
    insecure;
    challenge;
    tokens = new Map();
    pending = new Map();
    constructor(credentials, fetchFn = fetch, 
    /** Allow a plain-HTTP token realm on a non-loopback host (the insecure input). */
    insecure = false) {
        this.credentials = credentials;
        this.fetchFn = fetchFn;
        this.insecure = insecure;
    }
    basic() {
        const c = this.credentials;
        if (!c?.username || c.password === undefined)
            return undefined;
        return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
    }
    /** The Authorization header to send up front for these scopes, when we already know how. */
    async headerFor(scopes) {
        if (this.credentials?.registryToken)
            return `Bearer ${this.credentials.registryToken}`;
        if (!this.challenge)
            return undefined;
        if (this.challenge.scheme === 'basic')
            return this.basic();
        if (this.challenge.scheme === 'bearer')
            return `Bearer ${await this.token(scopes)}`;
        return undefined;
    }
    /**
     * Learns from a 401. Returns true when a retry may now succeed: the
     * request went without the credentials the challenge asks for. A token or
     * password that was sent and refused is dropped, never retried in a loop.
     */
    async onUnauthorized(header, scopes, sent) {
        const challenge = header ? parseChallenge(header) : undefined;
        if (!challenge)
            return false;
        this.challenge = challenge;
        if (challenge.scheme === 'basic') {
            const basic = this.basic();
            return !!basic && sent !== basic;
        }
        if (challenge.scheme !== 'bearer')
            return false;
        const key = this.key(scopes);
        const cached = this.tokens.get(key);
        if (cached && sent === `Bearer ${cached.value}`) {
            this.tokens.delete(key);
            return false;
        }
        await this.token(scopes);
        return true;
    }
    key(scopes) {
        const c = this.challenge;
        return `${c.params.realm}|${c.params.service ?? ''}|${[...scopes].sort().join(' ')}`;
    }
    async token(scopes) {
        const key = this.key(scopes);
        const cached = this.tokens.get(key);
        if (cached && cached.expires > Date.now())
            return cached.value;
        let p = this.pending.get(key);
        if (!p) {
            p = this.fetchToken(scopes).finally(() => this.pending.delete(key));
            this.pending.set(key, p);
        }
        return p;
    }
    async fetchToken(scopes) {
        const { realm, service } = this.challenge.params;
        if (!realm)
            throw new AuthError('registry asked for a bearer token without a realm');
        const url = new URL(realm);
        // A challenge may name any realm: never send secrets there in clear text.
        const secret = this.credentials?.identityToken || this.credentials?.password;
        if (secret && url.protocol !== 'https:' && !this.insecure && !(0,reference/* isLoopback */.U9)(url.host)) {
            throw new AuthError(`refusing to send credentials to the plain-HTTP token realm ${url.origin}`);
        }
        const headers = {};
        let res;
        if (this.credentials?.identityToken) {
            const form = new URLSearchParams({
                grant_type: 'refresh_token',
                refresh_token: this.credentials.identityToken,
                client_id: 'wasm-plugin-ci',
            });
            if (service)
                form.set('service', service);
            if (scopes.length)
                form.set('scope', scopes.join(' '));
            res = await this.fetchFn(url, {
                method: 'POST',
                body: form,
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
            });
        }
        else {
            if (service)
                url.searchParams.set('service', service);
            for (const s of scopes)
                url.searchParams.append('scope', s);
            const basic = this.basic();
            if (basic)
                headers.authorization = basic;
            res = await this.fetchFn(url, { headers });
        }
        if (!res.ok) {
            await res.body?.cancel();
            throw new AuthError(`token request to ${url.origin}${url.pathname} failed: HTTP ${res.status}${this.credentials ? ' (credentials refused?)' : ' (no credentials given)'}`);
        }
        const body = (await res.json());
        const value = body.token ?? body.access_token;
        if (!value)
            throw new AuthError(`token response from ${url.origin} holds no token`);
        // Renew a little early; the spec's default lifetime is 60 s.
        const lifetime = Math.max(10, (body.expires_in ?? 60) - 10) * 1000;
        this.tokens.set(this.key(scopes), { value, expires: Date.now() + lifetime });
        return value;
    }
}

// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __webpack_require__(8825);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(9217);
;// CONCATENATED MODULE: ./src/oci/retry.ts
/** Backoff for transient registry failures: 5xx, 429 and dropped connections. */
const DEFAULT_RETRY = { attempts: 4, baseMs: 250, maxMs: 8_000 };
function isRetryableStatus(status) {
    return status === 429 || status === 408 || status >= 500;
}
/** Network-level failures (reset, refused mid-run, socket closed) that a retry may fix. */
function isRetryableError(err) {
    if (!(err instanceof Error))
        return false;
    if (err.name === 'AbortError')
        return false;
    if (err.name === 'RequestTimeout')
        return true;
    const cause = err.cause;
    const code = cause?.code ?? err.code;
    return (err.message === 'fetch failed' ||
        [
            'ECONNRESET',
            'EPIPE',
            'ECONNREFUSED',
            'ETIMEDOUT',
            'UND_ERR_SOCKET',
            'UND_ERR_CLOSED',
            'UND_ERR_HEADERS_TIMEOUT',
            'UND_ERR_BODY_TIMEOUT',
        ].includes(code ?? ''));
}
/** Delay before retry `n` (1-based): exponential with jitter, or the server's Retry-After. */
function backoffMs(policy, n, retryAfter) {
    const seconds = retryAfter ? Number(retryAfter) : NaN;
    if (Number.isFinite(seconds) && seconds >= 0)
        return Math.min(seconds * 1000, policy.maxMs);
    const exp = Math.min(policy.baseMs * 2 ** (n - 1), policy.maxMs);
    return exp / 2 + Math.random() * (exp / 2);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

;// CONCATENATED MODULE: ./src/oci/registry-client.ts
/**
 * A small OCI distribution client on Node's fetch (distribution-spec, FACTS.md
 * section 3): HEAD to skip blobs the registry has, cross-repository mount,
 * monolithic or chunked upload, manifest PUT/GET, with auth and retries.
 * Plain HTTP only for loopback registries or when `insecure` is set.
 */






/** A registry's answer we cannot work with; `status` for callers that branch on it. */
class RegistryError extends errors/* PluginFailure */.OG {
    status;
    code;
    constructor(message, status, code) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
const MANIFEST_ACCEPT = [
    media_types.MT.ociManifest,
    media_types.MT.dockerManifest,
    media_types.MT.ociIndex,
    media_types.MT.dockerManifestList,
].join(', ');
const DEFAULT_CHUNK = 64 << 20;
/** Base deadline of one request, before the allowance for its body. */
const DEFAULT_TIMEOUT_MS = 15_000;
/** Slowest transfer we wait for: 256 KB/s. */
const MIN_BYTES_PER_MS = 256;
/** A request that got no answer in time; retried like a dropped connection. */
class RequestTimeout extends Error {
    code = 'ETIMEDOUT';
    constructor(method, path, ms) {
        super(`${method} ${path}: no answer within ${Math.round(ms / 1000)} s`);
        this.name = 'RequestTimeout';
    }
}
async function errorText(res) {
    const raw = await res.text().catch(() => '');
    try {
        const body = JSON.parse(raw);
        const e = body.errors?.[0];
        if (e)
            return { text: `${e.code ?? ''} ${e.message ?? ''}`.trim(), code: e.code };
    }
    catch {
        // not JSON: fall through
    }
    return { text: raw.slice(0, 200).trim() };
}
class RegistryClient {
    registry;
    options;
    base;
    auth;
    retry;
    chunkSize;
    timeoutMs;
    controllers = new WeakMap();
    /** Bytes of blob content sent in successful uploads by this client. */
    uploadedBytes = 0;
    constructor(registry, options = {}) {
        this.registry = registry;
        this.options = options;
        const scheme = (0,reference/* isLoopback */.U9)(registry) || options.insecure ? 'http' : 'https';
        this.base = `${scheme}://${(0,reference/* apiHost */.nz)(registry)}`;
        this.auth = new Authenticator(options.credentials, fetch, options.insecure);
        this.retry = options.retry ?? DEFAULT_RETRY;
        this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
        this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    }
    url(path) {
        return new URL(path, this.base);
    }
    /** One request with auth (401 -> challenge -> once more) and retries on transient failures. */
    async request(o) {
        const attempts = o.retry === false ? 1 : this.retry.attempts;
        for (let attempt = 1;; attempt++) {
            let res;
            try {
                let sent = await this.auth.headerFor(o.scopes);
                res = await this.send(o, sent);
                if (res.status === 401) {
                    const challenge = res.headers.get('www-authenticate');
                    if (await this.auth.onUnauthorized(challenge, o.scopes, sent)) {
                        await res.body?.cancel();
                        sent = await this.auth.headerFor(o.scopes);
                        res = await this.send(o, sent);
                    }
                }
            }
            catch (err) {
                if (err instanceof AuthError)
                    throw new RegistryError(`${this.registry}: ${err.message}`, 401);
                if (attempt < attempts && isRetryableError(err)) {
                    const ms = backoffMs(this.retry, attempt);
                    this.options.log?.warn(`${o.method} ${this.pathOf(o.url)}: ${err.message}; retrying in ${Math.round(ms)} ms`);
                    await sleep(ms);
                    continue;
                }
                throw new RegistryError(`${o.method} ${this.registry}${this.pathOf(o.url)} failed: ${err.message}`, 0);
            }
            if (o.ok.includes(res.status))
                return res;
            if (attempt < attempts && isRetryableStatus(res.status)) {
                const ms = backoffMs(this.retry, attempt, res.headers.get('retry-after'));
                await res.body?.cancel();
                this.options.log?.warn(`${o.method} ${this.pathOf(o.url)}: HTTP ${res.status}; retrying in ${Math.round(ms)} ms`);
                await sleep(ms);
                continue;
            }
            const { text, code } = await errorText(res);
            const hint = res.status === 401
                ? ' (authentication failed: check the credentials)'
                : res.status === 403
                    ? ' (access denied)'
                    : '';
            throw new RegistryError(`${o.method} ${this.registry}${this.pathOf(o.url)}: HTTP ${res.status}${text ? ` ${text}` : ''}${hint}`, res.status, code);
        }
    }
    pathOf(url) {
        const u = typeof url === 'string' ? this.url(url) : url;
        return u.pathname; // never the query: upload URLs may carry state tokens
    }
    /**
     * fetch with a deadline: a registry that takes a request and never answers
     * would otherwise hold the push for undici's 300 s. The budget grows with
     * the body sent (at least MIN_BYTES_PER_MS must get through).
     */
    async send(o, authorization) {
        const headers = { ...o.headers };
        if (authorization)
            headers.authorization = authorization;
        const url = typeof o.url === 'string' ? this.url(o.url) : o.url;
        const controller = new AbortController();
        const budget = this.timeoutMs + (o.body?.length ?? 0) / MIN_BYTES_PER_MS;
        const timer = setTimeout(() => controller.abort(new RequestTimeout(o.method, this.pathOf(url), budget)), budget);
        try {
            const res = await fetch(url, {
                method: o.method,
                headers,
                body: o.body,
                redirect: 'follow',
                signal: controller.signal,
            });
            this.controllers.set(res, controller);
            return res;
        }
        finally {
            clearTimeout(timer);
        }
    }
    /** A response body with its own deadline, sized by what is expected to arrive. */
    async readBody(res, expectedBytes = 0) {
        const controller = this.controllers.get(res);
        const budget = this.timeoutMs + expectedBytes / MIN_BYTES_PER_MS;
        const timer = setTimeout(() => controller?.abort(new RequestTimeout('read', new URL(res.url || this.base).pathname, budget)), budget);
        try {
            return Buffer.from(await res.arrayBuffer());
        }
        catch (err) {
            throw new RegistryError(`${this.registry}: reading a response failed: ${err.message}`, 0);
        }
        finally {
            clearTimeout(timer);
        }
    }
    scopes(repo, push, from) {
        const s = [`repository:${repo}:${push ? 'pull,push' : 'pull'}`];
        if (from && from !== repo)
            s.push(`repository:${from}:pull`);
        return s;
    }
    async hasBlob(repo, digest) {
        const res = await this.request({
            method: 'HEAD',
            url: `/v2/${repo}/blobs/${digest}`,
            scopes: this.scopes(repo, true),
            ok: [200, 404],
        });
        return res.status === 200;
    }
    /** Existing, mounted from `mountFrom`, or uploaded. A failed upload restarts from a fresh session. */
    async pushBlob(repo, blob, mountFrom) {
        if (await this.hasBlob(repo, blob.digest))
            return 'exists';
        for (let attempt = 1;; attempt++) {
            try {
                return await this.uploadOnce(repo, blob, mountFrom);
            }
            catch (err) {
                const status = err instanceof RegistryError ? err.status : 0;
                const transient = status === 0 ||
                    isRetryableStatus(status) ||
                    (status === 400 &&
                        err instanceof RegistryError &&
                        /DIGEST_INVALID|BLOB_UPLOAD/.test(err.code ?? ''));
                if (attempt >= this.retry.attempts || !transient)
                    throw err;
                const ms = backoffMs(this.retry, attempt);
                this.options.log?.warn(`upload of ${blob.digest.slice(0, 19)} failed (${err.message}); starting over in ${Math.round(ms)} ms`);
                await sleep(ms);
            }
        }
    }
    async uploadOnce(repo, blob, mountFrom) {
        const scopes = this.scopes(repo, true, mountFrom);
        const start = this.url(`/v2/${repo}/blobs/uploads/`);
        if (mountFrom && mountFrom !== repo) {
            start.searchParams.set('mount', blob.digest);
            start.searchParams.set('from', mountFrom);
        }
        const begun = await this.request({
            method: 'POST',
            url: start,
            scopes,
            ok: [201, 202],
            headers: { 'content-length': '0' },
        });
        await begun.body?.cancel();
        if (begun.status === 201)
            return 'mounted';
        let location = this.location(begun);
        if (blob.size > this.chunkSize) {
            for (let off = 0; off < blob.size; off += this.chunkSize) {
                const chunk = blob.data.subarray(off, Math.min(off + this.chunkSize, blob.size));
                const res = await this.request({
                    method: 'PATCH',
                    url: location,
                    scopes,
                    body: chunk,
                    ok: [202],
                    retry: false,
                    headers: {
                        'content-type': 'application/octet-stream',
                        'content-range': `${off}-${off + chunk.length - 1}`,
                        'content-length': String(chunk.length),
                    },
                });
                await res.body?.cancel();
                location = this.location(res);
            }
            location.searchParams.set('digest', blob.digest);
            const done = await this.request({
                method: 'PUT',
                url: location,
                scopes,
                ok: [201],
                retry: false,
                headers: { 'content-length': '0' },
            });
            await done.body?.cancel();
        }
        else {
            location.searchParams.set('digest', blob.digest);
            const done = await this.request({
                method: 'PUT',
                url: location,
                scopes,
                body: blob.data,
                ok: [201],
                retry: false,
                headers: {
                    'content-type': 'application/octet-stream',
                    'content-length': String(blob.size),
                },
            });
            await done.body?.cancel();
        }
        this.uploadedBytes += blob.size;
        return 'uploaded';
    }
    location(res) {
        const loc = res.headers.get('location');
        if (!loc)
            throw new RegistryError(`${this.registry}: upload response without a Location header`, res.status);
        return new URL(loc, this.base);
    }
    /** PUT a manifest under a tag or digest; checks the digest the registry computed. */
    async putManifest(repo, reference, bytes, mediaType) {
        const res = await this.request({
            method: 'PUT',
            url: `/v2/${repo}/manifests/${reference}`,
            scopes: this.scopes(repo, true),
            body: bytes,
            ok: [201, 200],
            headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
        });
        await res.body?.cancel();
        const ours = (0,oci_digest/* digestOf */.ol)(bytes);
        const theirs = res.headers.get('docker-content-digest');
        if (theirs && theirs !== ours) {
            throw new RegistryError(`${this.registry}/${repo}:${reference}: registry stored digest ${theirs}, we sent ${ours}`, res.status);
        }
        return ours;
    }
    async getManifest(repo, reference) {
        const res = await this.request({
            method: 'GET',
            url: `/v2/${repo}/manifests/${reference}`,
            scopes: this.scopes(repo, false),
            ok: [200],
            headers: { accept: MANIFEST_ACCEPT },
        });
        const bytes = await this.readBody(res, 4 << 20);
        const digest = (0,oci_digest/* digestOf */.ol)(bytes);
        if (reference.startsWith('sha256:') && digest !== reference) {
            throw new RegistryError(`${this.registry}/${repo}@${reference}: manifest content has digest ${digest}`, 200);
        }
        const mediaType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
        return { bytes, mediaType, digest };
    }
    /** Digest of a tag, or undefined when the tag does not exist. */
    async resolve(repo, reference) {
        const res = await this.request({
            method: 'HEAD',
            url: `/v2/${repo}/manifests/${reference}`,
            scopes: this.scopes(repo, false),
            ok: [200, 404],
            headers: { accept: MANIFEST_ACCEPT },
        });
        return res.status === 200 ? (res.headers.get('docker-content-digest') ?? undefined) : undefined;
    }
    /** A blob's content, checked against its digest and capped at `maxBytes`. */
    async getBlob(repo, digest, maxBytes) {
        const res = await this.request({
            method: 'GET',
            url: `/v2/${repo}/blobs/${digest}`,
            scopes: this.scopes(repo, false),
            ok: [200],
        });
        const length = Number(res.headers.get('content-length') ?? NaN);
        if (length > maxBytes) {
            await res.body?.cancel();
            throw new RegistryError(`blob ${digest} is ${length} bytes, over the ${maxBytes >> 20} MiB limit`, 200);
        }
        const bytes = await this.readBody(res, Number.isFinite(length) ? length : maxBytes);
        if (bytes.length > maxBytes)
            throw new RegistryError(`blob ${digest} exceeds the ${maxBytes >> 20} MiB limit`, 200);
        if ((0,oci_digest/* digestOf */.ol)(bytes) !== digest)
            throw new RegistryError(`blob ${digest} arrived with digest ${(0,oci_digest/* digestOf */.ol)(bytes)}`, 200);
        return bytes;
    }
    /** All tags of a repository (following Link pagination); empty when the repository is new. */
    async listTags(repo) {
        const tags = [];
        let next = `/v2/${repo}/tags/list?n=1000`;
        while (next) {
            const res = await this.request({
                method: 'GET',
                url: next,
                scopes: this.scopes(repo, false),
                ok: [200, 404],
            });
            if (res.status === 404) {
                await res.body?.cancel();
                return [];
            }
            const body = JSON.parse((await this.readBody(res, 1 << 20)).toString('utf8'));
            tags.push(...(body.tags ?? []));
            const link = res.headers.get('link');
            next = link ? /<([^>]+)>/.exec(link)?.[1] : undefined;
        }
        return tags;
    }
}


/***/ }),

/***/ 9695:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O_: () => (/* binding */ tarEntries),
/* harmony export */   jl: () => (/* binding */ tarGzipOf),
/* harmony export */   vR: () => (/* binding */ gunzipCapped)
/* harmony export */ });
/* unused harmony exports tarOf, GZIP_LEVEL, deterministicGzip */
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Deterministic tar+gzip of named files: fixed entry order (as given), mtime 0,
 * uid/gid 0, mode 0644, empty user/group names, and a gzip header with no
 * timestamp or name and a fixed OS byte. The same bytes in give the same
 * digest out, on any machine with the same zlib.
 */

const BLOCK = 512;
function octal(value, width) {
    // width includes the trailing NUL
    return value.toString(8).padStart(width - 1, '0') + '\0';
}
function header(name, size) {
    const nameBytes = Buffer.from(name, 'utf8');
    if (nameBytes.length > 100)
        throw new Error(`tar entry name too long: ${name}`);
    const h = Buffer.alloc(BLOCK);
    nameBytes.copy(h, 0);
    h.write(octal(0o644, 8), 100, 'ascii'); // mode
    h.write(octal(0, 8), 108, 'ascii'); // uid
    h.write(octal(0, 8), 116, 'ascii'); // gid
    h.write(octal(size, 12), 124, 'ascii'); // size
    h.write(octal(0, 12), 136, 'ascii'); // mtime
    h.write('        ', 148, 'ascii'); // checksum placeholder: 8 spaces
    h.write('0', 156, 'ascii'); // regular file
    h.write('ustar\0', 257, 'ascii');
    h.write('00', 263, 'ascii');
    let sum = 0;
    for (const b of h)
        sum += b;
    h.write(octal(sum, 7) + ' ', 148, 'ascii');
    return h;
}
/** An uncompressed ustar archive of the entries, in the order given. */
function tarOf(entries) {
    const parts = [];
    for (const e of entries) {
        parts.push(header(e.name, e.data.length), Buffer.from(e.data));
        const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
        if (pad)
            parts.push(Buffer.alloc(pad));
    }
    parts.push(Buffer.alloc(BLOCK * 2));
    return Buffer.concat(parts);
}
/**
 * gzip with mtime 0 and OS byte 3 (Unix) whatever the platform. Level 2:
 * on Go wasm it takes about half the time of gzip's default 6 for ~11% more
 * bytes; CI wall time is what we optimise, and the gateway does not care.
 * The level is part of the digest: changing it changes every artifact's digest.
 */
const GZIP_LEVEL = 2;
function deterministicGzip(data) {
    const gz = (0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.gzipSync)(data, { level: GZIP_LEVEL });
    gz.writeUInt32LE(0, 4); // MTIME
    gz[9] = 3; // OS: zlib writes the host's code; pin it so Windows gives the same bytes
    return gz;
}
function tarGzipOf(entries) {
    return deterministicGzip(tarOf(entries));
}
/** Entries of a ustar/GNU tar, stopping at the end marker. Throws on a corrupt header. */
function* tarEntries(tar) {
    let off = 0;
    let longName;
    while (off + BLOCK <= tar.length) {
        const h = tar.subarray(off, off + BLOCK);
        if (h.every((b) => b === 0))
            return;
        const stored = parseInt(h.toString('ascii', 148, 156).replace(/[\0 ]/g, ''), 8);
        let sum = 0;
        for (let i = 0; i < BLOCK; i++)
            sum += i >= 148 && i < 156 ? 32 : h[i];
        if (sum !== stored)
            throw new Error(`corrupt tar header at offset ${off}`);
        const size = parseInt(h.toString('ascii', 124, 136).replace(/[\0 ]/g, '') || '0', 8);
        const type = String.fromCharCode(h[156] || 48);
        const prefix = h.toString('utf8', 345, 500).replace(/\0.*$/s, '');
        let name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
        if (prefix && h.toString('ascii', 257, 262) === 'ustar')
            name = `${prefix}/${name}`;
        const data = tar.subarray(off + BLOCK, off + BLOCK + size);
        if (data.length < size)
            throw new Error('tar archive is truncated');
        off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
        if (type === 'L') {
            longName = data.toString('utf8').replace(/\0.*$/s, '');
            continue;
        }
        if (type === 'x' || type === 'g')
            continue; // pax headers: the gateway ignores them too
        yield { name: longName ?? name, data, type };
        longName = undefined;
    }
}
/** gunzip with an output cap, like Higress's fork caps the tar read. */
function gunzipCapped(data, maxBytes) {
    try {
        return (0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.gunzipSync)(data, { maxOutputLength: maxBytes });
    }
    catch (err) {
        if (err.code === 'ERR_BUFFER_TOO_LARGE') {
            throw new Error(`decompressed layer exceeds the ${maxBytes >> 20} MiB limit`);
        }
        throw err;
    }
}


/***/ }),

/***/ 6852:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   oc: () => (/* binding */ verifyArtifact),
/* harmony export */   t4: () => (/* binding */ verifySource),
/* harmony export */   yj: () => (/* binding */ layoutSource)
/* harmony export */ });
/* unused harmony export registrySource */
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1922);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8825);
/* harmony import */ var _docker_config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7520);
/* harmony import */ var _gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8069);
/* harmony import */ var _image_layout_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1103);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2148);
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(764);
/**
 * Verify a published artifact the way a gateway fetches it: manifest back,
 * fetch rules, decompress, find plugin.wasm, compare its sha256 with what was
 * built. Works on any registry reference or on a local OCI layout.
 */







async function verifySource(source, expectedSha256) {
    const result = {
        ok: false,
        reference: source.reference,
        digest: null,
        variant: null,
        layers: [],
        wasmSha256: null,
        wasmSize: null,
        expectedSha256: expectedSha256 ?? null,
        reason: null,
    };
    const fail = (reason) => Object.assign(result, { ok: false, reason });
    let got = await source.manifest();
    result.digest = got.digest;
    const parse = (bytes) => {
        try {
            return JSON.parse(bytes.toString('utf8'));
        }
        catch {
            return undefined;
        }
    };
    let manifest = parse(got.bytes);
    if (!manifest)
        return fail('the manifest is not JSON');
    if ((0,_gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .isIndex */ .nw)(manifest, got.mediaType)) {
        // go-containerregistry's desc.Image(), which the gateway calls, resolves
        // an index to its linux/amd64 child.
        const child = (0,_gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .platformChild */ .oF)(manifest);
        if (!child)
            return fail(`an image index without a ${_gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .GATEWAY_PLATFORM */ .Fk} manifest: the gateway resolves indexes to ${_gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .GATEWAY_PLATFORM */ .Fk}`);
        got = await source.manifest(child.digest);
        result.childDigest = got.digest;
        manifest = parse(got.bytes);
        if (!manifest)
            return fail('the linux/amd64 manifest of the index is not JSON');
    }
    result.layers = (manifest.layers ?? []).map((l) => ({ mediaType: l.mediaType, size: l.size }));
    const sel = (0,_gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .selectWasmLayer */ .uD)(manifest, got.mediaType);
    if (!sel.ok)
        return fail(sel.reason);
    result.variant = sel.variant;
    if (sel.layer.size > _gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_WASM_BYTES */ .WP)
        return fail(`the wasm layer is ${sel.layer.size} bytes, over the 256 MiB limit`);
    const content = await source.blob(sel.layer.digest, _gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_WASM_BYTES */ .WP);
    const extracted = (0,_gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .extractWasm */ .MU)(content, sel.packed);
    if ('reason' in extracted)
        return fail(extracted.reason);
    result.wasmSha256 = (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256Hex */ .fg)(extracted.wasm);
    result.wasmSize = extracted.wasm.length;
    if (!(0,_gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .looksLikeWasm */ .G2)(extracted.wasm))
        return fail('plugin.wasm is not a WebAssembly binary (bad magic)');
    if (expectedSha256 && expectedSha256.replace(/^sha256:/, '') !== result.wasmSha256) {
        return fail(`plugin.wasm has sha256 ${result.wasmSha256}, but the build produced ${expectedSha256}`);
    }
    result.ok = true;
    return result;
}
function registrySource(ref, client) {
    const parsed = (0,_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .parseImageRef */ .Q)(ref);
    const reference = parsed.digest ?? parsed.tags[0];
    return {
        reference: ref,
        manifest: (digest) => client.getManifest(parsed.repository, digest ?? reference),
        blob: (digest, max) => client.getBlob(parsed.repository, digest, max),
    };
}
/** `DIR:TAG` (the last colon splits; a bare DIR means the only tag in it). */
function layoutSource(spec) {
    const colon = spec.lastIndexOf(':');
    const [dir, tag] = colon > 0 ? [spec.slice(0, colon), spec.slice(colon + 1)] : [spec, undefined];
    const layout = new _image_layout_js__WEBPACK_IMPORTED_MODULE_4__/* .OciLayout */ .A(dir);
    let name = tag;
    if (!name) {
        const tags = layout.tags();
        if (tags.length !== 1)
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`'${spec}': name a tag as DIR:TAG (the layout has ${tags.length} tags)`);
        name = tags[0];
    }
    const found = name;
    return {
        reference: `${dir}:${found}`,
        manifest: async (digest) => {
            if (digest)
                return { bytes: layout.readBlob(digest), mediaType: '', digest };
            const d = layout.resolve(found);
            if (!d)
                throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`tag '${found}' not found in OCI layout '${dir}'`);
            return { bytes: layout.readBlob(d.digest), mediaType: d.mediaType, digest: d.digest };
        },
        blob: async (digest, max) => layout.readBlob(digest, max),
    };
}
/** Verify a registry reference (`REGISTRY/REPO:TAG` or `@sha256:...`). */
async function verifyArtifact(ref, expectedSha256, options = {}) {
    const parsed = (0,_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .parseImageRef */ .Q)(ref);
    const credentials = options.credentials ?? (await (0,_docker_config_js__WEBPACK_IMPORTED_MODULE_2__/* .dockerCredentials */ .d)(parsed.registry, options.env));
    const client = new _registry_client_js__WEBPACK_IMPORTED_MODULE_6__/* .RegistryClient */ .bP(parsed.registry, {
        credentials,
        insecure: options.insecure,
        log: options.log,
    });
    return verifySource(registrySource(ref, client), expectedSha256);
}


/***/ })

};
