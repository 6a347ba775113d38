/** The post step's work when the main step left run-cache entries to save. */
import { savePending, type PendingSave } from '../toolchain/index.js';
import { actionLog as log, runEntry } from './common.js';
import { runnerEnvFromRunner } from './toolchain-inputs.js';

/** Saves the entries in `state` (the main step's JSON); a failure fails the step. */
export function saveRunCache(state: string): Promise<void> {
  return runEntry(async () => {
    const pending = JSON.parse(state) as PendingSave[];
    await savePending(pending, await runnerEnvFromRunner(log), log);
  });
}
