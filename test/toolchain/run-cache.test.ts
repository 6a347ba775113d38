/**
 * Across runs, through the REAL @actions/cache and the local cache-service
 * double: run 1 downloads and saves (post step), run 2 on a wiped tool cache
 * restores without touching the mirror; a service that is down costs only a
 * warning. Go's read-only module cache restores over an existing copy.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  actionsRunCache,
  restoreModuleCache,
  savePending,
  saveModuleCache,
  setupToolchains,
} from '../../src/toolchain/index.js';
import { startCacheService, type CacheService } from '../support/cache-service.js';
import { startMirror, type Mirror } from '../support/mirror.js';
import { captureStdout, memoryLog, runnerEnv, scratch, withEnv } from './helpers.js';

describe('run cache through @actions/cache', () => {
  let mirror: Mirror;
  let service: CacheService;
  const tmp = scratch();
  beforeAll(async () => {
    [mirror, service] = await Promise.all([startMirror({ go: 'trimmed' }), startCacheService()]);
    mkdirSync(join(tmp.dir, 'runner-temp'), { recursive: true });
  }, 240_000);
  afterAll(async () => {
    await Promise.all([mirror.close(), service.close()]);
    tmp.cleanup();
  });
  const actionsEnv = () => ({
    ...service.env(join(tmp.dir, 'runner-temp')),
    GITHUB_WORKSPACE: tmp.dir,
  });

  it('saves tools in the post step of run 1 and restores them in run 2 with no download', async () => {
    const root = join(tmp.dir, 'runner');
    const request = { go: mirror.goVersion, oras: mirror.orasVersion, mirror: mirror.url };
    await captureStdout(() =>
      withEnv(actionsEnv(), async () => {
        const log = memoryLog();
        const env = runnerEnv(root, { runCache: await actionsRunCache(log) });
        const first = await setupToolchains(request, env, log);
        expect(first.tools.map((t) => t.source)).toEqual(['download', 'download']);
        expect(first.pendingSaves).toHaveLength(2);
        await savePending(first.pendingSaves, env, log);
      }),
    );
    expect(
      service
        .entries()
        .filter((e) => e.finalized)
        .map((e) => e.key),
    ).toEqual([
      `wasm-plugin-ci-v1-tool-go-${mirror.goVersion}-linux-amd64`,
      `wasm-plugin-ci-v1-tool-oras-${mirror.orasVersion}-linux-amd64`,
    ]);

    rmSync(root, { recursive: true, force: true }); // a fresh runner: empty tool cache
    const from = mirror.requests.length;
    await captureStdout(() =>
      withEnv(actionsEnv(), async () => {
        const log = memoryLog();
        const env = runnerEnv(root, { runCache: await actionsRunCache(log) });
        const second = await setupToolchains(request, env, log);
        expect(second.tools.map((t) => t.source)).toEqual(['run-cache', 'run-cache']);
        expect(second.pendingSaves).toEqual([]);
        expect(existsSync(join(second.defaults.go!.binDir, 'go'))).toBe(true);
        expect(existsSync(`${second.defaults.oras!.dir}.complete`)).toBe(true);
      }),
    );
    expect(mirror.requests.slice(from)).toEqual([]);
  });

  it('goes on without the cache, with a warning, when the service is down', async () => {
    service.mode = 'down';
    try {
      const { value, out } = await captureStdout(() =>
        withEnv(actionsEnv(), async () => {
          const log = memoryLog();
          const env = runnerEnv(join(tmp.dir, 'down-runner'), {
            runCache: await actionsRunCache(log),
          });
          const r = await setupToolchains({ go: mirror.goVersion, mirror: mirror.url }, env, log);
          await savePending(r.pendingSaves, env, log);
          return { ...r, lines: log.lines };
        }),
      );
      expect(value.defaults.go!.source).toBe('download');
      expect(out).toMatch(/::warning::Failed to restore/);
      expect(value.lines.join('\n')).toMatch(/warning: run cache: .*tool-go-.* was not saved/);
    } finally {
      service.mode = 'up';
    }
  });

  it('keys the module cache by every go.sum, restores over a read-only copy, saves only on a miss', async () => {
    const repo = join(tmp.dir, 'repo');
    for (const p of ['a', 'b']) {
      mkdirSync(join(repo, 'plugins', p), { recursive: true });
      writeFileSync(join(repo, 'plugins', p, 'go.sum'), `example.com/${p} v1.0.0 h1:abc=\n`);
    }
    const gomodcache = join(tmp.dir, 'gomod');
    const gocache = join(tmp.dir, 'gocache');
    // Go leaves its module cache read-only: 0444 files in 0555 directories.
    const moduleDir = join(gomodcache, 'example.com', 'a@v1.0.0');
    mkdirSync(moduleDir, { recursive: true });
    mkdirSync(gocache, { recursive: true });
    writeFileSync(join(moduleDir, 'a.go'), 'package a // run 1\n');
    writeFileSync(join(gocache, 'entry'), 'build cache\n');
    const readOnly = () => {
      chmodSync(join(moduleDir, 'a.go'), 0o444);
      chmodSync(moduleDir, 0o555);
    };
    readOnly();
    const req = {
      goSumFiles: ['a', 'b'].map((p) => join(repo, 'plugins', p, 'go.sum')),
      repoRoot: repo,
      gomodcache,
      gocache,
      goVersion: '1.24.4',
      os: 'linux' as const,
      arch: 'amd64' as const,
    };
    await captureStdout(() =>
      withEnv(actionsEnv(), async () => {
        const log = memoryLog();
        const cache = await actionsRunCache(log);
        const first = await restoreModuleCache(req, cache, log);
        expect(first.matchedKey).toBeUndefined();
        expect(await saveModuleCache(first, cache, log)).toBe(true);

        // Run 2: the same go.sum files, and the runner already has a read-only copy.
        chmodSync(moduleDir, 0o755);
        chmodSync(join(moduleDir, 'a.go'), 0o644);
        writeFileSync(join(moduleDir, 'a.go'), 'package a // stale local copy\n');
        readOnly();
        const second = await restoreModuleCache(req, cache, log);
        expect(second.matchedKey).toBe(first.key);
        expect(readFileSync(join(moduleDir, 'a.go'), 'utf8')).toBe('package a // run 1\n');
        expect(await saveModuleCache(second, cache, log)).toBe(false);

        // Run 3: one go.sum changed: a new key, the older entry restored by prefix, saved again.
        writeFileSync(join(repo, 'plugins', 'b', 'go.sum'), 'example.com/b v1.1.0 h1:def=\n');
        const third = await restoreModuleCache(req, cache, log);
        expect(third.key).not.toBe(first.key);
        expect(third.matchedKey).toBe(first.key);
        expect(await saveModuleCache(third, cache, log)).toBe(true);
      }),
    );
    chmodSync(moduleDir, 0o755); // let the scratch cleanup remove it
  });
});
