/**
 * What the dist-level tests share: the bundled example repository
 * (examples/plugins) as the README's first-use command and the self-test
 * workflow use it, and the Go environment of a simulated runner.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goJobEnv } from '../action/helpers.js';
import { git } from '../support/git-repo.js';
import { cacheDir, repoRoot } from '../support/paths.js';

export const EXAMPLES = join(repoRoot, 'examples', 'plugins');
const EXTENSIONS = join(EXAMPLES, 'wasm-go', 'extensions');

/** Every example plugin: each directory under wasm-go/extensions with a go.mod. */
export function examplePlugins(): string[] {
  return readdirSync(EXTENSIONS)
    .filter((name) => existsSync(join(EXTENSIONS, name, 'go.mod')))
    .sort();
}

/** A copy of examples/plugins at `dest`, without output of earlier runs. */
function copyExamplesTo(dest: string): void {
  cpSync(EXAMPLES, dest, {
    recursive: true,
    filter: (src) => !src.split(/[\\/]/).includes('.wasm-plugin-ci'),
  });
}

/** A copy of examples/plugins in a fresh directory, so runs never share state. */
export function copyExamples(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'wpci-examples-')), 'plugins');
  copyExamplesTo(dir);
  return dir;
}

/**
 * A workspace as actions/checkout leaves it for a plugin repository: a git
 * repository with the examples under plugins/ (Higress keeps its plugins in a
 * folder too), one commit on main. Returns the workspace and the commit.
 */
export function exampleWorkspace(): { dir: string; sha: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wpci-workspace-'));
  git(dir, 'init', '-q', '-b', 'main');
  copyExamplesTo(join(dir, 'plugins'));
  cpSync(join(repoRoot, '.gitignore'), join(dir, '.gitignore'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'examples');
  return { dir, sha: git(dir, 'rev-parse', 'HEAD') };
}

/**
 * The Go environment of one simulated runner (see goJobEnv), with a build
 * cache of these tests' own: it stays small (the examples only), so the post
 * steps that save it stay quick, and it is kept between runs.
 */
export function distGoEnv(runnerDir: string): NodeJS.ProcessEnv {
  const gocache = join(cacheDir, 'dist-gocache');
  mkdirSync(gocache, { recursive: true });
  return { ...goJobEnv(runnerDir), GOCACHE: gocache };
}
