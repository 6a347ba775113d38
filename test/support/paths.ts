import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Repository root, whichever test file asks. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixturesDir = join(repoRoot, 'fixtures');
/** Scratch space kept between runs (gitignored): built fixtures, tools. */
export const cacheDir = join(repoRoot, '.cache');
/** Tools built by .ci/run with `go install tool` (oras, registry, actionlint). */
export const toolsBin = join(repoRoot, '.tools', 'bin');
