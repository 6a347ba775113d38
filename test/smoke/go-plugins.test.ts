// The Go fixture plugins, built with the machine's Go 1.26, loaded per profile.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { runSmoke } from '../../src/smoke/index.js';
import { buildFixture, type BuildMode, type FixturePlugin } from '../support/go-fixtures.js';
import { compileWat } from '../support/wat.js';

const wasm: Record<string, Uint8Array> = {};
const load = async (name: FixturePlugin, mode: BuildMode = 'reactor') => {
  wasm[`${name}-${mode}`] = new Uint8Array(readFileSync(await buildFixture(name, mode)));
};

beforeAll(async () => {
  await Promise.all([
    load('healthy'),
    load('healthy', 'command'),
    load('init-panic'),
    load('bad-config'),
    load('http-call'),
    load('wasi-tool'),
  ]);
}, 300_000);

const smoke = (key: string, options: Parameters<typeof runSmoke>[1] = {}) =>
  runSmoke(wasm[key]!, { file: `${key}.wasm`, ...options });

describe('Go c-shared plugins', () => {
  it('healthy: loads on envoy, envoy-2026 and higress, reads its config, ticks', async () => {
    for (const host of ['envoy', 'envoy-2026', 'higress']) {
      const r = await smoke('healthy-reactor', {
        host,
        pluginConfig: '{"header":"x-from-test","value":"42"}',
      });
      expect(r).toMatchObject({
        ok: true,
        host,
        abi: 'proxy_abi_version_0_2_0',
        entry: '_initialize',
        error: null,
      });
      expect(
        r.logs.filter((l) => l.message === 'healthy plugin configured: x-from-test=42'),
      ).toHaveLength(2);
      expect(r.logs).toContainEqual({ level: 'info', message: 'request to /smoke?probe=1' });
      expect(r.logs).toContainEqual({ level: 'info', message: 'response status 200' });
      expect(r.phases.at(-1)).toMatchObject({ name: 'tick', ok: true });
      expect(r.logs.at(-1)).toEqual({ level: 'info', message: 'tick' });
    }
  });

  it('healthy: fails to link on envoy-legacy (Go imports sched_yield, poll_oneoff, fd_fdstat_set_flags)', async () => {
    const r = await smoke('healthy-reactor', { host: 'envoy-legacy' });
    expect(r.ok).toBe(false);
    expect(r.error?.phase).toBe('load');
    expect(r.error?.message).toMatch(
      /^Failed to load Wasm module due to a missing import: wasi_snapshot_preview1\.(sched_yield|poll_oneoff|fd_fdstat_set_flags)$/,
    );
  });

  it('built as a command: proc_exit at the end of _start traps restricted_callback', async () => {
    const r = await smoke('healthy-command');
    expect(r.entry).toBe('_start');
    expect(r.error?.phase).toBe('canary.start');
    expect(r.error?.message).toBe('Function: _start failed: Uncaught Error: restricted_callback');
    expect(r.error?.backtrace[0]?.name).toBe('runtime.exit');
    expect(r.error?.backtrace.map((f) => f.name)).toContain('runtime.main');
  });

  it('init-panic: fails during _initialize with the panic in the captured log', async () => {
    const r = await smoke('init-panic-reactor');
    expect(r.error?.phase).toBe('canary.start');
    expect(r.error?.message).toMatch(
      /^Function: _initialize failed: Uncaught (RuntimeError: unreachable|Error: restricted_callback)$/,
    );
    expect(r.error?.backtrace.map((f) => f.name)).toContain('main.init');
    expect(r.logs).toContainEqual({
      level: 'error',
      message: 'panic: init: PLUGIN_REQUIRED_SETTING is not set',
    });
  });

  it('bad-config: fails configure without an upstream, passes with one', async () => {
    const bad = await smoke('bad-config-reactor');
    expect(bad.error).toEqual({
      phase: 'canary.configure',
      message: 'Failed to configure base Wasm plugin',
      backtrace: [],
    });
    expect(bad.logs).toContainEqual({
      level: 'critical',
      message: 'configuration must name an upstream',
    });
    const good = await smoke('bad-config-reactor', { pluginConfig: '{"upstream":"backend"}' });
    expect(good.phases.filter((p) => p.name.endsWith('.configure'))).toEqual([
      expect.objectContaining({ name: 'canary.configure', ok: true }),
      expect.objectContaining({ name: 'worker.configure', ok: true }),
    ]);
    expect(good.logs).toContainEqual({ level: 'info', message: 'upstream backend' });
    // Its plugin context makes no HTTP context: the SDK panics on the first
    // request, as it would in the gateway.
    expect(good.error?.phase).toBe('http.context_create');
    expect(good.error?.message).toBe(
      'Function: proxy_on_context_create failed: Uncaught RuntimeError: unreachable',
    );
    expect(good.logs).toContainEqual({
      level: 'error',
      message: 'panic: invalid context id on proxy_on_context_create',
    });
  });

  it('http-call: the pending call is answered and the plugin resumes (200) or denies (403)', async () => {
    const ok = await smoke('http-call-reactor');
    expect(ok.ok).toBe(true);
    expect(ok.phases.map((p) => p.name)).toContain('http_call_response');
    expect(ok.logs).toContainEqual({ level: 'info', message: 'auth answered 200: {"ok":true}' });
    const denied = await smoke('http-call-reactor', {
      httpCallResponse: { headers: [[':status', '401']], body: 'no' },
    });
    expect(denied.logs).toContainEqual({ level: 'info', message: 'auth answered 401: no' });
    expect(denied.logs).toContainEqual({
      level: 'info',
      message: 'smoke: local response 403 sent on context 2',
    });
  });
});

describe('wasi profile', () => {
  it('runs a reactor: _initialize, then the configured export with its output captured', async () => {
    const r = await smoke('wasi-tool-reactor', { host: 'wasi', wasiExport: 'execute' });
    expect(r).toMatchObject({ ok: true, abi: null, entry: '_initialize' });
    expect(r.phases.map((p) => p.name)).toEqual(['load', 'start', 'call']);
    expect(r.logs).toContainEqual({
      level: 'info',
      message: 'wasi-tool executed with 0 bytes of input',
    });
    expect(r.logs).toContainEqual({ level: 'info', message: 'smoke: execute returned 0' });
  });

  it('fails on a missing configured export', async () => {
    const r = await smoke('wasi-tool-reactor', { host: 'wasi', wasiExport: 'nope' });
    expect(r.error).toMatchObject({
      phase: 'call',
      message: 'Wasm module does not export function nope',
    });
  });

  it('runs a command: exit code 0 passes, any other fails', async () => {
    const command = (code: number) =>
      compileWat(`(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        (memory (export "memory") 1) (func $main (export "_start") (call $exit (i32.const ${code}))))`);
    const ok = await runSmoke(await command(0), { host: 'wasi' });
    expect(ok).toMatchObject({ ok: true, entry: '_start', error: null });
    const bad = await runSmoke(await command(3), { host: 'wasi' });
    expect(bad.error).toMatchObject({
      phase: 'start',
      message: 'Function: _start failed: exit code 3',
    });
  });

  it('offers no proxy-wasm imports: a proxy plugin fails to link', async () => {
    const r = await smoke('healthy-command', { host: 'wasi' });
    expect(r.error?.message).toMatch(
      /^Failed to load Wasm module due to a missing import: env\.proxy_/,
    );
  });
});
