/**
 * Reads and writes guest memory the way cpp-host's WasmVm does: every access
 * is bounds-checked and a failed one becomes INVALID_MEMORY_ACCESS (or a
 * WASI fault) instead of a host exception. Pointers arrive from wasm as signed
 * i32 values and are normalised to u32 here.
 */
import { ByteBudget, MAX_HOST_COPY_BYTES, MAX_LOG_MESSAGE_BYTES, messageCut } from '../limits.js';
import type { GuestAccess } from './contract.js';

export class GuestMemory {
  private guest: GuestAccess | undefined;
  /** Copies out of the guest live outside the JS heap: bounded per VM (src/smoke/limits.ts). */
  private readonly copies = new ByteBudget(
    MAX_HOST_COPY_BYTES,
    `the plugin passed more than ${MAX_HOST_COPY_BYTES} bytes to host functions (the smoke test's limit for one VM)`,
  );

  bind(guest: GuestAccess): void {
    this.guest = guest;
  }

  private access(): GuestAccess {
    if (!this.guest) throw new Error('proxy-wasm host called before bind(): no guest memory yet');
    return this.guest;
  }

  /** A fresh view: memory.grow detaches the previous ArrayBuffer. */
  private bytes(): Uint8Array {
    return new Uint8Array(this.access().memory().buffer);
  }

  /** The linear memory's current size in bytes (0 before bind). */
  size(): number {
    return this.guest ? this.guest.memory().buffer.byteLength : 0;
  }

  private inBounds(ptr: number, size: number): boolean {
    return ptr + size <= this.access().memory().buffer.byteLength;
  }

  /** A copy of `size` bytes at `ptr`, or undefined when out of bounds. */
  read(ptr: number | bigint, size: number | bigint): Uint8Array | undefined {
    const p = u32(ptr);
    const n = u32(size);
    if (!this.inBounds(p, n)) return undefined;
    this.copies.take(n);
    return this.bytes().slice(p, p + n);
  }

  /**
   * Log text: bounds-checked like read, decoded up to one message's limit
   * and not copied (log text is capped by the run and not kept here).
   */
  readLogText(ptr: number | bigint, size: number | bigint): string | undefined {
    const p = u32(ptr);
    const n = u32(size);
    if (!this.inBounds(p, n)) return undefined;
    const shown = Math.min(n, MAX_LOG_MESSAGE_BYTES);
    const text = Buffer.from(this.access().memory().buffer, p, shown).toString('utf8');
    return text + messageCut(shown, n);
  }

  readString(ptr: number | bigint, size: number | bigint): string | undefined {
    const raw = this.read(ptr, size);
    return raw && Buffer.from(raw).toString('utf8');
  }

  write(ptr: number | bigint, data: Uint8Array): boolean {
    const p = u32(ptr);
    if (!this.inBounds(p, data.length)) return false;
    this.bytes().set(data, p);
    return true;
  }

  writeU32(ptr: number | bigint, value: number): boolean {
    const p = u32(ptr);
    if (!this.inBounds(p, 4)) return false;
    new DataView(this.access().memory().buffer).setUint32(p, value >>> 0, true);
    return true;
  }

  writeU64(ptr: number | bigint, value: bigint): boolean {
    const p = u32(ptr);
    if (!this.inBounds(p, 8)) return false;
    new DataView(this.access().memory().buffer).setBigUint64(p, BigInt.asUintN(64, value), true);
    return true;
  }

  /**
   * Allocates `size` bytes with the guest's allocator; undefined when it
   * returns 0 or a block that does not fit in memory.
   */
  allocate(size: number): number | undefined {
    const ptr = u32(this.access().allocate(size));
    if (ptr === 0 || !this.inBounds(ptr, size)) return undefined;
    return ptr;
  }

  /**
   * cpp-host's copyToPointerSize: copies `data` into a fresh guest block and
   * writes its pointer and size; empty data writes pointer 0 and size 0
   * without allocating.
   */
  copyToPointerSize(data: Uint8Array, ptrPtr: number | bigint, sizePtr: number | bigint): boolean {
    let ptr = 0;
    if (data.length > 0) {
      const block = this.allocate(data.length);
      if (block === undefined) return false;
      ptr = block;
      if (!this.write(ptr, data)) return false;
    }
    return this.writeU32(ptrPtr, ptr) && this.writeU32(sizePtr, data.length);
  }
}

/** Wasm i32 arguments reach JS signed; the ABI treats them as u32. */
export function u32(value: number | bigint): number {
  return typeof value === 'bigint' ? Number(BigInt.asUintN(32, value)) : value >>> 0;
}
