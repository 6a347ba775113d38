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

async function post(): Promise<void> {
  // Where @actions/core's getState reads the main step's saveState.
  const saved = process.env[`STATE_${POST_STATE}`] ?? '';
  if (saved.trim() === '' || saved.trim() === '[]') {
    process.stdout.write('run cache: nothing new to save\n');
    return;
  }
  const { saveRunCache } = await import('./post-save.js');
  await saveRunCache(saved);
}

/**
 * The step's work (entries/ call this, as @github/local-action does). The
 * saving path fails the step on an error (post-save.ts); reading the state
 * cannot fail.
 */
export async function run(): Promise<void> {
  await post();
}
