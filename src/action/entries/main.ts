// Entry of dist/main: the full action's main step (action.yml runs.main).
// The work is run() in ../main.ts, which @github/local-action calls directly.
import { run } from '../main.js';

await run();
