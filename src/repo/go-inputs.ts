/**
 * What the go command reads to build a plugin stays inside the repository.
 * Go follows links to source files and reads local `replace` and go.work
 * `use` directories wherever they point; a committed `leak.go` linked to a
 * secret would be quoted back by the compiler (`expected 'package', found
 * ...`) into a public log. So, before any go command runs: every local
 * replace and use directory must lie inside the repository, and no link
 * that Go would read (a source or module file, or a directory) in the
 * directories the build can reach may resolve outside it.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../common/errors.js';
import { FILE_LIMITS, inRepository, isInside, readContainedText } from '../common/files.js';
import { parseGoMod, type GoMod } from './gomod.js';

/** A directory the repository walk saw, with the names of the links in it. */
export interface WalkedDir {
  dir: string;
  relDir: string;
  links: string[];
}

/** Files the go command reads from a package directory (go/build's extensions) and module files. */
const GO_INPUT =
  /\.(go|s|S|sx|c|cc|cpp|cxx|h|hh|hpp|hxx|m|f|F|for|f90|syso|swig|swigcxx)$|^go\.(mod|sum|work|work\.sum)$/;

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined; // dangling or a loop: nothing can be read through it
  }
}

/**
 * The directories a build under `modFile` can read: the module root and each
 * local replace / use directory. Throws an InputError naming `file:line` for
 * a directory outside the repository.
 */
export function buildRoots(repoDir: string, modFile: string, mod: GoMod, modRel: string): string[] {
  const root = resolve(repoDir);
  const realRoot = realpathSync(root);
  const base = dirname(modFile);
  const roots = [base];
  for (const target of [...mod.localReplace.values(), ...mod.use]) {
    const abs = resolve(base, target);
    const real = realOrUndefined(abs);
    if (!isInside(root, abs) || (real !== undefined && !isInside(realRoot, real))) {
      const line = mod.lines.local.get(target);
      const verb = mod.use.includes(target) ? 'use' : 'replace';
      throw new InputError(
        `${modRel}${line ? `:${line}` : ''}: ${verb} ${target} is outside the repository; the build would read it`,
      );
    }
    roots.push(abs);
  }
  return roots;
}

/**
 * Refuses links under `roots` that Go would read and that resolve outside
 * the repository. Dangling links and links to other kinds of files are left
 * alone: Go does not read them.
 */
export function refuseEscapingLinks(repoDir: string, roots: string[], walked: WalkedDir[]): void {
  const realRoot = realpathSync(resolve(repoDir));
  for (const w of walked) {
    if (!w.links.length || !roots.some((r) => isInside(r, w.dir))) continue;
    for (const name of w.links) {
      const path = join(w.dir, name);
      const real = realOrUndefined(path);
      if (real === undefined || isInside(realRoot, real)) continue;
      if (!GO_INPUT.test(name) && !statSync(real, { throwIfNoEntry: false })?.isDirectory())
        continue;
      const rel = w.relDir ? `${w.relDir}/${name}` : name;
      throw new InputError(
        `${rel}: a link that resolves outside the repository; the Go build would read through it`,
      );
    }
  }
}

/** The go.work that governs `dir`, searched upwards within the repository. */
export function governingGoWork(repoDir: string, dir: string): string | undefined {
  const root = resolve(repoDir);
  for (let d = resolve(dir); isInside(root, d); d = dirname(d)) {
    const f = join(d, 'go.work');
    if (existsSync(f)) return f;
    if (d === root || dirname(d) === d) return undefined;
  }
  return undefined;
}

/**
 * The whole check for one plugin, before any go command runs for it: its
 * module's and go.work's local directories inside the repository, and no
 * link out of the repository among what the build reads.
 */
export function checkGoInputs(
  repoDir: string,
  pluginDir: string,
  modFile: string,
  mod: GoMod,
  walked: WalkedDir[],
): void {
  const rel = (p: string) => relative(repoDir, p).split(sep).join('/');
  const roots = buildRoots(repoDir, modFile, mod, rel(modFile));
  const work = governingGoWork(repoDir, pluginDir);
  if (work) {
    const text = readContainedText(work, inRepository(repoDir, rel(work), FILE_LIMITS.goMod));
    roots.push(...buildRoots(repoDir, work, parseGoMod(text, rel(work), true), rel(work)));
  }
  refuseEscapingLinks(repoDir, roots, walked);
}
