/**
 * Reads the parts of a wasm binary the loader needs (types, imports,
 * functions, tables, memories, globals, exports, start, code bounds and the
 * `name` section) without compiling it: `WebAssembly.Module.imports/exports`
 * carry no types, and the gateway's checks are all about types.
 */
import { ByteReader } from './bytes.js';
import type {
  ExternKind,
  FuncSig,
  Limits,
  ModuleInfo,
  SectionRange,
  ValType,
  WasmExport,
  WasmImport,
} from './types.js';

const SECTION_NAMES: Record<number, string> = {
  0: 'custom',
  1: 'type',
  2: 'import',
  3: 'function',
  4: 'table',
  5: 'memory',
  6: 'global',
  7: 'export',
  8: 'start',
  9: 'element',
  10: 'code',
  11: 'data',
  12: 'data count',
  13: 'tag',
};

const VAL_TYPES: Record<number, ValType> = {
  0x7f: 'i32',
  0x7e: 'i64',
  0x7d: 'f32',
  0x7c: 'f64',
  0x7b: 'v128',
  0x70: 'funcref',
  0x6f: 'externref',
};

const EXTERN_KINDS: ExternKind[] = ['function', 'table', 'memory', 'global', 'tag'];

export function sectionName(id: number): string {
  return SECTION_NAMES[id] ?? `unknown (id ${id})`;
}

function valType(r: ByteReader, what: string): ValType {
  const at = r.pos;
  const code = r.byte(what);
  const t = VAL_TYPES[code];
  if (!t) throw r.fail(`malformed ${what} (unsupported value type 0x${code.toString(16)})`, at);
  return t;
}

export function readLimits(r: ByteReader, what: string): Limits {
  const at = r.pos;
  const flags = r.byte(what);
  if (flags > 7) throw r.fail(`malformed ${what} (bad limits flags 0x${flags.toString(16)})`, at);
  const memory64 = (flags & 4) !== 0;
  const read = () => (memory64 ? r.u64(what) : r.u32(what));
  const min = read();
  const max = flags & 1 ? read() : undefined;
  return { min, max, shared: (flags & 2) !== 0, memory64 };
}

function readTypes(r: ByteReader, what: string): FuncSig[] {
  const count = r.u32(what);
  const types: FuncSig[] = [];
  for (let i = 0; i < count; i++) {
    const at = r.pos;
    const form = r.byte(what);
    if (form !== 0x60) {
      throw r.fail(`malformed ${what} (unsupported type form 0x${form.toString(16)})`, at);
    }
    const params: ValType[] = [];
    for (let n = r.u32(what); n > 0; n--) params.push(valType(r, what));
    const results: ValType[] = [];
    for (let n = r.u32(what); n > 0; n--) results.push(valType(r, what));
    types.push({ params, results });
  }
  return types;
}

function typeAt(r: ByteReader, types: FuncSig[], what: string): FuncSig {
  const at = r.pos;
  const index = r.u32(what);
  const sig = types[index];
  if (!sig) throw r.fail(`malformed ${what} (type index ${index} out of range)`, at);
  return sig;
}

function readImports(r: ByteReader, types: FuncSig[], what: string): WasmImport[] {
  const imports: WasmImport[] = [];
  for (let count = r.u32(what); count > 0; count--) {
    const module = r.name(what);
    const name = r.name(what);
    const at = r.pos;
    const kind = r.byte(what);
    switch (kind) {
      case 0:
        imports.push({ module, name, kind: 'function', sig: typeAt(r, types, what) });
        break;
      case 1:
        valType(r, what);
        imports.push({ module, name, kind: 'table', limits: readLimits(r, what) });
        break;
      case 2:
        imports.push({ module, name, kind: 'memory', limits: readLimits(r, what) });
        break;
      case 3:
        valType(r, what);
        r.byte(what); // mutability
        imports.push({ module, name, kind: 'global' });
        break;
      case 4:
        r.byte(what); // tag attribute
        typeAt(r, types, what);
        imports.push({ module, name, kind: 'tag' });
        break;
      default:
        throw r.fail(`malformed ${what} (unknown import kind ${kind})`, at);
    }
  }
  return imports;
}

function readNames(r: ByteReader, info: ModuleInfo, what: string): void {
  while (!r.atEnd) {
    const id = r.byte(what);
    const size = r.u32(what);
    const sub = new ByteReader(r.bytes, r.file, r.pos, r.pos + size);
    if (size > r.limit - r.pos) throw r.fail(`truncated ${what}`);
    if (id === 0) info.moduleName = sub.name(what);
    if (id === 1) {
      for (let count = sub.u32(what); count > 0; count--) {
        const index = sub.u32(what);
        info.functionNames.set(index, sub.name(what));
      }
    }
    r.pos += size;
  }
}

/**
 * Engines ignore a malformed `name` section (it is debug information), so a
 * broken one must not make us reject a module the gateway loads: we only lose
 * the names backtraces would show.
 */
function readNamesLeniently(r: ByteReader, info: ModuleInfo): void {
  try {
    readNames(r, info, 'name section');
  } catch {
    info.moduleName = undefined;
    info.functionNames.clear();
  }
}

/** Parses `bytes` (read from `file`, named in every error message). */
export function readModule(bytes: Uint8Array, file: string): ModuleInfo {
  const r = new ByteReader(bytes, file);
  const magic = r.take(4, 'wasm header');
  if (magic[0] !== 0 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d) {
    throw r.fail('not a wasm module (bad magic number)', 0);
  }
  const version = r.take(4, 'wasm header');
  if (version[0] !== 1 || version[1] !== 0 || version[2] !== 0 || version[3] !== 0) {
    throw r.fail('unsupported wasm version (a component or a newer binary format?)', 4);
  }

  const info: ModuleInfo = {
    types: [],
    imports: [],
    functionTypes: [],
    memories: [],
    tables: [],
    globalCount: 0,
    exports: [],
    sections: [],
    functionNames: new Map(),
    importedFunctionCount: 0,
  };
  let lastId = 0;
  const exportIndices: { name: string; kind: ExternKind; index: number; at: number }[] = [];

  while (!r.atEnd) {
    const start = r.pos;
    const id = r.byte('section header');
    const what = `${sectionName(id)} section`;
    if (!SECTION_NAMES[id])
      throw r.fail(`malformed section header (unknown section id ${id})`, start);
    const size = r.u32(`${what} header`);
    const payloadStart = r.pos;
    if (size > bytes.length - payloadStart) throw r.fail(`truncated ${what}`);
    const end = payloadStart + size;
    const s = new ByteReader(bytes, file, payloadStart, end);
    const range: SectionRange = { id, start, payloadStart, end };
    // Known sections come once each, in order (data count and tag sit between others).
    if (id !== 0 && id !== 12 && id !== 13) {
      if (id <= lastId) throw r.fail(`malformed module (${what} out of order or repeated)`, start);
      lastId = id;
    }

    switch (id) {
      case 0: {
        range.name = s.name('custom section name');
        if (range.name === 'name') readNamesLeniently(s, info);
        s.pos = end;
        break;
      }
      case 1:
        info.types = readTypes(s, what);
        break;
      case 2:
        info.imports = readImports(s, info.types, what);
        info.importedFunctionCount = info.imports.filter((i) => i.kind === 'function').length;
        break;
      case 3:
        for (let count = s.u32(what); count > 0; count--) {
          const at = s.pos;
          const index = s.u32(what);
          if (index >= info.types.length) {
            throw s.fail(`malformed ${what} (type index ${index} out of range)`, at);
          }
          info.functionTypes.push(index);
        }
        break;
      case 4:
        for (let count = s.u32(what); count > 0; count--) {
          valType(s, what);
          info.tables.push(readLimits(s, what));
        }
        break;
      case 5:
        for (let count = s.u32(what); count > 0; count--) info.memories.push(readLimits(s, what));
        break;
      case 6:
        info.globalCount = s.u32(what);
        s.pos = end; // initializers are not needed
        break;
      case 7:
        for (let count = s.u32(what); count > 0; count--) {
          const name = s.name(what);
          const at = s.pos;
          const kindCode = s.byte(what);
          const kind = EXTERN_KINDS[kindCode];
          if (!kind) throw s.fail(`malformed ${what} (unknown export kind ${kindCode})`, at);
          exportIndices.push({ name, kind, index: s.u32(what), at });
        }
        break;
      case 8:
        info.start = s.u32(what);
        break;
      case 10: {
        const count = s.u32(what);
        const bodies: { start: number; end: number }[] = [];
        for (let i = 0; i < count; i++) {
          const size = s.u32(what);
          const start = s.pos;
          s.skip(size, what);
          bodies.push({ start, end: s.pos });
        }
        info.code = { start: payloadStart, end, count, bodies };
        break;
      }
      default:
        s.pos = end; // element, data, data count, tag: bounds only
    }
    if (s.pos !== end) throw s.fail(`malformed ${what} (size mismatch)`, s.pos);
    info.sections.push(range);
    r.pos = end;
  }

  const functionCount = info.importedFunctionCount + info.functionTypes.length;
  if (info.code && info.code.count !== info.functionTypes.length) {
    throw r.fail(
      `malformed code section (${info.code.count} bodies for ${info.functionTypes.length} functions)`,
      info.code.start,
    );
  }
  for (const e of exportIndices) {
    const entry: WasmExport = { name: e.name, kind: e.kind, index: e.index };
    if (e.kind === 'function') {
      if (e.index >= functionCount) {
        throw r.fail(`malformed export section (function index ${e.index} out of range)`, e.at);
      }
      entry.sig = functionSig(info, e.index);
    }
    info.exports.push(entry);
  }
  return info;
}

/** Signature of a function by its index in the function index space. */
export function functionSig(info: ModuleInfo, index: number): FuncSig | undefined {
  if (index < info.importedFunctionCount) {
    return info.imports.filter((i) => i.kind === 'function')[index]?.sig;
  }
  const type = info.functionTypes[index - info.importedFunctionCount];
  return type === undefined ? undefined : info.types[type];
}
