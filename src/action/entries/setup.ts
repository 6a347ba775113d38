// Entry of dist/setup: the setup/ action's main step (setup/action.yml runs.main).
// The work is run() in ../setup.ts, which @github/local-action calls directly.
import { run } from '../setup.js';

await run();
