/**
 * Caps what a module's own memories and tables may grow to, so `memory.grow`
 * and `table.grow` fail inside the guest past the limit instead of taking
 * the runner's memory. The memory and table sections are re-encoded with
 * max = min(existing max, cap); a minimum already past a cap is refused.
 */
import { PluginFailure } from '../common/errors.js';
import { readModule } from './reader.js';
import type { Limits, ModuleInfo } from './types.js';

export const WASM_PAGE = 65536;

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

function encodeLimits(l: Limits): number[] {
  const flags = 1 | (l.shared ? 2 : 0) | (l.memory64 ? 4 : 0);
  return [flags, ...leb(l.min), ...leb(l.max ?? l.min)];
}

const mib = (bytes: number) => `${Math.round((bytes / (1 << 20)) * 100) / 100} MiB`;

/** A minimum past a cap: which limit, and the text saying so. */
export class LimitFailure extends PluginFailure {
  constructor(
    readonly limit: 'memory' | 'tables',
    message: string,
  ) {
    super(message);
  }
}

export interface Caps {
  /** Linear memory, per memory. */
  memoryBytes: number;
  /** Entries in all tables together (imported ones included). */
  tableEntries: number;
}

export interface CappedModule {
  bytes: Uint8Array;
  /**
   * How far everything after the rewritten sections moved (code offsets in
   * V8 stack frames refer to the capped bytes; subtract this for the file's own).
   */
  offsetDelta: number;
}

/** The largest each table may grow to, so that all together stay within `budget`. */
export function tableMaximums(tables: Limits[], budget: number): number[] {
  const declared = tables.reduce((sum, t) => sum + t.min, 0);
  if (declared > budget) {
    throw new LimitFailure(
      'tables',
      `the module's tables declare ${declared} entries in all; the smoke test allows ${budget} (V8 keeps every entry on its heap)`,
    );
  }
  const share = tables.length ? Math.floor((budget - declared) / tables.length) : 0;
  return tables.map((t) => Math.min(t.max ?? Infinity, t.min + share));
}

/** The largest a memory may grow to, in pages; refuses a minimum past the cap. */
export function memoryMaximum(m: Limits, limitBytes: number): number {
  const capPages = Math.floor(limitBytes / WASM_PAGE);
  if (m.min > capPages) {
    throw new LimitFailure(
      'memory',
      `linear memory minimum of ${mib(m.min * WASM_PAGE)} exceeds the memory limit of ${mib(limitBytes)}`,
    );
  }
  return m.max === undefined ? capPages : Math.min(m.max, capPages);
}

/**
 * Returns `bytes` with every defined memory's and table's maximum lowered to
 * the caps (imported ones are created by the host with the same caps).
 * Throws LimitFailure when a minimum already exceeds a cap.
 *
 * `spare`: how many bytes just before `bytes` in its buffer are free to
 * overwrite. When the rewritten sections grow the module by no more than
 * that, only the sections up to the last rewritten one move (a few hundred
 * bytes at the front) and the module is not copied; `bytes` itself is then
 * no longer the original module.
 */
export function capModule(
  bytes: Uint8Array,
  file: string,
  caps: Caps,
  info: ModuleInfo = readModule(bytes, file),
  spare = 0,
): CappedModule {
  const importedTables = info.imports.filter((i) => i.kind === 'table').map((i) => i.limits!);
  const tableMax = tableMaximums([...importedTables, ...info.tables], caps.tableEntries).slice(
    importedTables.length,
  );
  for (const i of info.imports) if (i.kind === 'memory') memoryMaximum(i.limits!, caps.memoryBytes);
  const rewrites: { start: number; end: number; bytes: number[] }[] = [];
  const tableSection = info.sections.find((s) => s.id === 4);
  if (tableSection && info.tables.length) {
    // Every entry is a reference type byte, then limits; the reader kept the limits only.
    const types = tableTypes(bytes, tableSection.payloadStart, info.tables.length);
    const payload = [...leb(info.tables.length)];
    info.tables.forEach((t, i) =>
      payload.push(types[i]!, ...encodeLimits({ ...t, max: tableMax[i] })),
    );
    rewrites.push({
      start: tableSection.start,
      end: tableSection.end,
      bytes: [4, ...leb(payload.length), ...payload],
    });
  }
  const memorySection = info.sections.find((s) => s.id === 5);
  if (memorySection && info.memories.length) {
    const payload = [...leb(info.memories.length)];
    for (const m of info.memories)
      payload.push(...encodeLimits({ ...m, max: memoryMaximum(m, caps.memoryBytes) }));
    rewrites.push({
      start: memorySection.start,
      end: memorySection.end,
      bytes: [5, ...leb(payload.length), ...payload],
    });
  }
  if (rewrites.length === 0) return { bytes, offsetDelta: 0 };
  const size = rewrites.reduce((n, r) => n - (r.end - r.start) + r.bytes.length, bytes.length);
  const growth = size - bytes.length;
  // Sections come in id order: everything after the last rewritten one stays where it is.
  const tail = rewrites.at(-1)!.end;
  const inPlace = growth >= 0 && growth <= spare && spare <= bytes.byteOffset;
  const out = new Uint8Array(inPlace ? tail + growth : size);
  let from = 0;
  let to = 0;
  for (const r of rewrites) {
    out.set(bytes.subarray(from, r.start), to);
    to += r.start - from;
    out.set(r.bytes, to);
    to += r.bytes.length;
    from = r.end;
  }
  if (!inPlace) {
    out.set(bytes.subarray(from), to);
    return { bytes: out, offsetDelta: growth };
  }
  const moved = new Uint8Array(bytes.buffer, bytes.byteOffset - growth, size);
  moved.set(out, 0);
  return { bytes: moved, offsetDelta: growth };
}

/** The reference type byte of each table entry (the section was validated by the reader). */
function tableTypes(bytes: Uint8Array, payloadStart: number, count: number): number[] {
  let at = payloadStart;
  const skipLeb = () => {
    while (bytes[at++]! & 0x80);
  };
  skipLeb(); // count
  const types: number[] = [];
  for (let i = 0; i < count; i++) {
    types.push(bytes[at++]!);
    const flags = bytes[at++]!;
    skipLeb(); // min
    if (flags & 1) skipLeb(); // max
  }
  return types;
}

export { mib as formatMiB };
