import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  deserializePairs,
  HeaderMap,
  serializePairs,
} from '../../../src/smoke/proxy/header-map.js';

describe('map serialization', () => {
  it('matches the spec example {a: 1, b: 22}', () => {
    const bytes = serializePairs([
      ['a', '1'],
      ['b', '22'],
    ]);
    // prettier-ignore
    expect([...bytes]).toEqual([
      2, 0, 0, 0,
      1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0,
      0x61, 0, 0x31, 0, 0x62, 0, 0x32, 0x32, 0,
    ]);
  });

  it('counts bytes, not characters, for UTF-8 text', () => {
    const bytes = Buffer.from(serializePairs([['k', 'é']]));
    expect(bytes.readUInt32LE(8)).toBe(2);
    expect(deserializePairs(bytes)).toEqual([['k', 'é']]);
  });

  it('reads both empty forms, and truncated data, as no pairs', () => {
    expect(deserializePairs(new Uint8Array())).toEqual([]);
    expect(deserializePairs(new Uint8Array([0]))).toEqual([]);
    expect(deserializePairs(serializePairs([]))).toEqual([]);
    const whole = serializePairs([['key', 'value']]);
    expect(deserializePairs(whole.subarray(0, whole.length - 2))).toEqual([]);
    // A count larger than the size table that follows.
    expect(deserializePairs(new Uint8Array([9, 0, 0, 0, 1, 0, 0, 0]))).toEqual([]);
  });

  it('round-trips any list of pairs (property)', () => {
    // Any well-formed text (lone surrogates have no UTF-8 form; the guest sends bytes anyway).
    const text = fc.string({ unit: 'grapheme', maxLength: 40 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 20 }), (pairs) => {
        expect(deserializePairs(serializePairs(pairs))).toEqual(pairs);
      }),
      { numRuns: 300 },
    );
  });

  it('has the size cpp-host computes: 4 + sum(8 + key + 1 + value + 1)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 10 }), (pairs) => {
        const expected = pairs.reduce(
          (n, [k, v]) => n + 8 + Buffer.byteLength(k) + 1 + Buffer.byteLength(v) + 1,
          4,
        );
        expect(serializePairs(pairs).length).toBe(expected);
      }),
    );
  });
});

describe('HeaderMap', () => {
  it('lower-cases names, keeps order and repeats, returns the first value', () => {
    const map = new HeaderMap([
      ['Set-Cookie', 'a=1'],
      ['X-Id', '7'],
    ]);
    map.add('SET-COOKIE', 'b=2');
    expect(map.get('set-cookie')).toBe('a=1');
    expect(map.pairs()).toEqual([
      ['set-cookie', 'a=1'],
      ['x-id', '7'],
      ['set-cookie', 'b=2'],
    ]);
    map.replace('Set-Cookie', 'c=3');
    expect(map.pairs()).toEqual([
      ['x-id', '7'],
      ['set-cookie', 'c=3'],
    ]);
    map.remove('X-ID');
    expect(map.size).toBe(1);
    expect(map.byteSize()).toBe('set-cookie'.length + 'c=3'.length);
  });
});
