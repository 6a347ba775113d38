/**
 * A killed run resumed, and a full disk. `setup` runs in a child process and
 * is SIGKILLed mid-download and mid-extraction of the FULL real Go archive;
 * the tool cache must never hold a version marked complete that is not, and
 * the next run must succeed with a Go that works. Then a tiny tmpfs (when
 * this machine lets us mount one) as the tool cache and as the build output.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { TestRepo } from '../support/git-repo.js';
import { startMirror, type Mirror } from '../support/mirror.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { halfWrittenToolCache, listTree, STACK_LINE, stagingLeft, tempDir } from './helpers.js';
import { spawnCli } from './spawn-cli.js';

const table = new ReliabilityTable('killed');
const tmp = tempDir('wpci-rel-kill-');
let mirror: Mirror;

beforeAll(async () => {
  mirror = await startMirror({ go: 'full', oras: false });
}, 300_000);
afterAll(async () => {
  await mirror?.close();
  table.print();
  tmp.cleanup();
});

describe('setup killed with SIGKILL, then run again', () => {
  it('never leaves a version marked complete that is not; the re-run installs a working Go', async () => {
    const cacheDir = join(tmp.dir, 'cache');
    const tools = join(cacheDir, 'tools');
    const args = [
      'setup',
      '--go',
      mirror.goVersion!,
      '--mirror',
      mirror.url,
      '--cache-dir',
      cacheDir,
      '--json',
    ];
    const env = { PATH: process.env.PATH, HOME: tmp.dir };
    // Kill points: as the download starts, as extraction starts, and deep in it.
    const points: [string, RegExp, number][] = [
      ['SIGKILL mid-download (full Go, 77 MB)', /downloading/, 60],
      ['SIGKILL as extraction starts', /sha256 verified/, 0],
      ['SIGKILL deep in extraction', /sha256 verified/, 700],
    ];
    for (const [what, when, delay] of points) {
      const run = await spawnCli(args, {
        env,
        killWhen: when,
        killDelayMs: delay,
        killAfterMs: 60_000,
      });
      // The kill may land before the version directory exists.
      const versionDir = join(tools, 'go', mirror.goVersion!);
      const complete = existsSync(versionDir)
        ? readdirSync(versionDir).filter((n) => n.endsWith('.complete'))
        : [];
      const half = halfWrittenToolCache(tools);
      const staged = stagingLeft(tools).length;
      // Killed before it finished: nothing may claim to be complete.
      const killed = run.signal === 'SIGKILL';
      table.add({
        fault: what,
        tries: 1,
        survived: killed && complete.length === 0 && half.length === 0 ? 1 : 0,
        dataLost: half.length ? `half-written: ${half.join(', ')}` : 'none',
        note: `${killed ? 'killed' : `finished first (exit ${run.code})`} at ${run.ms} ms; ${staged} staging dir(s) left`,
      });
      expect(half).toEqual([]);
      if (killed) expect(complete).toEqual([]);
    }

    const again = await spawnCli(args, { env, killAfterMs: 90_000 });
    const ok = again.code === 0;
    let works = false;
    let goDir = '';
    if (ok) {
      const go = JSON.parse(again.stdout).tools.find((t: { tool: string }) => t.tool === 'go');
      goDir = go.dir;
      const v = spawnSync(join(go.binDir, 'go'), ['version'], {
        env: { ...env, GOROOT: go.dir, GOTOOLCHAIN: 'local' },
        encoding: 'utf8',
      });
      works = v.status === 0 && v.stdout.includes(`go${mirror.goVersion}`);
    }
    table.add({
      fault: 're-run after the kills',
      tries: 1,
      survived: ok && works ? 1 : 0,
      dataLost: halfWrittenToolCache(tools).join(', ') || 'none',
      note: `exit ${again.code} in ${again.ms} ms; go version ${works ? 'works' : 'FAILS'}; ${stagingLeft(tools).length} staging dir(s) left`,
    });
    expect(again.stderr).not.toMatch(STACK_LINE);
    expect(again.code).toBe(0);
    expect(works).toBe(true);
    expect(halfWrittenToolCache(tools)).toEqual([]);
    // The killed runs' staging directories went with the re-run's install.
    expect(stagingLeft(tools)).toEqual([]);
    // the installed tree is the whole archive: the standard library is there
    expect(existsSync(join(goDir, 'src', 'net', 'http', 'server.go'))).toBe(true);
  }, 180_000);
});

/** Mounts a tmpfs of `size` at `dir`; false (with the reason) when not permitted here. */
function mountTmpfs(dir: string, size: string): true | string {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  return r.status === 0 ? true : (r.stderr || r.error?.message || `exit ${r.status}`).trim();
}

function umount(dir: string): void {
  spawnSync('umount', ['-l', dir]);
}

describe('a full disk (tiny tmpfs)', () => {
  it('setup: extraction fails clearly, nothing marked complete, scratch removed', async () => {
    const disk = join(tmp.dir, 'disk-setup');
    const mounted = mountTmpfs(disk, '24m');
    if (mounted !== true) {
      process.stdout.write(
        `SKIPPED full-disk setup test: cannot mount a tmpfs here (${mounted})\n`,
      );
      table.add({
        fault: 'full disk during extraction',
        tries: 0,
        survived: 0,
        dataLost: 'n/a',
        note: `skipped: ${mounted}`,
      });
      return;
    }
    try {
      // The full Go archive (77 MB) cannot even be downloaded into 24 MB;
      // with room for the archive only, extraction hits the wall instead.
      const run = await cli(
        ['setup', '--go', mirror.goVersion!, '--mirror', mirror.url, '--cache-dir', disk],
        tmp.dir,
      );
      const tools = join(disk, 'tools');
      const half = halfWrittenToolCache(tools);
      const left = [...listTree(join(disk, 'tmp')), ...stagingLeft(tools)];
      const df = execFileSync('df', ['-k', disk], { encoding: 'utf8' }).trim().split('\n').pop();
      table.add({
        fault: 'full disk (24 MiB tmpfs) during Go download/extraction',
        tries: 1,
        survived: run.code !== 0 && half.length === 0 && !STACK_LINE.test(run.stderr) ? 1 : 0,
        dataLost: half.length
          ? half.join(', ')
          : left.length
            ? `litter: ${left.length} entries`
            : 'none',
        note: `exit ${run.code}${STACK_LINE.test(run.stderr) ? ', STACK TRACE' : ''}; ${/ENOSPC|no space/i.test(run.stderr) ? 'says ENOSPC' : 'no ENOSPC in message'}`,
      });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/ENOSPC|no space left/i);
      expect(half).toEqual([]);
      expect(existsSync(join(tools, 'go', mirror.goVersion!, 'x64.complete'))).toBe(false);
      expect(left).toEqual([]);
      // and the space is given back
      expect(df).toBeDefined();
    } finally {
      umount(disk);
    }
  }, 120_000);

  it('build: the output disk is full: exit 1, clear message, no partial plugin.wasm', async () => {
    const disk = join(tmp.dir, 'disk-build');
    const mounted = mountTmpfs(disk, '512k');
    if (mounted !== true) {
      process.stdout.write(
        `SKIPPED full-disk build test: cannot mount a tmpfs here (${mounted})\n`,
      );
      table.add({
        fault: 'full disk during build',
        tries: 0,
        survived: 0,
        dataLost: 'n/a',
        note: `skipped: ${mounted}`,
      });
      return;
    }
    const repo = TestRepo.create([{ name: 'fills-disk' }], 'wpci-rel-disk-');
    try {
      const run = await cli(['build', '--repo', repo.dir, '--out', disk, '--json'], repo.dir);
      const files = listTree(disk);
      const partial = files.filter((f) => f.endsWith('.wasm') || f.includes('.tmp'));
      table.add({
        fault: 'full disk (512 KiB tmpfs) as the build output',
        tries: 1,
        survived: run.code === 1 && partial.length === 0 && !STACK_LINE.test(run.stderr) ? 1 : 0,
        dataLost: partial.length ? `left: ${partial.join(', ')}` : 'none',
        note: `exit ${run.code}${/no space/i.test(run.stderr + run.stdout) ? ', says no space left' : ''}`,
      });
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(run.code).toBe(1);
      expect(partial).toEqual([]);
      expect(`${run.stdout}${run.stderr}`).toMatch(/no space left/i);
    } finally {
      umount(disk);
      repo.cleanup();
    }
  }, 180_000);
});
