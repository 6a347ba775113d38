// Entry of dist/setup-post: the setup/ action's post step (setup/action.yml runs.post).
// The work is run() in ../setup-post.ts, which @github/local-action calls directly.
import { run } from '../setup-post.js';

await run();
