/**
 * tarGzipOf feeds the tar stream to gzip piece by piece (no copy of the
 * module into a tar buffer): its bytes, and so every artifact's digest, must
 * be those of gzip over the whole tar, for any sizes around the 512-byte
 * blocks and for a real Go module. The gzip is deflated in fixed blocks at
 * once (pigz's way): one member, readable by Go, the same bytes whatever the
 * thread pool.
 */
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { sha256Hex } from '../../src/oci/digest.js';
import { goGunzip } from '../../src/oci/go-gunzip.js';
import {
  deterministicGzip,
  GZIP_BLOCK_BYTES,
  GZIP_LEVEL,
  tarGzipOf,
  tarOf,
} from '../../src/oci/targz.js';
import { buildFixture } from '../support/go-fixtures.js';
import { repoRoot } from '../support/paths.js';

const run = promisify(execFile);

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

describe('block-parallel gzip', () => {
  /** Bytes that compress like a module (repeats at many distances), the same on every run. */
  const moduleLike = (size: number) => {
    const out = Buffer.alloc(size);
    let x = 12345;
    for (let i = 0; i < size; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      out[i] = i >= 4096 && x % 3 === 0 ? out[i - 1 - (x % 4000)]! : x >>> 24;
    }
    return out;
  };

  it.each([0, 1, GZIP_BLOCK_BYTES - 1, GZIP_BLOCK_BYTES])(
    'a stream of one block (%i bytes) is zlib gzip at the same level, header pinned',
    async (size) => {
      const data = moduleLike(size);
      const zlibs = gzipSync(data, { level: GZIP_LEVEL });
      zlibs.writeUInt32LE(0, 4);
      zlibs[9] = 3;
      expect((await deterministicGzip(data)).equals(zlibs)).toBe(true);
    },
  );

  it.each([GZIP_BLOCK_BYTES + 1, 3 * GZIP_BLOCK_BYTES + 77_777])(
    'several blocks (%i bytes) make ONE deflate stream in one gzip member that Go reads',
    async (size) => {
      const data = moduleLike(size);
      const gz = await deterministicGzip(data);
      // The body alone inflates to the data: no second member, no trailing bytes inside it.
      expect(inflateRawSync(gz.subarray(10, -8)).equals(data)).toBe(true);
      expect(gunzipSync(gz).equals(data)).toBe(true);
      const go = await goGunzip(gz, size + 1);
      expect(go).toEqual({ data, error: null });
      // Primed with the 32 KiB before each block: no worse than a few bytes per block.
      expect(gz.length).toBeLessThan(gzipSync(data, { level: GZIP_LEVEL }).length + 64 * 4);
    },
  );

  it('gives the same bytes whatever the size of the thread pool', async () => {
    const script = [
      "import { createHash } from 'node:crypto';",
      `import { tarGzipOf } from ${JSON.stringify(join(repoRoot, 'src/oci/targz.ts'))};`,
      "const data = Buffer.alloc(2_500_000, 'wasm module ');",
      "const gz = await tarGzipOf([{ name: 'plugin.wasm', data }]);",
      "process.stdout.write(createHash('sha256').update(gz).digest('hex'));",
    ].join('\n');
    const digestWith = async (threads: string) =>
      (
        await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          cwd: repoRoot,
          env: { ...process.env, UV_THREADPOOL_SIZE: threads },
        })
      ).stdout;
    const [one, four] = await Promise.all([digestWith('1'), digestWith('4')]);
    expect(one).toMatch(/^[0-9a-f]{64}$/);
    expect(four).toBe(one);
    const here = await tarGzipOf([
      { name: 'plugin.wasm', data: Buffer.alloc(2_500_000, 'wasm module ') },
    ]);
    expect(sha256Hex(here)).toBe(one);
  }, 60_000);
});
