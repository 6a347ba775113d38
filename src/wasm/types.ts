/** WebAssembly value types as they appear in signatures. */
export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

/** A function signature; printed as Envoy prints it, e.g. `i32 (i32, i32)`. */
export interface FuncSig {
  params: ValType[];
  results: ValType[];
}
