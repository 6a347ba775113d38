/**
 * Small hand-written guests that use what the host returns from inside wasm
 * (pointers the host allocated, cas values it wrote), the way SDK code does.
 */
import { describe, expect, it } from '@jest/globals';
import { createProxyHost, Status } from '../../../src/smoke/proxy/index.js';
import { BUMP_MALLOC, compileWat, defaultOptions } from './harness.js';

const GUEST = `
(module
  (import "env" "proxy_get_buffer_bytes" (func $get_buffer (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_set_shared_data" (func $set_shared (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_shared_data" (func $get_shared (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_register_shared_queue" (func $register (param i32 i32 i32) (result i32)))
  (import "env" "proxy_dequeue_shared_queue" (func $dequeue (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "counter")
  (data (i32.const 120) "one")
  (data (i32.const 140) "two")
  (data (i32.const 160) "jobs")
  ${BUMP_MALLOC}
  ;; Reads the plugin configuration and logs it at info, using the host's pointer.
  (func (export "log_config") (result i32)
    (local $status i32)
    (i32.store (i32.const 16) (i32.const 0))
    (i32.store (i32.const 20) (i32.const 0))
    (local.set $status (call $get_buffer (i32.const 7) (i32.const 0) (i32.const -1) (i32.const 16) (i32.const 20)))
    (if (local.get $status) (then (return (local.get $status))))
    (call $log (i32.const 2) (i32.load (i32.const 16)) (i32.load (i32.const 20))))
  ;; Optimistic update: read the cas, write with it (OK), write again with the
  ;; same, now stale, cas; returns that second status.
  (func (export "cas_race") (result i32)
    (drop (call $set_shared (i32.const 100) (i32.const 7) (i32.const 120) (i32.const 3) (i32.const 0)))
    (drop (call $get_shared (i32.const 100) (i32.const 7) (i32.const 16) (i32.const 20) (i32.const 24)))
    (if (call $set_shared (i32.const 100) (i32.const 7) (i32.const 140) (i32.const 3) (i32.load (i32.const 24)))
      (then (unreachable)))
    (call $set_shared (i32.const 100) (i32.const 7) (i32.const 120) (i32.const 3) (i32.load (i32.const 24))))
  ;; Dequeue from a queue nobody filled.
  (func (export "dequeue_fresh") (result i32)
    (drop (call $register (i32.const 160) (i32.const 4) (i32.const 28)))
    (call $dequeue (i32.load (i32.const 28)) (i32.const 16) (i32.const 20))))
`;

async function guest() {
  const logs: string[] = [];
  const host = createProxyHost({
    ...defaultOptions(),
    log: (level, m) => logs.push(`${level}: ${m}`),
  });
  const instance = new WebAssembly.Instance(await compileWat(GUEST), { env: host.functions });
  const memory = instance.exports.memory as WebAssembly.Memory;
  const malloc = instance.exports.malloc as (n: number) => number;
  host.bind({ memory: () => memory, allocate: malloc });
  host.setEffectiveContext(1);
  const run = (name: string) => (instance.exports[name] as () => number)();
  return { run, logs };
}

describe('guests using host results from wasm', () => {
  it('logs the plugin configuration through the pointer proxy_get_buffer_bytes returned', async () => {
    const g = await guest();
    expect(g.run('log_config')).toBe(Status.Ok);
    expect(g.logs).toEqual(['info: {"deny":["/admin"]}']);
  });

  it('sees CAS_MISMATCH when it reuses a cas after its own update', async () => {
    const g = await guest();
    expect(g.run('cas_race')).toBe(Status.CasMismatch);
  });

  it('gets EMPTY from a fresh queue', async () => {
    const g = await guest();
    expect(g.run('dequeue_fresh')).toBe(Status.Empty);
  });
});
