import { describe, expect, it } from '@jest/globals';
import { PROFILES } from '../../src/smoke/index.js';
import { createWasi, ERRNO, ProcExit, WASI_SIGNATURES } from '../../src/smoke/wasi.js';

function layer(functions: readonly string[]) {
  const memory = new WebAssembly.Memory({ initial: 1 });
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
    expect(PROFILES['envoy-2026']!.wasi).toHaveLength(46);
    expect(new Set(PROFILES.higress!.wasi)).toEqual(new Set(Object.keys(WASI_SIGNATURES)));
    for (const p of Object.values(PROFILES)) {
      expect(p.startAllowList).not.toContain('proc_exit');
      expect(p.startAllowList).not.toContain('sched_yield');
    }
    expect(PROFILES.higress!.abiMarkers.at(-1)).toBe('proxy_abi_version_0_2_100');
    expect(PROFILES.envoy!.abiMarkers).not.toContain('proxy_abi_version_0_2_100');
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
    const { wasi, view } = layer(PROFILES.higress!.wasi);
    const f = wasi.functions;
    view.setUint32(100, 7, true);
    expect(f.poll_oneoff!(0, 0, 1, 100)).toBe(ERRNO.SUCCESS);
    expect(view.getUint32(100, true)).toBe(0);
    expect(f.environ_sizes_get!(200, 204)).toBe(ERRNO.SUCCESS);
    expect([view.getUint32(200, true), view.getUint32(204, true)]).toEqual([0, 0]);
    expect(f.clock_time_get!(0, 1n, 300)).toBe(ERRNO.SUCCESS);
    const ns = view.getBigUint64(300, true);
    expect(Number(ns / 1_000_000n)).toBeGreaterThan(Date.now() - 60_000);
    expect(f.random_get!(400, 32)).toBe(ERRNO.SUCCESS);
    expect(f.fd_prestat_get!(3, 500)).toBe(ERRNO.BADF);
    expect(f.sock_accept!(3, 0, 500)).toBe(ERRNO.NOSYS);
    expect(() => f.proc_exit!(2)).toThrow(new ProcExit(2));
  });
});
