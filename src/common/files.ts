/**
 * The one rule for files a repository supplies and directories we write
 * into. A repository is untrusted input: a committed link can point at
 * /proc/self/environ (the run's tokens), /etc/passwd, /dev/zero (a read that
 * never ends) or another plugin's file, and a committed output directory that
 * is a link sends what we write outside the checkout.
 *
 * Reading: a file is read only when, after resolving links, it lies inside
 * the directory it belongs to (the plugin directory, or the repository), it
 * is a regular file, and it is no larger than a cap. Every reader of
 * repository files goes through `readContained`.
 *
 * Writing: no directory on the way from the repository (or the working
 * directory) down to an output directory may be a link (`checkOutputDir`).
 *
 * The checks are made when the file is opened; a checkout changed by another
 * process while a run reads it is outside what this guards against.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from './errors.js';

/** Size caps, in bytes, per kind of file. */
export const FILE_LIMITS = {
  /** .buildrc: a handful of KEY=VALUE lines. */
  buildrc: 64 << 10,
  /** VERSION: one version string. */
  version: 4 << 10,
  /** go.mod and go.work (large real ones are a few tens of KiB). */
  goMod: 4 << 20,
  /** smoke.yaml and the configuration files it names. */
  smokeConfig: 4 << 20,
  /** One published document layer: README*.md, spec.yaml, icon.png. */
  document: 4 << 20,
  /** The head of a Go source file read for its package clause and imports. */
  goSourceHead: 1 << 20,
  /** A built module (the gateway's fetcher caps the archive at 256 MiB). */
  wasm: 256 << 20,
} as const;

export type Refusal = 'outside' | 'not-regular' | 'too-large' | 'unreadable';

/** A repository file the rule refused to read; an InputError (exit 2) naming it. */
export class RefusedFile extends InputError {
  constructor(
    readonly file: string,
    readonly refusal: Refusal,
    readonly why: string,
  ) {
    super(`${file}: ${why}`);
    this.name = 'RefusedFile';
  }
}

export interface ContainedRead {
  /** The directory the file must lie in once links are resolved. */
  within: string;
  /** How messages name `within`: 'the plugin directory', 'the repository'. */
  withinName: string;
  /** How messages name the file (a path relative to the repository). */
  name: string;
  maxBytes: number;
  /** Read the first `maxBytes` of a larger file instead of refusing it. */
  prefixOnly?: boolean;
}

/** True when `path` is `root` or below it (both absolute, no links resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

// O_NOFOLLOW: the path opened is the resolved one, so a link here means the
// file was swapped after the check; O_NONBLOCK: opening a FIFO must not wait
// for a writer. Both are absent (undefined) on Windows.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * The resolved path of `path` when the rule allows reading it; throws
 * RefusedFile otherwise, and an ENOENT error when nothing is there at all.
 */
function resolveContained(path: string, o: ContainedRead): string {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !lstatSync(path, { throwIfNoEntry: false })) throw err;
    if (code === 'ENOENT')
      throw new RefusedFile(o.name, 'unreadable', 'is a link to nothing (dangling)');
    if (code === 'ELOOP') throw new RefusedFile(o.name, 'unreadable', 'is a link loop');
    throw new RefusedFile(o.name, 'unreadable', `cannot be resolved (${code ?? 'error'})`);
  }
  if (!isInside(realpathSync(o.within), real)) {
    throw new RefusedFile(
      o.name,
      'outside',
      `is a link that resolves outside ${o.withinName}; refusing to read it`,
    );
  }
  return real;
}

/** Reads a repository file under the rule; see the module comment. */
export function readContained(path: string, o: ContainedRead): Buffer {
  const real = resolveContained(path, o);
  let fd: number;
  try {
    fd = openSync(real, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RefusedFile(o.name, 'unreadable', `cannot be opened (${code ?? 'error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new RefusedFile(o.name, 'not-regular', `is ${kindOf(st)}, not a regular file`);
    const tooLarge = () =>
      new RefusedFile(o.name, 'too-large', `is larger than the ${formatBytes(o.maxBytes)} limit`);
    if (st.size > o.maxBytes && !o.prefixOnly) throw tooLarge();
    // Read up to one byte past the cap: a file may grow, or report no size.
    const want = Math.min(o.maxBytes + 1, Math.max(st.size + 1, 64 << 10));
    let buf = Buffer.alloc(want);
    let got = 0;
    for (;;) {
      if (got === buf.length) {
        if (buf.length > o.maxBytes) break;
        const bigger = Buffer.alloc(Math.min(o.maxBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, got);
        buf = bigger;
      }
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
    }
    if (got > o.maxBytes) {
      if (!o.prefixOnly) throw tooLarge();
      got = o.maxBytes;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks `path` under the rule without reading it (for a file another step
 * reads, such as a module to publish); returns its resolved path.
 */
export function checkContained(path: string, o: ContainedRead): string {
  const real = resolveContained(path, o);
  const st = statSync(real);
  if (!st.isFile())
    throw new RefusedFile(o.name, 'not-regular', `is ${kindOf(st)}, not a regular file`);
  if (st.size > o.maxBytes)
    throw new RefusedFile(
      o.name,
      'too-large',
      `is larger than the ${formatBytes(o.maxBytes)} limit`,
    );
  return real;
}

/**
 * A small file of our own (the build history, a kept module's sum) as text:
 * a regular file, not a link, never a pipe that would block, at most
 * `maxBytes`; undefined otherwise, or when it cannot be read. For files
 * whose loss only costs an optimization, so nothing here is an error.
 */
export function readSmallFile(file: string, maxBytes: number): string | undefined {
  return readOwnFile(file, maxBytes)?.toString('utf8');
}

/** readSmallFile's bytes: the same rules, for a file of our own that is not text. */
export function readOwnFile(file: string, maxBytes: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    return st.isFile() && st.size <= maxBytes ? readOpenFile(fd, st.size) : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** What readRegularFile found instead of a regular file within its size. */
export class UnreadableFile extends Error {
  override name = 'UnreadableFile';
}

/**
 * A file named by the user (a built module), whole: a regular file no larger
 * than `maxBytes`, opened without waiting on a FIFO and read in one go, after
 * `spare` free bytes in its buffer. Throws the system's error for the open or
 * the read, or UnreadableFile ('not a regular file', 'larger than ...').
 */
export function readRegularFile(path: string, maxBytes: number, spare = 0): Buffer {
  // O_NONBLOCK: opening a FIFO must not wait for a writer (absent on Windows).
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UnreadableFile('not a regular file');
    if (st.size > maxBytes) throw new UnreadableFile(`larger than ${formatBytes(maxBytes)}`);
    return readOpenFile(fd, st.size, spare);
  } finally {
    closeSync(fd);
  }
}

/**
 * The first `size` bytes of an open file (the size fstat gave: a file that
 * grows meanwhile is cut there; fewer when it shrank), placed after `spare`
 * free bytes of the buffer they are read into.
 */
function readOpenFile(fd: number, size: number, spare = 0): Buffer {
  const buf = Buffer.allocUnsafe(spare + size);
  let got = 0;
  while (got < size) {
    const n = readSync(fd, buf, spare + got, size - got, got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(spare, spare + got);
}

/** readContained as UTF-8 text. */
export function readContainedText(path: string, o: ContainedRead): string {
  return readContained(path, o).toString('utf8');
}

/** readContained, or undefined when there is nothing at `path` (not even a link). */
export function readContainedIfPresent(path: string, o: ContainedRead): Buffer | undefined {
  try {
    return readContained(path, o);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Refuses an output directory reached through a link or a non-directory
 * below the first of `roots` that contains it (the repository, the working
 * directory): those components come from the checkout. Components above the
 * root, and directories outside every root, are the user's own choice and
 * are not checked. Missing components are fine: mkdir creates real
 * directories.
 */
export function checkOutputDir(dir: string, roots: string[], what = 'output directory'): void {
  const abs = resolve(dir);
  const root = roots
    .map((r) => resolve(r))
    .filter((r) => isInside(r, abs))
    .sort((a, b) => b.length - a.length)[0];
  if (root === undefined) return;
  const parts = relative(root, abs).split(sep).filter(Boolean);
  let at = root;
  for (const part of parts) {
    at = resolve(at, part);
    const st = lstatSync(at, { throwIfNoEntry: false });
    if (!st) return;
    const shown = relative(root, at).split(sep).join('/');
    if (st.isSymbolicLink()) {
      throw new InputError(
        `${what} '${dir}': '${shown}' is a symbolic link; refusing to write through it (a committed link would send outputs outside the checkout)`,
      );
    }
    if (!st.isDirectory())
      throw new InputError(`${what} '${dir}': '${shown}' exists and is not a directory`);
  }
}

/**
 * checkOutputDir for an OCI image layout directory, and inside it: `blobs`
 * and `blobs/sha256` real directories, `index.json` and `oci-layout` (read
 * back before they are rewritten) regular files when present.
 */
export function checkLayoutDir(dir: string, roots: string[], what = 'OCI layout'): void {
  checkOutputDir(dir, roots, what);
  checkOutputDir(resolve(dir, 'blobs', 'sha256'), [dir], what);
  for (const name of ['index.json', 'oci-layout']) {
    const st = lstatSync(resolve(dir, name), { throwIfNoEntry: false });
    if (st && !st.isFile())
      throw new InputError(
        `${what} '${dir}': '${name}' is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; refusing to use it`,
      );
  }
}

/** The checkout `dir` belongs to: the nearest directory above it holding `.git`, if any. */
export function checkoutRoot(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (lstatSync(join(d, '.git'), { throwIfNoEntry: false })) return d;
    if (dirname(d) === d) return undefined;
  }
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${n / (1 << 20)} MiB` : `${n / 1024} KiB`;
}

/** The rule for a plugin's own file (settings, documents): inside the plugin directory. */
export function inPlugin(pluginDir: string, name: string, maxBytes: number): ContainedRead {
  return { within: pluginDir, withinName: 'the plugin directory', name, maxBytes };
}

/** The rule for a file the repository shares (go.mod, go.work): inside the repository. */
export function inRepository(repoDir: string, name: string, maxBytes: number): ContainedRead {
  return { within: repoDir, withinName: 'the repository', name, maxBytes };
}
