export const id = 917;
export const ids = [917];
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


/***/ })

};
