/**
 * The CLI in a child process (`node --import tsx src/cli/index.ts`, one
 * process, so a kill reaches the code under test), for what the in-process
 * runner cannot show: a SIGKILL mid-run, the peak RSS of a process, and
 * network errors. (Under jest's vm realms a fetch TypeError is not
 * `instanceof Error` of the test realm, so retry checks that rely on
 * instanceof behave differently in-process than in a real run.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/paths.js';

/** tsx's loader by URL: the child's cwd may be anywhere. */
const TSX = pathToFileURL(join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export interface SpawnedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill (SIGKILL) after this many ms; the run reports signal SIGKILL. */
  killAfterMs?: number;
  /** Kill (SIGKILL) when stderr matches (after killDelayMs, default at once). */
  killWhen?: RegExp;
  killDelayMs?: number;
  /** Text for stdin (then closed). */
  stdin?: string;
}

/** Prints the process's peak RSS (KiB) as the last stderr line at exit. */
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nWPCI_MAXRSS_KIB '+process.resourceUsage().maxRSS+'\\n'))`;

/** The peak RSS in MiB a spawned run reported, and its stderr without that line. */
export function maxRssMiB(run: SpawnedRun): number | undefined {
  const m = /WPCI_MAXRSS_KIB (\d+)/.exec(run.stderr);
  return m ? Math.round(Number(m[1]) / 1024) : undefined;
}

export function spawnCli(args: string[], o: SpawnOptions = {}): Promise<SpawnedRun> {
  const started = Date.now();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', TSX, '--import', RSS_HOOK, join(repoRoot, 'src', 'cli', 'index.ts'), ...args],
    {
      cwd: o.cwd ?? repoRoot,
      env: { ...(o.env ?? process.env), NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  let armed = false;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  if (o.killAfterMs !== undefined) timer = setTimeout(kill, o.killAfterMs);
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => {
    stderr += d;
    if (o.killWhen?.test(stderr) && !armed) {
      armed = true;
      if (o.killDelayMs) timer = setTimeout(kill, o.killDelayMs);
      else kill();
    }
  });
  child.stdin!.end(o.stdin ?? '');
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}
