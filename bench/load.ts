/**
 * bench/load: the 50-plugin run the test suite cannot afford (its version,
 * test/reliability/load.test.ts, runs 10). N generated plugins (the healthy
 * fixture's source, shared SDK module, one shared GOCACHE) go through one
 * `wasm-plugin-ci run --jobs 4` (build + smoke + publish into an OCI layout)
 * in a child process, against the baseline a shell loop would be: `go build`
 * of each plugin in turn with the same GOCACHE (no smoke, no publish). Both
 * are warmed by a first untimed pass; `build --jobs 4` alone is timed too,
 * to tell the build stage from smoke and publish. Peak RSS of the CLI process is
 * reported (Go runs in its own processes).
 *
 * LOAD_PLUGINS sets N (default 50). Last stdout line:
 * BENCH {"bench":"load","rows":[...]}.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSIONS, TestRepo, type PluginSpec } from '../test/support/git-repo.js';
import { cacheDir, fixturesDir } from '../test/support/paths.js';
import { maxRssMiB, spawnCli } from '../test/reliability/spawn-cli.js';
import { printBenchLine } from './lib.js';

const N = Number(process.env.LOAD_PLUGINS ?? 50);
const GOCACHE = join(cacheDir, 'reliability-gocache');

const main = readFileSync(join(fixturesDir, 'plugins', 'healthy', 'main.go'), 'utf8');
const specs: PluginSpec[] = Array.from({ length: N }, (_, i) => {
  const name = `load-${String(i).padStart(2, '0')}`;
  return { name, files: { 'main.go': `${main}\nconst pluginName = "${name}"\n` } };
});
const repo = TestRepo.create(specs, 'wpci-bench-load-');
const env = { ...process.env, GOCACHE };

async function ours(): Promise<{ ms: number; rss: number }> {
  const out = join(repo.dir, 'out');
  const layout = join(repo.dir, 'oci');
  rmSync(out, { recursive: true, force: true });
  rmSync(layout, { recursive: true, force: true });
  const run = await spawnCli(
    ['run', '--repo', repo.dir, '--all', '--jobs', '4', '--out', out, '--oci-layout', layout],
    { cwd: repo.dir, env },
  );
  if (run.code !== 0) throw new Error(`run exited ${run.code}:\n${run.stderr.slice(-3000)}`);
  return { ms: run.ms, rss: maxRssMiB(run) ?? NaN };
}

/** `build --jobs 4` alone: how much of the run is the build stage. */
async function buildOnly(): Promise<number> {
  const run = await spawnCli(
    ['build', '--repo', repo.dir, '--jobs', '4', '--out', join(repo.dir, 'out-build')],
    { cwd: repo.dir, env },
  );
  if (run.code !== 0) throw new Error(`build exited ${run.code}:\n${run.stderr.slice(-3000)}`);
  return run.ms;
}

/**
 * A go build loop into fresh outputs, as a CI job (a fresh checkout) builds:
 * an existing up-to-date output would let go skip the link.
 */
function baseline(): number {
  for (const s of specs) rmSync(join(repo.dir, `${s.name}.wasm`), { force: true });
  const started = Date.now();
  for (const s of specs) {
    execFileSync(
      'go',
      ['build', '-buildmode=c-shared', '-trimpath', '-o', join(repo.dir, `${s.name}.wasm`), '.'],
      {
        cwd: join(repo.dir, EXTENSIONS, s.name),
        env: { ...env, GOOS: 'wasip1', GOARCH: 'wasm', GOTOOLCHAIN: 'local' },
        stdio: 'ignore',
      },
    );
  }
  return Date.now() - started;
}

try {
  process.stderr.write(`load: ${N} plugins, warming GOCACHE\n`);
  await ours();
  baseline();
  const a = await ours();
  const b = baseline();
  const c = await buildOnly();
  process.stderr.write(
    `run --jobs 4 (build+smoke+publish): ${(a.ms / 1000).toFixed(1)} s, peak RSS ${a.rss} MiB\n` +
      `build --jobs 4 (build only):        ${(c / 1000).toFixed(1)} s\n` +
      `go build loop (build only):         ${(b / 1000).toFixed(1)} s\n`,
  );
  const rows = [
    {
      name: `${N} plugins: run --jobs 4 vs a go build loop`,
      value: a.ms / 1000,
      baseline: b / 1000,
      ratio: a.ms / b,
      unit: 's',
      target: '<= 1.5 (smoke and publish included)',
      pass: a.ms / b <= 1.5,
    },
    {
      name: `${N} plugins: build --jobs 4 vs a go build loop`,
      value: c / 1000,
      baseline: b / 1000,
      ratio: c / b,
      unit: 's',
      target: '<= 1.5',
      pass: c / b <= 1.5,
    },
    {
      name: `${N} plugins: peak RSS of the CLI process`,
      value: a.rss,
      baseline: 1024,
      ratio: a.rss / 1024,
      unit: 'MiB',
      target: '< 1 GiB',
      pass: a.rss < 1024,
    },
  ];
  printBenchLine('load', rows);
} finally {
  repo.cleanup();
}
