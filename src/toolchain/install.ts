/**
 * Installs one planned tool version: tool cache, else run cache, else
 * download -> verify -> extract -> move into the tool cache. Nothing reaches
 * the tool cache (or, later, the run cache) unless its checksum matched.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Log } from '../common/log.js';
import type { ToolInstall } from '../model.js';
import { extractTarGz } from './extract.js';
import { downloadFile } from './http.js';
import { notFoundAsInput, type ToolPlan } from './plan.js';
import { toolCacheKey } from './run-cache.js';
import { commit, isComplete, stagingDir, toolCacheEntry } from './tool-cache.js';
import type { PendingSave, PlannedTool, RunnerEnv, ToolName } from './types.js';

export class ChecksumMismatchError extends Error {
  constructor(url: string, expected: string, actual: string, source: string) {
    super(
      `checksum mismatch for ${url}: expected sha256 ${expected} (${source}), got ${actual}; nothing was installed`,
    );
    this.name = 'ChecksumMismatchError';
  }
}

/** Exactly what the archive was checked against: never more than was checked. */
function checksumClaim(source: PlannedTool): string {
  if (!source.sha256) return 'NOT verified';
  const claim = `sha256 verified against ${source.checksumSource}`;
  return source.checksumFromSameMirror
    ? `${claim}; not an independent check: that mirror serves the archive too ` +
        `(give ${source.tool}-sha256 to compare with a value it does not control)`
    : claim;
}

/** Where the binaries sit inside an installation, and one that must exist. */
const LAYOUT: Record<ToolName, { binSubdir: string; binary: string }> = {
  go: { binSubdir: 'bin', binary: 'bin/go' },
  tinygo: { binSubdir: 'bin', binary: 'bin/tinygo' },
  oras: { binSubdir: '.', binary: 'oras' },
  'wasm-opt': { binSubdir: 'bin', binary: 'bin/wasm-opt' },
};

export interface InstallOutcome {
  install: ToolInstall;
  pendingSave?: PendingSave;
}

function installed(plan: ToolPlan, dir: string, source: ToolInstall['source']): ToolInstall {
  const binSubdir = LAYOUT[plan.tool].binSubdir;
  return {
    tool: plan.tool,
    version: plan.version,
    dir,
    binDir: binSubdir === '.' ? dir : join(dir, binSubdir),
    source,
  };
}

export async function installTool(
  plan: ToolPlan,
  env: RunnerEnv,
  log: Log,
): Promise<InstallOutcome> {
  const entry = toolCacheEntry(env.toolCacheDir, plan.tool, plan.semver, env.arch);
  const label = `${plan.tool} ${plan.version}`;
  if (isComplete(entry)) {
    log.info(`${label}: found in the tool cache (${entry.dir})`);
    return { install: installed(plan, entry.dir, 'tool-cache') };
  }
  const key = toolCacheKey(plan.tool, plan.version, env.os, env.arch);
  const paths = [entry.dir, entry.marker];
  if (env.runCache) {
    const hit = await env.runCache.restore(paths, key);
    if (hit && isComplete(entry) && existsSync(join(entry.dir, LAYOUT[plan.tool].binary))) {
      log.info(`${label}: restored from the run cache (${key})`);
      return { install: installed(plan, entry.dir, 'run-cache') };
    }
  }
  await download(plan, entry, env, log);
  return {
    install: installed(plan, entry.dir, 'download'),
    pendingSave: env.runCache ? { key, paths } : undefined,
  };
}

async function download(
  plan: ToolPlan,
  entry: ReturnType<typeof toolCacheEntry>,
  env: RunnerEnv,
  log: Log,
): Promise<void> {
  const label = `${plan.tool} ${plan.version}`;
  const source = await plan.source();
  await mkdir(env.tempDir, { recursive: true });
  const scratch = await mkdtemp(join(env.tempDir, `wpci-${plan.tool}-`));
  let staged: string | undefined;
  try {
    const archive = join(scratch, source.archiveName);
    const started = Date.now();
    log.info(`${label}: downloading ${source.url}`);
    const got = await notFoundAsInput(label, () =>
      downloadFile(source.url, archive, {
        retry: env.retry,
        log,
        progressBytes: env.progressBytes,
        label,
      }),
    );
    if (source.sha256 && got.sha256 !== source.sha256) {
      throw new ChecksumMismatchError(source.url, source.sha256, got.sha256, source.checksumSource);
    }
    log.info(
      `${label}: ${(got.size / (1 << 20)).toFixed(1)} MiB in ${Date.now() - started} ms, ` +
        checksumClaim(source),
    );
    staged = await stagingDir(entry);
    await extractTarGz(archive, staged, source.strip, source.archiveName);
    const binary = LAYOUT[plan.tool].binary;
    if (!existsSync(join(staged, binary))) {
      throw new Error(`${label}: ${source.archiveName} has no ${binary}; not the archive expected`);
    }
    await commit(entry, staged);
    staged = undefined;
  } finally {
    await rm(scratch, { recursive: true, force: true });
    if (staged) await rm(staged, { recursive: true, force: true });
  }
}
