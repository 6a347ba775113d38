export const id = 31;
export const ids = [31];
export const modules = {

/***/ 3412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   "default": () => (__WEBPACK_DEFAULT_EXPORT__)
/* harmony export */ });
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1922);
/* harmony import */ var _oci_verify_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6852);
/* harmony import */ var _oci_env_credentials_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5185);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1604);
/**
 * `wasm-plugin-ci verify REF|--oci-layout DIR:TAG [--sha256 HEX] [--json]`:
 * reads an artifact back and applies the gateway's fetch rules. Exit 1 when
 * a gateway would not load it (or its plugin.wasm differs from --sha256).
 */




const HELP = `usage: wasm-plugin-ci verify REF | --oci-layout DIR:TAG [--sha256 HEX] [--insecure] [--password-stdin] [--json]
Credentials: WPCI_REGISTRY_USERNAME and WPCI_REGISTRY_PASSWORD, else docker's config.json.
`;
const verify = async (args, io) => {
    const { values, positionals } = (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .parseCommandArgs */ .Q)('verify', args, {
        'oci-layout': { type: 'string' },
        sha256: { type: 'string' },
        insecure: { type: 'boolean', default: false },
        'password-stdin': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
    }, true);
    if (values.help) {
        io.stderr(HELP);
        return 0;
    }
    const layout = values['oci-layout'];
    if ((layout ? 1 : 0) + positionals.length !== 1)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`verify: give exactly one REF or --oci-layout DIR:TAG\n${HELP}`);
    const expected = values.sha256?.replace(/^sha256:/, '');
    if (expected !== undefined && !/^[a-f0-9]{64}$/.test(expected))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`verify: --sha256 '${values.sha256}' is not a sha256 hex digest`);
    let result;
    if (layout) {
        result = await (0,_oci_verify_js__WEBPACK_IMPORTED_MODULE_1__/* .verifySource */ .t4)((0,_oci_verify_js__WEBPACK_IMPORTED_MODULE_1__/* .layoutSource */ .yj)(layout), expected);
    }
    else {
        result = await (0,_oci_verify_js__WEBPACK_IMPORTED_MODULE_1__/* .verifyArtifact */ .oc)(positionals[0], expected, {
            credentials: await (0,_oci_env_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .credentialsFor */ .O)(io.env, values['password-stdin']),
            insecure: values.insecure,
            env: io.env,
            log: io.log,
        });
    }
    if (values.json)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .printJson */ .x)(io, result);
    if (result.ok) {
        io.log.info(`${result.reference}: ok (${result.variant} form, plugin.wasm sha256 ${result.wasmSha256}, ${result.wasmSize} bytes)`);
        return 0;
    }
    io.log.error(`${result.reference}: a gateway would not load this artifact: ${result.reason}`);
    return 1;
};
/* harmony default export */ const __WEBPACK_DEFAULT_EXPORT__ = (verify);


/***/ })

};
