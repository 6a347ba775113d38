/**
 * Scaffolding for the action's end-to-end tests: plugin sources that pass the
 * smoke test, the Go environment of a simulated runner, and read-back of
 * what was pushed with the real ORAS CLI.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED_MODULE } from '../support/git-repo.js';
import { oras } from '../support/oras.js';
import { cacheDir, fixturesDir } from '../support/paths.js';

/** The healthy fixture's main.go; `shared` makes it import the repository's shared package. */
export function healthyMain(shared = false): string {
  const src = readFileSync(join(fixturesDir, 'plugins', 'healthy', 'main.go'), 'utf8');
  if (!shared) return src;
  return `${src.replace('import (', `import (\n\t"${SHARED_MODULE}"`)}\nvar _ = shared.Canonical("X-Test")\n`;
}

const machineModCache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();

/**
 * The Go environment of one runner: its own GOPATH (so the module cache starts
 * empty, as on a fresh machine) fed from this machine's module download cache
 * (no network), and a GOCACHE kept between test runs so that compiling the
 * standard library for wasip1 is paid once.
 */
export function goJobEnv(runnerDir: string): NodeJS.ProcessEnv {
  const gocache = join(cacheDir, 'action-e2e-gocache');
  mkdirSync(gocache, { recursive: true });
  return {
    GOPATH: join(runnerDir, 'gopath'),
    GOMODCACHE: undefined,
    GOCACHE: gocache,
    GOPROXY: `file://${machineModCache}/cache/download,https://proxy.golang.org`,
    GOFLAGS: '-buildvcs=false',
    GOTOOLCHAIN: 'local',
    GONOSUMDB: undefined,
    GOSUMDB: 'off',
  };
}

/** A fresh machine at the same paths: the tool cache, temp and GOPATH emptied. */
export function wipeRunner(runnerDir: string): void {
  for (const d of ['tool-cache', 'temp', 'gopath']) {
    // Go writes its module cache read-only.
    try {
      execFileSync('chmod', ['-R', 'u+w', join(runnerDir, d)], { stdio: 'ignore' });
    } catch {
      // not there
    }
    rmSync(join(runnerDir, d), { recursive: true, force: true });
  }
}

export interface Artifact {
  plugin: string;
  ok: boolean;
  failedStage?: string;
  error?: string;
  wasmSha256?: string;
  size?: number;
  smoke?: { ok: boolean; host: string; abi: string | null; failedPhase?: string };
  references?: string[];
  digest?: string;
  layout?: string;
}

export function artifactsOf(outputs: Record<string, string>): Artifact[] {
  return JSON.parse(outputs.artifacts ?? 'null') as Artifact[];
}

/** sha256-<hex>: a referrers index (the SBOM's, referrers tag schema), not a tag we publish. */
export const REFERRERS_TAG = /^sha256-[0-9a-f]{64}$/;

/** The tags of a repository, without referrers indexes. */
export async function registryTags(ref: string): Promise<string[]> {
  try {
    return (await oras(['repo', 'tags', '--plain-http', ref]))
      .split('\n')
      .filter((t) => t && !REFERRERS_TAG.test(t))
      .sort();
  } catch (err) {
    if (/name unknown|not found|404/i.test(String((err as { stderr?: string }).stderr ?? err)))
      return [];
    throw err;
  }
}

export interface Manifest {
  layers: { mediaType: string; digest: string; annotations?: Record<string, string> }[];
  annotations?: Record<string, string>;
}

export async function fetchManifest(ref: string): Promise<{ manifest: Manifest; digest: string }> {
  const raw = await oras(['manifest', 'fetch', '--plain-http', ref]);
  return {
    manifest: JSON.parse(raw) as Manifest,
    digest: `sha256:${createHash('sha256').update(raw).digest('hex')}`,
  };
}

/** Pulls `ref` with ORAS and returns the sha256 of the plugin.wasm inside its tar.gz layer. */
export async function pulledWasmSha256(ref: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'wpci-pull-'));
  try {
    await oras(['pull', '--plain-http', '-o', dir, ref], dir);
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tar.gz'));
    if (!tgz) throw new Error(`no .tar.gz pulled from ${ref}: ${readdirSync(dir).join(', ')}`);
    execFileSync('tar', ['-xzf', join(dir, tgz), '-C', dir]);
    return createHash('sha256')
      .update(readFileSync(join(dir, 'plugin.wasm')))
      .digest('hex');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The step's log without @actions/core debug lines. */
export function visible(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('::debug::'))
    .join('\n');
}
