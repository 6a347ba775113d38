/**
 * bench/setup: the setup stage against the local mirror (the full real Go,
 * ORAS, the TinyGo stand-in), in one run on one machine:
 *
 *   cold       empty tool cache: download, verify, extract every tool
 *   warm       the same tool cache again (target: <= 5% of cold, < 1 s)
 *   run cache  a wiped tool cache restored through the REAL @actions/cache
 *              from the local cache-service double, against the baseline of
 *              plain `tar -xzf` of the same release archives (target <= 1.5x)
 *
 * Prints a table, then as the last stdout line `BENCH {json}`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLog } from '../src/common/log.js';
import { actionsRunCache, savePending, setupToolchains } from '../src/toolchain/index.js';
import type { RunnerEnv, ToolchainRequest } from '../src/toolchain/index.js';
import { startCacheService } from '../test/support/cache-service.js';
import { goArchive, orasArchive, startMirror, tinygoArchive } from '../test/support/mirror.js';

const TINYGO = '0.99.1'; // a stand-in version outside the pinned table; its sha256 is given below
const REPS = Number(process.env.BENCH_REPS ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** @actions/core prints workflow commands on stdout; keep them off the BENCH output. */
async function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

/** Flush pending writes (e.g. of a tree just deleted) so they are not billed to the next case. */
function settle(): void {
  execFileSync('sync');
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'wpci-bench-setup-'));
  const [mirror, service] = await Promise.all([
    startMirror({ go: 'full', tinygo: [TINYGO] }),
    startCacheService(),
  ]);
  try {
    const request: ToolchainRequest = {
      go: mirror.goVersion,
      oras: mirror.orasVersion,
      tinygo: TINYGO,
      sha256: { tinygo: mirror.sha256[`/tinygo/v${TINYGO}/tinygo${TINYGO}.linux-amd64.tar.gz`] },
      mirror: mirror.url,
    };
    const log = memoryLog();
    const envFor = async (dir: string, withRunCache = false): Promise<RunnerEnv> => ({
      os: 'linux',
      arch: 'amd64',
      toolCacheDir: join(dir, 'toolcache'),
      tempDir: join(dir, 'temp'),
      runCache: withRunCache ? await actionsRunCache(log) : undefined,
    });

    // Cold: a fresh tool cache each time.
    const cold: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const dir = join(root, `cold-${i}`);
      cold.push(await timed(async () => setupToolchains(request, await envFor(dir), log)));
      if (i > 0) rmSync(dir, { recursive: true, force: true });
    }
    // Warm: the first cold run's tool cache.
    const warm: number[] = [];
    for (let i = 0; i < Math.max(REPS, 5); i++) {
      warm.push(
        await timed(async () => setupToolchains(request, await envFor(join(root, 'cold-0')), log)),
      );
    }

    // Run cache: save once (as run 1's post step would), then restore into a wiped tool cache.
    const runnerTemp = join(root, 'runner-temp');
    mkdirSync(runnerTemp, { recursive: true });
    Object.assign(process.env, service.env(runnerTemp), { GITHUB_WORKSPACE: root });
    const saver = join(root, 'runner');
    const first = await quiet(async () => setupToolchains(request, await envFor(saver, true), log));
    await quiet(async () => savePending(first.pendingSaves, await envFor(saver, true), log));
    // Baseline: plain extraction of the very archives the mirror serves. Each
    // rep runs restore and baseline back to back, so load on a shared machine
    // hits both alike.
    const archives = [
      (await goArchive('full')).file,
      (await orasArchive()).file,
      (await tinygoArchive(TINYGO)).file,
    ];
    const restore: number[] = [];
    const plain: number[] = [];
    const timeRestore = async () => {
      rmSync(saver, { recursive: true, force: true });
      settle();
      restore.push(
        await timed(async () => {
          const r = await quiet(async () =>
            setupToolchains(request, await envFor(saver, true), log),
          );
          if (!r.tools.every((t) => t.source === 'run-cache'))
            throw new Error('run cache did not hit');
        }),
      );
    };
    const timePlain = async (i: number) => {
      const dir = join(root, `plain-${i}`);
      settle();
      plain.push(
        await timed(async () => {
          for (const [n, a] of archives.entries()) {
            mkdirSync(join(dir, String(n)), { recursive: true });
            execFileSync('tar', ['-xzf', a, '-C', join(dir, String(n))]);
          }
        }),
      );
      rmSync(dir, { recursive: true, force: true });
    };
    // Alternate which goes first, so neither always inherits the other's writeback.
    for (let i = 0; i < REPS; i++) {
      if (i % 2 === 0) {
        await timeRestore();
        await timePlain(i);
      } else {
        await timePlain(i);
        await timeRestore();
      }
    }

    const coldMs = median(cold);
    const warmMs = median(warm);
    const restoreMs = median(restore);
    const plainMs = median(plain);
    const rows = [
      {
        name: 'warm setup vs cold setup',
        value: warmMs,
        baseline: coldMs,
        target: '<= 0.05x',
        pass: warmMs <= 0.05 * coldMs,
      },
      {
        name: 'warm setup absolute',
        value: warmMs,
        baseline: 1000,
        target: '< 1000 ms',
        pass: warmMs < 1000,
      },
      {
        name: 'run-cache restore vs tar -xzf of the same archives',
        value: restoreMs,
        baseline: plainMs,
        target: '<= 1.5x',
        pass: restoreMs <= 1.5 * plainMs,
      },
    ].map((r) => ({
      ...r,
      value: round(r.value, 2),
      baseline: round(r.baseline, 2),
      ratio: round(r.value / r.baseline, 5),
      unit: 'ms',
    }));

    const out = process.stdout;
    out.write(
      `setup bench (median of ${REPS}; cold ${cold.map((x) => round(x)).join('/')} ms, warm ${warm.map((x) => round(x, 1)).join('/')} ms)\n`,
    );
    out.write(
      `${'case'.padEnd(52)}${'ours'.padStart(10)}${'baseline'.padStart(10)}${'ratio'.padStart(8)}  target     pass\n`,
    );
    for (const r of rows) {
      out.write(
        `${r.name.padEnd(52)}${String(r.value).padStart(10)}${String(r.baseline).padStart(10)}${String(r.ratio).padStart(8)}  ${r.target.padEnd(10)} ${r.pass}\n`,
      );
    }
    out.write(
      `BENCH ${JSON.stringify({ bench: 'setup', rows: rows.map(({ name, value, baseline, ratio, unit, target, pass }) => ({ name, value, baseline, ratio, unit, target, pass })) })}\n`,
    );
  } finally {
    await Promise.all([mirror.close(), service.close()]);
    rmSync(root, { recursive: true, force: true });
  }
}

function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

await main();
