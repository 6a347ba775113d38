// check-dist: rebuilds dist/ and fails when it differs from what is committed,
// counting new files too (a chunk that only exists in the fresh build).
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/package.mjs'], { stdio: 'inherit' });
const changed = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { encoding: 'utf8' });
if (changed.trim()) {
  process.stderr.write(
    `dist/ differs from a fresh build of src/ (run npm run package and commit):\n${changed}`,
  );
  process.exit(1);
}
console.log('dist/ equals a fresh build');
