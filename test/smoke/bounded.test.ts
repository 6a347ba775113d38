/**
 * A plugin's smoke run cannot take the process down or flood it (#12 items 9
 * and 10): hostile modules of a few hundred bytes ask for 800 MB of tables,
 * endless host-side copies, a gigabyte of log. Each fails (or is cut) on its
 * own, and through `run` every other plugin still passes and the summary is
 * written. The modules that took the process down before run in a child
 * process, so a regression shows as a crash in an assertion, not of jest.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SmokeReport } from '../../src/model.js';
import { runSmoke, smokeTest } from '../../src/smoke/index.js';
import {
  MAX_HOST_COPY_BYTES,
  MAX_LOG_BYTES,
  MAX_LOG_LINES,
  MAX_TABLE_ENTRIES,
} from '../../src/smoke/limits.js';
import { tempDir } from '../reliability/helpers.js';
import { maxRssMiB, spawnCli } from '../reliability/spawn-cli.js';
import { TestRepo } from '../support/git-repo.js';
import {
  bigMemory,
  growingTables,
  logFlood,
  sharedDataFlood,
  tenHugeTables,
} from '../support/hostile-modules.js';
import { cacheDir, fixturesDir } from '../support/paths.js';
import { ReliabilityTable } from '../support/reliability-table.js';

const tmp = tempDir('wpci-bounded-');
afterAll(() => tmp.cleanup());
// Each test is a row of #12.9 or #12.10 in docs/reliability.md.
const table = new ReliabilityTable('bounded');
afterAll(() => table.save());

function wasmFile(name: string, bytes: Uint8Array): string {
  const path = join(tmp.dir, `${name}.wasm`);
  writeFileSync(path, bytes);
  return path;
}

/** `smoke FILE --json` in a child process: the report, the exit and the peak RSS. */
async function smokeCli(name: string, bytes: Uint8Array) {
  const run = await spawnCli(['smoke', wasmFile(name, bytes), '--host', 'envoy', '--json'], {
    killAfterMs: 60_000,
  });
  let report: SmokeReport | undefined;
  try {
    report = JSON.parse(run.stdout) as SmokeReport;
  } catch {
    // asserted below
  }
  return { run, report, rssMiB: maxRssMiB(run) };
}

const kept = (r: SmokeReport) => r.logs.filter((l) => !l.message.startsWith('smoke: '));
const keptBytes = (r: SmokeReport) => kept(r).reduce((n, l) => n + Buffer.byteLength(l.message), 0);

describe('what a plugin may allocate', () => {
  const it = table.it('#12.9 what a plugin may allocate');
  it('refuses tables of more entries than V8 holds in one (ten of 10M killed the CLI, exit 134)', async () => {
    const { run, report } = await smokeCli('ten-tables', tenHugeTables());
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 1, signal: null });
    expect(report?.error).toMatchObject({
      phase: 'load',
      message: `the module's tables declare 100000000 entries in all; the smoke test allows ${MAX_TABLE_ENTRIES} (V8 keeps every entry on its heap)`,
    });
  });

  it('never allows more linear memory than the gateway, whatever memoryLimitMb says', async () => {
    // Up to 4096 MiB (the most a wasm32 memory holds) the limit is clamped to
    // the gateway's; more is bad input (test/smoke/caps.test.ts).
    const r = await runSmoke(bigMemory(16385), { host: 'envoy', memoryLimitMb: 4096 });
    expect(r.error?.message).toBe(
      'Failed to load Wasm bytecode: linear memory minimum of 1024.06 MiB exceeds the memory limit of 1024 MiB',
    );
    expect(r.logs.map((l) => l.message)).toContain(
      "smoke: memoryLimitMb 4096 is above the gateway's 1024 MiB; using 1024 MiB",
    );
    expect((await runSmoke(bigMemory(16384), { host: 'envoy', memoryLimitMb: 4096 })).ok).toBe(
      true,
    );
  });

  it('keeps growing tables within the same total', async () => {
    // each of ten tables grows by 1000 entries, and not past 1M (V8 alone allows 10M each)
    const r = await smokeTest(growingTables(), { host: 'envoy' });
    expect(r.error).toBeNull();
  });

  it('fails a plugin whose host calls copy more than the limit out of its memory', async () => {
    const { run, report, rssMiB } = await smokeCli('shared-data', sharedDataFlood());
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 1, signal: null });
    expect(report?.error).toMatchObject({
      phase: 'canary.vm_start',
      message: `the plugin passed more than ${MAX_HOST_COPY_BYTES} bytes to host functions (the smoke test's limit for one VM) (in proxy_on_vm_start)`,
    });
    // before: 2 MiB more per call until the 10 s timeout (about 2 GB)
    expect(rssMiB).toBeDefined();
    expect(rssMiB!).toBeLessThan(600);
  });
});

describe('what a plugin may log', () => {
  const it = table.it('#12.10 what a plugin may log');
  it('cuts 1 GiB of proxy_log text at the run limit and says so', async () => {
    // 8192 messages of 64 KiB in each VM, as the 346-byte module of #12 item 10
    const r = await smokeTest(logFlood('proxy_log', 8192, 65536), { host: 'envoy' });
    expect(r.ok).toBe(true);
    expect(keptBytes(r)).toBeLessThanOrEqual(MAX_LOG_BYTES);
    const notes = r.logs.filter((l) => l.message.startsWith('smoke: ')).map((l) => l.message);
    expect(notes).toEqual([
      `smoke: log truncated after ${MAX_LOG_BYTES} bytes (16 lines): a run keeps at most ${MAX_LOG_BYTES} bytes or ${MAX_LOG_LINES} lines of a plugin's log`,
      `smoke: ${2 * 8192 - 16} more log lines (${(2 * 8192 - 16) * 65536} bytes) were dropped`,
    ]);
  });

  it('cuts stdout without newlines into messages, then at the run limit', async () => {
    const r = await smokeTest(logFlood('fd_write', 8192, 65536), { host: 'envoy' });
    expect(r.ok).toBe(true);
    expect(kept(r).every((l) => l.message.length === 65536)).toBe(true);
    expect(keptBytes(r)).toBeLessThanOrEqual(MAX_LOG_BYTES);
    expect(r.logs.at(-1)?.message).toMatch(
      /^smoke: \d+ more log lines \(\d+ bytes\) were dropped$/,
    );
  });

  it('keeps at most the line limit of short lines', async () => {
    const r = await smokeTest(logFlood('fd_write', 20_000, 16, true), { host: 'envoy' });
    expect(r.ok).toBe(true);
    expect(kept(r)).toHaveLength(MAX_LOG_LINES);
    expect(r.logs.at(-1)?.message).toBe(
      `smoke: ${2 * 20_000 - MAX_LOG_LINES} more log lines (${(2 * 20_000 - MAX_LOG_LINES) * 15} bytes) were dropped`,
    );
  });
});

/** A plugin that logs about 0.5 GB per VM with the Go SDK. */
const FLOOD_MAIN = `// log-flood: a plugin that logs 8192 messages of 64 KiB when it starts.
package main

import (
\t"strings"

\t"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
\t"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

func init() { proxywasm.SetVMContext(&vmContext{}) }

func main() {}

type vmContext struct{ types.DefaultVMContext }

func (*vmContext) NewPluginContext(uint32) types.PluginContext { return &pluginContext{} }

type pluginContext struct{ types.DefaultPluginContext }

func (*pluginContext) NewHttpContext(uint32) types.HttpContext { return &types.DefaultHttpContext{} }

func (*pluginContext) OnPluginStart(int) types.OnPluginStartStatus {
\tline := strings.Repeat("flood ", 65536/6)
\tfor i := 0; i < 8192; i++ {
\t\tproxywasm.LogInfo(line)
\t}
\treturn types.OnPluginStartStatusOK
}
`;

/**
 * HOSTILE-MODULE STAND-IN for \`go build\` (not Go): in a plugin directory
 * holding hostile.wasm, \`go build ... -o OUT .\` copies that module to OUT
 * (no Go source can declare ten tables of 10M entries); every other call runs
 * the real Go.
 */
const GO_STANDIN = `#!/bin/sh
# wasm-plugin-ci test: HOSTILE-MODULE STAND-IN for go build (not Go)
if [ "$1" = build ] && [ -f hostile.wasm ]; then
  out=""; prev=""
  for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
  exec cp hostile.wasm "$out"
fi
exec "$WPCI_REAL_GO" "$@"
`;

describe('run with a hostile plugin among others', () => {
  const it = table.it('#12.9 one plugin aborting the run');
  let repo: TestRepo;
  let bin: string;
  beforeAll(() => {
    const healthy = readFileSync(join(fixturesDir, 'plugins', 'healthy', 'main.go'), 'utf8');
    repo = TestRepo.create(
      [
        { name: 'alpha', files: { 'main.go': healthy } },
        { name: 'flood', files: { 'main.go': FLOOD_MAIN } },
        { name: 'tables' },
        { name: 'zulu', files: { 'main.go': healthy } },
      ],
      'wpci-bounded-repo-',
    );
    writeFileSync(repo.path('plugins/wasm-go/extensions/tables/hostile.wasm'), tenHugeTables());
    repo.commit('a hostile module');
    bin = join(tmp.dir, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    writeFileSync(join(bin, 'go'), GO_STANDIN);
    chmodSync(join(bin, 'go'), 0o755);
  });
  afterAll(() => repo?.cleanup());

  it('fails that plugin only: the others pass, are published and the summary is written', async () => {
    const realGo = join(
      execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim(),
      'bin',
      'go',
    );
    const run = await spawnCli(
      [
        'run',
        '--repo',
        repo.dir,
        '--all',
        '--jobs',
        '2',
        '--out',
        join(tmp.dir, 'out'),
        '--oci-layout',
        join(tmp.dir, 'oci'),
        '--json',
      ],
      {
        cwd: repo.dir,
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          WPCI_REAL_GO: realGo,
          GOCACHE: join(cacheDir, 'reliability-gocache'),
        },
        killAfterMs: 280_000,
      },
    );
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 1, signal: null });
    const doc = JSON.parse(run.stdout) as {
      summary: string;
      artifacts: {
        plugin: string;
        ok: boolean;
        failedStage?: string;
        error?: string;
        references?: string[];
      }[];
    };
    const artifacts = doc.artifacts;
    const by = Object.fromEntries(artifacts.map((a) => [a.plugin, a]));
    expect(Object.keys(by).sort()).toEqual(['alpha', 'flood', 'tables', 'zulu']);
    for (const ok of ['alpha', 'flood', 'zulu']) {
      expect({ plugin: ok, ok: by[ok]!.ok, error: by[ok]!.error }).toEqual({
        plugin: ok,
        ok: true,
      });
      expect(by[ok]!.references?.length).toBeGreaterThan(0);
    }
    expect(by.tables).toMatchObject({ ok: false, failedStage: 'smoke' });
    expect(by.tables!.error).toContain("the module's tables declare 100000000 entries in all");
    // the summary (Markdown in the JSON, a text table on stderr), and the
    // flood's log cut (about 1 GB logged, 1 MiB kept)
    expect(doc.summary).toContain('### wasm-plugin-ci: 1 of 4 plugin(s) failed');
    expect(doc.summary).toMatch(/\| tables \| go \| .* \| FAILED in load \|/);
    expect(run.stderr).toMatch(/^\W*tables\W+go\b.*\bFAILED in load\b/m);
    expect(run.stderr).toContain(`smoke: log truncated after`);
    expect(run.stderr.length).toBeLessThan(8 << 20);
    expect(maxRssMiB(run)!).toBeLessThan(1536);
  }, 300_000);
});
