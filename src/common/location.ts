/** Paths of the repository's files as annotations and messages name them. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { SourceLocation } from './log.js';

/** `abs` relative to `repoDir` with forward slashes, or undefined when outside it. */
export function inRepo(repoDir: string, abs: string): string | undefined {
  const rel = relative(repoDir, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/**
 * The `file:line` an input error starts with (`p/.buildrc:2: ...`,
 * `/abs/p/smoke.yaml:3: ...`), when that file is in the repository.
 */
export function messageLocation(message: string, repoDir: string): SourceLocation | undefined {
  const m = /^([^\s:][^:\n]*):(\d+):/.exec(message);
  const file = m && inRepo(repoDir, resolve(repoDir, m[1]!));
  return file ? { file, line: Number(m![2]) } : undefined;
}
