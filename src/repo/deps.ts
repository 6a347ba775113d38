/**
 * What inside the repository a plugin's build depends on: the directories
 * of the packages it imports (from `go list -deps`, for the wasm target) and
 * the go.mod / go.sum / go.work files that govern them.
 */
import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { FILE_LIMITS, inRepository, readContainedText } from '../common/files.js';
import type { Plugin } from '../model.js';
import { goCommandEnv } from '../toolchain/go-env.js';
import { governingGoMod, toPosix } from './discover.js';
import { governingGoWork } from './go-inputs.js';
import { parseGoMod } from './gomod.js';

const run = promisify(execFile);

export interface PluginDeps {
  /** Package directories inside the repository, relative, forward slashes. */
  packageDirs: Set<string>;
  /** go.mod, go.sum, go.work, go.work.sum, .buildrc files, relative. */
  files: Set<string>;
}

function inside(repoDir: string, abs: string): string | undefined {
  const rel = toPosix(relative(repoDir, abs));
  return rel.startsWith('..') || rel.startsWith('/') ? undefined : rel;
}

export { governingGoWork };

function moduleFiles(repoDir: string, goMod: string, into: Set<string>): void {
  const rel = inside(repoDir, goMod);
  if (rel === undefined) return;
  into.add(rel);
  into.add(rel.replace(/go\.mod$/, 'go.sum'));
}

/**
 * True when the plugin can only depend on files inside its own directory:
 * its module is rooted there, replaces nothing with a local directory and no
 * go.work governs it. Then `go list` has nothing to add.
 */
export function selfContained(repoDir: string, plugin: Plugin): boolean {
  const goMod = join(plugin.dir, 'go.mod');
  if (!existsSync(goMod)) return false;
  if (governingGoWork(repoDir, plugin.dir)) return false;
  const rel = toPosix(relative(repoDir, goMod));
  const text = readContainedText(goMod, inRepository(repoDir, rel, FILE_LIMITS.goMod));
  return parseGoMod(text, rel).localReplace.size === 0;
}

/** The plugin's in-repository dependencies, via `go list -deps` for GOOS=wasip1 GOARCH=wasm. */
export async function pluginDeps(repoDir: string, plugin: Plugin): Promise<PluginDeps> {
  const deps: PluginDeps = { packageDirs: new Set(), files: new Set() };
  const goMod = governingGoMod(repoDir, plugin.dir);
  if (goMod) moduleFiles(repoDir, goMod, deps.files);
  const work = governingGoWork(repoDir, plugin.dir);
  if (work) {
    const rel = inside(repoDir, work);
    if (rel) deps.files.add(rel).add(`${rel}.sum`);
  }
  if (plugin.settings.file) deps.files.add(plugin.settings.file);
  // A plugin whose inputs were refused (a link out of the repository, say)
  // fails at build; `go list` would read through what was refused.
  if (plugin.configError || selfContained(repoDir, plugin)) return deps;

  const tags = plugin.settings.extraTags.length
    ? [`-tags=${plugin.settings.extraTags.join(',')}`]
    : [];
  const { stdout } = await run(
    'go',
    [
      'list',
      '-e',
      '-deps',
      ...tags,
      '-f',
      '{{if not .Standard}}{{.Dir}}\t{{with .Module}}{{.GoMod}}{{end}}{{end}}',
      '.',
    ],
    {
      cwd: plugin.dir,
      env: goCommandEnv({ GOOS: 'wasip1', GOARCH: 'wasm', GOFLAGS: '-mod=readonly' }),
      maxBuffer: 64 << 20,
    },
  );
  // go reports real paths; the repository may sit behind a symlink (tmpdirs).
  const realRepo = realpathSync(repoDir);
  for (const line of stdout.split('\n')) {
    const [dir, mod] = line.split('\t');
    if (!dir) continue;
    const rel = inside(realRepo, dir);
    if (rel === undefined) continue; // the module cache, another checkout
    deps.packageDirs.add(rel);
    if (mod) moduleFiles(realRepo, mod, deps.files);
  }
  return deps;
}
