export * from './types.js';
export { readModule, functionSig, sectionName } from './reader.js';
export {
  capModule,
  memoryMaximum,
  tableMaximums,
  LimitFailure,
  WASM_PAGE,
  formatMiB,
  type Caps,
  type CappedModule,
} from './memory-cap.js';
