/**
 * Differential test against refhost, the real proxy-wasm-cpp-host (one binary
 * per profile, ../shared/refhost): every fixture (fixtures/wat, the Go plugins
 * of fixtures/plugins built with real Go) and a probe module per host function
 * and callback (test/support/probes.ts) runs through both; smoke's verdict,
 * failing stage and failure message (in V8's wording) must equal refhost's,
 * and for probes that log, the plugin's logs and the host's
 * ContextBase::error lines too. Refhost runs in parallel, one process per
 * case; smoke runs in this thread.
 *
 * Where refhost is not the gateway, EXPECTED below says why, with the
 * cpp-host line, and asserts the difference is exactly that one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { availableParallelism } from 'node:os';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapLimit } from '../../src/build/pool.js';
import type { SmokeReport } from '../../src/model.js';
import { runSmoke, smokeTest } from '../../src/smoke/index.js';
import { buildFixture, type BuildMode, type FixturePlugin } from '../support/go-fixtures.js';
import { fixturesDir } from '../support/paths.js';
import { allProbes, type Probe } from '../support/probes.js';
import {
  REFHOST_PROFILES,
  refhostAvailable,
  refhostDir,
  runRefhost,
  type RefhostProfile,
  type RefhostStage,
  type RefhostVerdict,
} from '../support/refhost.js';
import { watFixture } from '../support/wat.js';

interface Case {
  id: string;
  kind: Probe['kind'] | 'fixture';
  bytes: Uint8Array;
  compareLogs: boolean;
  /** Ends in an endless loop: both sides are stopped after this long. */
  hangMs?: number;
}

/**
 * Where refhost (WAMR and a small driver) is not the gateway (Envoy's V8).
 * Each entry is asserted as stated, so an exception cannot hide anything else.
 */
const EXPECTED: {
  id: string;
  refhost: Partial<RefhostVerdict>;
  smoke: { ok: boolean; message?: string };
  why: string;
}[] = [
  {
    id: 'memory of 16385 pages (1 GiB + 64 KiB)',
    refhost: { ok: true },
    smoke: {
      ok: false,
      message:
        'Failed to load Wasm bytecode: linear memory minimum of 1024.06 MiB exceeds the memory limit of 1024 MiB',
    },
    why:
      'WAMR accepts up to 65536 pages; Envoy V8 is started with "--wasm_max_mem_pages=%u" = ' +
      'PROXY_WASM_HOST_MAX_WASM_MEMORY_SIZE_BYTES / page size (proxy-wasm-cpp-host src/v8/v8.cc ' +
      'engine(); include/proxy-wasm/limits.h: 1024 * 1024 * 1024), so V8 rejects the module when ' +
      'WasmBase::load compiles it ("Failed to load Wasm bytecode").',
  },
];

/**
 * An endless loop never returns on either side: cpp-host calls into the VM
 * without a deadline (src/v8/v8.cc getModuleFunctionImpl; the refhost driver
 * likewise), so the gateway's worker thread hangs. Smoke reports a timeout;
 * refhost is stopped after the same time and the two count as agreeing.
 */
const HANG_MS = 2_000;

const GO_FIXTURES: FixturePlugin[] = [
  'healthy',
  'init-panic',
  'bad-config',
  'http-call',
  'wasi-tool',
];
const MODES: BuildMode[] = ['reactor', 'command'];

async function fixtureCases(): Promise<Case[]> {
  const cases: Case[] = [];
  for (const file of readdirSync(join(fixturesDir, 'wat')).sort()) {
    const name = file.replace(/\.wat$/, '');
    cases.push({
      id: `fixtures/wat/${file}`,
      kind: 'fixture',
      bytes: await watFixture(name),
      compareLogs: false,
      hangMs: name === 'endless-loop' ? HANG_MS : undefined,
    });
  }
  const { readFileSync } = await import('node:fs');
  for (const name of GO_FIXTURES) {
    for (const mode of MODES) {
      const path = await buildFixture(name, mode);
      cases.push({
        id: `fixtures/plugins/${name} (${mode})`,
        kind: 'fixture',
        bytes: new Uint8Array(readFileSync(path)),
        compareLogs: false,
      });
    }
  }
  return cases;
}

/** Smoke's failing phase as refhost's driver stage. */
function smokeStage(report: SmokeReport): RefhostStage | null {
  if (!report.error) return null;
  const answered = new Set(['http_call_response', 'queue_ready', 'redis_call_response']);
  let phase = report.error.phase;
  if (answered.has(phase)) {
    const before = report.phases.filter((p) => !answered.has(p.name));
    phase = before[before.length - 1]?.name ?? 'load';
  }
  if (phase === 'load' || phase.startsWith('canary.')) return 'createWasm';
  if (phase.startsWith('worker.')) return 'thread-local';
  return 'runtime';
}

const unique = (lines: string[]) => [...new Set(lines)];
/** Smoke's own notes start with `smoke: `; a ContextBase::error is one of them. */
const GATEWAY_LOGS = /^smoke: the gateway logs "([^"]+)"/;

/** What differs between the two verdicts, or null when they agree. */
function difference(c: Case, ref: RefhostVerdict, smoke: SmokeReport): string | null {
  const firstLine = (s: string | null | undefined) => (s ?? '').split('\n')[0]!;
  const smokeMessage = firstLine(smoke.error?.message);
  if (ref.hung) {
    return !smoke.ok && /timed out/.test(smokeMessage)
      ? null
      : `refhost never returned; smoke: ${smoke.ok ? 'ok' : smokeMessage}`;
  }
  if (ref.ok !== smoke.ok) {
    return `verdict: refhost ${ref.ok ? 'ok' : `FAIL ${ref.stage}: ${ref.message}`}; smoke ${smoke.ok ? 'ok' : `FAIL ${smoke.error?.phase}: ${smokeMessage}`}`;
  }
  if (!ref.ok) {
    if (ref.message !== smokeMessage)
      return `message: refhost '${ref.message}'; smoke '${smokeMessage}'`;
    if (ref.stage !== smokeStage(smoke))
      return `stage: refhost ${ref.stage}; smoke ${smoke.error?.phase} (${smokeStage(smoke)})`;
  }
  if (c.compareLogs) {
    const refLogs = unique(ref.logs.map((l) => `[${l.level}] ${l.message}`));
    const own = smoke.logs.filter((l) => !l.message.startsWith('smoke: '));
    const smokeLogs = unique(own.map((l) => `[${l.level}] ${l.message}`));
    if (JSON.stringify(refLogs) !== JSON.stringify(smokeLogs))
      return `logs: refhost ${JSON.stringify(refLogs)}; smoke ${JSON.stringify(smokeLogs)}`;
    const refErrors = unique(ref.contextErrors);
    const smokeErrors = unique(
      smoke.logs.map((l) => GATEWAY_LOGS.exec(l.message)?.[1]).filter((m): m is string => !!m),
    );
    if (JSON.stringify(refErrors) !== JSON.stringify(smokeErrors))
      return `context errors: refhost ${JSON.stringify(refErrors)}; smoke ${JSON.stringify(smokeErrors)}`;
  }
  return null;
}

async function smokeRun(c: Case, profile: RefhostProfile): Promise<SmokeReport> {
  const options = { host: profile, file: 'probe.wasm' };
  return c.hangMs
    ? smokeTest(c.bytes, { ...options, timeoutMs: c.hangMs })
    : runSmoke(c.bytes, options);
}

// Without refhost the test fails, unless skipping is asked for by name.
const skip = process.env.WPCI_SKIP_REFHOST === '1';
if (!skip && !refhostAvailable()) {
  throw new Error(
    `refhost not found in ${refhostDir}/bin: put ../shared/refhost beside the checkout, set WPCI_REFHOST_DIR, or WPCI_SKIP_REFHOST=1 to skip`,
  );
}
const suite = skip ? describe.skip : describe;

suite('smoke agrees with refhost (the real proxy-wasm-cpp-host)', () => {
  const results = new Map<RefhostProfile, { c: Case; ref: RefhostVerdict; smoke: SmokeReport }[]>();
  let scratch: string;
  const counts: string[] = [];
  afterAll(() => {
    process.stdout.write(`refhost differential:\n  ${counts.join('\n  ')}\n`);
  });

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'wpci-refhost-'));
    const started = performance.now();
    const cases = [...(await fixtureCases()), ...allProbes().map((p): Case => ({ ...p }))];
    const built = performance.now();
    const files = cases.map((c, i) => {
      const file = join(scratch, `${i}.wasm`);
      writeFileSync(file, c.bytes);
      return file;
    });
    const jobs = REFHOST_PROFILES.flatMap((profile) =>
      cases.map((c, i) => ({ profile, c, file: files[i]! })),
    );
    // refhost in a pool of processes while smoke runs here, one case after another
    const refs = mapLimit(jobs, availableParallelism(), (j) =>
      runRefhost({ profile: j.profile, file: j.file, timeoutMs: j.c.hangMs ?? 60_000 }),
    );
    // the endless loops run in worker threads (smoke's timeout) meanwhile
    const hung = new Map(
      jobs.filter((j) => j.c.hangMs).map((j) => [j, smokeRun(j.c, j.profile)] as const),
    );
    const smokes: SmokeReport[] = [];
    for (const j of jobs) smokes.push(await (hung.get(j) ?? smokeRun(j.c, j.profile)));
    const smoked = performance.now();
    const settled = await refs;
    const s = (from: number, to = performance.now()) => `${((to - from) / 1000).toFixed(1)} s`;
    counts.push(
      `${cases.length} cases x ${REFHOST_PROFILES.length} profiles: built in ${s(started, built)}, smoke done after ${s(built, smoked)}, refhost after ${s(built)}`,
    );
    jobs.forEach((j, i) => {
      const r = settled[i]!;
      if (r.status === 'rejected') throw r.reason;
      const list = results.get(j.profile) ?? [];
      list.push({ c: j.c, ref: r.value, smoke: smokes[i]! });
      results.set(j.profile, list);
    });
    rmSync(scratch, { recursive: true, force: true });
  }, 600_000);

  const KINDS: Case['kind'][] = [
    'fixture',
    'import',
    'start',
    'run',
    'export',
    'extern',
    'load-failure',
  ];
  for (const profile of REFHOST_PROFILES) {
    for (const kind of KINDS) {
      it(`${profile}: ${kind} cases agree`, () => {
        const rows = (results.get(profile) ?? []).filter((r) => r.c.kind === kind);
        expect(rows.length).toBeGreaterThan(0);
        const differences: string[] = [];
        for (const { c, ref, smoke } of rows) {
          const expected = EXPECTED.find((e) => e.id === c.id);
          if (expected) {
            const asStated =
              Object.entries(expected.refhost).every(
                ([k, v]) => ref[k as keyof RefhostVerdict] === v,
              ) &&
              smoke.ok === expected.smoke.ok &&
              (expected.smoke.message === undefined ||
                smoke.error?.message === expected.smoke.message);
            if (!asStated)
              differences.push(
                `${c.id}: not as EXPECTED states (refhost ${ref.ok ? 'ok' : ref.message}; smoke ${smoke.ok ? 'ok' : smoke.error?.message})`,
              );
            continue;
          }
          const d = difference(c, ref, smoke);
          if (d) differences.push(`${c.id}: ${d}`);
        }
        counts.push(
          `${profile} ${kind}: ${rows.length} cases, ${differences.length} disagreements`,
        );
        expect(differences).toEqual([]);
      });
    }
  }
});
