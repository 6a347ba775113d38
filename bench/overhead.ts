/**
 * bench/overhead: the action's own share of its step time.
 *
 * The committed bundle dist/main runs as the runner runs it (a push to main
 * of a fixture repository with N plugins, publishing to a real local
 * registry). In the same run, the work that is not ours is measured on its
 * own:
 *   go build   the exact `go build` command lines the action logged, with the
 *              action's environment (GOOS=wasip1 GOARCH=wasm) and scheduling
 *              (first plugin alone to prime the cache, then jobs = cores), on
 *              a Go build cache in the same state as the action's;
 *   transfers  `oras push` of the same files (pulled back from what the action
 *              pushed) with the same tags, into fresh repositories.
 * Overhead = step time - go build - transfers: node start, toolchain and
 * change detection, the smoke test, packing, verification, summary. Its share
 * of the step time should be at most 10%.
 *
 * Two rows: a cold Go build cache (a runner with no cache restored), and a
 * warm one (the action and the direct builds each on their own, now warm,
 * cache; the median of three runs). BENCH_PLUGINS sets N (default 4). The
 * last stdout line is the BENCH line.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readFile } from 'node:fs/promises';
import { mapLimit } from '../src/build/pool.js';
import { packWasm } from '../src/oci/layouts.js';
import { smokeTest } from '../src/smoke/index.js';
import { SimulatedJob } from '../test/support/action-runner.js';
import { EXTENSIONS, TestRepo, events } from '../test/support/git-repo.js';
import { oras } from '../test/support/oras.js';
import { watFixture } from '../test/support/wat.js';
import { startRegistry, type TestRegistry } from '../test/support/registry.js';
import { goJobEnv, healthyMain } from '../test/action/helpers.js';
import { withDefaults } from '../test/action/runner.js';
import { type BenchRow, printBenchLine } from './lib.js';

const run = promisify(execFile);
const N = Number(process.env.BENCH_PLUGINS ?? 4);
const jobs = availableParallelism();

type Row = BenchRow;

const seconds = (ms: number) => Math.round(ms) / 1000;

/** `$ <go> build ... .` lines from the action's log, with the plugin each built. */
function goBuilds(log: string): { plugin: string; argv: string[] }[] {
  const out: { plugin: string; argv: string[] }[] = [];
  let plugin = '';
  for (const line of log.split('\n')) {
    const g = /^::group::go build (\S+)/.exec(line);
    if (g) plugin = g[1]!;
    if (line.startsWith('$ ') && / build /.test(line))
      out.push({ plugin, argv: line.slice(2).split(' ') });
  }
  return out;
}

async function directBuilds(
  repo: TestRepo,
  builds: { plugin: string; argv: string[] }[],
  gocache: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const outDir = mkdtempSync(join(tmpdir(), 'wpci-bench-out-'));
  const one = async ({ plugin, argv }: { plugin: string; argv: string[] }) => {
    const args = argv.slice(1);
    args[args.indexOf('-o') + 1] = join(outDir, `${plugin}.wasm`);
    await run(argv[0]!, args, {
      cwd: repo.path(`${EXTENSIONS}/${plugin}`),
      env: { ...process.env, ...env, GOCACHE: gocache, GOOS: 'wasip1', GOARCH: 'wasm' },
      maxBuffer: 16 << 20,
    });
  };
  const t0 = performance.now();
  // The action's scheduling: one build primes the cache, then jobs = cores.
  await one(builds[0]!);
  const rest = await mapLimit(builds.slice(1), jobs, one);
  for (const r of rest) if (r.status === 'rejected') throw r.reason;
  const ms = performance.now() - t0;
  rmSync(outDir, { recursive: true, force: true });
  return ms;
}

/** oras push of the files each artifact holds, with its tags, into a fresh repository. */
async function orasPushes(
  registry: TestRegistry,
  refs: string[][],
  label: string,
): Promise<number> {
  let total = 0;
  for (const [i, plugRefs] of refs.entries()) {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-bench-pull-'));
    await oras(['pull', '--plain-http', '-o', dir, plugRefs[0]!], dir);
    const files = readdirSync(dir).sort(
      (a, b) => Number(a.endsWith('.tar.gz')) - Number(b.endsWith('.tar.gz')),
    );
    const media = (f: string) =>
      f.endsWith('.tar.gz')
        ? 'application/vnd.oci.image.layer.v1.tar+gzip'
        : f === 'README.md'
          ? 'application/vnd.module.wasm.doc.v1+markdown'
          : 'application/vnd.module.wasm.doc.v1.EN+markdown';
    const tags = plugRefs.map((r) => r.slice(r.lastIndexOf(':') + 1)).join(',');
    const t0 = performance.now();
    await oras(
      [
        'push',
        '--plain-http',
        `${registry.host}/oras-${label}/p${i}:${tags}`,
        ...files.map((f) => `${f}:${media(f)}`),
      ],
      dir,
    );
    total += performance.now() - t0;
    rmSync(dir, { recursive: true, force: true });
  }
  return total;
}

/**
 * Where our time goes, as CPU (this process's, so worker, compiler and
 * thread-pool threads count): the smoke test and the packing of each module
 * the action built, one after another.
 */
async function cpuPerPlugin(wasms: string[]): Promise<{ smoke: number; pack: number }> {
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const settle = () => new Promise((r) => setTimeout(r, 300)); // background compiles finish
  // An untimed first run: the worker starts (from source here, through tsx,
  // which the action's bundle never pays) and V8 compiles the host's JS.
  // A module of its own, so V8 has none of the measured ones compiled yet.
  await smokeTest(await watFixture('healthy'), { host: 'higress' });
  await settle();
  let t = cpu();
  for (const w of wasms) {
    const r = await smokeTest(w, { host: 'higress' });
    if (!r.ok) throw new Error(`smoke of ${w} failed: ${r.error?.message}`);
  }
  await settle();
  const smoke = (cpu() - t) / wasms.length;
  t = cpu();
  for (const w of wasms) await packWasm(await readFile(w));
  return { smoke, pack: (cpu() - t) / wasms.length };
}

async function main(): Promise<void> {
  const registry = await startRegistry('anonymous');
  const specs = Array.from({ length: N }, (_, i) => ({
    name: `plugin-${i}`,
    shared: i === 0,
    files: {
      'main.go': healthyMain(i === 0).replace('x-healthy', `x-healthy-${i}`),
      'README.md': `# plugin-${i}\n`,
      'README_EN.md': `# plugin-${i}\n`,
    },
  }));
  const repo = TestRepo.create(specs, 'wpci-bench-repo-');
  repo.write('.gitignore', '.wasm-plugin-ci/\n');
  const sha = repo.commit('ignore build output');
  const runnerDir = mkdtempSync(join(tmpdir(), 'wpci-bench-runner-'));
  const caches = mkdtempSync(join(tmpdir(), 'wpci-bench-gocache-'));
  const env = goJobEnv(runnerDir);
  const rows: Row[] = [];
  // This machine is shared and two cores are few: each state runs several
  // rounds, alternating which of the two goes first, and the rounds are averaged.
  const rounds = [
    { state: 'cold', directFirst: false },
    { state: 'cold', directFirst: true },
    { state: 'warm', directFirst: false },
    { state: 'warm', directFirst: true },
    { state: 'warm', directFirst: false },
  ] as const;
  const measured: Record<string, { step: number; build: number; transfer: number }[]> = {
    cold: [],
    warm: [],
  };
  let builds: { plugin: string; argv: string[] }[] = [];
  let cacheSet = '';
  try {
    for (const [i, { state, directFirst }] of rounds.entries()) {
      if (state === 'cold') cacheSet = join(caches, `set${i}`); // both caches empty
      const action = async () => {
        const job = new SimulatedJob({
          workspace: repo.dir,
          runnerDir,
          eventName: 'push',
          event: events.push({ after: sha }),
          env: {
            ...env,
            GOCACHE: join(cacheSet, 'action'),
            GITHUB_REF: 'refs/heads/main',
            GITHUB_REF_NAME: 'main',
            GITHUB_SHA: sha,
          },
        });
        // A fresh checkout, as on a runner: no build output from the round before
        // (an up-to-date module would let go skip its link).
        rmSync(repo.path('.wasm-plugin-ci'), { recursive: true, force: true });
        const t0 = performance.now();
        const r = await job.step(
          'main',
          withDefaults({
            all: 'true',
            cache: 'false',
            image: `${registry.host}/run${i}/{{plugin}}`,
          }),
        );
        const ms = performance.now() - t0;
        if (r.code !== 0) throw new Error(`action failed:\n${r.stdout}\n${r.stderr}`);
        builds = goBuilds(r.stdout);
        if (builds.length !== N)
          throw new Error(`expected ${N} go builds in the log, found ${builds.length}`);
        return { ms, r };
      };
      // The first round has to run the action first: its log gives the command lines.
      const direct = () => directBuilds(repo, builds, join(cacheSet, 'direct'), env);
      let build: number;
      let step: number;
      let outputs: Record<string, string>;
      if (directFirst && builds.length) {
        build = await direct();
        ({
          ms: step,
          r: { outputs },
        } = await action());
      } else {
        ({
          ms: step,
          r: { outputs },
        } = await action());
        build = await direct();
      }
      const artifacts = JSON.parse(outputs.artifacts!) as { references: string[] }[];
      const transfer = await orasPushes(
        registry,
        artifacts.map((a) => a.references),
        `run${i}`,
      );
      process.stderr.write(
        `${state}: step ${seconds(step)} s = go build ${seconds(build)} s + oras push ${seconds(transfer)} s + ours ${seconds(step - build - transfer)} s\n`,
      );
      measured[state]!.push({ step, build, transfer });
    }
    const spent = await cpuPerPlugin(
      builds.map((b) => repo.path(`.wasm-plugin-ci/build/${b.plugin}/plugin.wasm`)),
    );
    process.stderr.write(
      `CPU per plugin: smoke test ${Math.round(spent.smoke)} ms, packing ${Math.round(spent.pack)} ms (on ${jobs} cores)\n`,
    );
    for (const state of ['cold', 'warm']) {
      const list = measured[state]!;
      const mean = (k: 'step' | 'build' | 'transfer') =>
        list.reduce((a, m) => a + m[k], 0) / list.length;
      const [step, build, transfer] = [mean('step'), mean('build'), mean('transfer')];
      const overhead = step - build - transfer;
      rows.push({
        name: `action overhead, ${state} Go cache, ${N} plugins, mean of ${list.length} (step ${seconds(step)} s, go build ${seconds(build)} s, push ${seconds(transfer)} s)`,
        value: seconds(overhead),
        baseline: seconds(step),
        ratio: overhead / step,
        unit: 's',
        target: '<= 0.10',
        pass: overhead / step <= 0.1,
      });
    }
  } finally {
    await registry.stop();
    repo.cleanup();
    rmSync(runnerDir, { recursive: true, force: true });
    await run('chmod', ['-R', 'u+w', caches]).catch(() => undefined);
    rmSync(caches, { recursive: true, force: true });
  }
  console.log('| measure | ours (s) | step (s) | share | target |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(`| ${r.name} | ${r.value} | ${r.baseline} | ${r.ratio.toFixed(3)} | ${r.target} |`);
  printBenchLine('overhead', rows);
}

await main();
