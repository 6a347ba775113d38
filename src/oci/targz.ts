/**
 * Deterministic tar+gzip of named files: fixed entry order (as given), mtime 0,
 * uid/gid 0, mode 0644, empty user/group names, and a gzip header with no
 * timestamp or name and a fixed OS byte. The same bytes in give the same
 * digest out, on any machine with the same zlib.
 */
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

const BLOCK = 512;

function octal(value: number, width: number): string {
  // width includes the trailing NUL
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`tar entry name too long: ${name}`);
  const h = Buffer.alloc(BLOCK);
  nameBytes.copy(h, 0);
  h.write(octal(0o644, 8), 100, 'ascii'); // mode
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(size, 12), 124, 'ascii'); // size
  h.write(octal(0, 12), 136, 'ascii'); // mtime
  h.write('        ', 148, 'ascii'); // checksum placeholder: 8 spaces
  h.write('0', 156, 'ascii'); // regular file
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

export interface TarEntry {
  name: string;
  data: Uint8Array;
}

/** The tar stream's pieces in order: views of the entries' bytes, never copies. */
function tarParts(entries: TarEntry[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    parts.push(header(e.name, e.data.length), e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return parts;
}

/** An uncompressed ustar archive of the entries, in the order given. */
export function tarOf(entries: TarEntry[]): Buffer {
  return Buffer.concat(tarParts(entries));
}

/**
 * gzip with mtime 0 and OS byte 3 (Unix) whatever the platform. Level 2:
 * on Go wasm it takes about half the time of gzip's default 6 for ~11% more
 * bytes; CI wall time is what we optimise, and the gateway does not care.
 * The level is part of the digest: changing it changes every artifact's digest.
 */
export const GZIP_LEVEL = 2;

/**
 * The stream is deflated in blocks of this size at once on libuv's thread
 * pool, as pigz does: each block after the first is primed with the 32 KiB
 * before it (so it compresses as if the stream were one) and every block but
 * the last ends with a sync flush (so the raw deflate streams join into ONE
 * deflate stream in one gzip member, which any gunzip reads). The block size
 * is fixed, never the machine's core count, so the bytes and the digest are
 * the same everywhere; a stream of one block is exactly zlib's own gzip.
 * Part of the digest, like the level.
 */
export const GZIP_BLOCK_BYTES = 512 << 10;
const WINDOW = 32 << 10;

const deflateRawAsync = promisify(zlib.deflateRaw);

type Crc32 = (data: Uint8Array, value?: number) => number;
/** zlib.crc32 (Node >= 20.15; read off the namespace, older releases lack it) or ours. */
const crc32: Crc32 = (zlib as { crc32?: Crc32 }).crc32 ?? tableCrc32;

let crcTable: Uint32Array | undefined;
function tableCrc32(data: Uint8Array, value = 0): number {
  const table = (crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  }));
  let crc = ~value >>> 0;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/**
 * Bytes [start, end) of the stream the parts make: a view when they lie in
 * one part (the module, nearly always), else a copy of only that range.
 */
function rangeOf(parts: Uint8Array[], start: number, end: number): Uint8Array {
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const part of parts) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + part.length);
    if (from < to) pieces.push(part.subarray(from - at, to - at));
    at += part.length;
    if (at >= end) break;
  }
  return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
}

/**
 * gzip of the stream the parts make, without joining them first: a module is
 * never copied into a tar buffer (two copies of a 16 MB module per plugin).
 * Runs on libuv's thread pool: the event loop stays free meanwhile.
 */
async function gzipParts(parts: Uint8Array[]): Promise<Buffer> {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const count = Math.max(1, Math.ceil(length / GZIP_BLOCK_BYTES));
  const blocks = Array.from({ length: count }, (_, i) => {
    const start = i * GZIP_BLOCK_BYTES;
    const last = i === count - 1;
    return deflateRawAsync(rangeOf(parts, start, Math.min(length, start + GZIP_BLOCK_BYTES)), {
      level: GZIP_LEVEL,
      // Large output chunks: a few callbacks onto the event loop instead of one per 16 KiB.
      chunkSize: 1 << 20,
      ...(start > 0 && { dictionary: rangeOf(parts, Math.max(0, start - WINDOW), start) }),
      finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    });
  });
  let crc = 0;
  // Empty parts skipped: Node's zlib.crc32 returns 0 for some empty buffers (randomBytes(0)).
  for (const part of parts) if (part.length) crc = crc32(part, crc);
  // RFC 1952 header: deflate, no flags, MTIME 0, XFL 0 (what zlib writes at
  // level 2), OS 3 (zlib writes the host's code; pinned so Windows gives the same bytes).
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return Buffer.concat([header, ...(await Promise.all(blocks)), trailer]);
}

export function deterministicGzip(data: Uint8Array): Promise<Buffer> {
  return gzipParts([data]);
}

/** The same bytes as deterministicGzip(tarOf(entries)). */
export function tarGzipOf(entries: TarEntry[]): Promise<Buffer> {
  return gzipParts(tarParts(entries));
}
