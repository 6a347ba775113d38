/**
 * GOMODCACHE and GOCACHE across runs: one key from the hash of every plugin's
 * go.sum, restore-keys falling back to the newest entry for the same Go and
 * platform, saved (in the post step) only when the exact key missed.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { InputError } from '../common/errors.js';
import type { Log } from '../common/log.js';
import { CACHE_KEY_PREFIX } from './run-cache.js';
import type { ArchName, OsName, PendingSave, RunCache } from './types.js';

export interface ModuleCacheRequest {
  /** Every plugin's go.sum (missing files count as empty: a plugin without deps). */
  goSumFiles: string[];
  /** Paths the hash is computed relative to, so the key is the same on every runner. */
  repoRoot: string;
  gomodcache: string;
  gocache: string;
  goVersion: string;
  os: OsName;
  arch: ArchName;
}

export interface ModuleCacheState {
  key: string;
  restoreKeys: string[];
  matchedKey?: string;
  paths: string[];
}

export async function goSumHash(files: string[], repoRoot: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    let body: Buffer;
    try {
      body = existsSync(file) ? await readFile(file) : Buffer.alloc(0);
    } catch (err) {
      throw new InputError(`go.sum: cannot read ${file}: ${(err as Error).message}`);
    }
    hash
      .update(relative(repoRoot, file).split('\\').join('/'))
      .update('\0')
      .update(body)
      .update('\0');
  }
  return hash.digest('hex');
}

export async function moduleCacheKeys(
  req: ModuleCacheRequest,
): Promise<{ key: string; restoreKeys: string[] }> {
  const base = `${CACHE_KEY_PREFIX}-gomod-${req.os}-${req.arch}-go${req.goVersion}-`;
  return { key: base + (await goSumHash(req.goSumFiles, req.repoRoot)), restoreKeys: [base] };
}

/**
 * Go writes its module cache read-only (0444 files in 0555 directories), and
 * tar cannot replace a file inside a read-only directory: that is setup-go's
 * "Cannot open: File exists". Making the existing tree owner-writable first
 * lets a restore land on top of whatever is already there.
 */
export async function makeWritable(dir: string): Promise<void> {
  let st;
  try {
    st = await lstat(dir);
  } catch {
    return;
  }
  if (!st.isDirectory()) return;
  if ((st.mode & 0o200) === 0) await chmod(dir, (st.mode & 0o7777) | 0o200);
  await makeChildrenWritable(dir);
}

async function makeChildrenWritable(dir: string): Promise<void> {
  for (const child of await readdir(dir, { withFileTypes: true })) {
    if (!child.isDirectory()) continue; // files are replaced by unlinking, which needs only the directory
    const path = join(dir, child.name);
    const st = await lstat(path);
    if ((st.mode & 0o200) === 0) await chmod(path, (st.mode & 0o7777) | 0o200);
    await makeChildrenWritable(path);
  }
}

export async function restoreModuleCache(
  req: ModuleCacheRequest,
  runCache: RunCache | undefined,
  log: Log,
): Promise<ModuleCacheState> {
  const { key, restoreKeys } = await moduleCacheKeys(req);
  const paths = [req.gomodcache, req.gocache];
  if (!runCache) return { key, restoreKeys, paths };
  await Promise.all(paths.map(makeWritable));
  const matchedKey = await runCache.restore(paths, key, restoreKeys);
  log.info(
    matchedKey === key
      ? `Go module cache restored (${key})`
      : matchedKey
        ? `Go module cache restored from an older entry (${matchedKey})`
        : `Go module cache: no entry for ${key}`,
  );
  return { key, restoreKeys, paths, matchedKey };
}

/** What the post step should save: nothing when the exact key was restored. */
export function moduleCacheSave(state: ModuleCacheState): PendingSave | undefined {
  if (state.matchedKey === state.key) return undefined;
  const paths = state.paths.filter((p) => existsSync(p));
  return paths.length ? { key: state.key, paths } : undefined;
}

export async function saveModuleCache(
  state: ModuleCacheState,
  runCache: RunCache | undefined,
  log: Log,
): Promise<boolean> {
  const pending = moduleCacheSave(state);
  if (!pending || !runCache) {
    log.info(
      pending
        ? 'Go module cache: no run cache here, not saved'
        : 'Go module cache: key hit, not saved again',
    );
    return false;
  }
  await runCache.save(pending.paths, pending.key);
  return true;
}
