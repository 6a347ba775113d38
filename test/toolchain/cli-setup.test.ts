/**
 * `wasm-plugin-ci setup` in-process, against the mirror: --json is one
 * document on stdout; bad input exits 2 naming the value. One run installs
 * the FULL real Go (packed from this machine's GOROOT) and builds with it.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { cacheDir } from '../support/paths.js';
import { startMirror, type Mirror } from '../support/mirror.js';
import { scratch } from './helpers.js';

describe('setup command', () => {
  let mirror: Mirror;
  const tmp = scratch();
  beforeAll(async () => {
    mirror = await startMirror({ go: 'full' });
  }, 300_000);
  afterAll(async () => {
    await mirror.close();
    tmp.cleanup();
  });

  it('installs the full real Go from go.mod and prints JSON; a second run reuses it', async () => {
    const repo = join(tmp.dir, 'repo');
    mkdirSync(repo, { recursive: true });
    writeFileSync(
      join(repo, 'go.mod'),
      `module example.com/hello\n\ngo 1.21\n\ntoolchain go${mirror.goVersion}\n`,
    );
    writeFileSync(join(repo, 'main.go'), 'package main\n\nfunc main() { println("hello") }\n');
    const args = [
      'setup',
      '--go-version-file',
      'go.mod',
      '--oras',
      mirror.orasVersion!,
      '--mirror',
      mirror.url,
      '--cache-dir',
      join(tmp.dir, 'c'),
      '--json',
    ];
    const run = await cli(args, repo, { ...process.env, XDG_CACHE_HOME: join(tmp.dir, 'xdg') });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    const go = out.tools.find((t: { tool: string }) => t.tool === 'go');
    expect(go).toMatchObject({ version: mirror.goVersion, source: 'download' });
    expect(out.env).toEqual({ GOROOT: go.dir, GOTOOLCHAIN: 'local' });

    // The installed Go really works: it builds a wasm module. The build cache is
    // kept in .cache (with -trimpath its keys do not depend on this run's GOROOT).
    const env = {
      ...process.env,
      GOROOT: go.dir,
      GOTOOLCHAIN: 'local',
      GOOS: 'wasip1',
      GOARCH: 'wasm',
      GOFLAGS: '',
      GOCACHE: join(cacheDir, 'setup-test-gocache'),
    };
    execFileSync(join(go.binDir, 'go'), ['build', '-trimpath', '-o', 'hello.wasm', '.'], {
      cwd: repo,
      env,
    });
    expect(
      execFileSync(join(go.binDir, 'go'), ['env', 'GOROOT'], { env, encoding: 'utf8' }).trim(),
    ).toBe(go.dir);

    const human = await cli(args.slice(0, -1), repo);
    expect(human.stdout).toBe('');
    expect(human.stderr).toContain(`go ${mirror.goVersion}  ${go.dir}  (tool-cache)`);
    expect(human.stderr).toContain(
      `export GOROOT='${go.dir}' GOTOOLCHAIN='local' PATH='${go.binDir}:`,
    );

    const again = await cli(args, repo);
    expect(JSON.parse(again.stdout).tools.map((t: { source: string }) => t.source)).toEqual([
      'tool-cache',
      'tool-cache',
    ]);
  }, 240_000);

  it('exits 2 naming a bad version, a bad checksum input and an unknown flag', async () => {
    const base = ['setup', '--mirror', mirror.url, '--cache-dir', join(tmp.dir, 'c2')];
    const bad = await cli([...base, '--tinygo', '0.3x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'0.3x'");
    const sha = await cli([...base, '--tinygo', '0.99.0', '--tinygo-sha256', 'abc']);
    expect(sha.code).toBe(2);
    expect(sha.stderr).toContain("tinygo-sha256: 'abc' is not a sha256");
    const flag = await cli([...base, '--gopher']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('gopher');
    const mirrorUrl = await cli(['setup', '--go', '1.24.4', '--mirror', 'ftp://x']);
    expect(mirrorUrl.code).toBe(2);
    expect(mirrorUrl.stderr).toContain("'ftp://x'");
  });
});
