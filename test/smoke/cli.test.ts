// `wasm-plugin-ci smoke`: exit codes, --json, human output.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { buildFixture } from '../support/go-fixtures.js';
import { watFixture, writeWasm } from '../support/wat.js';

let healthy: string;
let badConfig: string;
let panic: string;

beforeAll(async () => {
  healthy = writeWasm(await watFixture('healthy'), 'cli-healthy');
  panic = writeWasm(await watFixture('tinygo-panic'), 'cli-panic');
  badConfig = await buildFixture('bad-config');
}, 300_000);

describe('smoke command', () => {
  it('exit 0 and one JSON document on stdout with --json', async () => {
    const r = await cli(['smoke', healthy, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      ok: true,
      host: 'higress',
      abi: 'proxy_abi_version_0_2_0',
      entry: '_start',
      error: null,
    });
    expect(Object.keys(report).sort()).toEqual([
      'abi',
      'activity',
      'entry',
      'error',
      'host',
      'logs',
      'ok',
      'phases',
    ]);
    expect(r.stderr).toMatch(/^PASS /);
  });

  it('exit 1 with the Envoy-style failure and backtrace on stderr', async () => {
    const r = await cli(['smoke', panic, '--host', 'envoy']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('FAIL ');
    expect(r.stderr).toContain('[error] panic: nottinygc: heap not initialized');
    expect(r.stderr).toMatch(
      /Function: _start failed: Uncaught RuntimeError: unreachable\nProxy-Wasm plugin in-VM backtrace:\n {2}0: 0x[0-9a-f]+ - runtime\._panic\n {2}1: 0x[0-9a-f]+ - github\.com\/higress-group\/nottinygc\.init#1\n/,
    );
  });

  it('passes --plugin-config (inline YAML) to the plugin', async () => {
    expect((await cli(['smoke', badConfig])).code).toBe(1);
    const r = await cli(['smoke', badConfig, '--plugin-config', 'upstream: backend', '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.logs).toContainEqual({ level: 'info', message: 'upstream backend' });
    expect(
      report.phases.find((p: { name: string }) => p.name === 'worker.configure'),
    ).toMatchObject({ ok: true });
  });

  it('exit 2 for bad input, naming the value', async () => {
    const unknown = await cli(['smoke', healthy, '--host', 'nginx']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown host profile 'nginx'");
    const missing = await cli(['smoke', 'nope.wasm']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.wasm: cannot read the wasm file (ENOENT)');
    // A directory or a FIFO named as the module: refused at once, never waited on.
    const dir = mkdtempSync(join(tmpdir(), 'wpci-smoke-cli-'));
    const asDir = await cli(['smoke', dir]);
    expect(asDir.code).toBe(2);
    expect(asDir.stderr).toContain(`${dir}: cannot read the wasm file (not a regular file)`);
    const fifo = join(dir, 'plugin.wasm');
    execFileSync('mkfifo', [fifo]);
    const asFifo = await cli(['smoke', fifo]);
    expect(asFifo.code).toBe(2);
    expect(asFifo.stderr).toContain(`${fifo}: cannot read the wasm file (not a regular file)`);
    const timeout = await cli(['smoke', healthy, '--timeout-ms', 'soon']);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain("--timeout-ms 'soon' is not a positive integer");
    const config = await cli(['smoke', healthy, '--plugin-config', 'missing.yaml']);
    expect(config.code).toBe(2);
    expect(config.stderr).toContain("--plugin-config 'missing.yaml'");
    const garbage = writeWasm(new TextEncoder().encode('not wasm at all'), 'cli-garbage');
    const bad = await cli(['smoke', garbage]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a wasm module (bad magic number) at offset 0x0');
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
