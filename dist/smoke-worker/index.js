import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/smoke/worker.ts
// Smoke worker entry (placeholder until the smoke stage lands).

external_node_worker_threads_namespaceObject.parentPort?.postMessage({ error: 'smoke worker not available in this build yet' });

