/**
 * Header maps as the ABI carries them ("Serialization" in the v0.2.1 spec):
 * u32 count, then a u32 key length and u32 value length per pair, then each
 * key and value followed by a NUL byte; all little-endian.
 */
import { marshalPairs } from './attributes.js';

export type Pairs = [string, string][];

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

export function serializePairs(pairs: Pairs): Uint8Array {
  return marshalPairs(pairs.map(([k, v]) => [utf8(k), utf8(v)]));
}

/**
 * Parses a serialized map. Like cpp-host's toPairs, anything too short for
 * its own count (including the empty and the one-NUL-byte forms the spec
 * allows for an empty map) yields no pairs; so does data that runs past the
 * end, where cpp-host would read out of bounds.
 */
export function deserializePairs(bytes: Uint8Array): Pairs {
  if (bytes.length < 4) return [];
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const count = view.readUInt32LE(0);
  if (4 + count * 8 > bytes.length) return [];
  const pairs: Pairs = [];
  let data = 4 + count * 8;
  for (let i = 0; i < count; i++) {
    const keyLen = view.readUInt32LE(4 + i * 8);
    const valueLen = view.readUInt32LE(8 + i * 8);
    if (data + keyLen + 1 + valueLen + 1 > bytes.length) return [];
    const key = view.toString('utf8', data, data + keyLen);
    data += keyLen + 1;
    const value = view.toString('utf8', data, data + valueLen);
    data += valueLen + 1;
    pairs.push([key, value]);
  }
  return pairs;
}

/**
 * An HTTP header map with Envoy's semantics: names are stored lower-cased
 * (Http::LowerCaseString), order is kept, a name may repeat.
 */
export class HeaderMap {
  private entries: Pairs;

  constructor(pairs: Pairs = []) {
    this.entries = pairs.map(([k, v]) => [k.toLowerCase(), v]);
  }

  pairs(): Pairs {
    return this.entries.map(([k, v]) => [k, v]);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The first value for `key` (Envoy returns only the first, see exports.cc). */
  get(key: string): string | undefined {
    const lower = key.toLowerCase();
    return this.entries.find(([k]) => k === lower)?.[1];
  }

  add(key: string, value: string): void {
    this.entries.push([key.toLowerCase(), value]);
  }

  /** setCopy: every existing value of `key` goes, the new one is appended. */
  replace(key: string, value: string): void {
    this.remove(key);
    this.add(key, value);
  }

  remove(key: string): void {
    const lower = key.toLowerCase();
    this.entries = this.entries.filter(([k]) => k !== lower);
  }

  setAll(pairs: Pairs): void {
    this.entries = pairs.map(([k, v]) => [k.toLowerCase(), v]);
  }

  /** Envoy's HeaderMap::byteSize(): the bytes of every name and value. */
  byteSize(): number {
    return this.entries.reduce((n, [k, v]) => n + utf8(k).length + utf8(v).length, 0);
  }
}
