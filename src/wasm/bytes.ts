/**
 * A cursor over wasm bytes. Every read checks bounds and reports failures as
 * InputError naming the file, what was being read and the byte offset, so a
 * truncated or corrupted module never surfaces as a RangeError or a crash.
 */
import { InputError } from '../common/errors.js';

const hex = (n: number) => `0x${n.toString(16)}`;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class ByteReader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    start = 0,
    /** Reads past this offset are truncation (a section's end, or the file's). */
    public limit = bytes.length,
  ) {
    this.pos = start;
  }

  /** An InputError naming the file, what was read and where. */
  fail(what: string, at = this.pos): InputError {
    return new InputError(`${this.file}: ${what} at offset ${hex(at)}`);
  }

  get atEnd(): boolean {
    return this.pos >= this.limit;
  }

  byte(what: string): number {
    if (this.pos >= this.limit) throw this.fail(`truncated ${what}`);
    return this.bytes[this.pos++]!;
  }

  /** Unsigned LEB128 up to 32 bits. */
  u32(what: string): number {
    const at = this.pos;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.byte(what);
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) throw this.fail(`malformed ${what} (integer too large)`, at);
        return result;
      }
      shift += 7;
    }
    throw this.fail(`malformed ${what} (integer representation too long)`, at);
  }

  /** Unsigned LEB128 up to 64 bits, as a number (limits of memory64 modules). */
  u64(what: string): number {
    const at = this.pos;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.byte(what);
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw this.fail(`malformed ${what} (integer representation too long)`, at);
  }

  /** Skips a signed LEB128 (initializer constants we do not need). */
  skipLeb(what: string): void {
    const at = this.pos;
    for (let i = 0; i < 10; i++) {
      if ((this.byte(what) & 0x80) === 0) return;
    }
    throw this.fail(`malformed ${what} (integer representation too long)`, at);
  }

  take(n: number, what: string): Uint8Array {
    if (n > this.limit - this.pos) throw this.fail(`truncated ${what}`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(n: number, what: string): void {
    this.take(n, what);
  }

  name(what: string): string {
    const len = this.u32(`${what} length`);
    const at = this.pos;
    const raw = this.take(len, what);
    try {
      return utf8.decode(raw);
    } catch {
      throw this.fail(`malformed ${what} (invalid UTF-8)`, at);
    }
  }
}

export const hexOffset = hex;
