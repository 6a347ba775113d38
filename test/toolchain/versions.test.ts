/** Version specs, the go.dev listing, go-version-file formats, precedence. */
import { describe, it, expect, afterAll } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { InputError } from '../../src/common/errors.js';
import {
  compareGoVersions,
  goSemver,
  resolveGoSpec,
  type GoRelease,
} from '../../src/toolchain/go-versions.js';
import { collectWishes, parseChecksumsFile } from '../../src/toolchain/plan.js';
import { readVersionFile } from '../../src/toolchain/version-file.js';
import { scratch } from './helpers.js';

const rel = (version: string, stable = true): GoRelease => ({
  version,
  stable,
  files: [
    {
      filename: `${version}.linux-amd64.tar.gz`,
      os: 'linux',
      arch: 'amd64',
      version,
      sha256: 'a'.repeat(64),
      kind: 'archive',
    },
  ],
});
// Deliberately unordered, as nothing promises the listing's order.
const listing = [
  rel('go1.24.4'),
  rel('go1.25rc1', false),
  rel('go1.24.10'),
  rel('go1.23.12'),
  rel('go1.24.11rc1', false),
  rel('go1.20'),
];

describe('Go versions', () => {
  it('resolves exact, line and stable specs against the listing', () => {
    expect(resolveGoSpec('1.24.4', listing, 'x').version).toBe('go1.24.4');
    expect(resolveGoSpec('1.24.x', listing, 'x').version).toBe('go1.24.10');
    expect(resolveGoSpec('1.24', listing, 'x').version).toBe('go1.24.10');
    expect(resolveGoSpec('stable', listing, 'x').version).toBe('go1.24.10');
    expect(resolveGoSpec('1.20', listing, 'x').version).toBe('go1.20');
    expect(resolveGoSpec('1.25rc1', listing, 'x').version).toBe('go1.25rc1');
  });

  it('names the offending value and where it came from', () => {
    expect(() => resolveGoSpec('1.24.99', listing, 'plugins/a/.buildrc')).toThrow(
      new InputError('plugins/a/.buildrc: Go 1.24.99 is not in the Go release listing'),
    );
    expect(() => resolveGoSpec('latest-ish', listing, 'go-version')).toThrow(
      /go-version: 'latest-ish' is not a Go version/,
    );
    expect(() => resolveGoSpec('1.19.x', listing, 'go-version')).toThrow(
      /no stable Go release matches '1.19.x'/,
    );
  });

  it('orders pre-releases before the release, numerically', () => {
    const version = fc.tuple(
      fc.nat(3),
      fc.nat(30),
      fc.nat(20),
      fc.constantFrom('', 'beta1', 'rc1', 'rc2'),
    );
    fc.assert(
      fc.property(version, version, ([a1, a2, a3, ap], [b1, b2, b3, bp]) => {
        const a = `go${a1 + 1}.${a2}.${a3}${ap}`;
        const b = `go${b1 + 1}.${b2}.${b3}${bp}`;
        expect(Math.sign(compareGoVersions(a, b))).toBe(-Math.sign(compareGoVersions(b, a)));
      }),
    );
    expect(compareGoVersions('go1.25rc1', 'go1.25.0')).toBeLessThan(0);
    expect(compareGoVersions('go1.24.10', 'go1.24.9')).toBeGreaterThan(0);
    expect(goSemver('go1.25rc1')).toBe('1.25.0-rc.1');
    expect(goSemver('go1.20')).toBe('1.20.0');
  });

  it('reads the archive checksum from an ORAS checksums file', () => {
    const text = `${'1'.repeat(64)}  oras_1.3.0_darwin_arm64.tar.gz\n${'2'.repeat(64)}  oras_1.3.0_linux_amd64.tar.gz\n`;
    expect(parseChecksumsFile(text, 'oras_1.3.0_linux_amd64.tar.gz')).toBe('2'.repeat(64));
    expect(parseChecksumsFile(text, 'oras_1.3.0_linux_arm64.tar.gz')).toBeUndefined();
  });
});

describe('where versions come from', () => {
  const tmp = scratch();
  afterAll(tmp.cleanup);
  const file = (name: string, text: string) => {
    const p = join(tmp.dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('go.mod: the toolchain line wins over the go line', async () => {
    expect(
      await readVersionFile(file('go.mod', 'module x\n\ngo 1.24.1\n\ntoolchain go1.24.4\n')),
    ).toEqual({ go: '1.24.4' });
    expect(await readVersionFile(file('go.mod', 'module x\n\ngo 1.24.1 // comment\n'))).toEqual({
      go: '1.24.1',
    });
    await expect(readVersionFile(file('go.mod', 'module x\n'))).rejects.toThrow(
      /go\.mod has neither a toolchain nor a go line/,
    );
  });

  it('.go-version and .tool-versions', async () => {
    expect(await readVersionFile(file('.go-version', '1.23.5\n'))).toEqual({ go: '1.23.5' });
    expect(
      await readVersionFile(
        file('.tool-versions', 'nodejs 20.1.0\ngolang 1.24.4\ntinygo 0.33.0\n'),
      ),
    ).toEqual({
      go: '1.24.4',
      tinygo: '0.33.0',
    });
    await expect(readVersionFile(join(tmp.dir, 'missing.mod'))).rejects.toThrow(InputError);
  });

  it('input first, then the plugins, then the version file', async () => {
    const goMod = file('go.mod', 'module x\ngo 1.22.0\n');
    const plugins = [
      { source: 'plugins/a/.buildrc', goVersion: '1.24.4', tinygoVersion: '0.28.1' },
    ];
    expect((await collectWishes({ go: '1.25.0', plugins, goVersionFile: goMod })).go).toEqual([
      { spec: '1.25.0', where: 'go-version' },
    ]);
    expect((await collectWishes({ plugins, goVersionFile: goMod })).go).toEqual([
      { spec: '1.24.4', where: 'plugins/a/.buildrc (GO_VERSION)' },
    ]);
    const fromFile = await collectWishes({ plugins: [{ source: 'p' }], goVersionFile: goMod });
    expect(fromFile.go).toEqual([{ spec: '1.22.0', where: goMod }]);
    expect(fromFile.tinygo).toEqual([]);
  });
});
