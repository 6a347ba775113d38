/** Extraction refuses every way out of the target; node-tar's own warnings fail too. */
import { describe, it, expect, afterAll } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractTarGz, unsafeReason, UnsafeArchiveError } from '../../src/toolchain/extract.js';
import { tarGz } from '../support/mirror.js';
import { scratch } from './helpers.js';

describe('safe extraction', () => {
  const tmp = scratch();
  afterAll(tmp.cleanup);
  let n = 0;
  const extract = async (entries: Parameters<typeof tarGz>[0], strip = 1) => {
    const archive = join(tmp.dir, `a${++n}.tar.gz`);
    writeFileSync(archive, tarGz(entries));
    const dest = join(tmp.dir, `out${n}`, 'inner');
    mkdirSync(dest, { recursive: true });
    await extractTarGz(archive, dest, strip);
    return dest;
  };

  it('classifies entries', () => {
    expect(unsafeReason('go/bin/go', 'File', undefined, 1)).toBeUndefined();
    expect(unsafeReason('go/lib/x', 'SymbolicLink', '../bin/go', 1)).toBeUndefined();
    expect(unsafeReason('go/x', 'SymbolicLink', '../../etc', 1)).toMatch(/pointing outside/);
    expect(unsafeReason('go/x', 'SymbolicLink', '/etc/passwd', 1)).toMatch(/absolute/);
    expect(unsafeReason('go/../x', 'File', undefined, 1)).toMatch(/'\.\.'/);
    expect(unsafeReason('/etc/x', 'File', undefined, 0)).toMatch(/absolute/);
    expect(unsafeReason('go/h', 'Link', 'go/../../x', 1)).toMatch(/hard link/);
    expect(unsafeReason('go/h', 'Link', 'go/bin/go', 1)).toBeUndefined();
  });

  it('strips the top directory and keeps modes and inner links', async () => {
    const dest = await extract([
      { path: 'tool/', type: 'dir' },
      { path: 'tool/bin/run', type: 'file', body: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
      { path: 'tool/run', type: 'symlink', linkpath: 'bin/run' },
    ]);
    expect(readFileSync(join(dest, 'run'), 'utf8')).toBe('#!/bin/sh\n');
  });

  for (const [what, entries] of [
    ['..', [{ path: 'tool/../../../x', type: 'file', body: Buffer.from('x') }]],
    ['absolute', [{ path: '/x', type: 'file', body: Buffer.from('x') }]],
    [
      'symlink out',
      [
        { path: 'tool/l', type: 'symlink', linkpath: '../../..' },
        { path: 'tool/l/x', type: 'file', body: Buffer.from('x') },
      ],
    ],
    ['hard link out', [{ path: 'tool/h', type: 'hardlink', linkpath: '../../etc/hostname' }]],
  ] as const) {
    it(`refuses ${what}`, async () => {
      await expect(extract(entries as unknown as Parameters<typeof tarGz>[0])).rejects.toThrow(
        UnsafeArchiveError,
      );
      expect(existsSync(join(tmp.dir, 'x'))).toBe(false);
      expect(existsSync(join(tmp.dir, `out${n}`, 'x'))).toBe(false);
    });
  }

  it('fails on a corrupt archive rather than installing part of it', async () => {
    const archive = join(tmp.dir, 'corrupt.tar.gz');
    writeFileSync(
      archive,
      tarGz([{ path: 'tool/a', type: 'file', body: Buffer.alloc(5000, 1) }]).subarray(0, 40),
    );
    const dest = join(tmp.dir, 'corrupt-out');
    mkdirSync(dest);
    await expect(extractTarGz(archive, dest, 1)).rejects.toThrow();
  });
});
