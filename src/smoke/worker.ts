// Smoke worker entry: runs the smoke tests it is sent, one at a time, and
// posts progress (phases, logs) as it goes, then the report. The parent
// reuses a worker whose run passed. Bundled to dist/smoke-worker.
import { parentPort } from 'node:worker_threads';
import { InputError } from '../common/errors.js';
import { FILE_LIMITS, readRegularFile } from '../common/files.js';
import { applySmokeEngineFlags } from './engine-flags.js';
import { MODULE_SPARE_BYTES } from './loader.js';
import type { WorkerInput, WorkerMessage } from './isolate.js';
import { runSmoke } from './lifecycle.js';

const post = (msg: WorkerMessage) => parentPort?.postMessage(msg);

applySmokeEngineFlags();

/**
 * The module named, read here in one go (this thread has nothing else to do
 * meanwhile), placed after MODULE_SPARE_BYTES of room.
 */
function readModuleFile(path: string): Uint8Array {
  try {
    return readRegularFile(path, FILE_LIMITS.wasm, MODULE_SPARE_BYTES);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new InputError(`${path}: cannot read the wasm file (${why})`);
  }
}

function run({ wasm, options }: WorkerInput): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = wasm instanceof Uint8Array ? wasm : readModuleFile(wasm.path);
  } catch (err) {
    post({ type: 'input-error', message: (err as Error).message });
    return Promise.resolve();
  }
  // Bytes sent by the parent are its own: only a module read here has room before it.
  const spare = wasm instanceof Uint8Array ? 0 : MODULE_SPARE_BYTES;
  return runSmoke(
    bytes,
    options,
    {
      onPhase: (name) => post({ type: 'phase', name }),
      onPhaseEnd: (phase) => post({ type: 'phase-end', phase }),
      onLoad: ({ abi, entry }) => post({ type: 'loaded', abi, entry }),
      onLog: (line) => post({ type: 'log', line }),
    },
    spare,
  ).then(
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
