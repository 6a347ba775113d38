export * from './types.js';
export { readModule, functionSig, sectionName } from './reader.js';
export { capMemory, WASM_PAGE, formatMiB, type CappedModule } from './memory-cap.js';
