/**
 * The setup stage against the local mirror (real Go and ORAS archives, TinyGo
 * and binaryen STAND-INs): cold install, warm tool cache, several versions,
 * and every download fault the issue lists.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/common/errors.js';
import { setupToolchains, toolEnvironment } from '../../src/toolchain/index.js';
import { ChecksumMismatchError } from '../../src/toolchain/install.js';
import { DownloadError } from '../../src/toolchain/http.js';
import { UnsafeArchiveError } from '../../src/toolchain/extract.js';
import { startMirror, tarGz, type Mirror } from '../support/mirror.js';
import { memoryLog, runnerEnv, scratch } from './helpers.js';
import { createHash } from 'node:crypto';

// Not in the pinned table, so the stand-ins are installed against a checksum the test gives.
const TG_A = '0.99.1';
const TG_B = '0.99.2';

describe('setupToolchains from the local mirror', () => {
  let mirror: Mirror;
  const tmp = scratch();
  let n = 0;
  const freshEnv = () => runnerEnv(join(tmp.dir, `run-${++n}`));

  beforeAll(async () => {
    mirror = await startMirror({ go: 'trimmed', tinygo: [TG_A, TG_B], binaryen: ['999'] });
  }, 240_000);
  afterAll(async () => {
    await mirror.close();
    tmp.cleanup();
  });
  const tgSha = (v: string) => mirror.sha256[`/tinygo/v${v}/tinygo${v}.linux-amd64.tar.gz`]!;
  const archiveGets = (from: number) =>
    mirror.requests.slice(from).filter((p) => p.endsWith('.tar.gz'));

  it('installs cold from the mirror, then warm from the tool cache without any request', async () => {
    const env = freshEnv();
    const request = {
      go: mirror.goVersion,
      oras: mirror.orasVersion,
      tinygo: TG_A,
      wasmOpt: '999',
      mirror: mirror.url,
      sha256: { tinygo: tgSha(TG_A) },
      allowUnverifiedDownloads: true, // only the binaryen stand-in relies on it
    };
    const log = memoryLog();
    const cold = await setupToolchains(request, env, log);
    expect(cold.tools.map((t) => [t.tool, t.source])).toEqual([
      ['go', 'download'],
      ['tinygo', 'download'],
      ['oras', 'download'],
      ['wasm-opt', 'download'],
    ]);
    const go = cold.defaults.go!;
    expect(go.dir).toBe(join(env.toolCacheDir, 'go', mirror.goVersion!, 'x64'));
    expect(existsSync(`${go.dir}.complete`)).toBe(true);
    // The trimmed Go has no src/, so it finds its root only through GOROOT, as the job sets it.
    const goEnv = { ...process.env, GOROOT: go.dir, GOTOOLCHAIN: 'local' };
    expect(
      execFileSync(join(go.binDir, 'go'), ['version'], { encoding: 'utf8', env: goEnv }),
    ).toContain(`go${mirror.goVersion}`);
    expect(
      execFileSync(join(cold.defaults.oras!.binDir, 'oras'), ['version'], { encoding: 'utf8' }),
    ).toContain(mirror.orasVersion);
    expect(
      execFileSync(join(cold.defaults.tinygo!.binDir, 'tinygo'), ['version'], { encoding: 'utf8' }),
    ).toContain(TG_A);
    expect(log.lines.join('\n')).toMatch(/wasm-opt 999: no known checksum.*UNVERIFIED/);

    const environment = toolEnvironment(cold);
    expect(environment.vars).toEqual({
      GOROOT: go.dir,
      GOTOOLCHAIN: 'local',
      TINYGOROOT: cold.defaults.tinygo!.dir,
    });
    expect(environment.path[0]).toBe(go.binDir);
    expect(environment.outputs['go-cache-hit']).toBe('false');

    const before = mirror.requests.length;
    const warm = await setupToolchains(request, env, memoryLog());
    expect(warm.tools.every((t) => t.source === 'tool-cache')).toBe(true);
    expect(mirror.requests.length).toBe(before);
    expect(toolEnvironment(warm).outputs['oras-cache-hit']).toBe('true');
    // Nothing but the installations (and markers) is left in the tool cache.
    expect(readdirSync(join(env.toolCacheDir, 'go', mirror.goVersion!)).sort()).toEqual([
      'x64',
      'x64.complete',
    ]);
  });

  it('resolves 1.x ranges and stable from the go.dev listing', async () => {
    const [major, minor] = mirror.goVersion!.split('.');
    for (const spec of [`${major}.${minor}.x`, 'stable']) {
      const r = await setupToolchains({ go: spec, mirror: mirror.url }, freshEnv(), memoryLog());
      expect(r.defaults.go!.version).toBe(mirror.goVersion);
    }
  });

  it('installs each version the plugins need once, newest as the default', async () => {
    const from = mirror.requests.length;
    const r = await setupToolchains(
      {
        mirror: mirror.url,
        allowUnverifiedDownloads: true,
        plugins: [
          { source: 'plugins/a/.buildrc', tinygoVersion: TG_A, goVersion: mirror.goVersion },
          { source: 'plugins/b/.buildrc', tinygoVersion: TG_B },
          { source: 'plugins/c/.buildrc', tinygoVersion: TG_A, goVersion: mirror.goVersion },
        ],
      },
      freshEnv(),
      memoryLog(),
    );
    expect(r.tools.filter((t) => t.tool === 'tinygo').map((t) => t.version)).toEqual([TG_B, TG_A]);
    expect(r.tools.filter((t) => t.tool === 'go')).toHaveLength(1);
    expect(r.defaults.tinygo!.version).toBe(TG_B);
    expect(archiveGets(from)).toHaveLength(3);
  });

  it('retries 503 and connection resets, then succeeds', async () => {
    const path = `/go/go${mirror.goVersion}.linux-amd64.tar.gz`;
    mirror.fault(path, { kind: 'status', status: 503, times: 1 });
    mirror.fault('/go/?mode=json&include=all', { kind: 'reset', times: 1 });
    const from = mirror.requests.length;
    const log = memoryLog();
    try {
      const r = await setupToolchains(
        { go: mirror.goVersion, mirror: mirror.url },
        freshEnv(),
        log,
      );
      expect(r.defaults.go!.source).toBe('download');
    } finally {
      mirror.clearFaults();
    }
    expect(mirror.requests.slice(from).filter((p) => p === path)).toHaveLength(2);
    expect(log.lines.join('\n')).toMatch(/answered 503; retry 1/);
  });

  it('abandons a stalled download after the timeout and retries it', async () => {
    const path = `/go/go${mirror.goVersion}.linux-amd64.tar.gz`;
    mirror.fault(path, { kind: 'stall', times: 1 });
    const log = memoryLog();
    try {
      const env = { ...freshEnv(), retry: { attempts: 3, baseDelayMs: 5, timeoutMs: 300 } };
      const r = await setupToolchains({ go: mirror.goVersion, mirror: mirror.url }, env, log);
      expect(r.defaults.go!.source).toBe('download');
    } finally {
      mirror.clearFaults();
    }
    // the socket timeout or the minimum rate, whichever sees the stall first
    expect(log.lines.join('\n')).toMatch(/(aborted|timeout|too slow).*; retry 1 of 2/i);
  });

  it('retries a truncated body; when it stays truncated, fails and installs nothing', async () => {
    const path = `/go/go${mirror.goVersion}.linux-amd64.tar.gz`;
    mirror.fault(path, { kind: 'truncate', times: 1 });
    const ok = await setupToolchains(
      { go: mirror.goVersion, mirror: mirror.url },
      freshEnv(),
      memoryLog(),
    );
    expect(ok.defaults.go!.source).toBe('download');

    mirror.fault(path, { kind: 'truncate' });
    const env = freshEnv();
    try {
      await expect(
        setupToolchains({ go: mirror.goVersion, mirror: mirror.url }, env, memoryLog()),
      ).rejects.toThrow(DownloadError);
    } finally {
      mirror.clearFaults();
    }
    expect(existsSync(join(env.toolCacheDir, 'go'))).toBe(false);
    expect(readdirSync(env.tempDir)).toEqual([]);
  });

  it('refuses an archive whose sha256 does not match, and caches nothing', async () => {
    const path = `/go/go${mirror.goVersion}.linux-amd64.tar.gz`;
    mirror.fault(path, {
      kind: 'replace',
      body: tarGz([{ path: 'go/bin/go', type: 'file', body: Buffer.from('evil') }]),
    });
    const env = freshEnv();
    try {
      const err = await setupToolchains(
        { go: mirror.goVersion, mirror: mirror.url },
        env,
        memoryLog(),
      ).catch((e) => e);
      expect(err).toBeInstanceOf(ChecksumMismatchError);
      expect(err.message).toContain(mirror.sha256[path]);
      // the mirror's own listing, named as such (never go.dev's)
      expect(err.message).toContain(
        `the release listing served by the same mirror (${mirror.url}/go/`,
      );
    } finally {
      mirror.clearFaults();
    }
    expect(existsSync(join(env.toolCacheDir, 'go'))).toBe(false);
  });

  it('checks TinyGo against the pinned table: a stand-in is not TinyGo 0.33.0', async () => {
    const { startMirror: start } = await import('../support/mirror.js');
    const m = await start({ go: false, oras: false, tinygo: ['0.33.0'] });
    try {
      const log = memoryLog();
      await expect(
        setupToolchains({ tinygo: '0.33.0', mirror: m.url }, freshEnv(), log),
      ).rejects.toThrow(
        /expected sha256 a529eff745a9ecb78f0c086492ddc2645a53e0a37fa99e750d2d0a785a42ba91 \(the pinned table\)/,
      );
      expect(log.lines.join('\n')).toMatch(/TinyGo needs a Go toolchain/);
    } finally {
      await m.close();
    }
  });

  it('refuses TinyGo with no known checksum unless the user opts in', async () => {
    const err = await setupToolchains(
      { tinygo: TG_A, mirror: mirror.url },
      freshEnv(),
      memoryLog(),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain(`tinygo${TG_A}.linux-amd64.tar.gz`);
    expect(err.message).toContain('allow-unverified-downloads');
  });

  it('reports an unknown version (404) as bad input naming the version', async () => {
    const tg = await setupToolchains(
      { tinygo: '0.98.0', mirror: mirror.url, allowUnverifiedDownloads: true },
      freshEnv(),
      memoryLog(),
    ).catch((e) => e);
    expect(tg).toBeInstanceOf(InputError);
    expect(tg.message).toMatch(/tinygo 0\.98\.0: not found .*404/);

    const oras = await setupToolchains(
      { oras: '0.0.7', mirror: mirror.url },
      freshEnv(),
      memoryLog(),
    ).catch((e) => e);
    expect(oras).toBeInstanceOf(InputError);
    expect(oras.message).toContain('oras 0.0.7');

    const go = await setupToolchains(
      { go: '1.3.99', mirror: mirror.url },
      freshEnv(),
      memoryLog(),
    ).catch((e) => e);
    expect(go).toBeInstanceOf(InputError);
    expect(go.message).toContain('Go 1.3.99 is not in the Go release listing');
  });

  const hostile: [string, Parameters<typeof tarGz>[0]][] = [
    [
      'a ../ entry',
      [
        { path: 'tinygo/bin/tinygo', type: 'file', body: Buffer.from('x') },
        { path: 'tinygo/../../escaped.txt', type: 'file', body: Buffer.from('pwned') },
      ],
    ],
    [
      'an absolute path',
      [{ path: '/tmp/wpci-escaped.txt', type: 'file', body: Buffer.from('pwned') }],
    ],
    [
      'a symlink pointing out',
      [
        { path: 'tinygo/bin/tinygo', type: 'file', body: Buffer.from('x') },
        { path: 'tinygo/lib', type: 'symlink', linkpath: '../../..' },
      ],
    ],
  ];
  for (const [what, entries] of hostile) {
    it(`refuses an archive with ${what}, even with a matching checksum`, async () => {
      const body = tarGz(entries);
      const path = `/tinygo/v${TG_A}/tinygo${TG_A}.linux-amd64.tar.gz`;
      mirror.fault(path, { kind: 'replace', body });
      const env = freshEnv();
      const sha = createHash('sha256').update(body).digest('hex');
      try {
        const err = await setupToolchains(
          { tinygo: TG_A, mirror: mirror.url, sha256: { tinygo: sha } },
          env,
          memoryLog(),
        ).catch((e) => e);
        expect(err).toBeInstanceOf(UnsafeArchiveError);
      } finally {
        mirror.clearFaults();
      }
      expect(existsSync(join(env.toolCacheDir, '..', 'escaped.txt'))).toBe(false);
      expect(existsSync(join(env.toolCacheDir, 'tinygo', TG_A, 'x64'))).toBe(false);
      // The staging directory is gone too.
      expect(readdirSync(join(env.toolCacheDir, 'tinygo', TG_A))).toEqual([]);
      rmSync('/tmp/wpci-escaped.txt', { force: true });
    });
  }
});
