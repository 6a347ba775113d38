// Entry of dist/detect: the detect/ action (detect/action.yml runs.main).
// The work is run() in ../detect.ts, which @github/local-action calls directly.
import { run } from '../detect.js';

await run();
