/**
 * Facts about an installed Go that only Go knows: where its module and build
 * caches are (GOMODCACHE, GOCACHE), honouring the job's GOPATH/GOFLAGS/env.
 * And the go.sum files of a repository, for the module cache key.
 */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ToolInstall } from '../model.js';

const run = promisify(execFile);

export async function goCacheDirs(
  go: ToolInstall,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ gomodcache: string; gocache: string }> {
  const { stdout } = await run(join(go.binDir, 'go'), ['env', 'GOMODCACHE', 'GOCACHE'], {
    env: { ...env, GOROOT: go.dir, GOTOOLCHAIN: 'local' },
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
