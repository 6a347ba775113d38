import { streamLog } from '../../src/common/log.js';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function cli(args: string[], cwd = process.cwd(), env = process.env): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const toStderr = (t: string) => (stderr += t);
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: toStderr,
    // The CLI's own log, so tests see exactly what a user sees (file:line included).
    log: streamLog(toStderr),
    cwd,
    env,
  });
  return { code, stdout, stderr };
}
