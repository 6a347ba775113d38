/**
 * The runner's tool cache, in @actions/tool-cache's layout so other actions
 * (and setup-go) find what we put there: <root>/<tool>/<semver>/<arch>, made
 * valid by an empty <arch>.complete file written last.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { ArchName } from './types.js';

/** Node's arch names, as @actions/tool-cache uses them (x64, arm64). */
export function cacheArch(arch: ArchName): string {
  return arch === 'amd64' ? 'x64' : 'arm64';
}

export interface ToolCacheEntry {
  dir: string;
  marker: string;
}

export function toolCacheEntry(
  root: string,
  tool: string,
  semver: string,
  arch: ArchName,
): ToolCacheEntry {
  const dir = join(root, tool, semver, cacheArch(arch));
  return { dir, marker: `${dir}.complete` };
}

/** The versions of a tool complete in the cache for `arch` (directory names: semver). */
export function cachedVersions(root: string, tool: string, arch: ArchName): string[] {
  const dir = join(root, tool);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((v) => isComplete(toolCacheEntry(root, tool, v, arch)));
}

export function isComplete(entry: ToolCacheEntry): boolean {
  return existsSync(entry.marker) && existsSync(entry.dir);
}

/** Whether a process of this host is still running (a permission error means it is). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Staging directories are named `<arch>.partial-<host>-<pid>-<random>`: who
 * staged them, so that a dead run's leftovers can be told apart.
 */
function stagingPrefix(entry: ToolCacheEntry): string {
  return `${basename(entry.dir)}.partial-${hostname()}-`;
}

/**
 * Removes staging directories of runs on this host that died (SIGKILL,
 * cancelled job) before moving them into place. Another host's, or a live
 * process's, are left alone: a tool cache may be shared.
 */
async function sweepDeadStaging(entry: ToolCacheEntry): Promise<void> {
  const parent = dirname(entry.dir);
  const ours = stagingPrefix(entry);
  for (const name of await readdir(parent).catch(() => [])) {
    // Exactly `<pid>-<mkdtemp's 6 characters>` after our prefix: a host whose
    // name merely starts with ours ("ci" and "ci-2") does not match.
    const m = name.startsWith(ours) ? /^(\d+)-[A-Za-z0-9]{6}$/.exec(name.slice(ours.length)) : null;
    if (m && !alive(Number(m[1]))) await rm(join(parent, name), { recursive: true, force: true });
  }
}

/** A scratch directory beside the entry, so the final move is a rename. */
export async function stagingDir(entry: ToolCacheEntry): Promise<string> {
  await mkdir(dirname(entry.dir), { recursive: true });
  await sweepDeadStaging(entry);
  return mkdtemp(join(dirname(entry.dir), `${stagingPrefix(entry)}${process.pid}-`));
}

/**
 * Moves a finished installation into place and marks it complete. A stale,
 * unmarked directory (an earlier run that died) is replaced.
 */
export async function commit(entry: ToolCacheEntry, staged: string): Promise<void> {
  if (isComplete(entry)) {
    // Another job sharing this tool cache finished first; theirs is as good.
    await rm(staged, { recursive: true, force: true });
    return;
  }
  await rm(entry.marker, { force: true });
  await rm(entry.dir, { recursive: true, force: true });
  await rename(staged, entry.dir);
  await writeFile(entry.marker, '');
}
