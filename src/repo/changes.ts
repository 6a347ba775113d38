/**
 * Which plugins a change touches. The commits to compare come from the
 * event (see event.ts); commits a shallow clone lacks are fetched, and the
 * history deepened until the merge base appears. When the comparison cannot
 * be made (a force push whose `before` is gone, unrelated histories) every
 * plugin is selected, with a warning: building too much beats missing one.
 */
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, posix } from 'node:path';
import { InputError } from '../common/errors.js';
import type { Log } from '../common/log.js';
import type { Plugin } from '../model.js';
import { parseReleaseRef } from '../oci/tags.js';
import { mapLimit } from '../build/pool.js';
import { pluginDeps, selfContained } from './deps.js';
import type { ChangeSource } from './event.js';
import { Git } from './git.js';

export interface DetectResult {
  plugins: Plugin[];
  /** Why these plugins: the event, the range compared, or why all. */
  reason: string;
  /** Files compared, when a diff was made. */
  files?: string[];
  base?: string;
  head?: string;
}

export interface DetectOptions {
  /** Parallel `go list` runs; default: the number of cores. */
  jobs?: number;
}

const DEEPEN_STEPS = [20, 200, 2000];
const GO_MODULE_FILES = new Set(['go.mod', 'go.sum', 'go.work', 'go.work.sum']);

function under(file: string, relDir: string): boolean {
  return relDir === '' || file.startsWith(`${relDir}/`);
}

/** Commit of `ref`, fetching it (or the branch) into the clone when missing. */
async function ensureCommit(git: Git, ref: string, branch?: string): Promise<string | undefined> {
  const have = await git.resolve(ref);
  if (have) return have;
  if (branch) {
    await git.fetch([`+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
    const fetched = await git.resolve(ref);
    if (fetched) return fetched;
  }
  if (/^[0-9a-f]{40,64}$/.test(ref)) {
    await git.fetch([ref]);
    return git.resolve(ref);
  }
  return undefined;
}

/** The merge base, deepening a shallow clone step by step until it appears. */
async function findMergeBase(
  git: Git,
  base: string,
  head: string,
  log: Log,
): Promise<string | undefined> {
  let mb = await git.mergeBase(base, head);
  for (const step of [...DEEPEN_STEPS, 0]) {
    if (mb || !(await git.isShallow())) return mb;
    log.debug(
      step
        ? `deepening the clone by ${step} commits to find the merge base`
        : 'unshallowing the clone',
    );
    await git.fetch([base, head], [step ? `--deepen=${step}` : '--unshallow']);
    mb = await git.mergeBase(base, head);
  }
  return mb;
}

type Range = { files: string[]; base: string; head: string } | { why: string };

async function changedFiles(
  repoDir: string,
  source: Extract<ChangeSource, { kind: 'diff' }>,
  log: Log,
): Promise<Range> {
  const git = new Git(repoDir);
  const head = await ensureCommit(git, source.head);
  if (!head) return { why: `head commit ${source.head} is not found here or on origin` };
  const base = await ensureCommit(git, source.base, source.baseBranch);
  if (!base) {
    const hint = source.explicit ? 'not found here or on origin' : 'gone (a force push?)';
    return { why: `base commit ${source.base} is ${hint}` };
  }
  let from = base;
  if (source.threeDot) {
    const mb = await findMergeBase(git, base, head, log);
    if (!mb) return { why: `${source.base} and ${source.head} share no history` };
    from = mb;
  }
  return { files: await git.changedFiles(from, head), base: from, head };
}

/** Whether a changed file outside a plugin can matter to a Go build at all. */
function goRelevant(repoDir: string, file: string, dirCache: Map<string, boolean>): boolean {
  const name = basename(file);
  if (GO_MODULE_FILES.has(name) || /\.(go|s|c|h)$/.test(name)) return true;
  const dir = posix.dirname(file);
  let has = dirCache.get(dir);
  if (has === undefined) {
    const abs = join(repoDir, dir);
    has = existsSync(abs) && readdirSync(abs).some((n) => n.endsWith('.go'));
    dirCache.set(dir, has);
  }
  return has;
}

/** Plugins that the changed files touch, directly or through what they import. */
export async function selectByFiles(
  repoDir: string,
  plugins: Plugin[],
  files: string[],
  log: Log,
  options: DetectOptions = {},
): Promise<Plugin[]> {
  const selected = new Set<Plugin>(plugins.filter((p) => files.some((f) => under(f, p.relDir))));
  const dirCache = new Map<string, boolean>();
  const rest = plugins.filter((p) => !selected.has(p));
  const candidates = rest.length ? files.filter((f) => goRelevant(repoDir, f, dirCache)) : [];
  if (candidates.length > 0) {
    // Only plugins that can reach outside their directory need `go list`.
    const open = rest.filter((p) => !selfContained(repoDir, p));
    const jobs = options.jobs ?? availableParallelism();
    const deps = await mapLimit(open, jobs, (p) => pluginDeps(repoDir, p));
    deps.forEach((d, i) => {
      const p = open[i];
      if (d.status === 'rejected') {
        log.warn(
          `go list failed for ${p.relDir}; selecting it to be safe: ${(d.reason as Error).message}`,
        );
        selected.add(p);
        return;
      }
      const hit = candidates.find(
        (f) => d.value.files.has(f) || d.value.packageDirs.has(posix.dirname(f)),
      );
      if (hit) {
        log.debug(`${p.name}: selected through ${hit}`);
        selected.add(p);
      }
    });
  }
  return plugins.filter((p) => selected.has(p));
}

/** The plugins a release tag selects: the one it names, or all with the tag's version. */
function releaseSelection(plugins: Plugin[], ref: string): Plugin[] | undefined {
  const release = parseReleaseRef(
    ref,
    plugins.map((p) => p.name),
  );
  if (!release) return undefined;
  if (release.plugin)
    return plugins
      .filter((p) => p.name === release.plugin)
      .map((p) => ({ ...p, version: release.version }));
  return plugins.map((p) => ({ ...p, version: release.version }));
}

/** The plugins to build for `source`, with the reason, for logs and outputs. */
export async function explainChanges(
  repoDir: string,
  plugins: Plugin[],
  source: ChangeSource,
  log: Log,
  options: DetectOptions = {},
): Promise<DetectResult> {
  if (source.kind === 'none') return { plugins: [], reason: source.reason };
  if (source.kind === 'all') {
    if (source.releaseRef) {
      const chosen = releaseSelection(plugins, source.releaseRef);
      if (chosen)
        return { plugins: chosen, reason: `${source.reason} (release ${source.releaseRef})` };
      log.info(
        `${source.releaseRef} is not a release tag of a known plugin; selecting all plugins`,
      );
    }
    return { plugins, reason: source.reason };
  }
  const range = await changedFiles(repoDir, source, log);
  if ('why' in range && source.explicit) throw new InputError(`cannot compare: ${range.why}`);
  if ('why' in range) {
    log.warn(`cannot compare the change (${range.why}); selecting all plugins`);
    return { plugins, reason: `${source.reason}: ${range.why}, all plugins` };
  }
  const chosen = await selectByFiles(repoDir, plugins, range.files, log, options);
  return {
    plugins: chosen,
    reason: source.reason,
    files: range.files,
    base: range.base,
    head: range.head,
  };
}

/** `explainChanges` without the explanation. */
export async function detectChanges(
  repoDir: string,
  plugins: Plugin[],
  source: ChangeSource,
  log: Log,
  options: DetectOptions = {},
): Promise<Plugin[]> {
  return (await explainChanges(repoDir, plugins, source, log, options)).plugins;
}
