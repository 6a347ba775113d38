// The loader's checks and start rules, per host profile, on WAT modules
// shaped like the real failures (FACTS.md section 4).
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/common/errors.js';
import { runSmoke } from '../../src/smoke/index.js';
import { readModule } from '../../src/wasm/reader.js';
import { compileWat, watFixture } from '../support/wat.js';

const smoke = async (fixture: string, host?: string) =>
  runSmoke(await watFixture(fixture), { host, file: `${fixture}.wasm` });

describe('ABI marker', () => {
  it('fails without one, in the load phase, on every proxy profile', async () => {
    for (const host of ['envoy-legacy', 'envoy', 'envoy-2026', 'higress']) {
      const r = await smoke('no-abi', host);
      expect(r.ok).toBe(false);
      expect(r.error).toEqual({
        phase: 'load',
        message: 'Missing or unknown Proxy-Wasm ABI version',
        backtrace: [],
      });
      expect(r.phases).toEqual([expect.objectContaining({ name: 'load', ok: false })]);
    }
  });

  it('accepts 0_2_100 only on higress', async () => {
    expect((await smoke('abi-0-2-100', 'higress')).abi).toBe('proxy_abi_version_0_2_100');
    expect((await smoke('abi-0-2-100', 'higress')).ok).toBe(true);
    for (const host of ['envoy-legacy', 'envoy', 'envoy-2026']) {
      expect((await smoke('abi-0-2-100', host)).error?.message).toBe(
        'Missing or unknown Proxy-Wasm ABI version',
      );
    }
  });

  it('takes the first exported marker the host knows', async () => {
    expect((await smoke('abi-first-match', 'higress')).abi).toBe('proxy_abi_version_0_2_100');
    const envoy = await smoke('abi-first-match', 'envoy');
    expect(envoy.abi).toBe('proxy_abi_version_0_2_0');
    expect(envoy.ok).toBe(true);
  });

  it('registers ABI-specific host functions only for their version', async () => {
    expect((await smoke('abi-0-2-1', 'envoy')).ok).toBe(true); // proxy_get_log_level exists for 0.2.1
    const old = await smoke('abi-0-1-0', 'envoy');
    expect(old.abi).toBe('proxy_abi_version_0_1_0');
    expect(old.ok).toBe(true); // two-argument proxy_on_request_headers is right for 0.1.0
  });
});

describe('imports, exports and allocator', () => {
  it('reports a missing import with its module and name', async () => {
    const r = await smoke('missing-import');
    expect(r.error?.message).toBe(
      'Failed to load Wasm module due to a missing import: env.proxy_open_the_pod_bay_doors',
    );
  });

  it('reports an import type mismatch with both signatures', async () => {
    const r = await smoke('import-mismatch');
    expect(r.error?.message).toBe(
      'Failed to load Wasm module due to an import type mismatch: env.proxy_log, want: i32 i32 -> i32, but host exports: i32 i32 i32 -> i32',
    );
  });

  it('fails TinyGo modules importing sched_yield only on envoy-legacy', async () => {
    const legacy = await smoke('tinygo-sched-yield', 'envoy-legacy');
    expect(legacy.error?.message).toBe(
      'Failed to load Wasm module due to a missing import: wasi_snapshot_preview1.sched_yield',
    );
    for (const host of ['envoy', 'envoy-2026', 'higress'])
      expect((await smoke('tinygo-sched-yield', host)).ok).toBe(true);
  });

  it('checks export signatures', async () => {
    const r = await smoke('bad-signature');
    expect(r.error?.message).toBe(
      'Bad function signature for: proxy_on_configure, want: i32 i32 -> i32, but the module exports: i32 -> i32',
    );
  });

  it('requires malloc or proxy_on_memory_allocate', async () => {
    expect((await smoke('no-malloc')).error?.message).toBe(
      'Wasm module is missing malloc function.',
    );
  });
});

describe('start', () => {
  it('reports a TinyGo init panic with the in-VM backtrace from the name section', async () => {
    const r = await smoke('tinygo-panic');
    expect(r.entry).toBe('_start');
    expect(r.error?.phase).toBe('canary.start');
    expect(r.error?.message).toBe('Function: _start failed: Uncaught RuntimeError: unreachable');
    expect(r.error?.backtrace.map((f) => f.name)).toEqual([
      'runtime._panic',
      'github.com/higress-group/nottinygc.init#1',
      'runtime.initAll',
      '_start',
    ]);
    expect(r.error?.backtrace.map((f) => f.index)).toEqual([0, 1, 2, 3]);
    // Each offset lies in the body of the function it names, in the file as
    // built (not in the memory-capped copy V8 ran).
    const info = readModule(await watFixture('tinygo-panic'), 'x.wasm');
    const indexOf = new Map([...info.functionNames].map(([i, n]) => [n, i]));
    for (const f of r.error!.backtrace) {
      const body = info.code!.bodies[indexOf.get(f.name)! - info.importedFunctionCount]!;
      expect(f.offset).toBeGreaterThanOrEqual(body.start);
      expect(f.offset).toBeLessThan(body.end);
    }
    // The rewrite's size depends on the limit (16 pages: 1 byte, 4096: 2); offsets must not.
    const small = await runSmoke(await watFixture('tinygo-panic'), { memoryLimitMb: 1 });
    expect(small.error?.backtrace).toEqual(r.error?.backtrace);
    expect(r.logs).toContainEqual({
      level: 'error',
      message: 'panic: nottinygc: heap not initialized',
    });
  });

  it('traps restricted_callback for proc_exit and proxy calls during start', async () => {
    for (const fixture of ['tinygo-proc-exit', 'restricted-call']) {
      const r = await smoke(fixture);
      expect(r.error?.phase).toBe('canary.start');
      expect(r.error?.message).toBe('Function: _start failed: Uncaught Error: restricted_callback');
    }
    const r = await smoke('restricted-call');
    expect(r.error?.backtrace.map((f) => f.name)).toEqual(['main.init', '_start']);
  });

  it('calls __main_void after _initialize only where the host has it', async () => {
    const modern = await smoke('main-void', 'envoy-2026');
    expect(modern.entry).toBe('_initialize+__main_void');
    expect(modern.logs).toContainEqual({ level: 'info', message: '__main_void ran' });
    const envoy = await smoke('main-void', 'envoy');
    expect(envoy.entry).toBe('_initialize');
    expect(envoy.logs).toEqual([]);
  });

  it('runs the whole lifecycle twice (canary, then worker) on a healthy module', async () => {
    const r = await smoke('healthy');
    expect(r.ok).toBe(true);
    expect(r.phases.map((p) => p.name)).toEqual([
      'load',
      'canary.start',
      'canary.vm_start',
      'canary.configure',
      'worker.start',
      'worker.vm_start',
      'worker.configure',
      'http.context_create',
      'http.request_headers',
      'http.request_body',
      'http.request_trailers',
      'http.response_headers',
      'http.response_body',
      'http.log',
      'http.done',
      'http.delete',
    ]);
    expect(r.phases.every((p) => p.ok && p.ms >= 0)).toBe(true);
    expect(r.logs.filter((l) => l.message === 'wat plugin started')).toHaveLength(2);
  });

  it('reports a trap in the start section as an instantiation failure of that phase', async () => {
    const bytes = await compileWat(`(module (memory (export "memory") 1)
      (func $malloc (export "malloc") (param i32) (result i32) (i32.const 64))
      (func $abi (export "proxy_abi_version_0_2_0"))
      (func $ctor unreachable) (start $ctor))`);
    const r = await runSmoke(bytes);
    // V8::link's wording; V8's reason goes to the log
    expect(r.error).toMatchObject({
      phase: 'canary.start',
      message: 'Failed to create new Wasm instance',
    });
    expect(r.error?.backtrace.map((f) => f.name)).toEqual(['ctor']);
    expect(r.logs.map((l) => l.message)).toContain(
      'smoke: V8 could not instantiate the module: unreachable',
    );
  });

  it('fails when proxy_on_vm_start returns false', async () => {
    const r = await smoke('vm-start-false');
    expect(r.error).toEqual({
      phase: 'canary.vm_start',
      message: 'Failed to start base Wasm',
      backtrace: [],
    });
  });
});

describe('bad input', () => {
  it('rejects unknown profiles and malformed modules as InputError', async () => {
    await expect(runSmoke(await watFixture('healthy'), { host: 'nginx' })).rejects.toThrow(
      new InputError(
        "unknown host profile 'nginx' (known: envoy-legacy, envoy, envoy-2026, higress, wasi)",
      ),
    );
    await expect(
      runSmoke(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5]), { file: 'x.wasm' }),
    ).rejects.toThrow('x.wasm: truncated type section at offset 0xa');
  });
});
