// Rebuilds dist/: one ncc bundle per entry point. Users run these bundles
// (the action's main/post, setup/, detect/, the CLI, and the smoke worker that
// the others start), so CI checks that a fresh build equals what is committed.
import { spawnSync } from 'node:child_process';
import { rmSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';

const entries = {
  main: 'src/action/main.ts',
  post: 'src/action/post.ts',
  setup: 'src/action/setup.ts',
  detect: 'src/action/detect.ts',
  cli: 'src/cli/index.ts',
  'smoke-worker': 'src/smoke/worker.ts',
};

rmSync('dist', { recursive: true, force: true });
for (const [name, entry] of Object.entries(entries)) {
  const out = `dist/${name}`;
  const r = spawnSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      entry,
      '-o',
      out,
      '--license',
      'licenses.txt',
      '-q',
      '--target',
      'es2022',
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// The CLI bundle runs as a command: give it a shebang and the executable bit.
const cli = 'dist/cli/index.js';
const body = readFileSync(cli, 'utf8');
if (!body.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${body}`);
chmodSync(cli, 0o755);
