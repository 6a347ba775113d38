/**
 * Entry of the setup/ action (bundled to dist/setup/index.js): a drop-in for
 * setup-go + setup-tinygo + setup-oras. The work is in src/toolchain; the
 * same bundle runs as the post step, which saves what the run cache missed.
 */
import { runSetupAction } from './setup-steps.js';

void runSetupAction();
