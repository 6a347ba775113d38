/**
 * The post step of the full action: saves the run-cache entries (toolchains,
 * Go module and build caches) whose keys missed in the main step. A cache
 * service outage is a warning, never a failed job.
 */
import * as core from '@actions/core';
import { savePending, type PendingSave } from '../toolchain/index.js';
import { actionLog as log, runEntry } from './common.js';
import { POST_STATE } from './post-state.js';
import { runnerEnvFromRunner } from './toolchain-inputs.js';

async function post(): Promise<void> {
  const saved = core.getState(POST_STATE);
  const pending = saved ? (JSON.parse(saved) as PendingSave[]) : [];
  if (!pending.length) {
    log.info('run cache: nothing new to save');
    return;
  }
  await savePending(pending, await runnerEnvFromRunner(log), log);
}

/** The step's work; a failure fails the step (entries/ call this, as @github/local-action does). */
export async function run(): Promise<void> {
  await runEntry(post);
}
