/**
 * Hand-made tar and gzip bytes for the Istio differential corpus: every
 * header field settable, so the corpus can hold what real tools write
 * (ustar, PAX, GNU long names, star) and what only an attacker would.
 */
import { createHash } from 'node:crypto';
import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';

const BLOCK = 512;

export type TarFormat = 'ustar' | 'gnu' | 'v7' | 'star';

export interface EntrySpec {
  name: string;
  /** Typeflag character: '0' file, '5' dir, '2' symlink, '1' hardlink, 'x' PAX, 'L' GNU long name... */
  type?: string;
  data?: Buffer;
  /** The size field, when it should differ from the data length (or be written as text). */
  size?: number | string;
  /** Write the size in base-256. */
  binarySize?: boolean;
  prefix?: string;
  linkname?: string;
  format?: TarFormat;
  mode?: string;
  /** Replace the computed checksum field (8 bytes of text). */
  checksum?: string;
  /** Extra bytes written into the header at an offset (e.g. GNU atime). */
  poke?: { at: number; bytes: Buffer }[];
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(e: EntrySpec, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  Buffer.from(e.name, 'latin1').copy(h, 0, 0, 100);
  h.write(e.mode ?? octal(0o644, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  if (e.binarySize) {
    h[124] = 0x80;
    h.writeBigUInt64BE(BigInt(size), 128);
  } else if (typeof e.size === 'string')
    h.write(e.size.padEnd(12, '\0').slice(0, 12), 124, 'latin1');
  else h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(0, 12), 136, 'latin1');
  h.write(e.type ?? '0', 156, 'latin1');
  if (e.linkname) h.write(e.linkname, 157, 'latin1');
  const format = e.format ?? 'ustar';
  if (format === 'ustar' || format === 'star') {
    h.write('ustar\0' + '00', 257, 'latin1');
    if (e.prefix) Buffer.from(e.prefix, 'latin1').copy(h, 345, 0, format === 'star' ? 131 : 155);
    if (format === 'star') h.write('tar\0', 508, 'latin1');
  } else if (format === 'gnu') {
    h.write('ustar  \0', 257, 'latin1');
    if (e.prefix) Buffer.from(e.prefix, 'latin1').copy(h, 345);
  } else if (e.prefix) Buffer.from(e.prefix, 'latin1').copy(h, 345);
  for (const p of e.poke ?? []) p.bytes.copy(h, p.at);
  h.write('        ', 148, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(e.checksum ?? octal(sum, 7) + ' ', 148, 'latin1');
  return h;
}

function padded(data: Buffer): Buffer[] {
  const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
  return pad ? [data, Buffer.alloc(pad)] : [data];
}

/** One entry: header plus its data, padded to a block. */
export function entry(e: EntrySpec): Buffer {
  const data = e.data ?? Buffer.alloc(0);
  const size = typeof e.size === 'number' ? e.size : data.length;
  return Buffer.concat([header(e, size), ...padded(data)]);
}

/** A PAX extended header ('x', or 'g' for global) carrying `records`. */
export function pax(records: Record<string, string>, type = 'x', name = 'PaxHeaders/x'): Buffer {
  const lines = Object.entries(records).map(([k, v]) => {
    const body = ` ${k}=${v}\n`;
    const base = Buffer.byteLength(body, 'latin1');
    let n = base + String(base).length;
    while (base + String(n).length !== n) n = base + String(n).length;
    return `${n}${body}`;
  });
  return entry({ name, type, data: Buffer.from(lines.join(''), 'latin1') });
}

/** A raw PAX block, for malformed records. */
export function paxRaw(text: string): Buffer {
  return entry({ name: 'PaxHeaders/raw', type: 'x', data: Buffer.from(text, 'latin1') });
}

/** A GNU long name ('L') for the next entry. */
export function gnuLongName(name: string, type = 'L'): Buffer {
  return entry({
    name: '././@LongLink',
    type,
    format: 'gnu',
    data: Buffer.from(name + '\0', 'latin1'),
  });
}

export const END = Buffer.alloc(2 * BLOCK);

export function tar(...parts: Buffer[]): Buffer {
  return Buffer.concat(parts);
}

/** A file entry with the archive's end marker: the usual one-file tar. */
export function tarOfFile(name: string, data: Buffer, e: Partial<EntrySpec> = {}): Buffer {
  return tar(entry({ name, data, ...e }), END);
}

export interface GzipOptions {
  level?: number;
  /** Split the input into members at these offsets. */
  members?: number[];
  /** Bytes after the last member. */
  trailing?: Buffer;
  badCrc?: boolean;
  badSize?: boolean;
  /** Keep only this many bytes of the result. */
  truncateTo?: number;
  /** FNAME, FCOMMENT, FEXTRA, FHCRC in the header. */
  headerFields?: boolean;
  badHeaderCrc?: boolean;
}

function member(data: Buffer, o: GzipOptions): Buffer {
  if (!o.headerFields) {
    const gz = gzipSync(data, { level: o.level ?? 6 });
    if (o.badCrc) gz.writeUInt32LE((gz.readUInt32LE(gz.length - 8) ^ 1) >>> 0, gz.length - 8);
    if (o.badSize) gz.writeUInt32LE(gz.readUInt32LE(gz.length - 4) + 1, gz.length - 4);
    return gz;
  }
  const extra = Buffer.from('AB\x02\x00hi', 'latin1');
  const head = Buffer.concat([
    Buffer.from([0x1f, 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3]),
    Buffer.from([extra.length, 0]),
    extra,
    Buffer.from('plugin.tar\0a comment\0', 'latin1'),
  ]);
  const hcrc = Buffer.alloc(2);
  hcrc.writeUInt16LE((crc32(head) & 0xffff) ^ (o.badHeaderCrc ? 1 : 0));
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, hcrc, deflateRawSync(data, { level: o.level ?? 6 }), trailer]);
}

/** gzip with the oddities the corpus needs. */
export function gzip(data: Buffer, o: GzipOptions = {}): Buffer {
  const cuts = [0, ...(o.members ?? []), data.length];
  const parts: Buffer[] = [];
  for (let i = 0; i + 1 < cuts.length; i++)
    parts.push(member(data.subarray(cuts[i], cuts[i + 1]), o));
  let out = Buffer.concat([...parts, o.trailing ?? Buffer.alloc(0)]);
  if (o.truncateTo !== undefined) out = out.subarray(0, o.truncateTo);
  return out;
}

/** A deflate stream whose bytes past `keep` are corrupt (a reserved block type). */
export function gzipCorruptAfter(data: Buffer, keep: number): Buffer {
  const head = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  // A deflate stream that is not finished (sync flush), then a block of the reserved type 3.
  const raw = deflateRawSync(data.subarray(0, keep), { finishFlush: constants.Z_SYNC_FLUSH });
  return Buffer.concat([head, raw, Buffer.from([0x07, 0xff, 0xff, 0xff])]);
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

let counter = 0;
/** A small module with the wasm magic and version, unique per call (so each case has its own sha256). */
export function wasmModule(label = '', bytes = 64): Buffer {
  const tag = Buffer.from(`${label}#${counter++}`);
  const body = Buffer.alloc(Math.max(bytes - 8 - tag.length, 0), 0x2a);
  return Buffer.concat([Buffer.from('0061736d01000000', 'hex'), tag, body]);
}
