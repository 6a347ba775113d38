/**
 * Finds plugin.wasm in a decompressed layer exactly as the gateway does:
 * istio pkg/wasm walks Go's archive/tar with tar.Reader.Next and takes the
 * first entry whose filepath.Base is "plugin.wasm", whatever its type. So:
 * - PAX records apply ('path' renames, 'size' resizes the data), a GNU long
 *   name (type L) wins over both, the ustar prefix is joined with '/';
 * - filepath.Base drops trailing slashes: a directory "plugin.wasm/" matches
 *   (and gives the agent an empty module);
 * - links, devices and directories have no data; a PAX global header ('g')
 *   is itself an entry;
 * - errors surface only when the walk reaches them (see go-gunzip.ts).
 * GNU sparse files are not modelled: they are reported, not guessed.
 */
import { UNEXPECTED_EOF, type DecodedStream } from './go-gunzip.js';
import { MODULE_FILE_NAME } from './media-types.js';

export { MODULE_FILE_NAME };

const BLOCK = 512;
/** archive/tar's cap on a PAX or GNU long-name record block. */
const MAX_SPECIAL_FILE = 1 << 20;
const ERR_HEADER = 'archive/tar: invalid tar header';
const ERR_FIELD_TOO_LONG = 'archive/tar: header field too long';

export interface TarEntryInfo {
  /** The name Go sees (UTF-8 for display). */
  name: string;
  /** Typeflag as a character ('0' file, '5' directory, '2' symlink, ...). */
  type: string;
  size: number;
  /** Where the name came from, when not the plain header field. */
  namedBy?: 'ustar prefix' | 'PAX path' | 'GNU long name';
}

export type TarSearch =
  | { found: true; entry: TarEntryInfo; index: number; data: Buffer; seen: TarEntryInfo[] }
  | { found: false; error: string | null; seen: TarEntryInfo[] };

class TarError extends Error {}

/** The decompressed stream, read with io.ReadFull / io.CopyN semantics. */
class Stream {
  pos = 0;
  constructor(private readonly s: DecodedStream) {}

  private get left(): number {
    return this.s.data.length - this.pos;
  }

  /** io.ReadFull: all n bytes, or EOF (none left), unexpected EOF, or the stream's error. */
  readFull(n: number): Buffer {
    if (this.left >= n) return this.s.data.subarray(this.pos, (this.pos += n));
    throw new TarError(this.s.error ?? (this.left === 0 ? 'EOF' : UNEXPECTED_EOF));
  }

  /** Reading an entry's data: a short read is always unexpected EOF. */
  readData(n: number): Buffer {
    if (this.left >= n) return this.s.data.subarray(this.pos, (this.pos += n));
    throw new TarError(this.s.error ?? UNEXPECTED_EOF);
  }

  /** tryReadFull of the padding: a clean short read ends the archive (EOF). */
  skipPadding(n: number): void {
    if (this.left >= n) this.pos += n;
    else throw new TarError(this.s.error ?? 'EOF');
  }
}

/** Bytes up to the first NUL, as Go's parser.parseString (kept byte for byte). */
function cString(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.toString('latin1', 0, nul < 0 ? b.length : nul);
}

/** parser.parseNumeric: base-256 when the top bit is set, else octal padded with spaces/NULs. */
function parseNumeric(b: Buffer): bigint {
  if (b.length && b[0]! & 0x80) {
    const inv = b[0]! & 0x40 ? 0xff : 0;
    let x = 0n;
    for (let i = 0; i < b.length; i++) {
      let c = b[i]! ^ inv;
      if (i === 0) c &= 0x7f;
      if (x >> 56n) throw new TarError(ERR_HEADER);
      x = (x << 8n) | BigInt(c);
    }
    if (x >> 63n) throw new TarError(ERR_HEADER);
    return inv ? ~x : x;
  }
  return parseOctal(b);
}

function parseOctal(b: Buffer): bigint {
  let start = 0;
  let end = b.length;
  const pad = (c: number) => c === 0x20 || c === 0;
  while (start < end && pad(b[start]!)) start++;
  while (end > start && pad(b[end - 1]!)) end--;
  if (start === end) return 0n;
  const text = cString(b.subarray(start, end));
  if (!/^[0-7]+$/.test(text)) throw new TarError(ERR_HEADER);
  const x = BigInt(`0o${text}`);
  if (x >> 64n) throw new TarError(ERR_HEADER);
  return BigInt.asIntN(64, x);
}

/** strconv.ParseInt(s, 10, 64). */
function parseDecimal(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new TarError(ERR_HEADER);
  const x = BigInt(s);
  if (x > 2n ** 63n - 1n || x < -(2n ** 63n)) throw new TarError(ERR_HEADER);
  return x;
}

function checkPaxTime(s: string): void {
  const dot = s.indexOf('.');
  parseDecimal(dot < 0 ? s : s.slice(0, dot));
  if (dot >= 0 && !/^[0-9]*$/.test(s.slice(dot + 1))) throw new TarError(ERR_HEADER);
}

/** filepath.Base on Linux. */
export function goBase(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);

interface Header {
  type: string;
  name: string;
  size: bigint;
  namedBy?: TarEntryInfo['namedBy'];
}

function readHeader(stream: Stream): Header {
  let block = stream.readFull(BLOCK);
  if (block.every((b) => b === 0)) {
    block = stream.readFull(BLOCK);
    if (block.every((b) => b === 0)) throw new TarError('EOF');
    throw new TarError(ERR_HEADER);
  }
  // Checksum (unsigned or signed sum, the field itself counted as spaces).
  let stored: bigint;
  try {
    stored = parseOctal(block.subarray(148, 156));
  } catch {
    throw new TarError(ERR_HEADER);
  }
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const c = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += c;
    signed += c > 127 ? c - 256 : c;
  }
  if (stored !== BigInt(unsigned) && stored !== BigInt(signed)) throw new TarError(ERR_HEADER);
  const magic = block.toString('latin1', 257, 263);
  const version = block.toString('latin1', 263, 265);
  const trailer = block.toString('latin1', 508, 512);
  const format =
    magic === 'ustar\0'
      ? trailer === 'tar\0'
        ? 'star'
        : 'ustar'
      : magic === 'ustar ' && version === ' \0'
        ? 'gnu'
        : 'v7';
  const header: Header = {
    type: String.fromCharCode(block[156]!),
    name: cString(block.subarray(0, 100)),
    size: parseNumeric(block.subarray(124, 136)),
  };
  for (const [from, to] of [
    [100, 108],
    [108, 116],
    [116, 124],
    [136, 148],
  ] as const)
    parseNumeric(block.subarray(from, to));
  if (format === 'v7') return header;
  parseNumeric(block.subarray(329, 337));
  parseNumeric(block.subarray(337, 345));
  let prefix = '';
  if (format === 'ustar') prefix = cString(block.subarray(345, 500));
  if (format === 'star') {
    prefix = cString(block.subarray(345, 476));
    parseNumeric(block.subarray(476, 488));
    parseNumeric(block.subarray(488, 500));
  }
  if (format === 'gnu') {
    // Pre-Go1.8 writers put a prefix where GNU keeps atime/ctime: when those
    // do not parse, Go takes the field as a prefix (golang.org/issue/12594).
    try {
      for (const [from, to] of [
        [345, 357],
        [357, 369],
      ] as const)
        if (block[from] !== 0) parseNumeric(block.subarray(from, to));
    } catch {
      const s = cString(block.subarray(345, 500));
      if (![...s].some((c) => c.charCodeAt(0) >= 0x80)) prefix = s;
    }
  }
  if (prefix) {
    header.name = `${prefix}/${header.name}`;
    header.namedBy = 'ustar prefix';
  }
  return header;
}

/** readSpecialFile: the whole data of a PAX or long-name entry, at most 1 MiB. */
function readSpecialFile(stream: Stream, size: number): Buffer {
  const want = Math.min(size, MAX_SPECIAL_FILE + 1);
  const data = stream.readData(want);
  if (data.length > MAX_SPECIAL_FILE) throw new TarError(ERR_FIELD_TOO_LONG);
  return data;
}

/** parsePAX: "%d %s=%s\n" records; a later x header replaces, not merges. */
function parsePax(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let s = data.toString('latin1');
  const sparse: string[] = [];
  while (s.length) {
    const space = s.indexOf(' ');
    if (space < 0) throw new TarError(ERR_HEADER);
    const lengthText = s.slice(0, space);
    if (!/^[+-]?[0-9]+$/.test(lengthText)) throw new TarError(ERR_HEADER);
    const n = Number(lengthText);
    if (n < 5 || n > s.length) throw new TarError(ERR_HEADER);
    const rest = n - (lengthText.length + 1);
    if (rest <= 0) throw new TarError(ERR_HEADER);
    const record = s.slice(space + 1, space + rest);
    if (s[space + rest] !== '\n') throw new TarError(ERR_HEADER);
    s = s.slice(space + 1 + rest);
    const eq = record.indexOf('=');
    if (eq < 0) throw new TarError(ERR_HEADER);
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    const nameLike = ['path', 'linkpath', 'uname', 'gname'].includes(key);
    if (key === '' || (nameLike ? value.includes('\0') : key.includes('\0')))
      throw new TarError(ERR_HEADER);
    if (key === 'GNU.sparse.offset' || key === 'GNU.sparse.numbytes') sparse.push(value);
    else records.set(key, value);
  }
  if (sparse.length) records.set('GNU.sparse.map', sparse.join(','));
  return records;
}

/** mergePAX: records that change what the gateway sees, checked like Go checks them. */
function mergePax(header: Header, pax: Map<string, string>): void {
  for (const [key, value] of pax) {
    if (value === '') continue; // keeps the ustar value
    if (key === 'path') {
      header.name = value;
      header.namedBy = 'PAX path';
    } else if (key === 'size') header.size = parseDecimal(value);
    else if (key === 'uid' || key === 'gid') parseDecimal(value);
    else if (key === 'atime' || key === 'mtime' || key === 'ctime') checkPaxTime(value);
  }
}

function isSparse(header: Header, pax: Map<string, string> | undefined): boolean {
  if (header.type === 'S') return true;
  const major = pax?.get('GNU.sparse.major');
  const minor = pax?.get('GNU.sparse.minor');
  if (major !== undefined || minor !== undefined)
    return (major === '0' && (minor === '0' || minor === '1')) || (major === '1' && minor === '0');
  return !!pax?.get('GNU.sparse.map');
}

function info(h: Header): TarEntryInfo {
  return {
    name: Buffer.from(h.name, 'latin1').toString('utf8'),
    type: h.type === '\0' ? '0' : h.type,
    size: Number(h.size),
    ...(h.namedBy ? { namedBy: h.namedBy } : {}),
  };
}

/** tar.Reader.Next, on a stream positioned after the previous entry's data. */
function nextHeader(stream: Stream, skip: { data: number; pad: number }): Header {
  let pax: Map<string, string> | undefined;
  let longName = '';
  for (;;) {
    stream.readData(skip.data);
    stream.skipPadding(skip.pad);
    const header = readHeader(stream);
    const physical = (h: Header) => {
      const nb = HEADER_ONLY.has(h.type) ? 0n : h.size;
      if (nb < 0n) throw new TarError(ERR_HEADER);
      if (nb > BigInt(Number.MAX_SAFE_INTEGER)) throw new TarError(UNEXPECTED_EOF);
      skip.data = Number(nb);
      skip.pad = (BLOCK - (skip.data % BLOCK)) % BLOCK;
    };
    physical(header);
    if (header.type === 'x' || header.type === 'g') {
      const records = parsePax(readSpecialFile(stream, skip.data));
      skip.data -= Math.min(skip.data, MAX_SPECIAL_FILE + 1);
      if (header.type === 'g') {
        try {
          mergePax(header, records); // Go ignores this merge's error
        } catch {
          // as Go does
        }
        return { type: 'g', name: header.name, size: 0n, namedBy: header.namedBy };
      }
      pax = records;
      continue;
    }
    if (header.type === 'L' || header.type === 'K') {
      const data = readSpecialFile(stream, skip.data);
      skip.data = 0;
      if (header.type === 'L') longName = cString(data);
      continue;
    }
    if (pax) mergePax(header, pax);
    if (longName) {
      header.name = longName;
      header.namedBy = 'GNU long name';
    }
    if (header.type === '\0') header.type = header.name.endsWith('/') ? '5' : '0';
    physical(header);
    if (isSparse(header, pax))
      throw new TarError('a GNU sparse entry: verify does not model sparse files');
    return header;
  }
}

/** How many entries a search reports by name. */
const SEEN_LIMIT = 20;

/** Istio's extractWasmPluginBinary over Go's tar reader. */
export function findModule(decoded: DecodedStream): TarSearch {
  const stream = new Stream(decoded);
  const skip = { data: 0, pad: 0 };
  const seen: TarEntryInfo[] = [];
  for (let index = 0; ; index++) {
    let header: Header;
    try {
      header = nextHeader(stream, skip);
    } catch (err) {
      if (!(err instanceof TarError)) throw err;
      return { found: false, error: err.message === 'EOF' ? null : err.message, seen };
    }
    const entry = info(header);
    if (seen.length < SEEN_LIMIT) seen.push(entry);
    if (goBase(header.name) !== MODULE_FILE_NAME) continue;
    // io.ReadFull(tr, make([]byte, h.Size)): header-only types read nothing.
    if (header.size === 0n) return { found: true, entry, index, data: Buffer.alloc(0), seen };
    if (skip.data === 0)
      return { found: false, error: `failed to read ${MODULE_FILE_NAME}: EOF`, seen };
    try {
      const data = Buffer.from(stream.readData(skip.data));
      return { found: true, entry, index, data, seen };
    } catch (err) {
      if (!(err instanceof TarError)) throw err;
      return { found: false, error: `failed to read ${MODULE_FILE_NAME}: ${err.message}`, seen };
    }
  }
}
