/**
 * Runs one tool (never through a shell) and captures its output, stdout and
 * stderr interleaved as the tool wrote them, for one log group per plugin.
 */
import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number;
  output: string;
  ms: number;
}

export function execTool(
  argv: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; onOutput?: (text: string) => void },
): Promise<ExecResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    const collect = (c: Buffer) => {
      chunks.push(c);
      options.onOutput?.(c.toString('utf8')); // progress only: a chunk may end mid-line
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => reject(new Error(`cannot run ${argv[0]}: ${err.message}`)));
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        output: Buffer.concat(chunks).toString('utf8'),
        ms: performance.now() - started,
      }),
    );
  });
}
