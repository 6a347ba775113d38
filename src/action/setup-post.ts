/**
 * The setup/ action's post step: saves to the run cache the toolchains and Go
 * caches whose keys missed. A failure here is a warning: the job's work is done.
 */
import * as core from '@actions/core';
import { describeError } from '../common/errors.js';
import { setupPost } from './setup-steps.js';

/** The step's work (entries/ call this, as @github/local-action does). */
export async function run(): Promise<void> {
  try {
    await setupPost();
  } catch (err) {
    core.warning(`post step: ${describeError(err, core.isDebug())}`);
  }
}
