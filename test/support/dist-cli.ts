/** The committed CLI bundle, dist/cli/index.js, in a child process: what users run. */
import { join } from 'node:path';
import { runNode, type Ran } from './dist.js';
import { repoRoot } from './paths.js';

export const DIST_CLI = join(repoRoot, 'dist', 'cli', 'index.js');

export type DistRun = Ran;

export function distCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<DistRun> {
  return runNode(DIST_CLI, args, { env, cwd: process.cwd() });
}
