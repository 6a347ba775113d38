/**
 * Path globs for `plugins` and `exclude`: `*` and `?` stay within one path
 * segment, `**` spans any number of segments. Matched against directory
 * paths relative to the repository, with forward slashes.
 */
import { InputError } from '../common/errors.js';

function escape(c: string): string {
  return /[\\^$.|+(){}[\]]/.test(c) ? `\\${c}` : c;
}

export function globToRegExp(glob: string): RegExp {
  const clean = glob.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  if (!clean || clean.startsWith('/') || clean.split('/').includes('..')) {
    throw new InputError(`glob '${glob}' must be a path relative to the repository`);
  }
  let re = '';
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (c === '*' && clean[i + 1] === '*') {
      // `**/` matches zero or more whole segments; a trailing `**` anything.
      if (clean[i + 2] === '/') {
        re += '(?:[^/]+/)*';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

/** A predicate over relative paths for a list of globs; empty list matches nothing. */
export function globMatcher(globs: string[]): (relPath: string) => boolean {
  const res = globs.map(globToRegExp);
  return (p) => res.some((r) => r.test(p));
}
