import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/common/errors.js';
import {
  checkContained,
  checkLayoutDir,
  checkOutputDir,
  inPlugin,
  readContained,
  readContainedIfPresent,
  RefusedFile,
} from '../../src/common/files.js';

let root: string;
let plugin: string;
let outside: string;
const rule = (name: string, maxBytes = 1 << 20) => inPlugin(plugin, name, maxBytes);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'wpci-files-'));
  plugin = join(root, 'repo', 'plugin');
  outside = join(root, 'outside');
  mkdirSync(plugin, { recursive: true });
  mkdirSync(join(root, 'repo', 'other'));
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret'), 'SECRET');
  writeFileSync(join(root, 'repo', 'other', 'spec.yaml'), 'other: 1\n');
  writeFileSync(join(plugin, 'README.md'), '# readme\n');
  mkdirSync(join(plugin, 'docs'));
  writeFileSync(join(plugin, 'docs', 'real.md'), 'real\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The refusal readContained gives for `name` (after `setup`), or 'read' when it read it. */
function outcome(name: string, maxBytes?: number): string {
  try {
    readContained(join(plugin, name), rule(name, maxBytes));
    return 'read';
  } catch (err) {
    if (err instanceof RefusedFile) {
      expect(err).toBeInstanceOf(InputError);
      expect(err.message.startsWith(`${name}: `)).toBe(true);
      return err.refusal;
    }
    throw err;
  }
}

describe('readContained: the rule for repository files', () => {
  it('reads a regular file, and a link that stays inside the plugin directory', () => {
    expect(readContained(join(plugin, 'README.md'), rule('README.md')).toString()).toBe(
      '# readme\n',
    );
    symlinkSync('docs/real.md', join(plugin, 'inside.md'));
    expect(outcome('inside.md')).toBe('read');
  });

  it.each([
    ['an absolute link to a secret', () => join(outside, 'secret')],
    ['a relative link to a secret', () => '../../outside/secret'],
    ['a link to /proc/self/environ', () => '/proc/self/environ'],
    ['a link to /etc/passwd', () => '/etc/passwd'],
    ['a link to /dev/zero', () => '/dev/zero'],
    ["a link to another plugin's file", () => '../other/spec.yaml'],
    ['a link to a link out', () => 'out-link'],
  ])('refuses %s as outside', (_what, target) => {
    const name = `l-${Math.random().toString(36).slice(2)}`;
    try {
      symlinkSync(join(plugin, '..', '..', 'outside', 'secret'), join(plugin, 'out-link'));
    } catch {
      // made by an earlier case
    }
    symlinkSync(target(), join(plugin, name));
    expect(outcome(name)).toBe('outside');
  });

  it('refuses a file reached through a linked directory that leads out', () => {
    symlinkSync(outside, join(plugin, 'linked-dir'));
    expect(outcome('linked-dir/secret')).toBe('outside');
  });

  it('refuses what is not a regular file: a directory, a named pipe (without waiting)', () => {
    expect(outcome('docs')).toBe('not-regular');
    execFileSync('mkfifo', [join(plugin, 'pipe')]);
    expect(outcome('pipe')).toBe('not-regular');
  });

  it('refuses dangling links and loops', () => {
    symlinkSync('nothing-here', join(plugin, 'dangling'));
    symlinkSync('loop', join(plugin, 'loop'));
    expect(outcome('dangling')).toBe('unreadable');
    expect(outcome('loop')).toBe('unreadable');
  });

  it('refuses a file over the cap without reading it all; prefixOnly reads the head', () => {
    const big = join(plugin, 'huge.md');
    writeFileSync(big, 'head');
    truncateSync(big, 8 * 2 ** 30); // sparse: 8 GiB that take no disk
    expect(outcome('huge.md', 1024)).toBe('too-large');
    const head = readContained(big, { ...rule('huge.md', 4), prefixOnly: true });
    expect(head.toString()).toBe('head');
  });

  it('readContainedIfPresent: undefined for nothing, a refusal for a dangling link', () => {
    expect(readContainedIfPresent(join(plugin, 'absent'), rule('absent'))).toBeUndefined();
    expect(() => readContainedIfPresent(join(plugin, 'dangling'), rule('dangling'))).toThrow(
      RefusedFile,
    );
  });

  it('checkContained checks without reading', () => {
    expect(checkContained(join(plugin, 'README.md'), rule('README.md'))).toMatch(/README\.md$/);
    expect(() => checkContained(join(plugin, 'linked-dir/secret'), rule('x'))).toThrow(
      /outside the plugin directory/,
    );
    expect(() => checkContained(join(plugin, 'pipe'), rule('pipe'))).toThrow(/named pipe/);
  });
});

describe('checkOutputDir: no link on the way from the repository', () => {
  const repo = () => join(root, 'repo');

  it('accepts real and missing directories, and paths outside every root', () => {
    expect(() => checkOutputDir(join(repo(), 'out', 'a', 'b'), [repo()])).not.toThrow();
    mkdirSync(join(repo(), 'out'));
    expect(() => checkOutputDir(join(repo(), 'out', 'a'), [repo()])).not.toThrow();
    expect(() => checkOutputDir(join(outside, 'x'), [repo()])).not.toThrow();
  });

  it('refuses a link or a file among the components below the root', () => {
    symlinkSync(outside, join(repo(), '.wasm-plugin-ci'));
    expect(() => checkOutputDir(join(repo(), '.wasm-plugin-ci', 'build'), [repo()])).toThrow(
      "'.wasm-plugin-ci' is a symbolic link",
    );
    writeFileSync(join(repo(), 'afile'), '');
    expect(() => checkOutputDir(join(repo(), 'afile', 'x'), [repo()])).toThrow(
      "'afile' exists and is not a directory",
    );
  });

  it('does not look above the root: the user chose that path', () => {
    symlinkSync(repo(), join(root, 'repo-link'));
    const viaLink = join(root, 'repo-link');
    expect(() => checkOutputDir(join(viaLink, 'out'), [viaLink])).not.toThrow();
  });

  it('checkLayoutDir refuses linked blobs directories and a linked index.json', () => {
    const lay = join(repo(), 'lay');
    mkdirSync(lay);
    symlinkSync(outside, join(lay, 'blobs'));
    expect(() => checkLayoutDir(lay, [repo()])).toThrow("'blobs' is a symbolic link");
    rmSync(join(lay, 'blobs'));
    symlinkSync('/dev/zero', join(lay, 'index.json'));
    expect(() => checkLayoutDir(lay, [repo()])).toThrow("'index.json' is a symbolic link");
  });
});
