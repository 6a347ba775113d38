/**
 * Runs a smoke test in a worker thread, so an endless loop ends as a timeout
 * (the worker is terminated, the process carries on) and a runaway guest
 * cannot take the runner's memory (linear memory is capped by the loader,
 * the worker's JS heap by resourceLimits).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../common/errors.js';
import type { SmokeLogLine, SmokePhase, SmokeReport } from '../model.js';
import { DEFAULT_PROFILE } from './profiles.js';
import { DEFAULT_TIMEOUT_MS, type SmokeOptions } from './options.js';

/** What the worker posts back. */
export type WorkerMessage =
  | { type: 'phase'; name: string }
  | { type: 'phase-end'; phase: SmokePhase }
  | { type: 'loaded'; abi: string | null; entry: string | null }
  | { type: 'log'; line: SmokeLogLine }
  | { type: 'report'; report: SmokeReport }
  | { type: 'input-error'; message: string }
  | { type: 'crash'; message: string };

export interface WorkerInput {
  /** The module, or the file the worker reads it from (then it never passes through this thread). */
  wasm: Uint8Array | { path: string };
  options: SmokeOptions;
}

/** How long the worker may take to start before the plugin's time begins. */
const WORKER_START_MS = 60_000;

// Built at run time so that no bundler follows them: tsx must stay out of the
// bundles, and the worker is its own bundle, found beside the caller's.
const TSX_API = ['tsx', 'esm', 'api'].join('/');
const WORKER_SOURCE = ['worker', 'ts'].join('.');
const WORKER_BUNDLE = ['..', 'smoke-worker', 'index.js'].join('/');

/**
 * From a bundle (dist/<entry>/*.js) the worker is the sibling bundle
 * dist/smoke-worker/index.js; from source (jest, tsx) it is worker.ts, started
 * through tsx's ESM API.
 */
function startWorker(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 };
  const bundled = new URL(WORKER_BUNDLE, import.meta.url);
  if (existsSync(fileURLToPath(bundled))) return new Worker(bundled, { resourceLimits });
  const require = createRequire(import.meta.url);
  // require.resolve picks the CommonJS build; the worker imports the ESM one beside it.
  const api = require.resolve(TSX_API);
  const esm = api.replace(/\.cjs$/, '.mjs');
  const tsx = pathToFileURL(existsSync(esm) ? esm : api).href;
  const entry = fileURLToPath(new URL(WORKER_SOURCE, import.meta.url));
  const code = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(code, { eval: true, resourceLimits });
}

/**
 * Workers that passed a run wait here for the next one: starting a thread and
 * loading the smoke bundle costs more than a small plugin's whole test. Every
 * run instantiates its module afresh, so nothing of one plugin reaches the
 * next; a worker that failed, timed out or crashed is never reused. Idle
 * workers are unref'd (they never hold the process open) and end after a while.
 */
const idle = new Set<Worker>();
/** How many idle workers are kept: the cores, or more when a caller runs more at once. */
let capacity = availableParallelism();
const IDLE_MS = 30_000;
const idleTimers = new WeakMap<Worker, NodeJS.Timeout>();

/** Workers waiting for a run (for tests and diagnostics). */
export function idleSmokeWorkers(): number {
  return idle.size;
}

function newWorker(): Worker {
  const worker = startWorker();
  // An idle worker that dies only leaves the pool.
  worker.on('exit', () => idle.delete(worker));
  worker.on('error', () => idle.delete(worker));
  return worker;
}

/**
 * Starts workers ahead of the first smoke test, up to `count` idle ones (the
 * smoke tests the caller will run at once; the pool keeps that many), so that
 * their start-up (a thread, Node's bootstrap, the smoke bundle) runs while the
 * first plugin is still building, on the core that build leaves free.
 */
export function prewarmSmokeWorkers(count: number): void {
  capacity = Math.max(capacity, count);
  for (let n = count - idle.size; n > 0; n--) releaseWorker(newWorker());
}

function acquireWorker(): Worker {
  const [reused] = idle;
  if (!reused) return newWorker();
  idle.delete(reused);
  clearTimeout(idleTimers.get(reused));
  reused.ref();
  return reused;
}

function releaseWorker(worker: Worker): void {
  if (idle.size >= capacity) {
    void worker.terminate();
    return;
  }
  worker.unref();
  idle.add(worker);
  const timer = setTimeout(() => {
    idle.delete(worker);
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idleTimers.set(worker, timer);
}

/**
 * Smoke-tests `wasm` (a path or the bytes) in an isolated worker thread.
 * Resolves with the report (ok or not); rejects with InputError for bad input.
 */
export async function smokeTest(
  wasm: string | Uint8Array,
  options: SmokeOptions = {},
): Promise<SmokeReport> {
  // A file is read by the worker: a module-sized buffer in this thread, once per
  // plugin, kept this thread's garbage collector busy while builds and uploads
  // run here. A caller's bytes are copied to the worker.
  const file = options.file ?? (typeof wasm === 'string' ? wasm : undefined);
  const input: WorkerInput = {
    wasm: typeof wasm === 'string' ? { path: wasm } : wasm,
    options: { ...options, file },
  };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return new Promise<SmokeReport>((resolve, reject) => {
    const worker = acquireWorker();
    let phase = 'load';
    const logs: SmokeLogLine[] = [];
    const phases: SmokePhase[] = [];
    const loaded: Pick<SmokeReport, 'abi' | 'entry'> = { abi: null, entry: null };
    let phaseStarted = performance.now();
    let settled = false;
    const finish = (fn: () => void, reusable = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (reusable) releaseWorker(worker);
      else void worker.terminate();
      fn();
    };
    const failed = (message: string): SmokeReport => ({
      ok: false,
      host: options.host ?? DEFAULT_PROFILE,
      ...loaded,
      phases: [...phases, { name: phase, ok: false, ms: performance.now() - phaseStarted }],
      logs,
      error: { phase, message, backtrace: [] },
    });
    // The limit counts from the first phase, so a slow worker start (tsx
    // transpiling from source on a busy machine) is not charged to the plugin.
    const timeout = () =>
      finish(() =>
        resolve(
          failed(
            `Smoke test timed out after ${timeoutMs} ms: the plugin did not return in phase ${phase}`,
          ),
        ),
      );
    let timer = setTimeout(() => {
      finish(() => resolve(failed(`Smoke worker did not start within ${WORKER_START_MS} ms`)));
    }, WORKER_START_MS);
    let running = false;

    const onMessage = (msg: WorkerMessage) => {
      if (msg.type === 'phase') {
        if (!running) {
          running = true;
          clearTimeout(timer);
          timer = setTimeout(timeout, timeoutMs);
        }
        phase = msg.name;
        phaseStarted = performance.now();
      } else if (msg.type === 'phase-end') phases.push(msg.phase);
      else if (msg.type === 'loaded') Object.assign(loaded, { abi: msg.abi, entry: msg.entry });
      else if (msg.type === 'log') logs.push(msg.line);
      else if (msg.type === 'report') finish(() => resolve(msg.report), msg.report.ok);
      else if (msg.type === 'input-error') finish(() => reject(new InputError(msg.message)), true);
      else finish(() => resolve(failed(msg.message)));
    };
    const onError = (err: Error & { code?: string }) => {
      const message =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `Smoke worker ran out of memory (JS heap limit ${worker.resourceLimits?.maxOldGenerationSizeMb ?? 512} MiB) in phase ${phase}`
          : `Smoke worker failed in phase ${phase}: ${err.message}`;
      finish(() => resolve(failed(message)));
    };
    const onExit = (code: number) => {
      finish(() => resolve(failed(`Smoke worker exited with code ${code} in phase ${phase}`)));
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(input);
  });
}
