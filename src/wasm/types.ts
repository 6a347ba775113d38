/** WebAssembly value types as they appear in signatures. */
export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

/** A function signature; printed as Envoy prints it, e.g. `i32 i32 -> i32`. */
export interface FuncSig {
  params: ValType[];
  results: ValType[];
}

export type ExternKind = 'function' | 'table' | 'memory' | 'global' | 'tag';

export interface Limits {
  min: number;
  max?: number;
  shared: boolean;
  memory64: boolean;
}

export interface WasmImport {
  module: string;
  name: string;
  kind: ExternKind;
  /** Present for function imports. */
  sig?: FuncSig;
  /** Present for memory and table imports. */
  limits?: Limits;
}

export interface WasmExport {
  name: string;
  kind: ExternKind;
  index: number;
  /** Present for function exports. */
  sig?: FuncSig;
}

/** Byte range of a section's payload in the file. */
export interface SectionRange {
  id: number;
  /** Custom section name, when id is 0. */
  name?: string;
  /** Offset of the section id byte. */
  start: number;
  /** Offset of the first payload byte. */
  payloadStart: number;
  /** Offset just past the payload. */
  end: number;
}

/** What the loader needs to know about a module, read without compiling it. */
export interface ModuleInfo {
  types: FuncSig[];
  imports: WasmImport[];
  /** Type index of every function defined in the module (not imported). */
  functionTypes: number[];
  /** Memories defined in the module (not imported). */
  memories: Limits[];
  tables: Limits[];
  globalCount: number;
  exports: WasmExport[];
  start?: number;
  sections: SectionRange[];
  /** Code section payload bounds, when present. */
  code?: {
    start: number;
    end: number;
    count: number;
    /** Byte range of each function body, in definition order. */
    bodies: { start: number; end: number }[];
  };
  /** Function names from the `name` custom section, by function index. */
  functionNames: Map<number, string>;
  /** Module name from the `name` section, when present. */
  moduleName?: string;
  /** Number of imported functions (function index space starts with them). */
  importedFunctionCount: number;
}

/** `i32 i32 -> i32`, with `void` for an empty side (cpp-host's printValTypes). */
export function formatSig(sig: FuncSig): string {
  const side = (types: ValType[]) => (types.length ? types.join(' ') : 'void');
  return `${side(sig.params)} -> ${side(sig.results)}`;
}

export function sameSig(a: FuncSig, b: FuncSig): boolean {
  return (
    a.params.length === b.params.length &&
    a.results.length === b.results.length &&
    a.params.every((t, i) => t === b.params[i]) &&
    a.results.every((t, i) => t === b.results[i])
  );
}
