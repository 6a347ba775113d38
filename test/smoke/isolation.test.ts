// smokeTest runs each module in a worker thread: timeouts and the memory cap.
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/common/errors.js';
import { smokeTest } from '../../src/smoke/index.js';
import { idleSmokeWorkers, prewarmSmokeWorkers } from '../../src/smoke/isolate.js';
import { watFixture, writeWasm } from '../support/wat.js';

describe('smokeTest (worker thread)', () => {
  it('returns the same report as the in-thread run for a healthy module', async () => {
    const r = await smokeTest(await watFixture('healthy'));
    expect(r).toMatchObject({
      ok: true,
      host: 'higress',
      abi: 'proxy_abi_version_0_2_0',
      entry: '_start',
      error: null,
    });
    expect(r.phases.at(-1)?.name).toBe('http.delete');
    expect(r.logs).toContainEqual({ level: 'info', message: 'wat plugin started' });
  });

  it('ends an endless loop as a timeout, keeping the phases done so far', async () => {
    const started = Date.now();
    const r = await smokeTest(await watFixture('endless-loop'), { timeoutMs: 1500 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.ok).toBe(false);
    expect(r.error).toEqual({
      phase: 'canary.configure',
      message:
        'Smoke test timed out after 1500 ms: the plugin did not return in phase canary.configure',
      backtrace: [],
    });
    expect(r.phases.map((p) => `${p.name}:${p.ok}`)).toEqual([
      'load:true',
      'canary.start:true',
      'canary.vm_start:true',
      'canary.configure:false',
    ]);
    expect(r.abi).toBe('proxy_abi_version_0_2_0');
  });

  it('stops linear memory at the cap and names the limit', async () => {
    const r = await smokeTest(await watFixture('memory-hog'), { memoryLimitMb: 64 });
    expect(r.error?.phase).toBe('canary.vm_start');
    expect(r.error?.message).toBe(
      'Function: proxy_on_vm_start failed: Uncaught RuntimeError: unreachable',
    );
    expect(r.logs.at(-1)?.message).toMatch(
      /^smoke: linear memory was at 6\d(\.\d+)? MiB when the plugin failed; the memory limit is 64 MiB$/,
    );
    expect(r.error?.backtrace[0]?.name).toBe('runtime.alloc');
  });

  it('fails a module whose minimum memory exceeds the limit, naming it', async () => {
    // 300 MiB loads on the gateway (V8 allows 1 GiB), so it passes by default
    expect((await smokeTest(await watFixture('memory-min'))).ok).toBe(true);
    const r = await smokeTest(await watFixture('memory-min'), {
      file: 'big.wasm',
      memoryLimitMb: 256,
    });
    expect(r.error).toMatchObject({
      phase: 'load',
      message:
        "Failed to load Wasm bytecode: linear memory minimum of 300 MiB exceeds the memory limit of 256 MiB (the smoke test's memoryLimitMb; the gateway allows 1024 MiB)",
    });
  });

  it('reads a path, and rejects unreadable or malformed files as InputError', async () => {
    const path = writeWasm(await watFixture('healthy'), 'isolation-healthy');
    expect((await smokeTest(path)).ok).toBe(true);
    await expect(smokeTest(`${path}.missing`)).rejects.toThrow(InputError);
    const broken = writeWasm(
      new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, 9, 1]),
      'isolation-broken',
    );
    await expect(smokeTest(broken)).rejects.toThrow(
      `${broken}: truncated import section at offset 0xa`,
    );
  });

  it('reuses a worker whose run passed, with nothing carried over; never one that failed', async () => {
    const healthy = await watFixture('healthy');
    const first = await smokeTest(healthy);
    expect(idleSmokeWorkers()).toBeGreaterThanOrEqual(1);
    const idleBefore = idleSmokeWorkers();
    const second = await smokeTest(healthy);
    // The second run took the idle worker and gave it back.
    expect(idleSmokeWorkers()).toBe(idleBefore);
    expect(second.ok).toBe(true);
    expect(second.logs).toEqual(first.logs);
    expect(second.phases.map((p) => p.name)).toEqual(first.phases.map((p) => p.name));
    // A run that times out takes an idle worker and does not give it back.
    const looped = await smokeTest(await watFixture('endless-loop'), { timeoutMs: 1000 });
    expect(looped.ok).toBe(false);
    expect(idleSmokeWorkers()).toBe(idleBefore - 1);
    expect((await smokeTest(healthy)).ok).toBe(true);
  });

  it('starts workers ahead on request, up to the count, and runs the next test in one', async () => {
    prewarmSmokeWorkers(1);
    const warm = idleSmokeWorkers();
    expect(warm).toBeGreaterThanOrEqual(1);
    prewarmSmokeWorkers(1); // already there: nothing more is started
    expect(idleSmokeWorkers()).toBe(warm);
    const r = await smokeTest(await watFixture('healthy'));
    expect(r.ok).toBe(true);
    expect(idleSmokeWorkers()).toBe(warm);
  });
});
