// The test command: jest with ESM support, then the closing line CI reads,
// "N passed, N failed", printed after everything jest wrote. Extra arguments
// go to jest (e.g. a path filter). Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const scratch = mkdtempSync(join(tmpdir(), 'wpci-test-'));
const countsFile = join(scratch, 'counts.json');
const env = { ...process.env, WPCI_TEST_COUNTS: countsFile };
env.NODE_OPTIONS = [
  env.NODE_OPTIONS,
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
]
  .filter(Boolean)
  .join(' ');
const jest = new URL('../node_modules/jest/bin/jest.js', import.meta.url);
const result = spawnSync(process.execPath, [jest.pathname, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
});

let counts = { passed: 0, failed: 1, skipped: 0 }; // jest died before reporting
try {
  counts = JSON.parse(readFileSync(countsFile, 'utf8'));
} catch {
  process.stderr.write('test: jest ended without reporting results\n');
}
rmSync(scratch, { recursive: true, force: true });
const code = result.status === 0 && counts.failed === 0 ? 0 : 1;
// Skipped tests on a line of their own: the last line is exactly "N passed, N failed".
if (counts.skipped) process.stdout.write(`${counts.skipped} skipped\n`);
process.stdout.write(`${counts.passed} passed, ${counts.failed} failed\n`);
process.exit(code);
