/**
 * Emits small wasm binaries directly (no WAT round trip): the probe modules of
 * the refhost differential test and the hostile modules of the bounded-smoke
 * tests. Only what those need: function types, imports of every kind, tables,
 * memories, globals, exports, a start function and code made of raw opcodes.
 */

export type Val = 'i32' | 'i64';
export interface Sig {
  params: Val[];
  results: Val[];
}

const VAL: Record<Val, number> = { i32: 0x7f, i64: 0x7e };
const FUNCREF = 0x70;

export function uleb(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

export function sleb(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

const name = (s: string) => {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
};
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const limits = (min: number, max?: number) =>
  max === undefined ? [0, ...uleb(min)] : [1, ...uleb(min), ...uleb(max)];

/** Opcodes used by the bodies below. */
export const op = {
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  return: 0x0f,
  drop: 0x1a,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Store: 0x36,
  i32Store8: 0x3a,
  memorySize: 0x3f,
  memoryGrow: 0x40,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32DivU: 0x6e,
  i32RemU: 0x70,
  void: 0x40,
} as const;

/** `ref.null func`, then `table.grow t`: grows table `t` by the i32 on the stack (pushed before). */
export const tableGrow = (table: number) => [0xfc, 15, ...uleb(table)];
export const refNullFunc = [0xd0, 0x70];
/** memory.fill (dest, value, size on the stack). */
export const memoryFill = [0xfc, 11, 0];

export const i32 = (n: number) => [op.i32Const, ...sleb(n)];
export const i64 = (n: number | bigint) => [op.i64Const, ...sleb(n)];

type Import =
  | { kind: 'func'; module: string; name: string; type: number }
  | { kind: 'memory'; module: string; name: string; min: number; max?: number }
  | { kind: 'table'; module: string; name: string; min: number; max?: number }
  | { kind: 'global'; module: string; name: string; type: Val };

interface Func {
  type: number;
  locals: Val[];
  body: number[];
}

/** Builds one module; function indices count imports first, as in wasm. */
export class ModuleBuilder {
  private readonly types: Sig[] = [];
  private readonly imports: Import[] = [];
  private readonly funcs: Func[] = [];
  private readonly tables: { min: number; max?: number }[] = [];
  private readonly memories: { min: number; max?: number }[] = [];
  private readonly globals: { type: Val; init: number }[] = [];
  private readonly exports: { name: string; kind: number; index: number }[] = [];
  private start: number | undefined;

  type(sig: Sig): number {
    const key = JSON.stringify(sig);
    const found = this.types.findIndex((t) => JSON.stringify(t) === key);
    if (found >= 0) return found;
    this.types.push(sig);
    return this.types.length - 1;
  }

  private importedFuncs(): number {
    return this.imports.filter((i) => i.kind === 'func').length;
  }

  /** Imports a function; returns its function index (add imports before functions). */
  importFunc(module: string, fn: string, sig: Sig): number {
    if (this.funcs.length) throw new Error('import functions before defining any');
    this.imports.push({ kind: 'func', module, name: fn, type: this.type(sig) });
    return this.importedFuncs() - 1;
  }

  importMemory(module: string, field: string, min: number, max?: number): void {
    this.imports.push({ kind: 'memory', module, name: field, min, max });
  }

  importTable(module: string, field: string, min: number, max?: number): void {
    this.imports.push({ kind: 'table', module, name: field, min, max });
  }

  importGlobal(module: string, field: string, type: Val): void {
    this.imports.push({ kind: 'global', module, name: field, type });
  }

  /** Defines a function; returns its function index. */
  func(sig: Sig, body: number[], locals: Val[] = []): number {
    this.funcs.push({ type: this.type(sig), locals, body });
    return this.importedFuncs() + this.funcs.length - 1;
  }

  memory(min: number, max?: number, exportAs?: string): void {
    this.memories.push({ min, max });
    if (exportAs) this.exports.push({ name: exportAs, kind: 2, index: this.memories.length - 1 });
  }

  table(min: number, max?: number): void {
    this.tables.push({ min, max });
  }

  global(type: Val, init: number): void {
    this.globals.push({ type, init });
  }

  exportFunc(as: string, index: number): void {
    this.exports.push({ name: as, kind: 0, index });
  }

  startFunc(index: number): void {
    this.start = index;
  }

  bytes(): Uint8Array {
    const section = (id: number, payload: number[]) => [id, ...uleb(payload.length), ...payload];
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    out.push(
      ...section(
        1,
        vec(
          this.types.map((t) => [
            0x60,
            ...vec(t.params.map((p) => [VAL[p]])),
            ...vec(t.results.map((r) => [VAL[r]])),
          ]),
        ),
      ),
    );
    if (this.imports.length) {
      out.push(
        ...section(
          2,
          vec(
            this.imports.map((i) => {
              const head = [...name(i.module), ...name(i.name)];
              if (i.kind === 'func') return [...head, 0, ...uleb(i.type)];
              if (i.kind === 'table') return [...head, 1, FUNCREF, ...limits(i.min, i.max)];
              if (i.kind === 'memory') return [...head, 2, ...limits(i.min, i.max)];
              return [...head, 3, VAL[i.type], 0];
            }),
          ),
        ),
      );
    }
    if (this.funcs.length) out.push(...section(3, vec(this.funcs.map((f) => uleb(f.type)))));
    if (this.tables.length)
      out.push(...section(4, vec(this.tables.map((t) => [FUNCREF, ...limits(t.min, t.max)]))));
    if (this.memories.length)
      out.push(...section(5, vec(this.memories.map((m) => limits(m.min, m.max)))));
    if (this.globals.length) {
      const init = (g: { type: Val; init: number }) =>
        g.type === 'i32' ? i32(g.init) : i64(g.init);
      out.push(...section(6, vec(this.globals.map((g) => [VAL[g.type], 0, ...init(g), op.end]))));
    }
    if (this.exports.length)
      out.push(
        ...section(7, vec(this.exports.map((e) => [...name(e.name), e.kind, ...uleb(e.index)]))),
      );
    if (this.start !== undefined) out.push(...section(8, uleb(this.start)));
    if (this.funcs.length) {
      out.push(
        ...section(
          10,
          vec(
            this.funcs.map((f) => {
              const locals = vec(f.locals.map((l) => [1, VAL[l]]));
              const code = [...locals, ...f.body, op.end];
              return [...uleb(code.length), ...code];
            }),
          ),
        ),
      );
    }
    return new Uint8Array(out);
  }
}
