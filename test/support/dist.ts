/**
 * Running what users run: the committed bundles in dist/. `distNode` is the
 * node that runs them: WPCI_DIST_NODE when set (.ci/run sets it to Node 24, the
 * runtime action.yml names, for a second pass over test/dist), else this node.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export const distNode = process.env.WPCI_DIST_NODE || process.execPath;

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `file` with the dist node; never throws on a non-zero exit. */
export function runNode(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(distNode, [file, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/**
 * A copy of dist/ in a fresh directory with no node_modules anywhere above it:
 * a bundle that still needed a package from node_modules fails there, as it
 * would for a user who runs `node dist/cli/index.js` without `npm ci`.
 */
export function isolatedDist(): { dir: string; cli: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wpci-dist-'));
  cpSync(join(repoRoot, 'dist'), join(dir, 'dist'), { recursive: true });
  return { dir, cli: join(dir, 'dist', 'cli', 'index.js') };
}
