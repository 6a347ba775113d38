/** Runs the REAL ORAS CLI built in .tools/bin, to read back what we publish. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toolsBin } from './paths.js';

const run = promisify(execFile);

export async function oras(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await run(join(toolsBin, 'oras'), args, {
    cwd,
    maxBuffer: 64 << 20,
    // a private HOME: no docker credentials or caches of the machine leak in
    env: { PATH: process.env.PATH, HOME: cwd ?? process.env.HOME },
  });
  return stdout;
}
