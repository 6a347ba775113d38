/**
 * Concurrency and load: N generated plugins (sharing the SDK module and one
 * GOCACHE) in one `run` with --jobs 4 on this machine's cores; 8 parallel
 * publishers of the same plugin to the same repository and tags; 10
 * concurrent smoke runs. Peak RSS of the process is reported in the table.
 * The 50-plugin version is bench/load.ts territory; here N is 10 (override
 * with WPCI_LOAD_PLUGINS).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { TestRepo, type PluginSpec } from '../support/git-repo.js';
import { buildFixture } from '../support/go-fixtures.js';
import { cacheDir, fixturesDir } from '../support/paths.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { listTree, peakRssMiB, STACK_LINE, tempDir } from './helpers.js';
import { maxRssMiB, spawnCli } from './spawn-cli.js';

const table = new ReliabilityTable('load');
const tmp = tempDir('wpci-rel-load-');
const PLUGINS = Number(process.env.WPCI_LOAD_PLUGINS ?? 10);
/** Shared between runs (and with bench/load.ts): warm after the first. */
const GOCACHE = join(cacheDir, 'reliability-gocache');
/** Time allowed for the whole run: generous per plugin for a cold GOCACHE. */
const RUN_MS = Math.max(170_000, PLUGINS * 12_000);

afterAll(() => {
  table.print();
  tmp.cleanup();
});

describe(`${PLUGINS} plugins in one run, --jobs 4 on ${cpus().length} cores`, () => {
  let repo: TestRepo;
  beforeAll(() => {
    // The healthy fixture's source (it passes the smoke test), one per name.
    const main = readFileSync(join(fixturesDir, 'plugins', 'healthy', 'main.go'), 'utf8');
    const specs: PluginSpec[] = Array.from({ length: PLUGINS }, (_, i) => {
      const name = `load-${String(i).padStart(2, '0')}`;
      return { name, files: { 'main.go': `${main}\nconst pluginName = "${name}"\n` } };
    });
    repo = TestRepo.create(specs, 'wpci-rel-load-repo-');
  });
  afterAll(() => repo?.cleanup());

  it(
    'builds, smokes and publishes every plugin into the OCI layout; bounded memory',
    async () => {
      const out = join(tmp.dir, 'out');
      const layout = join(tmp.dir, 'oci');
      const run = await spawnCli(
        [
          'run',
          '--repo',
          repo.dir,
          '--all',
          '--jobs',
          '4',
          '--out',
          out,
          '--oci-layout',
          layout,
          '--json',
        ],
        { cwd: repo.dir, env: { ...process.env, GOCACHE }, killAfterMs: RUN_MS },
      );
      const rss = maxRssMiB(run);
      let artifacts: { plugin: string; references?: string[] }[] = [];
      try {
        artifacts = JSON.parse(run.stdout).artifacts ?? [];
      } catch {
        // reported below
      }
      const wasm = listTree(out).filter((f) => f.endsWith('plugin.wasm'));
      const partial = listTree(out).filter((f) => f.includes('.tmp'));
      table.add({
        fault: `${PLUGINS} plugins, one run, --jobs 4 (build+smoke+publish)`,
        tries: PLUGINS,
        survived: run.code === 0 ? wasm.length : 0,
        dataLost: partial.length ? `partial: ${partial.join(', ')}` : 'none',
        note: `exit ${run.code} in ${(run.ms / 1000).toFixed(1)} s; peak RSS ${rss ?? '?'} MiB`,
      });
      if (run.code !== 0)
        throw new Error(`exit ${run.code} (${run.signal}):\n${run.stderr.slice(-3000)}`);
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(wasm).toHaveLength(PLUGINS);
      expect(partial).toEqual([]);
      expect(artifacts.length).toBe(PLUGINS);
      // Memory stays bounded: the CLI's own heap, Go runs in its own processes.
      expect(rss).toBeDefined();
      expect(rss!).toBeLessThan(1024);
      // every published artifact verifies from the layout
      const one = artifacts[0]!;
      const ref = one.references?.[0];
      expect(ref).toBeDefined();
      const v = await cli(['verify', '--oci-layout', ref!], tmp.dir);
      expect(v.code).toBe(0);
    },
    RUN_MS + 10_000,
  );
});

describe('8 parallel publishers of the same plugin, same repository and tags', () => {
  let reg: TestRegistry;
  let wasm: string;
  let sha: string;
  beforeAll(async () => {
    mkdirSync(join(tmp.dir, 'healthy'), { recursive: true });
    wasm = join(tmp.dir, 'healthy', 'plugin.wasm');
    copyFileSync(await buildFixture('healthy'), wasm);
    sha = createHash('sha256').update(readFileSync(wasm)).digest('hex');
    reg = await startRegistry('anonymous');
  }, 300_000);
  afterAll(async () => reg?.stop());

  it('every push succeeds or fails cleanly; the final tags resolve to manifests that verify', async () => {
    const ref = `${reg.host}/race/healthy:1.0.0,1.0,latest`;
    const env = { PATH: process.env.PATH, HOME: tmp.dir };
    const started = Date.now();
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        spawnCli(['push', wasm, '--ref', ref, '--layout', i % 2 ? 'higress' : 'compat', '--json'], {
          cwd: tmp.dir,
          env,
          killAfterMs: 90_000,
        }),
      ),
    );
    const ok = runs.filter((r) => r.code === 0).length;
    const clean = runs.filter((r) => r.code === 1 && !STACK_LINE.test(r.stderr)).length;
    const verdicts = await Promise.all(
      ['1.0.0', '1.0', 'latest'].map((t) =>
        cli(['verify', `${reg.host}/race/healthy:${t}`, '--sha256', sha, '--json'], tmp.dir, env),
      ),
    );
    const verified = verdicts.filter((v) => v.code === 0).length;
    const peak = Math.max(...runs.map((r) => maxRssMiB(r) ?? 0));
    table.add({
      fault: '8 parallel publishers, same repo and tags',
      tries: 8,
      survived: ok + clean,
      dataLost: verified === 3 ? 'none' : `${3 - verified} tag(s) do not verify`,
      note: `${ok} pushed, ${clean} failed cleanly, ${8 - ok - clean} unclean; ${Date.now() - started} ms; peak RSS ${peak} MiB each`,
    });
    for (const r of runs) expect(r.stderr).not.toMatch(STACK_LINE);
    expect(ok + clean).toBe(8);
    expect(ok).toBeGreaterThan(0);
    expect(verified).toBe(3);
    // all three tags name the same kind of valid artifact; the digest is one of those pushed
    const digests = new Set(
      runs.filter((r) => r.code === 0).map((r) => JSON.parse(r.stdout.split('\nWPCI')[0]!).digest),
    );
    for (const v of verdicts) expect(digests).toContain(JSON.parse(v.stdout).digest);
  }, 120_000);
});

describe('10 concurrent smoke runs', () => {
  it('all pass with the same verdict; memory of the process reported', async () => {
    const wasm = await buildFixture('healthy');
    const before = peakRssMiB();
    const started = Date.now();
    const runs = await Promise.all(
      Array.from({ length: 10 }, () => cli(['smoke', wasm, '--json'], tmp.dir)),
    );
    const passed = runs.filter((r) => r.code === 0 && JSON.parse(r.stdout).ok === true).length;
    table.add({
      fault: '10 concurrent smoke runs (in one process)',
      tries: 10,
      survived: passed,
      dataLost: 'none',
      note: `${Date.now() - started} ms; peak RSS of the test process ${before} -> ${peakRssMiB()} MiB`,
    });
    expect(passed).toBe(10);
    const phases = runs.map((r) =>
      JSON.parse(r.stdout).phases.map((p: { name: string }) => p.name),
    );
    for (const p of phases) expect(p).toEqual(phases[0]);
  }, 120_000);
});
