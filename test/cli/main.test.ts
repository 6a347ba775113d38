import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageVersion } from '../../src/cli/main.js';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';

const version = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }
).version;

describe('wasm-plugin-ci command line', () => {
  it('prints usage and exits 2 with no command', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: wasm-plugin-ci');
    expect(r.stdout).toBe('');
  });

  it('names an unknown command and exits 2', async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('--help prints usage on stdout and exits 0', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const r = await cli(args);
      expect([args, r.code, r.stderr]).toEqual([args, 0, '']);
      expect(r.stdout).toContain('usage: wasm-plugin-ci <command>');
    }
  });

  it.each(['setup', 'detect', 'build', 'smoke', 'push', 'verify', 'run'])(
    '%s --help prints its usage on stdout',
    async (command) => {
      const r = await cli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`usage: wasm-plugin-ci ${command}`);
      expect(r.stderr).toBe('');
    },
  );

  it('--version prints the package version', async () => {
    for (const args of [['--version'], ['-V']]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`wasm-plugin-ci ${version}\n`);
    }
    expect(packageVersion(new URL('../../dist/cli/index.js', import.meta.url).href)).toBe(version);
  });

  it('run refuses an unknown --format, and --json with another format', async () => {
    const bad = await cli(['run', '--format', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format must be one of text, markdown, json, not 'yaml'");
    const both = await cli(['run', '--json', '--format', 'markdown']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--json and --format markdown disagree');
  });
});
