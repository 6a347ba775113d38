/**
 * Runs refhost, the real proxy-wasm-cpp-host (WAMR engine, V8's start
 * restriction) shipped beside the repository in ../shared/refhost, and reads
 * its verdict: ok or not, the stage that failed, the host's first failure
 * message, the plugin's logs and ContextBase::error lines. Many runs go
 * through one pool sized to the cores; nothing is cached between test runs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export const REFHOST_PROFILES = ['envoy-legacy', 'envoy', 'envoy-2026', 'higress'] as const;
export type RefhostProfile = (typeof REFHOST_PROFILES)[number];

/** `WPCI_REFHOST_DIR` or `../shared/refhost` beside the checkout. */
export const refhostDir = process.env.WPCI_REFHOST_DIR ?? join(repoRoot, '..', 'shared', 'refhost');

export function refhostBinary(profile: RefhostProfile): string {
  return join(refhostDir, 'bin', `refhost-${profile}`);
}

export function refhostAvailable(): boolean {
  return REFHOST_PROFILES.every((p) => existsSync(refhostBinary(p)));
}

/** Where the driver was when the first failure happened (its RESULT line). */
export type RefhostStage = 'createWasm' | 'thread-local' | 'runtime';

export interface RefhostVerdict {
  ok: boolean;
  /** The driver did not finish within the time given (the plugin never returned). */
  hung: boolean;
  stage: RefhostStage | null;
  /** First line of the first failure message, translated to V8's wording. */
  message: string | null;
  /** The plugin's log lines (LOG[level]), level names as smoke prints them. */
  logs: { level: string; message: string }[];
  /** ContextBase::error messages (Envoy logs these at trace level and carries on). */
  contextErrors: string[];
  raw: string;
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'critical'];

/**
 * WAMR's wording -> V8's (the gateway's engine; smoke keeps V8's). Only
 * engine text differs: the host's own messages are the same C++ strings.
 */
const ENGINE_WORDING: [RegExp, string][] = [
  [/Exception: restricted_callback$/, 'Uncaught Error: restricted_callback'],
  [/Exception: unreachable$/, 'Uncaught RuntimeError: unreachable'],
  [/Exception: out of bounds memory access$/, 'Uncaught RuntimeError: memory access out of bounds'],
  [/Exception: integer divide by zero$/, 'Uncaught RuntimeError: divide by zero'],
  [/import type mismatch for function /, 'import type mismatch: '],
];

export function toV8Wording(message: string): string {
  let out = message;
  for (const [wamr, v8] of ENGINE_WORDING) out = out.replace(wamr, v8);
  return out;
}

export function parseRefhost(stdout: string): RefhostVerdict {
  const verdict: RefhostVerdict = {
    ok: false,
    hung: false,
    stage: null,
    message: null,
    logs: [],
    contextErrors: [],
    raw: stdout,
  };
  for (const line of stdout.split('\n')) {
    const log = /^LOG\[(\d)\] (.*)$/.exec(line);
    if (log) verdict.logs.push({ level: LEVELS[Number(log[1])] ?? log[1]!, message: log[2]! });
    else if (line.startsWith('CONTEXT_ERROR ')) verdict.contextErrors.push(line.slice(14));
    else if (line === 'RESULT OK') verdict.ok = true;
    else if (line.startsWith('RESULT FAIL ')) {
      const m = /^RESULT FAIL (createWasm|thread-local|runtime): (.*)$/.exec(line);
      verdict.stage = (m?.[1] as RefhostStage | undefined) ?? null;
      verdict.message = toV8Wording(m?.[2] ?? line.slice(12));
    }
  }
  return verdict;
}

export interface RefhostRun {
  profile: RefhostProfile;
  file: string;
  pluginConfig?: string;
  vmConfig?: string;
  /** The driver is killed after this long and the run counts as hung. */
  timeoutMs?: number;
}

export function runRefhost(run: RefhostRun): Promise<RefhostVerdict> {
  const args = [run.file];
  if (run.pluginConfig !== undefined) args.push('--plugin-config', run.pluginConfig);
  if (run.vmConfig !== undefined) args.push('--vm-config', run.vmConfig);
  return new Promise((resolve, reject) => {
    execFile(
      refhostBinary(run.profile),
      args,
      { timeout: run.timeoutMs ?? 30_000, maxBuffer: 64 << 20, killSignal: 'SIGKILL' },
      (err, stdout) => {
        const verdict = parseRefhost(stdout);
        if (err && (err as { killed?: boolean }).killed) {
          resolve({ ...verdict, ok: false, hung: true });
        } else if (err && typeof err.code === 'number' && err.code <= 1) {
          resolve(verdict); // exit 1: the plugin failed
        } else if (err) {
          reject(new Error(`refhost-${run.profile} ${run.file}: ${err.message}`));
        } else resolve(verdict);
      },
    );
  });
}
