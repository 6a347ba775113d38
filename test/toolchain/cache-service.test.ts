/**
 * The cache-service double against the REAL @actions/cache: what one "run"
 * saves, a later one restores; restore keys fall back to the newest prefix
 * match; a service that is down costs a warning, never the run.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cache from '@actions/cache';
import { startCacheService, type CacheService } from '../support/cache-service.js';
import { captureStdout, scratch, withEnv } from './helpers.js';

describe('cache service double with the real @actions/cache', () => {
  let service: CacheService;
  const tmp = scratch();
  beforeAll(async () => {
    service = await startCacheService();
    mkdirSync(join(tmp.dir, 'runner-temp'), { recursive: true });
  });
  afterAll(async () => {
    await service.close();
    tmp.cleanup();
  });
  const env = () => ({ ...service.env(join(tmp.dir, 'runner-temp')), GITHUB_WORKSPACE: tmp.dir });

  it('saves in one run and restores in the next, by exact key and by restore-key prefix', async () => {
    const dir = join(tmp.dir, 'data');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.txt'), 'first run\n');
    await captureStdout(() => withEnv(env(), () => cache.saveCache([dir], 'demo-key-1')));
    expect(service.entries()).toEqual([
      expect.objectContaining({ key: 'demo-key-1', finalized: true }),
    ]);
    expect(service.calls).toEqual(
      expect.arrayContaining(['CreateCacheEntry', 'FinalizeCacheEntryUpload']),
    );

    rmSync(dir, { recursive: true });
    const exact = await captureStdout(() =>
      withEnv(env(), () => cache.restoreCache([dir], 'demo-key-1')),
    );
    expect(exact.value).toBe('demo-key-1');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('first run\n');

    rmSync(dir, { recursive: true });
    const partial = await captureStdout(() =>
      withEnv(env(), () => cache.restoreCache([dir], 'demo-key-2', ['demo-key-'])),
    );
    expect(partial.value).toBe('demo-key-1');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('first run\n');

    const miss = await captureStdout(() =>
      withEnv(env(), () => cache.restoreCache([dir], 'other-key')),
    );
    expect(miss.value).toBeUndefined();
  });

  it('when the service is down, restore misses with a warning instead of failing', async () => {
    service.mode = 'down';
    try {
      const r = await captureStdout(() =>
        withEnv(env(), () => cache.restoreCache([join(tmp.dir, 'x')], 'demo-key-1')),
      );
      expect(r.value).toBeUndefined();
      expect(r.out).toMatch(/::warning::.*Failed to restore/);
    } finally {
      service.mode = 'up';
    }
  });
});
