export const id = 412;
export const ids = [412];
export const modules = {

/***/ 9412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   "default": () => (__WEBPACK_DEFAULT_EXPORT__)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _toolchain_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1814);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1604);
/**
 * `wasm-plugin-ci setup`: the same setup stage the action runs, caching under
 * the user's cache directory instead of the runner's tool cache.
 */




const HELP = `usage: wasm-plugin-ci setup [--go V] [--tinygo V] [--oras V] [--wasm-opt V]
                             [--go-version-file FILE] [--mirror URL]
                             [--tinygo-sha256 HEX] [--wasm-opt-sha256 HEX]
                             [--allow-unverified-downloads] [--cache-dir DIR] [--json]

Installs checksum-verified toolchains and prints where they are.
Versions: exact (1.24.4), a Go line (1.24.x) or 'stable'; several comma-separated.
--mirror URL   a root holding go/, tinygo/, oras/, binaryen/ in the upstream layouts
--cache-dir    default: $XDG_CACHE_HOME/wasm-plugin-ci (or ~/.cache/wasm-plugin-ci)
`;
const setup = async (args, io) => {
    const { values } = (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .parseCommandArgs */ .Q)('setup', args, {
        go: { type: 'string' },
        tinygo: { type: 'string' },
        oras: { type: 'string' },
        'wasm-opt': { type: 'string' },
        'go-version-file': { type: 'string' },
        mirror: { type: 'string' },
        'tinygo-sha256': { type: 'string' },
        'wasm-opt-sha256': { type: 'string' },
        'allow-unverified-downloads': { type: 'boolean' },
        'cache-dir': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
        io.stderr(HELP);
        return 0;
    }
    const at = (p) => ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(p) ? p : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, p));
    const request = {
        go: values.go,
        tinygo: values.tinygo,
        oras: values.oras,
        wasmOpt: values['wasm-opt'],
        goVersionFile: values['go-version-file'] ? at(values['go-version-file']) : undefined,
        mirror: values.mirror,
        sha256: { tinygo: values['tinygo-sha256'], 'wasm-opt': values['wasm-opt-sha256'] },
        allowUnverifiedDownloads: values['allow-unverified-downloads'] ?? false,
    };
    const root = values['cache-dir'] ? at(values['cache-dir']) : (0,_toolchain_index_js__WEBPACK_IMPORTED_MODULE_2__/* .userCacheDir */ .bE)(io.env);
    const toolCacheDir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, 'tools');
    const tempDir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, 'tmp');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(toolCacheDir, { recursive: true });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(tempDir, { recursive: true });
    const result = await (0,_toolchain_index_js__WEBPACK_IMPORTED_MODULE_2__/* .setupToolchains */ .qF)(request, { ...(0,_toolchain_index_js__WEBPACK_IMPORTED_MODULE_2__/* .hostPlatform */ .ol)(), toolCacheDir, tempDir }, io.log);
    const environment = (0,_toolchain_index_js__WEBPACK_IMPORTED_MODULE_2__/* .toolEnvironment */ .uQ)(result);
    if (values.json) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .printJson */ .x)(io, { tools: result.tools, path: environment.path, env: environment.vars });
    }
    else {
        if (!result.tools.length)
            io.stderr('setup: no tool versions requested (see --help)\n');
        for (const t of result.tools)
            io.stderr(`${t.tool} ${t.version}  ${t.dir}  (${t.source})\n`);
        if (result.tools.length) {
            // Ready to paste into a shell: the same environment the action exports.
            const vars = Object.entries(environment.vars).map(([k, v]) => `${k}='${v}'`);
            io.stderr(`export ${[...vars, `PATH='${environment.path.join(':')}':"$PATH"`].join(' ')}\n`);
        }
    }
    return 0;
};
/* harmony default export */ const __WEBPACK_DEFAULT_EXPORT__ = (setup);


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
