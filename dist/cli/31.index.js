export const id = 31;
export const ids = [31];
export const modules = {

/***/ 412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   "default": () => (__WEBPACK_DEFAULT_EXPORT__)
/* harmony export */ });
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(922);

// Placeholder until the stage lands: fails loudly rather than doing nothing.
const setup = async () => {
    throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('setup: not available in this build yet');
};
/* harmony default export */ const __WEBPACK_DEFAULT_EXPORT__ = (setup);


/***/ })

};
