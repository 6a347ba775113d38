/**
 * The runner's tool cache, in @actions/tool-cache's layout so other actions
 * (and setup-go) find what we put there: <root>/<tool>/<semver>/<arch>, made
 * valid by an empty <arch>.complete file written last.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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

export function isComplete(entry: ToolCacheEntry): boolean {
  return existsSync(entry.marker) && existsSync(entry.dir);
}

/** A scratch directory beside the entry, so the final move is a rename. */
export async function stagingDir(entry: ToolCacheEntry): Promise<string> {
  await mkdir(dirname(entry.dir), { recursive: true });
  return mkdtemp(`${entry.dir}.partial-`);
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
