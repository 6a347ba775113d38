/**
 * The across-runs cache. In Actions it is @actions/cache (whatever protocol
 * the runner offers); the library already swallows service trouble, and we
 * catch what it still throws, so a cache outage costs time, never the run.
 */
import type { Log } from '../common/log.js';
import type { ArchName, OsName, RunCache } from './types.js';

/** Bump to invalidate every entry this tool wrote (e.g. after a layout change). */
export const CACHE_KEY_PREFIX = 'wasm-plugin-ci-v1';

export function toolCacheKey(tool: string, version: string, os: OsName, arch: ArchName): string {
  return `${CACHE_KEY_PREFIX}-tool-${tool}-${version}-${os}-${arch}`;
}

/**
 * A RunCache over @actions/cache, or undefined when the runner offers no cache
 * service. The library (with the Azure SDK under it) loads only here: a run
 * with `cache: false` never pays for it.
 */
export async function actionsRunCache(log: Log): Promise<RunCache | undefined> {
  const cache = await import('@actions/cache');
  // @github/local-action stands in for @actions/cache with entries in a local
  // directory and no isFeatureAvailable: that stand-in is always available.
  if (typeof cache.isFeatureAvailable === 'function' && !cache.isFeatureAvailable())
    return undefined;
  return {
    async restore(paths, key, restoreKeys) {
      try {
        return await cache.restoreCache(paths, key, restoreKeys);
      } catch (err) {
        log.warn(
          `run cache: restore of ${key} failed, continuing without it: ${(err as Error).message}`,
        );
        return undefined;
      }
    },
    async save(paths, key) {
      try {
        // -1 means the library gave up (service down, entry reserved by another job).
        if ((await cache.saveCache(paths, key)) === -1) {
          log.warn(`run cache: ${key} was not saved (see the cache service messages above)`);
        }
      } catch (err) {
        log.warn(`run cache: save of ${key} failed: ${(err as Error).message}`);
      }
    },
  };
}
