/**
 * The setup/ action's main step: a drop-in for setup-go + setup-tinygo +
 * setup-oras. The work is in src/toolchain (through setup-steps.ts); the post
 * step (setup-post.ts) saves what the run cache missed.
 */
import { runEntry } from './common.js';
import { setupMain } from './setup-steps.js';

/** The step's work; a failure fails the step (entries/ call this, as @github/local-action does). */
export async function run(): Promise<void> {
  await runEntry(setupMain);
}
