// Smoke worker entry: runs the smoke tests it is sent, one at a time, and
// posts progress (phases, logs) as it goes, then the report. The parent
// reuses a worker whose run passed. Bundled to dist/smoke-worker.
import { parentPort } from 'node:worker_threads';
import { InputError } from '../common/errors.js';
import { applySmokeEngineFlags } from './engine-flags.js';
import type { WorkerInput, WorkerMessage } from './isolate.js';
import { runSmoke } from './lifecycle.js';

const post = (msg: WorkerMessage) => parentPort?.postMessage(msg);

applySmokeEngineFlags();

function run({ wasm, options }: WorkerInput): Promise<void> {
  return runSmoke(wasm, options, {
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
