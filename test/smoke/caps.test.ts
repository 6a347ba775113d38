/**
 * #12 item 12: a plugin's own smoke.yaml cannot lift its time and memory
 * limits past the caps the workflow owner sets, and a memory limit no wasm32
 * memory can have is a clear input error (it used to reach V8 as an
 * "invalid wasm module").
 */
import { afterAll, describe, expect } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/common/errors.js';
import { DEFAULT_SMOKE_CAPS, loadSmokeConfig, runSmoke, smokeCaps } from '../../src/smoke/index.js';
import { cli } from '../support/cli.js';
import { TestRepo } from '../support/git-repo.js';
import { cacheDir, fixturesDir } from '../support/paths.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { watFixture, writeWasm } from '../support/wat.js';

const dir = mkdtempSync(join(tmpdir(), 'smoke-caps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Each test is a row of #12.12 in docs/reliability.md.
const table = new ReliabilityTable('caps');
afterAll(() => table.save());
const recorded = () => table.it('#12.12 smoke.yaml caps');

function plugin(name: string, smokeYaml: string): string {
  const p = join(dir, name);
  mkdirSync(p);
  writeFileSync(join(p, 'smoke.yaml'), smokeYaml);
  return p;
}

describe('smoke.yaml limits are capped by the workflow', () => {
  const it = recorded();
  it('a timeoutMs above the cap fails, naming the file, the key and the setting that allows it', async () => {
    const p = plugin('slow', 'timeoutMs: 600000\n');
    const err = await loadSmokeConfig(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      `${join(p, 'smoke.yaml')}: 'timeoutMs' 600000 exceeds the maximum of 60000 the workflow allows (smoke-max-timeout-ms); lower it, or raise smoke-max-timeout-ms in the workflow`,
    );
    // The workflow owner can allow it; the cap is theirs, not the repository's.
    const caps = smokeCaps({ maxTimeoutMs: 600_000 }, { maxMemoryLimitMb: 'x' });
    expect(await loadSmokeConfig(p, undefined, caps)).toEqual({ timeoutMs: 600_000 });
    expect(DEFAULT_SMOKE_CAPS).toEqual({ maxTimeoutMs: 60_000, maxMemoryLimitMb: 1024 });
  });

  it('a memoryLimitMb above the cap fails; up to 4096 the owner may allow', async () => {
    const p = plugin('hungry', 'memoryLimitMb: 2048\n');
    await expect(loadSmokeConfig(p)).rejects.toThrow(
      /'memoryLimitMb' 2048 exceeds the maximum of 1024 the workflow allows \(smoke-max-memory-limit-mb\)/,
    );
    const caps = smokeCaps({ maxMemoryLimitMb: 4096 }, { maxMemoryLimitMb: 'x' });
    expect(await loadSmokeConfig(p, undefined, caps)).toEqual({ memoryLimitMb: 2048 });
    expect(() =>
      smokeCaps(
        { maxMemoryLimitMb: 8192 },
        { maxMemoryLimitMb: 'input smoke-max-memory-limit-mb' },
      ),
    ).toThrow(
      'input smoke-max-memory-limit-mb: 8192 MiB is more than a wasm32 linear memory can hold (at most 4096 MiB)',
    );
  });

  it('memoryLimitMb above 4096 is an input error, not an invalid wasm module', async () => {
    const p = plugin('impossible', 'memoryLimitMb: 5000\n');
    await expect(
      loadSmokeConfig(p, undefined, { maxTimeoutMs: 1, maxMemoryLimitMb: 99_999 }),
    ).rejects.toThrow(
      `${join(p, 'smoke.yaml')}: 'memoryLimitMb': 5000 MiB is more than a wasm32 linear memory can hold (at most 4096 MiB)`,
    );
    const wasm = await watFixture('healthy');
    const err = await runSmoke(wasm, { memoryLimitMb: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toMatch(/invalid wasm/);
    // 4096 MiB is the largest limit a wasm32 memory can have: it loads.
    expect((await runSmoke(wasm, { memoryLimitMb: 4096 })).ok).toBe(true);
  });

  it('the smoke command refuses --memory-limit-mb 5000 with exit 2', async () => {
    const file = writeWasm(await watFixture('healthy'), 'caps-healthy');
    const r = await cli(['smoke', file, '--memory-limit-mb', '5000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--memory-limit-mb: 5000 MiB is more than a wasm32 linear memory can hold',
    );
  });
});

describe('run: a plugin cannot hold the run with its own smoke.yaml', () => {
  const it = recorded();
  const GOCACHE = join(cacheDir, 'reliability-gocache');
  // The healthy fixture (it passes the smoke test), asking for ten minutes.
  const main = readFileSync(join(fixturesDir, 'plugins', 'healthy', 'main.go'), 'utf8');
  const repo = TestRepo.create(
    [{ name: 'patient', files: { 'main.go': main, 'smoke.yaml': 'timeoutMs: 600000\n' } }],
    'wpci-caps-repo-',
  );
  afterAll(() => repo.cleanup());
  const env = { ...process.env, GOCACHE };

  it('exits 2 naming smoke.yaml by default, and passes when the workflow raises the cap', async () => {
    const out = join(dir, 'out');
    const refused = await cli(
      ['run', '--repo', repo.dir, '--all', '--out', out, '--no-publish'],
      repo.dir,
      env,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /patient\/smoke\.yaml: 'timeoutMs' 600000 exceeds the maximum of 60000 the workflow allows/,
    );
    const allowed = await cli(
      [
        'run',
        '--repo',
        repo.dir,
        '--all',
        '--out',
        out,
        '--no-publish',
        '--max-timeout-ms',
        '600000',
      ],
      repo.dir,
      env,
    );
    expect(allowed.stderr).not.toMatch(/exceeds the maximum/);
    expect(allowed.code).toBe(0);
    const bad = await cli(
      ['run', '--repo', repo.dir, '--max-memory-limit-mb', '5000'],
      repo.dir,
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('run: --max-memory-limit-mb: 5000 MiB is more than a wasm32');
  }, 300_000);
});
