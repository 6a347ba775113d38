/**
 * bench/compare: the action step against the script a Higress user writes by
 * hand, side by side in one process, the sides alternating.
 *
 *   A   the action as the runner runs it: dist/main then dist/post, a push
 *       to main, every plugin, publishing to a real local registry
 *       (cache: false; build, smoke test, verified push, docs layers).
 *   B   per plugin, one after another, in its directory, as Higress does:
 *       `go build -buildmode=c-shared -trimpath [-tags=$EXTRA_TAGS] -o plugin.wasm .`,
 *       `tar czf plugin.tar.gz plugin.wasm`,
 *       `oras push <registry>/<plugin>:<version>,latest README_EN.md README.md plugin.tar.gz`.
 *   B2  the same, two plugins at a time.
 *
 * Workloads: examples/plugins (2 plugins) and the 20 Higress plugins of
 * shared/corpus/higress, copied into a git repository in Higress's layout
 * (plugins/wasm-go/extensions/<name>) with their smoke.yaml from
 * fixtures/corpus (waf's without the OWASP CRS, which cannot load within the
 * smoke limit). States: a cold Go build cache (each side
 * starts from an empty GOCACHE) and a warm one (each side's own cache, warm
 * from the rounds before). The module cache is shared and warm throughout
 * (filled before the first round): cold means compiling, not downloading.
 * Every side gets the same Go environment (GOFLAGS=-buildvcs=false,
 * GOTOOLCHAIN=local).
 *
 * Each cell's ratio is the median over its rounds of A / B (and A / B2)
 * measured in the same round, so load that drifts across rounds cancels.
 * The load average is reported with each cell. Also reported: the action
 * process's peak RSS (worker threads included, go children not) on the
 * Higress set. Environment: BENCH_COLD_ROUNDS (default 1), BENCH_WARM_ROUNDS
 * (default 3), BENCH_WORKLOADS (default "examples,higress").
 */
import { execFile, execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mapLimit } from '../src/build/pool.js';
import { SimulatedJob } from '../test/support/action-runner.js';
import { EXTENSIONS, events, git } from '../test/support/git-repo.js';
import { fixturesDir, repoRoot, toolsBin } from '../test/support/paths.js';
import { startRegistry, type TestRegistry } from '../test/support/registry.js';
import { withDefaults } from '../test/action/runner.js';
import { type BenchRow, printBenchLine } from './lib.js';

const run = promisify(execFile);
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 1);
const WARM_ROUNDS = Number(process.env.BENCH_WARM_ROUNDS ?? 3);
const WORKLOADS = (process.env.BENCH_WORKLOADS ?? 'examples,higress').split(',');
const MiB = 1024 * 1024;

const scratch = mkdtempSync(join(tmpdir(), 'wpci-compare-'));
/** The machine's module cache, shared by every side (and filled before the first round). */
const modCache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();

/** The Go environment every side builds with. */
const goEnv = (gocache: string): NodeJS.ProcessEnv => ({
  GOCACHE: gocache,
  GOMODCACHE: modCache,
  GOFLAGS: '-buildvcs=false',
  GOTOOLCHAIN: 'local',
  GOPROXY: 'off',
});

interface PluginDir {
  name: string;
  dir: string;
  tags?: string;
  version: string;
  docs: string[];
}

interface Workload {
  label: string;
  dir: string;
  sha: string;
  plugins: PluginDir[];
}

/**
 * A git repository in Higress's layout: `source` copied to `dest` in it, the
 * plugins in plugins/wasm-go/extensions/<name>.
 */
function makeWorkload(
  label: string,
  source: string,
  dest: string,
  smokeConfigs?: string,
): Workload {
  const dir = join(scratch, label);
  cpSync(source, join(dir, dest), { recursive: true });
  const names = readdirSync(join(dir, EXTENSIONS), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    const own = smokeConfigs && join(smokeConfigs, name, 'smoke.yaml');
    if (!own || !existsSync(own)) continue;
    // waf's documented configuration loads the OWASP CRS, which cannot load
    // within the smoke limit (test/corpus says why): its custom rules alone.
    const text = readFileSync(own, 'utf8');
    const config = name === 'waf' ? text.replace('useCRS: true', 'useCRS: false') : text;
    writeFileSync(join(dir, EXTENSIONS, name, 'smoke.yaml'), config);
  }
  writeFileSync(join(dir, '.gitignore'), '.wasm-plugin-ci/\nplugin.wasm\nplugin.tar.gz\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', label);
  const plugins = names.map((name): PluginDir => {
    const pdir = join(dir, EXTENSIONS, name);
    const read = (f: string) =>
      existsSync(join(pdir, f)) ? readFileSync(join(pdir, f), 'utf8') : '';
    return {
      name,
      dir: pdir,
      // What the script would source from .buildrc: its EXTRA_TAGS.
      tags: /^EXTRA_TAGS=(.*)$/m.exec(read('.buildrc'))?.[1]?.trim(),
      version: read('VERSION').trim() || '1.0.0',
      docs: ['README_EN.md', 'README.md'].filter((f) => existsSync(join(pdir, f))),
    };
  });
  return { label, dir, sha: git(dir, 'rev-parse', 'HEAD'), plugins };
}

/** B's work for one plugin: build, pack, push, in the plugin's directory. */
async function scriptOne(p: PluginDir, gocache: string, registry: TestRegistry, side: string) {
  const env = { ...process.env, ...goEnv(gocache), GOOS: 'wasip1', GOARCH: 'wasm' };
  const tags = p.tags ? [`-tags=${p.tags}`] : [];
  await run(
    'go',
    ['build', '-buildmode=c-shared', '-trimpath', ...tags, '-o', 'plugin.wasm', '.'],
    { cwd: p.dir, env, maxBuffer: 64 << 20 },
  );
  await run('tar', ['czf', 'plugin.tar.gz', 'plugin.wasm'], { cwd: p.dir });
  const layers = [
    ...p.docs.map((f) =>
      f === 'README.md'
        ? `${f}:application/vnd.module.wasm.doc.v1+markdown`
        : `${f}:application/vnd.module.wasm.doc.v1.EN+markdown`,
    ),
    'plugin.tar.gz:application/vnd.oci.image.layer.v1.tar+gzip',
  ];
  await run(
    join(toolsBin, 'oras'),
    ['push', '--plain-http', `${registry.host}/${side}/${p.name}:${p.version},latest`, ...layers],
    { cwd: p.dir, env: { PATH: process.env.PATH, HOME: join(scratch, 'oras-home') } },
  );
}

function cleanScriptOutputs(w: Workload): void {
  for (const p of w.plugins) {
    rmSync(join(p.dir, 'plugin.wasm'), { force: true });
    rmSync(join(p.dir, 'plugin.tar.gz'), { force: true });
  }
}

async function script(w: Workload, gocache: string, registry: TestRegistry, parallel: number) {
  cleanScriptOutputs(w);
  const side = parallel > 1 ? `b${parallel}` : 'b';
  const t0 = performance.now();
  const settled = await mapLimit(w.plugins, parallel, (p) =>
    scriptOne(p, gocache, registry, `${w.label}-${side}`),
  );
  const ms = performance.now() - t0;
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  cleanScriptOutputs(w);
  return { ms };
}

/** A: dist/main then dist/post on a simulated runner; its wall time and peak RSS. */
async function action(w: Workload, gocache: string, registry: TestRegistry, runnerDir: string) {
  const rssFile = join(scratch, 'rss');
  const job = new SimulatedJob({
    workspace: w.dir,
    runnerDir,
    eventName: 'push',
    event: events.push({ after: w.sha }),
    env: {
      ...goEnv(gocache),
      GOPATH: join(runnerDir, 'gopath'),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_SHA: w.sha,
      NODE_OPTIONS: `--require ${join(repoRoot, 'bench', 'peak-rss.cjs')}`,
      WPCI_PEAK_RSS_FILE: rssFile,
    },
  });
  // A fresh checkout, as on a runner: no build output from the round before.
  rmSync(join(w.dir, '.wasm-plugin-ci'), { recursive: true, force: true });
  const inputs = withDefaults({
    all: 'true',
    cache: 'false',
    image: `${registry.host}/${w.label}-a/{{plugin}}`,
    // waf starts go-re2 in wazero twice (canary and worker): seconds of CPU,
    // and on a machine this loaded more than the default 10 s of wall time.
    'smoke-timeout-ms': '60000',
  });
  const t0 = performance.now();
  const main = await job.step('main', inputs);
  const rss = Number(readFileSync(rssFile, 'utf8')) * 1024;
  const post = await job.step('post', inputs, true);
  const ms = performance.now() - t0;
  if (main.code !== 0 || post.code !== 0) {
    throw new Error(`the action failed on ${w.label}:\n${main.stdout}\n${main.stderr}`);
  }
  const artifacts = JSON.parse(main.outputs.artifacts ?? '[]') as { ok: boolean }[];
  if (artifacts.length !== w.plugins.length || !artifacts.every((a) => a.ok)) {
    throw new Error(`the action did not publish every plugin of ${w.label}`);
  }
  return { ms, rss };
}

interface Round {
  a: number;
  b: number;
  b2: number;
  load: number;
  rss: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const seconds = (ms: number) => Math.round(ms / 10) / 100;

async function measure(w: Workload, registry: TestRegistry): Promise<Record<string, Round[]>> {
  const runnerDir = join(scratch, `runner-${w.label}`);
  const caches = join(scratch, `gocache-${w.label}`);
  const rounds: Record<string, Round[]> = { cold: [], warm: [] };
  const plan = [
    ...Array.from({ length: COLD_ROUNDS }, () => 'cold'),
    ...Array.from({ length: WARM_ROUNDS }, () => 'warm'),
  ];
  let set = '';
  for (const [i, state] of plan.entries()) {
    // Cold: every side starts from an empty build cache; warm: each keeps its own.
    if (state === 'cold' || !set) set = join(caches, `set${i}`);
    const load = loadavg()[0]!;
    const sides = {
      a: () => action(w, join(set, 'a'), registry, runnerDir),
      b: () => script(w, join(set, 'b'), registry, 1),
      b2: () => script(w, join(set, 'b2'), registry, 2),
    };
    // The order turns each round, so no side always runs first.
    const order = (['a', 'b', 'b2'] as const).map((_, k, all) => all[(k + i) % all.length]!);
    const got: Partial<Record<'a' | 'b' | 'b2', { ms: number; rss?: number }>> = {};
    for (const side of order) got[side] = await sides[side]();
    const r: Round = {
      a: got.a!.ms,
      b: got.b!.ms,
      b2: got.b2!.ms,
      load: (load + loadavg()[0]!) / 2,
      rss: got.a!.rss ?? 0,
    };
    rounds[state]!.push(r);
    process.stderr.write(
      `${w.label} ${state} (${order.join(' ')}): action ${seconds(r.a)} s, B ${seconds(r.b)} s, B2 ${seconds(r.b2)} s, ` +
        `A/B ${(r.a / r.b).toFixed(2)}, A/B2 ${(r.a / r.b2).toFixed(2)}, peak RSS ${Math.round(r.rss / MiB)} MiB, load ${r.load.toFixed(1)}\n`,
    );
  }
  await run('chmod', ['-R', 'u+w', caches]).catch(() => undefined);
  return rounds;
}

async function main(): Promise<void> {
  const registry = await startRegistry('anonymous');
  const rows: BenchRow[] = [];
  const workloads: Workload[] = [];
  try {
    if (WORKLOADS.includes('examples'))
      workloads.push(makeWorkload('examples', join(repoRoot, 'examples', 'plugins'), 'plugins'));
    if (WORKLOADS.includes('higress')) {
      const corpus = join(repoRoot, '..', 'shared', 'corpus', 'higress', 'extensions');
      workloads.push(makeWorkload('higress', corpus, EXTENSIONS, join(fixturesDir, 'corpus')));
    }
    // The module cache is warm for every side: downloads are not what is compared.
    const download = { ...process.env, ...goEnv(join(scratch, 'download-gocache')) };
    delete download.GOPROXY;
    if (process.env.GOPROXY) download.GOPROXY = process.env.GOPROXY;
    for (const w of workloads) {
      const settled = await mapLimit(w.plugins, availableParallelism(), (p) =>
        run('go', ['mod', 'download'], { cwd: p.dir, env: download }),
      );
      for (const s of settled) if (s.status === 'rejected') throw s.reason;
    }
    process.stderr.write(
      `compare: ${workloads.map((w) => `${w.label} ${w.plugins.length} plugins`).join(', ')}; ` +
        `${COLD_ROUNDS} cold, ${WARM_ROUNDS} warm round(s); ${availableParallelism()} cores\n`,
    );
    for (const w of workloads) {
      const rounds = await measure(w, registry);
      const n = w.plugins.length;
      for (const state of ['warm', 'cold'] as const) {
        const list = rounds[state]!;
        if (!list.length) continue;
        const load = list.reduce((s, r) => s + r.load, 0) / list.length;
        const higress = w.label === 'higress';
        for (const [base, target] of [
          ['b', higress ? 0.7 : undefined],
          ['b2', 1.0],
        ] as const) {
          const ratio = median(list.map((r) => r.a / r[base]));
          rows.push({
            name: `${w.label} (${n} plugins), ${state} Go cache: action vs ${base === 'b' ? 'B (sequential script)' : 'B2 (script, 2 at a time)'}; median of ${list.length}, load ${load.toFixed(1)}`,
            value: seconds(median(list.map((r) => r.a))),
            baseline: seconds(median(list.map((r) => r[base]))),
            ratio,
            unit: 's',
            target: target === undefined ? 'none (reported)' : `<= ${target.toFixed(1)}`,
            pass: target === undefined || ratio <= target,
          });
        }
      }
      if (w.label === 'higress') {
        const peak = Math.max(...[...rounds.cold!, ...rounds.warm!].map((r) => r.rss));
        rows.push({
          name: `higress (${n} plugins): peak RSS of the action process`,
          value: Math.round(peak / MiB),
          baseline: 512,
          ratio: peak / MiB / 512,
          unit: 'MiB',
          target: '< 512 MiB',
          pass: peak < 512 * MiB,
        });
      }
    }
  } finally {
    await registry.stop();
    await run('chmod', ['-R', 'u+w', scratch]).catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log('| measure | action | baseline | ratio | target | met |');
  console.log('| --- | ---: | ---: | ---: | --- | --- |');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.value} ${r.unit} | ${r.baseline} ${r.unit} | ${r.ratio.toFixed(3)} | ${r.target} | ${r.pass ? 'yes' : 'NO'} |`,
    );
  printBenchLine('compare', rows);
}

await main();
