/**
 * A layer's tar.gz decompressed the way the gateway reads it: Go's
 * compress/gzip behind an io.LimitReader of 256 MiB (istio pkg/wasm). What
 * matters is not only the bytes but WHEN an error shows: Go reads the stream
 * lazily, so a bad checksum, trailing garbage or a corrupt block after the
 * point where plugin.wasm was found never reaches the gateway.
 *
 * - Members are concatenated (multistream); after a member's trailer comes
 *   either the end of the blob or another gzip header.
 * - A read that stays within `data` succeeds; one that needs more bytes gets
 *   `error` (or a clean EOF when `error` is null).
 * - The limit ends the stream cleanly, whatever follows it.
 */
import { constants, crc32, createInflateRaw } from 'node:zlib';

/** The stream as the tar reader sees it. */
export interface DecodedStream {
  data: Buffer;
  /** What a read past `data` gets: Go's error text, or null for a clean EOF. */
  error: string | null;
}

const GZIP_FLAGS = { hcrc: 2, extra: 4, name: 8, comment: 16 } as const;

export const UNEXPECTED_EOF = 'unexpected EOF';

/** Go's gzip header reader: where the deflate data starts, or its error. */
function readGzipHeader(blob: Buffer, at: number): { start: number } | { error: string } {
  const left = blob.length - at;
  if (left === 0) return { error: 'EOF' };
  if (left < 10) return { error: UNEXPECTED_EOF };
  if (blob[at] !== 0x1f || blob[at + 1] !== 0x8b || blob[at + 2] !== 8)
    return { error: 'gzip: invalid header' };
  const flags = blob[at + 3]!;
  let pos = at + 10;
  if (flags & GZIP_FLAGS.extra) {
    if (pos + 2 > blob.length) return { error: UNEXPECTED_EOF };
    pos += 2 + blob.readUInt16LE(pos);
    if (pos > blob.length) return { error: UNEXPECTED_EOF };
  }
  for (const flag of [GZIP_FLAGS.name, GZIP_FLAGS.comment]) {
    if (!(flags & flag)) continue;
    const nul = blob.indexOf(0, pos);
    if (nul < 0) return { error: UNEXPECTED_EOF };
    pos = nul + 1;
  }
  if (flags & GZIP_FLAGS.hcrc) {
    if (pos + 2 > blob.length) return { error: UNEXPECTED_EOF };
    if (blob.readUInt16LE(pos) !== (crc32(blob.subarray(at, pos)) & 0xffff))
      return { error: 'gzip: invalid header' };
    pos += 2;
  }
  return { start: pos };
}

interface Inflated {
  out: Buffer;
  /** Compressed bytes the deflate stream used (its trailer follows). */
  consumed: number;
  /** The budget ran out: the stream ends here, cleanly. */
  capped: boolean;
  corrupt?: string;
}

/** Raw deflate through zlib's stream (fast, and lets us stop at the budget). */
function inflate(input: Buffer, budget: number): Promise<Inflated & { error?: string }> {
  return new Promise((resolve) => {
    const inflater = createInflateRaw({ finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 1 << 20 });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error?: string) => {
      if (settled) return;
      settled = true;
      const capped = size >= budget;
      const out = Buffer.concat(chunks, size);
      const consumed = inflater.bytesWritten;
      inflater.destroy();
      resolve({ out: capped ? out.subarray(0, budget) : out, consumed, capped, error });
    };
    inflater.on('data', (chunk: Buffer) => {
      if (settled) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size >= budget) settle();
    });
    inflater.on('end', () => settle());
    inflater.on('error', (err) => settle(err.message));
    inflater.end(input);
  });
}

/**
 * One member's raw deflate data, up to `budget` bytes out. A truncated
 * stream gives what it decoded (SYNC_FLUSH): Go's reader hands those bytes
 * out too before it reports the missing rest. On corrupt data zlib drops the
 * output of the call that failed, while Go hands out every byte decoded
 * before the bad block: the longest prefix of the input that inflates
 * cleanly gives those bytes.
 */
async function inflateMember(input: Buffer, budget: number): Promise<Inflated> {
  const whole = await inflate(input, budget);
  if (!whole.error) return whole;
  let lo = 0;
  let hi = input.length;
  let best: Inflated = { out: Buffer.alloc(0), consumed: 0, capped: false };
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const attempt = await inflate(input.subarray(0, mid), budget);
    if (attempt.error) hi = mid - 1;
    else {
      lo = mid;
      best = attempt;
    }
  }
  return { out: best.out, consumed: 0, capped: best.capped, corrupt: whole.error };
}

/**
 * Decompress as the gateway would, up to `limit` bytes. `headerError` is
 * what gzip.NewReader says when the blob does not even start like gzip.
 */
export async function goGunzip(
  blob: Buffer,
  limit: number,
): Promise<DecodedStream | { headerError: string }> {
  const first = readGzipHeader(blob, 0);
  if ('error' in first) return { headerError: first.error };
  const parts: Buffer[] = [];
  let total = 0;
  const done = (error: string | null): DecodedStream => ({
    data: parts.length === 1 ? parts[0]! : Buffer.concat(parts, total),
    error,
  });
  let start = first.start;
  for (;;) {
    const member = await inflateMember(blob.subarray(start), limit - total);
    parts.push(member.out);
    total += member.out.length;
    if (member.capped || total >= limit) return done(null);
    if (member.corrupt) return done(`flate: corrupt input (${member.corrupt})`);
    const trailer = start + member.consumed;
    if (trailer + 8 > blob.length) return done(UNEXPECTED_EOF);
    const crc = blob.readUInt32LE(trailer);
    const isize = blob.readUInt32LE(trailer + 4);
    if (crc !== crc32(member.out) || isize !== member.out.length % 2 ** 32)
      return done('gzip: invalid checksum');
    const next = trailer + 8;
    if (next === blob.length) return done(null);
    const header = readGzipHeader(blob, next);
    if ('error' in header) return done(header.error);
    start = header.start;
  }
}
