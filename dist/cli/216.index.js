export const id = 216;
export const ids = [216];
export const modules = {

/***/ 5216:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   "default": () => (__WEBPACK_DEFAULT_EXPORT__)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1922);
/* harmony import */ var _smoke_config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6947);
/* harmony import */ var _smoke_failure_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6879);
/* harmony import */ var _smoke_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4404);
/* harmony import */ var _smoke_profiles_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2695);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1604);







const HELP = `usage: wasm-plugin-ci smoke FILE.wasm [--host PROFILE] [--plugin-config FILE|JSON]
                            [--vm-config FILE|JSON] [--timeout-ms N] [--memory-limit-mb N] [--json]

Loads FILE.wasm the way the gateway does and reports the verdict.
Profiles: ${Object.keys(_smoke_profiles_js__WEBPACK_IMPORTED_MODULE_5__/* .PROFILES */ .jI).join(', ')} (default higress).
Exit codes: 0 loaded and ran, 1 the plugin failed, 2 bad input.
`;
function positiveInt(value, option) {
    if (value === undefined)
        return undefined;
    if (!/^[1-9][0-9]*$/.test(value))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`smoke: ${option} '${value}' is not a positive integer`);
    return Number(value);
}
function printHuman(io, file, report) {
    const out = [];
    out.push(`${report.ok ? 'PASS' : 'FAIL'} ${file} on ${report.host} (abi ${report.abi ?? 'none'}, entry ${report.entry ?? 'none'})`);
    for (const p of report.phases)
        out.push(`  ${p.ok ? 'ok  ' : 'FAIL'} ${p.name.padEnd(24)} ${p.ms.toFixed(1)} ms`);
    if (report.logs.length) {
        out.push('plugin log:');
        for (const l of report.logs)
            out.push(`  [${l.level}] ${l.message}`);
    }
    if (report.error) {
        out.push(`failed in phase ${report.error.phase}:`);
        out.push((0,_smoke_failure_js__WEBPACK_IMPORTED_MODULE_3__/* .formatFailure */ .M3)(report.error.message, report.error.backtrace));
    }
    io.stderr(`${out.join('\n')}\n`);
}
const smoke = async (args, io) => {
    const { values, positionals } = (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .parseCommandArgs */ .Q)('smoke', args, {
        host: { type: 'string' },
        'plugin-config': { type: 'string' },
        'vm-config': { type: 'string' },
        'timeout-ms': { type: 'string' },
        'memory-limit-mb': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
    }, true);
    if (values.help) {
        io.stderr(HELP);
        return 0;
    }
    if (positionals.length !== 1)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`smoke: expected one FILE.wasm, got ${positionals.length}\n\n${HELP}`);
    const file = positionals[0];
    if (values.host !== undefined && !(0,_smoke_profiles_js__WEBPACK_IMPORTED_MODULE_5__/* .findProfile */ .$O)(values.host)) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`smoke: unknown host profile '${values.host}' (known: ${Object.keys(_smoke_profiles_js__WEBPACK_IMPORTED_MODULE_5__/* .PROFILES */ .jI).join(', ')})`);
    }
    const options = {
        host: values.host,
        timeoutMs: positiveInt(values['timeout-ms'], '--timeout-ms'),
        memoryLimitMb: positiveInt(values['memory-limit-mb'], '--memory-limit-mb'),
    };
    if (values['plugin-config'] !== undefined)
        options.pluginConfig = (0,_smoke_config_js__WEBPACK_IMPORTED_MODULE_2__/* .configBytes */ .u7)(values['plugin-config'], '--plugin-config', io.cwd);
    if (values['vm-config'] !== undefined)
        options.vmConfig = (0,_smoke_config_js__WEBPACK_IMPORTED_MODULE_2__/* .configBytes */ .u7)(values['vm-config'], '--vm-config', io.cwd);
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(file) ? file : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, file);
    const report = await (0,_smoke_index_js__WEBPACK_IMPORTED_MODULE_4__/* .smokeTest */ .KH)(path, { ...options, file });
    if (values.json)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .printJson */ .x)(io, report);
    printHuman(io, file, report);
    return report.ok ? 0 : 1;
};
/* harmony default export */ const __WEBPACK_DEFAULT_EXPORT__ = (smoke);


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
