// Entry of dist/post: the full action's post step (action.yml runs.post).
// The work is run() in ../post.ts, which @github/local-action calls directly.
import { run } from '../post.js';

await run();
