import { memoryLog } from '../../src/common/log.js';
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
  const log = memoryLog();
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    log: {
      ...log,
      info: (m) => (stderr += `${m}\n`),
      warn: (m) => (stderr += `warning: ${m}\n`),
      error: (m) => (stderr += `error: ${m}\n`),
    },
    cwd,
    env,
  });
  return { code, stdout, stderr };
}
