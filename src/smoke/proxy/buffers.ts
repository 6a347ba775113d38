/**
 * Buffers behind proxy_get_buffer_bytes / proxy_set_buffer_bytes, with the
 * semantics of Envoy's Wasm Buffer (source/extensions/common/wasm/context.cc).
 */
import { Status, type StatusCode } from './abi.js';

export interface ProxyBuffer {
  bytes(): Uint8Array;
  /** proxy_set_buffer_bytes on this buffer. */
  copyFrom(start: number, length: number, data: Uint8Array): StatusCode;
}

/**
 * Bodies and TCP data. Envoy supports exactly two edits: start 0 drains
 * `length` bytes and prepends the data (so 0/0 prepends and 0/size replaces
 * everything), and a start at or past the end appends; a start inside the
 * buffer is BAD_ARGUMENT.
 */
export class MutableBuffer implements ProxyBuffer {
  private data: Uint8Array;

  constructor(initial: Uint8Array = new Uint8Array()) {
    this.data = initial.slice();
  }

  bytes(): Uint8Array {
    return this.data;
  }

  copyFrom(start: number, length: number, data: Uint8Array): StatusCode {
    if (start === 0) {
      const kept = this.data.subarray(Math.min(length, this.data.length));
      this.data = concat(data, kept);
      return Status.Ok;
    }
    if (start >= this.data.length) {
      this.data = concat(this.data, data);
      return Status.Ok;
    }
    return Status.BadArgument;
  }
}

/** Configuration and call responses: readable, never writable. */
export class ConstBuffer implements ProxyBuffer {
  constructor(private readonly data: Uint8Array) {}

  bytes(): Uint8Array {
    return this.data;
  }

  copyFrom(): StatusCode {
    return Status.BadArgument;
  }
}

/**
 * The slice proxy_get_buffer_bytes returns: at most `maxSize` bytes from
 * `start`, clipped to the end; undefined when `start` lies past the end.
 */
export function bufferSlice(
  data: Uint8Array,
  start: number,
  maxSize: number,
): Uint8Array | undefined {
  if (start > data.length) return undefined;
  return data.subarray(start, Math.min(data.length, start + maxSize));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
