/**
 * tarGzipOf feeds the tar stream to gzip piece by piece (no copy of the
 * module into a tar buffer): its bytes, and so every artifact's digest, must
 * be those of gzip over the whole tar, for any sizes around the 512-byte
 * blocks and for a real Go module.
 */
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { deterministicGzip, tarGzipOf, tarOf } from '../../src/oci/targz.js';
import { buildFixture } from '../support/go-fixtures.js';
import { readFileSync } from 'node:fs';

describe('tarGzipOf', () => {
  it.each([0, 1, 511, 512, 513, 1 << 20])(
    'equals gzip of the whole tar (%i random bytes and a second entry)',
    async (size) => {
      const entries = [
        { name: 'plugin.wasm', data: randomBytes(size) },
        { name: 'README.md', data: new TextEncoder().encode('# x\n') },
      ];
      expect((await tarGzipOf(entries)).equals(await deterministicGzip(tarOf(entries)))).toBe(true);
    },
  );

  it('equals gzip of the whole tar for a Go module', async () => {
    const wasm = readFileSync(await buildFixture('healthy'));
    const entries = [{ name: 'plugin.wasm', data: wasm }];
    const streamed = await tarGzipOf(entries);
    expect(streamed.equals(await deterministicGzip(tarOf(entries)))).toBe(true);
    expect(streamed.length).toBeLessThan(wasm.length);
  }, 120_000);
});
