/**
 * The environment of every go command we run, and facts about an installed
 * Go that only Go knows: where its module and build caches are (GOMODCACHE,
 * GOCACHE), honouring the job's GOPATH/GOFLAGS/env. And the go.sum files of a
 * repository, for the module cache key.
 *
 * GOTOOLCHAIN=local on every go command (as actions/setup-go sets it): a
 * plugin's go.mod `toolchain go1.27.0` line must not make `go list` or
 * `go build` download and run another toolchain, unpinned and unverified.
 * The user may ask otherwise with WPCI_GOTOOLCHAIN (any GOTOOLCHAIN value,
 * e.g. `auto`); a GOTOOLCHAIN already in the environment is not enough, since
 * runner images ship Go with `auto` as the default.
 */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ToolInstall } from '../model.js';

const run = promisify(execFile);

/** The variable through which the user lets Go choose its toolchain. */
export const GOTOOLCHAIN_OPTION = 'WPCI_GOTOOLCHAIN';

/** The GOTOOLCHAIN our go commands run with: `local` unless the user set WPCI_GOTOOLCHAIN. */
export function goToolchain(env: NodeJS.ProcessEnv = process.env): string {
  return env[GOTOOLCHAIN_OPTION]?.trim() || 'local';
}

/** `env` (default: this process's) with GOTOOLCHAIN set for a go command, plus `added`. */
export function goCommandEnv(
  added: Record<string, string> = {},
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return { ...env, ...added, GOTOOLCHAIN: goToolchain(env) };
}

export async function goCacheDirs(
  go: ToolInstall,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ gomodcache: string; gocache: string }> {
  const { stdout } = await run(join(go.binDir, 'go'), ['env', 'GOMODCACHE', 'GOCACHE'], {
    env: goCommandEnv({ GOROOT: go.dir }, env),
  });
  const [gomodcache, gocache] = stdout.trim().split('\n');
  if (!gomodcache || !gocache) throw new Error(`go env gave no GOMODCACHE/GOCACHE: ${stdout}`);
  return { gomodcache, gocache };
}

const SKIP = new Set(['.git', 'node_modules', 'vendor', 'testdata', '.cache']);

/** Every go.sum under `root`, skipping VCS, vendored and test-data trees. */
export async function findGoSums(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory() && !SKIP.has(e.name)) await walk(join(dir, e.name));
      else if (e.isFile() && e.name === 'go.sum') found.push(join(dir, e.name));
    }
  }
  await walk(root);
  return found.sort();
}
