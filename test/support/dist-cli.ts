/** The committed CLI bundle, dist/cli/index.js, in a child process: what users run. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export const DIST_CLI = join(repoRoot, 'dist', 'cli', 'index.js');

export interface DistRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function distCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<DistRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [DIST_CLI, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
