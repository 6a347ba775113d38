import { describe, expect, it } from '@jest/globals';
import { PROFILES } from '../../src/smoke/index.js';
import { createWasi, ERRNO, ProcExit, WASI_SIGNATURES } from '../../src/smoke/wasi.js';

function layer(functions: readonly string[], pages = 1) {
  const memory = new WebAssembly.Memory({ initial: pages });
  const logs: [string, string][] = [];
  const wasi = createWasi({
    functions,
    memory: () => memory,
    log: (level, message) => logs.push([level, message]),
  });
  return { wasi, logs, view: new DataView(memory.buffer), bytes: new Uint8Array(memory.buffer) };
}

describe('profiles', () => {
  it('list the WASI surfaces of each host generation', () => {
    expect(PROFILES['envoy-legacy']!.wasi).toHaveLength(15);
    expect(PROFILES.envoy!.wasi).toHaveLength(18);
    expect(PROFILES.envoy!.wasi).toEqual(
      expect.arrayContaining(['sched_yield', 'poll_oneoff', 'fd_fdstat_set_flags']),
    );
    expect(PROFILES['envoy-legacy']!.wasi).not.toContain('sched_yield');
    // every preview1 function but proc_raise (cpp-host never registers it)
    expect(PROFILES['envoy-2026']!.wasi).toHaveLength(45);
    expect(new Set(PROFILES.higress!.wasi)).toEqual(
      new Set(Object.keys(WASI_SIGNATURES).filter((n) => n !== 'proc_raise')),
    );
    expect(PROFILES.wasi!.wasi).toHaveLength(46);
    for (const p of Object.values(PROFILES)) {
      for (const never of [
        'proc_exit',
        'sched_yield',
        'fd_read',
        'fd_seek',
        'fd_close',
        'path_open',
      ])
        expect(p.startAllowList).not.toContain(never);
    }
    expect(PROFILES.higress!.abiMarkers.at(-1)).toBe('proxy_abi_version_0_2_100');
    expect(PROFILES.envoy!.abiMarkers).not.toContain('proxy_abi_version_0_2_100');
  });

  it('allow the start calls of their cpp-host commit', () => {
    expect(PROFILES['envoy-legacy']!.startAllowList).toHaveLength(10);
    expect(PROFILES.envoy!.startAllowList).toHaveLength(13);
    expect(PROFILES['envoy-2026']!.startAllowList).toHaveLength(41);
    expect(PROFILES['envoy-2026']!.startAllowList).toContain('env.emscripten_notify_memory_growth');
    expect(PROFILES.envoy!.startAllowList).toContain('env.emscripten_notify_memory_growth');
    expect(PROFILES['envoy-legacy']!.startAllowList).not.toContain(
      'env.emscripten_notify_memory_growth',
    );
    // the Higress fork: the same WASI calls as #533, no emscripten
    expect(PROFILES.higress!.startAllowList).toEqual(
      PROFILES['envoy-2026']!.startAllowList.filter((n) => !n.startsWith('env.emscripten')),
    );
  });

  it('declare the signatures cpp-host registers where they differ from preview1', () => {
    const params = (profile: string, fn: string) =>
      (PROFILES[profile]!.wasiSignatures[fn] ?? WASI_SIGNATURES[fn]!).params.length;
    expect([params('envoy-2026', 'path_link'), params('envoy-2026', 'path_symlink')]).toEqual([
      6, 4,
    ]);
    expect(params('envoy-2026', 'path_rename')).toBe(6);
    expect(params('higress', 'path_rename')).toBe(5);
    expect(params('wasi', 'path_link')).toBe(7);
  });
});

describe('WASI layer', () => {
  it('offers only the functions it is given', () => {
    const { wasi } = layer(PROFILES['envoy-legacy']!.wasi);
    expect(Object.keys(wasi.functions).sort()).toEqual([...PROFILES['envoy-legacy']!.wasi].sort());
    expect(wasi.signatures.clock_time_get).toEqual({
      params: ['i32', 'i64', 'i32'],
      results: ['i32'],
    });
  });

  it('turns fd 1 and 2 into log lines at info and error, line by line', () => {
    const { wasi, logs, view, bytes } = layer(['fd_write']);
    const write = (fd: number, text: string) => {
      bytes.set(new TextEncoder().encode(text), 1024);
      view.setUint32(16, 1024, true);
      view.setUint32(20, text.length, true);
      return wasi.functions.fd_write!(fd, 16, 1, 32);
    };
    expect(write(1, 'hello ')).toBe(ERRNO.SUCCESS);
    expect(view.getUint32(32, true)).toBe(6);
    expect(logs).toEqual([]);
    write(1, 'world\nsecond');
    write(2, 'oops\n');
    expect(logs).toEqual([
      ['info', 'hello world'],
      ['error', 'oops'],
    ]);
    wasi.flush();
    expect(logs.at(-1)).toEqual(['info', 'second']);
    expect(write(3, 'x')).toBe(ERRNO.BADF);
  });

  it('behaves like cpp-host for polling, clocks, environment and exit', () => {
    const errors: string[] = [];
    const memory = new WebAssembly.Memory({ initial: 1 });
    const view = new DataView(memory.buffer);
    const { functions: f } = createWasi({
      functions: PROFILES.higress!.wasi,
      memory: () => memory,
      log: () => undefined,
      contextError: (m) => errors.push(m),
    });
    view.setUint32(100, 7, true);
    expect(f.poll_oneoff!(0, 0, 1, 100)).toBe(ERRNO.SUCCESS);
    expect(view.getUint32(100, true)).toBe(0);
    expect(f.environ_sizes_get!(200, 204)).toBe(ERRNO.SUCCESS);
    expect([view.getUint32(200, true), view.getUint32(204, true)]).toEqual([0, 0]);
    expect(f.clock_time_get!(0, 1n, 300)).toBe(ERRNO.SUCCESS);
    const ns = view.getBigUint64(300, true);
    expect(Number(ns / 1_000_000n)).toBeGreaterThan(Date.now() - 60_000);
    expect(f.clock_time_get!(2, 1n, 300)).toBe(ERRNO.NOTSUP); // cputime clocks
    expect(f.random_get!(400, 32)).toBe(ERRNO.SUCCESS);
    expect(f.random_get!(400, 65537)).toBe(ERRNO.INVAL); // past 64 KiB
    expect(f.random_get!(65530, 32)).toBe(ERRNO.FAULT);
    expect(f.fd_prestat_get!(3, 500)).toBe(ERRNO.BADF);
    expect(f.sock_accept!(3, 0, 500)).toBe(ERRNO.NOTSUP);
    expect(f.fd_allocate!(1, 0n, 0n)).toBe(ERRNO.SUCCESS);
    expect(f.fd_allocate!(3, 0n, 0n)).toBe(ERRNO.BADF);
    expect(f.fd_readdir!(3, 0, 0, 0n, 500)).toBe(20); // cpp-host's value
    // fd_fdstat_get: filetype 0, rights_base FD_WRITE
    expect(f.fd_fdstat_get!(1, 600)).toBe(ERRNO.SUCCESS);
    expect([view.getUint8(600), view.getBigUint64(608, true)]).toEqual([0, 64n]);
    // proc_exit, fd_seek and fd_close report a context error and the guest carries on
    expect(f.proc_exit!(2)).toBeUndefined();
    expect(f.fd_seek!(3, 0n, 0, 700)).toBe(ERRNO.SUCCESS);
    expect(errors).toEqual(['wasi_unstable proc_exit', 'wasi_unstable fd_seek']);
  });

  it('ends the VM on proc_exit on a plain WASI host, and polls with ENOSYS before #533', () => {
    const { wasi } = layer(PROFILES.wasi!.wasi);
    expect(() => wasi.functions.proc_exit!(2)).toThrow(new ProcExit(2));
    const memory = new WebAssembly.Memory({ initial: 1 });
    const envoy = createWasi({
      functions: PROFILES.envoy!.wasi,
      memory: () => memory,
      log: () => undefined,
      pollOneoffEnosys: PROFILES.envoy!.pollOneoffEnosys,
    });
    expect(envoy.functions.poll_oneoff!(0, 0, 1, 100)).toBe(ERRNO.NOSYS);
  });

  it('keeps a message within its limit and writes text without newlines out in pieces', () => {
    const { wasi, logs, view, bytes } = layer(['fd_write'], 4);
    const big = 200 * 1024;
    bytes.fill(0x61, 1024, 1024 + big); // 'a' x 200 KiB, no newline
    view.setUint32(16, 1024, true);
    view.setUint32(20, big, true);
    expect(wasi.functions.fd_write!(1, 16, 1, 32)).toBe(ERRNO.SUCCESS);
    expect(view.getUint32(32, true)).toBe(big); // the plugin is told all was written
    expect(logs).toHaveLength(1);
    expect(logs[0]![1]).toBe(
      `${'a'.repeat(64 * 1024)} [message cut at ${64 * 1024} of ${big} bytes]`,
    );
  });
});
