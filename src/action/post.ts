/**
 * The post step of the full action: saves the run-cache entries (toolchains,
 * Go module and build caches) whose keys missed in the main step. A cache
 * service outage is a warning, never a failed job.
 *
 * The runner starts this step whatever the inputs (`post-if` sees the job's
 * contexts, not the action's inputs), so with nothing to save (caching off,
 * or every key hit) it only reads its state and ends: the toolkit and the
 * cache library load only when there is something to save.
 */
import { POST_STATE } from './post-state.js';

/**
 * The main step's saved state. On a runner it is in the environment, where
 * @actions/core's getState reads it (the main step always saves it, so this
 * path loads nothing); without it (a main step that never got that far, or a
 * runner of its own such as @github/local-action, which keeps state in its
 * @actions/core) the toolkit answers.
 */
async function savedState(): Promise<string> {
  const env = process.env[`STATE_${POST_STATE}`];
  if (env !== undefined) return env;
  const core = await import('@actions/core');
  return core.getState(POST_STATE);
}

/**
 * The step's work (entries/ call this, as @github/local-action does). The
 * saving path fails the step on an error (post-save.ts); reading the state
 * cannot fail.
 */
export async function run(): Promise<void> {
  const saved = (await savedState()).trim();
  if (saved === '' || saved === '[]') {
    process.stdout.write('run cache: nothing new to save\n');
    return;
  }
  const { saveRunCache } = await import('./post-save.js');
  await saveRunCache(saved);
}
