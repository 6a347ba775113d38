/**
 * The build stage's schedule: the order plugins build in, and whether one
 * builds alone first. Largest first, so that the longest build (and the
 * smoke test and upload of the largest module after it) overlaps the
 * others instead of running alone at the end. What "largest" is comes from
 * what is known, best first:
 *   1. the module size an earlier run recorded in the build history, a small
 *      file kept in the Go build cache (CI's run cache restores it with the
 *      cache; a laptop keeps it there);
 *   2. the module an earlier build left in the output directory;
 *   3. a guess from the sources: the modules the build may compile (go.sum
 *      entries with source hashes) and the plugin's own Go source.
 * Plugins known only by a guess go first: an unknown plugin may be large,
 * and a large one started last is the tail this avoids.
 *
 * One plugin builds alone first only when the build cache is cold for its
 * toolchain (no recorded build with that toolchain in this cache): then it
 * compiles the runtime, standard library and SDK once for every plugin,
 * where parallel builds would each compile them at the same time. It is the
 * cheapest plugin of its toolchain, so the others wait as little as possible.
 */
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readSmallFile } from '../common/files.js';
import type { Plugin } from '../model.js';

/** The history's file name inside the Go build cache (Go leaves files it does not know alone). */
export const HISTORY_FILE = 'wasm-plugin-ci-builds.json';

/** One plugin's last successful build. */
export interface BuildRecord {
  /** Module size in bytes. */
  size: number;
  /** Build time in ms (for the record; the order uses the size, which load does not blur). */
  ms: number;
  /** `go 1.24.4`, `tinygo 0.34.0`: the build cache's entries are per toolchain. */
  toolchain: string;
  /** When it was recorded (ms since the epoch): the oldest go first when the file is full. */
  at: number;
}

/** Recorded builds by plugin key (see historyKey). */
export type BuildHistory = Map<string, BuildRecord>;

/** A history larger than this is not ours to read: it is ignored (and rewritten). */
const MAX_HISTORY_BYTES = 1 << 20;
/** Entries kept; a cache shared by many repositories drops its oldest. */
const MAX_ENTRIES = 2000;

/** A plugin's key: its module and directory, the same on every checkout of the repository. */
export function historyKey(plugin: Plugin): string {
  return `${plugin.module} ${plugin.relDir}`;
}

function isRecord(v: unknown): v is BuildRecord {
  const r = v as BuildRecord;
  const count = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  return (
    typeof v === 'object' &&
    v !== null &&
    count(r.size) &&
    count(r.ms) &&
    count(r.at) &&
    typeof r.toolchain === 'string' &&
    r.toolchain.length <= 100
  );
}

/**
 * The history in `file`; empty when there is none or it is not one we
 * wrote (too large, not JSON, wrong shape): a history only ever orders
 * builds, so a bad one costs order, never a build.
 */
export function readHistory(file: string | undefined): BuildHistory {
  const history: BuildHistory = new Map();
  const text = file && readSmallFile(file, MAX_HISTORY_BYTES);
  if (!text) return history;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return history;
  }
  const plugins = (parsed as { version?: unknown; plugins?: unknown })?.plugins;
  if ((parsed as { version?: unknown })?.version !== 1 || typeof plugins !== 'object' || !plugins)
    return history;
  for (const [key, record] of Object.entries(plugins)) {
    if (key.length <= 1000 && isRecord(record)) {
      const { size, ms, toolchain, at } = record;
      history.set(key, { size, ms, toolchain, at });
    }
  }
  return history;
}

/** `history` with `builds` recorded, trimmed to the newest MAX_ENTRIES. */
export function recordBuilds(
  history: BuildHistory,
  builds: { key: string; record: BuildRecord }[],
): BuildHistory {
  const next = new Map(history);
  for (const { key, record } of builds) next.set(key, record);
  if (next.size <= MAX_ENTRIES) return next;
  const newest = [...next].sort((a, b) => b[1].at - a[1].at).slice(0, MAX_ENTRIES);
  return new Map(newest);
}

/** Writes the history whole or not at all (a temporary file renamed into place). */
export function writeHistory(file: string, history: BuildHistory): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify({ version: 1, plugins: Object.fromEntries(history) }));
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The guess from the sources, when no build of the plugin is known. */
export interface SourceGuess {
  /** Modules whose sources the build may compile: go.sum lines with a source hash. */
  modules: number;
  /** The plugin's own non-test Go source, in bytes. */
  sourceBytes: number;
}

/** A larger go.sum is not read (the guess then counts no modules). */
const MAX_GO_SUM_BYTES = 4 << 20;
/** Directory entries read at most while guessing: a hostile tree costs no more than this. */
const MAX_WALK = 5000;

/** Reads go.sum (beside the governing go.mod) and the plugin's own sources; never throws. */
export function guessFromSources(pluginDir: string, goSum: string | undefined): SourceGuess {
  const modules = new Set<string>();
  const sums = goSum ? readSmallFile(goSum, MAX_GO_SUM_BYTES) : undefined;
  for (const line of sums?.split('\n') ?? []) {
    const [path, version] = line.trim().split(/\s+/);
    if (path && version && !version.endsWith('/go.mod')) modules.add(`${path}@${version}`);
  }
  let sourceBytes = 0;
  let seen = 0;
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (++seen > MAX_WALK) return;
      // Links are not followed; testdata, vendor and hidden directories are not the build's.
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'testdata' && e.name !== 'vendor')
          walk(join(dir, e.name));
      } else if (e.isFile() && e.name.endsWith('.go') && !e.name.endsWith('_test.go')) {
        try {
          sourceBytes += lstatSync(join(dir, e.name)).size;
        } catch {
          // gone meanwhile
        }
      }
    }
  };
  walk(pluginDir);
  return { modules: modules.size, sourceBytes };
}

/** What the schedule knows of one plugin. */
export interface PluginCost {
  plugin: Plugin;
  /** Its toolchain (`go 1.24.4`); plugins of one toolchain share build cache entries. */
  toolchain: string;
  /** Module size of an earlier build, when one is known. */
  size?: number;
  /** Only consulted when the size is unknown (lazily: it reads files). */
  guess: () => SourceGuess;
  /** A build with this toolchain was recorded in this build cache. */
  warm: boolean;
}

/**
 * A cold build's cost in rough ms of CPU, guessed from the sources: 0.8 s per
 * module it may compile, 5 ms per KB of the plugin's own Go. Only ever
 * compared with other guesses; the weights put the Higress plugins' largest
 * cold builds first, as measured after one build had compiled the shared SDK
 * (waf, 28 modules: 12 s; ai-proxy, 14 modules and 1 MB of its own Go: 5.5 s;
 * the others, 14-17 modules: 0.6-1.9 s).
 */
export function guessedCost(g: SourceGuess): number {
  return g.modules * 800 + g.sourceBytes * 0.005;
}

/** Largest first: unknown plugins (by their guess) before known ones (by size). */
export function buildOrder(costs: PluginCost[]): PluginCost[] {
  const guesses = new Map<PluginCost, number>();
  const guess = (c: PluginCost) => {
    if (!guesses.has(c)) guesses.set(c, guessedCost(c.guess()));
    return guesses.get(c)!;
  };
  const indexed = costs.map((c, i) => ({ c, i }));
  indexed.sort((a, b) => {
    const ka = a.c.size !== undefined;
    const kb = b.c.size !== undefined;
    if (ka !== kb) return ka ? 1 : -1;
    if (ka) return b.c.size! - a.c.size! || a.i - b.i;
    return guess(b.c) - guess(a.c) || a.i - b.i;
  });
  return indexed.map((x) => x.c);
}

/**
 * The plugins that build alone first (in `ordered`, largest first): for each
 * toolchain whose cache is cold and that builds several plugins, its
 * cheapest one. None with a single job: everything is sequential anyway.
 */
export function primers(ordered: PluginCost[], jobs: number): PluginCost[] {
  if (jobs < 2) return [];
  const byToolchain = new Map<string, PluginCost[]>();
  for (const c of ordered) {
    const same = byToolchain.get(c.toolchain) ?? [];
    same.push(c);
    byToolchain.set(c.toolchain, same);
  }
  return [...byToolchain.values()]
    .filter((same) => same.length > 1 && !same.some((c) => c.warm))
    .map((same) => same.at(-1)!);
}
