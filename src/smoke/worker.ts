// Smoke worker entry: runs the smoke tests it is sent, one at a time, and
// posts progress (phases, logs) as it goes, then the report. The parent
// reuses a worker whose run passed. Bundled to dist/smoke-worker.
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { InputError } from '../common/errors.js';
import { applySmokeEngineFlags } from './engine-flags.js';
import type { WorkerInput, WorkerMessage } from './isolate.js';
import { runSmoke } from './lifecycle.js';

const post = (msg: WorkerMessage) => parentPort?.postMessage(msg);

applySmokeEngineFlags();

/** The module to test: the bytes sent, or the file named, read here. */
async function moduleBytes(wasm: WorkerInput['wasm']): Promise<Uint8Array> {
  if (wasm instanceof Uint8Array) return wasm;
  try {
    return new Uint8Array(await readFile(wasm.path));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new InputError(`${wasm.path}: cannot read the wasm file (${why})`);
  }
}

async function run({ wasm, options }: WorkerInput): Promise<void> {
  const bytes = await moduleBytes(wasm).catch((err: InputError) => err);
  if (bytes instanceof InputError) {
    post({ type: 'input-error', message: bytes.message });
    return;
  }
  return runSmoke(bytes, options, {
    onPhase: (name) => post({ type: 'phase', name }),
    onPhaseEnd: (phase) => post({ type: 'phase-end', phase }),
    onLoad: ({ abi, entry }) => post({ type: 'loaded', abi, entry }),
    onLog: (line) => post({ type: 'log', line }),
  }).then(
    (report) => post({ type: 'report', report }),
    (err: unknown) => {
      if (err instanceof InputError) post({ type: 'input-error', message: err.message });
      else
        post({
          type: 'crash',
          message: err instanceof Error ? (err.stack ?? err.message) : String(err),
        });
    },
  );
}

parentPort?.on('message', (input: WorkerInput) => void run(input));
