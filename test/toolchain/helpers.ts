/** Shared scaffolding for the setup-stage tests: scratch dirs, env swaps, a quiet log. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLog } from '../../src/common/log.js';
import type { RunnerEnv } from '../../src/toolchain/types.js';

export function scratch(prefix = 'wpci-setup-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Stand-in tools are CommonJS scripts without an extension: stop Node's
  // package.json lookup here, whatever a stray ../package.json says.
  writeFileSync(join(dir, 'package.json'), '{}\n');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Sets env vars for the duration of `fn` (the real @actions/cache reads process.env). */
export async function withEnv<T>(
  vars: Record<string, string | undefined>,
  fn: () => Promise<T>,
): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Captures what @actions/core writes to stdout (its ::warning:: commands) during `fn`. */
export async function captureStdout<T>(fn: () => Promise<T>): Promise<{ value: T; out: string }> {
  const original = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    return { value: await fn(), out };
  } finally {
    process.stdout.write = original;
  }
}

export function runnerEnv(root: string, extra: Partial<RunnerEnv> = {}): RunnerEnv {
  return {
    os: 'linux',
    arch: 'amd64',
    toolCacheDir: join(root, 'toolcache'),
    tempDir: join(root, 'temp'),
    retry: { attempts: 3, baseDelayMs: 5, timeoutMs: 5000 },
    ...extra,
  };
}

export { memoryLog };
