/**
 * Builds Higress's own plugins (the corpus in ../shared/corpus/higress, next
 * to the clone in CI) with this project's build stage, exactly as `build`
 * does: a copy of the plugins under .cache/corpus/repo, one Go build cache
 * and one module cache for all of them under .cache/corpus, outputs under
 * .cache/corpus/out. A later run rebuilds nothing that did not change (go
 * finds its outputs up to date); the first one downloads the modules.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { buildAll, type BuildOutcome } from '../../src/build/build.js';
import type { Log } from '../../src/common/log.js';
import { discoverPlugins } from '../../src/repo/discover.js';
import { cacheDir, repoRoot } from '../support/paths.js';

/** The corpus's path below a `shared/` directory. */
const CORPUS = join('corpus', 'higress', 'extensions');

/**
 * `shared/corpus/higress/extensions` beside the repository root, or beside
 * one of its parents (a worktree sits one level deeper than a clone).
 */
export function findCorpus(): string {
  for (let dir = resolve(repoRoot); ; dir = dirname(dir)) {
    const candidate = join(dir, '..', 'shared', CORPUS);
    if (existsSync(candidate)) return resolve(candidate);
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `the Higress corpus (shared/${CORPUS}) is neither beside the repository nor beside one of its parents`,
  );
}

export const corpusCache = join(cacheDir, 'corpus');

export interface CorpusBuild {
  outcomes: Map<string, BuildOutcome>;
  ms: number;
  /** Whether the module cache was empty when the build started (a first run). */
  cold: boolean;
  plugins: string[];
}

/** Build output stays in each outcome (shown when a build fails), not on the console. */
const quietLog: Log = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  group: (_name, fn) => fn(),
};

/** Copies the corpus into the cached repository and builds every plugin in it. */
export async function buildCorpus(): Promise<CorpusBuild> {
  const source = findCorpus();
  const repo = join(corpusCache, 'repo');
  const extensions = join(repo, 'extensions');
  const modules = join(corpusCache, 'gomod');
  const cold = !existsSync(modules);
  const plugins = readdirSync(source, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  // A fresh copy each run (small: sources only), so a changed corpus is what builds.
  rmSync(extensions, { recursive: true, force: true });
  mkdirSync(extensions, { recursive: true });
  for (const p of plugins) cpSync(join(source, p), join(extensions, p), { recursive: true });
  writeFileSync(join(repo, 'README.md'), 'Higress plugins copied from the shared corpus.\n');
  // go, run by the build stage, inherits these: one module cache for every
  // plugin, writable so that a cleanup can delete it.
  process.env.GOMODCACHE = modules;
  process.env.GOFLAGS = [process.env.GOFLAGS, '-modcacherw'].filter(Boolean).join(' ');
  process.env.GOTOOLCHAIN = 'local';
  const found = await discoverPlugins(repo, { plugins: ['extensions/*'] }, quietLog);
  const started = performance.now();
  const outcomes = await buildAll(
    found,
    {
      repoDir: repo,
      outDir: join(corpusCache, 'out'),
      goCache: join(corpusCache, 'gocache'),
      jobs: availableParallelism(),
    },
    quietLog,
  );
  return {
    outcomes: new Map(outcomes.map((o) => [o.plugin.name, o])),
    ms: performance.now() - started,
    cold,
    plugins,
  };
}
