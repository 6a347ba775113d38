/**
 * Caps the maximum of the module's own linear memory, so `memory.grow` fails
 * inside the guest past the limit instead of taking the runner's memory.
 * The memory section is re-encoded with max = min(existing max, cap).
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

export interface CappedModule {
  bytes: Uint8Array;
  /**
   * How far everything after the memory section moved (code offsets in V8
   * stack frames refer to the capped bytes; subtract this for the file's own).
   */
  offsetDelta: number;
}

/**
 * Returns `bytes` with every defined memory's maximum lowered to `limitBytes`.
 * Fails (PluginFailure, naming the limit) when a minimum already exceeds it.
 */
export function capMemory(
  bytes: Uint8Array,
  file: string,
  limitBytes: number,
  info: ModuleInfo = readModule(bytes, file),
): CappedModule {
  const section = info.sections.find((s) => s.id === 5);
  if (!section || info.memories.length === 0) return { bytes, offsetDelta: 0 };
  const capPages = Math.floor(limitBytes / WASM_PAGE);
  const payload: number[] = [...leb(info.memories.length)];
  for (const m of info.memories) {
    if (m.min > capPages) {
      throw new PluginFailure(
        `${file}: linear memory minimum of ${mib(m.min * WASM_PAGE)} exceeds the memory limit of ${mib(limitBytes)}`,
      );
    }
    const max = m.max === undefined ? capPages : Math.min(m.max, capPages);
    payload.push(...encodeLimits({ ...m, max }));
  }
  const head = [5, ...leb(payload.length)];
  const out = new Uint8Array(
    bytes.length - (section.end - section.start) + head.length + payload.length,
  );
  out.set(bytes.subarray(0, section.start), 0);
  out.set(head, section.start);
  out.set(payload, section.start + head.length);
  out.set(bytes.subarray(section.end), section.start + head.length + payload.length);
  return { bytes: out, offsetDelta: out.length - bytes.length };
}

export { mib as formatMiB };
