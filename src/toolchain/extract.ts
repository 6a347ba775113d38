/**
 * Unpacks a release tar.gz into a fresh directory, refusing any entry that
 * would land outside it: `..` segments, absolute paths, and links whose
 * target points out. node-tar already skips such paths with a warning; we turn
 * any of them (and any other warning) into a failure, because a release
 * archive that contains one is not the archive we meant to install.
 */
import { posix } from 'node:path';
import type { ReadEntry } from 'tar';

export class UnsafeArchiveError extends Error {
  constructor(archive: string, entry: string, why: string) {
    super(`refusing to extract ${archive}: entry '${entry}' ${why}`);
    this.name = 'UnsafeArchiveError';
  }
}

/** Entry path after dropping `strip` leading components; '' when nothing is left. */
function stripped(path: string, strip: number): string {
  return path.split('/').filter(Boolean).slice(strip).join('/');
}

function escapes(relative: string): boolean {
  const n = posix.normalize(relative);
  return n === '..' || n.startsWith('../');
}

/** Why `entry` is unsafe, or undefined when it stays inside the target. */
export function unsafeReason(
  path: string,
  type: string,
  linkpath: string | undefined,
  strip: number,
): string | undefined {
  if (posix.isAbsolute(path) || /^[A-Za-z]:/.test(path)) return 'has an absolute path';
  if (path.split(/[\\/]/).includes('..')) return "has a '..' path segment";
  const inside = stripped(path, strip);
  if (type === 'SymbolicLink') {
    if (!linkpath || posix.isAbsolute(linkpath))
      return `is a symlink to an absolute path (${linkpath})`;
    if (escapes(posix.join(posix.dirname(inside), linkpath)))
      return `is a symlink pointing outside (${linkpath})`;
  }
  if (type === 'Link') {
    if (!linkpath || posix.isAbsolute(linkpath) || escapes(stripped(linkpath, strip) || '..')) {
      return `is a hard link pointing outside (${linkpath})`;
    }
  }
  return undefined;
}

/**
 * Extracts `archive` (gzip tar) into `dest`, dropping `strip` leading path
 * components. On refusal the caller discards `dest`: it is a scratch directory.
 */
export async function extractTarGz(
  archive: string,
  dest: string,
  strip: number,
  label = archive,
): Promise<void> {
  let refusal: UnsafeArchiveError | undefined;
  let warning: string | undefined;
  const tar = await import('tar'); // only installs extract: a warm run never loads it
  await tar.x({
    file: archive,
    cwd: dest,
    strip,
    gzip: true,
    preserveOwner: false,
    filter: (path, entry) => {
      const e = entry as ReadEntry;
      const why = unsafeReason(path, e.type, e.linkpath, strip);
      if (why) refusal ??= new UnsafeArchiveError(label, path, why);
      return !why && !refusal;
    },
    onwarn: (code, message) => {
      warning ??= `${code}: ${message}`;
    },
  });
  if (refusal) throw refusal;
  if (warning)
    throw new UnsafeArchiveError(label, '(archive)', `could not be extracted cleanly: ${warning}`);
}
