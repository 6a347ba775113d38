/**
 * Our own WASI preview1 layer (not node:wasi, which always exposes all 46
 * functions): only the functions a profile lists, behaving like cpp-host's
 * (stdout/stderr into the captured log, no files, empty args and environment,
 * real clocks and randomness, poll_oneoff that reports no events).
 */
import { randomFillSync } from 'node:crypto';
import type { FuncSig, ValType } from '../wasm/types.js';
import type { HostFunction } from './proxy/contract.js';

export const ERRNO = {
  SUCCESS: 0,
  BADF: 8,
  FAULT: 21,
  INVAL: 28,
  NOENT: 44,
  NOSYS: 52,
} as const;

/** Thrown by proc_exit: ends the VM; the lifecycle reads the exit code. */
export class ProcExit extends Error {
  constructor(readonly code: number) {
    super(`proc_exit(${code})`);
    this.name = 'ProcExit';
  }
}

const sig = (params: string, results = 'i32'): FuncSig => ({
  params: params ? (params.split(' ') as ValType[]) : [],
  results: results ? (results.split(' ') as ValType[]) : [],
});

/** Signatures of every WASI preview1 function. */
export const WASI_SIGNATURES: Readonly<Record<string, FuncSig>> = {
  args_get: sig('i32 i32'),
  args_sizes_get: sig('i32 i32'),
  environ_get: sig('i32 i32'),
  environ_sizes_get: sig('i32 i32'),
  clock_res_get: sig('i32 i32'),
  clock_time_get: sig('i32 i64 i32'),
  fd_advise: sig('i32 i64 i64 i32'),
  fd_allocate: sig('i32 i64 i64'),
  fd_close: sig('i32'),
  fd_datasync: sig('i32'),
  fd_fdstat_get: sig('i32 i32'),
  fd_fdstat_set_flags: sig('i32 i32'),
  fd_fdstat_set_rights: sig('i32 i64 i64'),
  fd_filestat_get: sig('i32 i32'),
  fd_filestat_set_size: sig('i32 i64'),
  fd_filestat_set_times: sig('i32 i64 i64 i32'),
  fd_pread: sig('i32 i32 i32 i64 i32'),
  fd_prestat_get: sig('i32 i32'),
  fd_prestat_dir_name: sig('i32 i32 i32'),
  fd_pwrite: sig('i32 i32 i32 i64 i32'),
  fd_read: sig('i32 i32 i32 i32'),
  fd_readdir: sig('i32 i32 i32 i64 i32'),
  fd_renumber: sig('i32 i32'),
  fd_seek: sig('i32 i64 i32 i32'),
  fd_sync: sig('i32'),
  fd_tell: sig('i32 i32'),
  fd_write: sig('i32 i32 i32 i32'),
  path_create_directory: sig('i32 i32 i32'),
  path_filestat_get: sig('i32 i32 i32 i32 i32'),
  path_filestat_set_times: sig('i32 i32 i32 i32 i64 i64 i32'),
  path_link: sig('i32 i32 i32 i32 i32 i32 i32'),
  path_open: sig('i32 i32 i32 i32 i32 i64 i64 i32 i32'),
  path_readlink: sig('i32 i32 i32 i32 i32 i32'),
  path_remove_directory: sig('i32 i32 i32'),
  path_rename: sig('i32 i32 i32 i32 i32 i32'),
  path_symlink: sig('i32 i32 i32 i32 i32'),
  path_unlink_file: sig('i32 i32 i32'),
  poll_oneoff: sig('i32 i32 i32 i32'),
  proc_exit: sig('i32', ''),
  proc_raise: sig('i32'),
  sched_yield: sig(''),
  random_get: sig('i32 i32'),
  sock_accept: sig('i32 i32 i32'),
  sock_recv: sig('i32 i32 i32 i32 i32 i32'),
  sock_send: sig('i32 i32 i32 i32 i32'),
  sock_shutdown: sig('i32 i32'),
};

export interface WasiOptions {
  /** The functions to provide (a profile's list). */
  functions: readonly string[];
  memory(): WebAssembly.Memory;
  /** fd 1 arrives at 'info', fd 2 at 'error', one call per complete line. */
  log(level: 'info' | 'error', message: string): void;
}

export interface WasiLayer {
  signatures: Record<string, FuncSig>;
  functions: Record<string, HostFunction>;
  /** Emits output still waiting for its newline. */
  flush(): void;
}

type Impl = (view: DataView, ...args: (number | bigint)[]) => number | void;

export function createWasi(options: WasiOptions): WasiLayer {
  const pending: Record<1 | 2, string> = { 1: '', 2: '' };
  const decoder = new TextDecoder();
  const emit = (fd: 1 | 2, text: string) => {
    const lines = (pending[fd] + text).split('\n');
    pending[fd] = lines.pop() ?? '';
    for (const line of lines) options.log(fd === 1 ? 'info' : 'error', line);
  };

  const impls: Record<string, Impl> = {
    fd_write(view, fd, iovs, count, nwrittenPtr) {
      if (fd !== 1 && fd !== 2) return ERRNO.BADF;
      const memory = new Uint8Array(view.buffer);
      let total = 0;
      let text = '';
      for (let i = 0; i < Number(count); i++) {
        const base = Number(iovs) + i * 8;
        const ptr = view.getUint32(base, true);
        const len = view.getUint32(base + 4, true);
        if (ptr + len > memory.length) return ERRNO.FAULT;
        text += decoder.decode(memory.subarray(ptr, ptr + len), { stream: true });
        total += len;
      }
      view.setUint32(Number(nwrittenPtr), total, true);
      emit(fd, text);
      return ERRNO.SUCCESS;
    },
    fd_fdstat_get(view, fd, out) {
      if (fd !== 1 && fd !== 2) return ERRNO.BADF;
      const at = Number(out);
      view.setUint8(at, 2); // character device
      view.setUint16(at + 2, 1, true); // append
      view.setBigUint64(at + 8, 64n, true); // right to fd_write
      view.setBigUint64(at + 16, 0n, true);
      return ERRNO.SUCCESS;
    },
    args_sizes_get: (view, countPtr, sizePtr) => zeroes(view, countPtr, sizePtr),
    environ_sizes_get: (view, countPtr, sizePtr) => zeroes(view, countPtr, sizePtr),
    args_get: () => ERRNO.SUCCESS,
    environ_get: () => ERRNO.SUCCESS,
    clock_time_get(view, id, _precision, out) {
      let now: bigint;
      if (id === 0) now = BigInt(Date.now()) * 1_000_000n;
      else if (id === 1) now = process.hrtime.bigint();
      else return ERRNO.INVAL;
      view.setBigUint64(Number(out), now, true);
      return ERRNO.SUCCESS;
    },
    clock_res_get(view, id, out) {
      if (id !== 0 && id !== 1) return ERRNO.INVAL;
      view.setBigUint64(Number(out), 1n, true);
      return ERRNO.SUCCESS;
    },
    random_get(view, buf, len) {
      const at = Number(buf);
      const n = Number(len);
      if (at + n > view.byteLength) return ERRNO.FAULT;
      randomFillSync(new Uint8Array(view.buffer, at, n));
      return ERRNO.SUCCESS;
    },
    poll_oneoff(view, _in, _out, _count, neventsPtr) {
      view.setUint32(Number(neventsPtr), 0, true);
      return ERRNO.SUCCESS;
    },
    sched_yield: () => ERRNO.SUCCESS,
    proc_exit(_view, code) {
      throw new ProcExit(Number(code));
    },
    fd_prestat_get: () => ERRNO.BADF, // no preopened directories
    path_open: () => ERRNO.NOENT,
  };

  let view: DataView | undefined;
  const viewOf = () => {
    const buffer = options.memory().buffer;
    if (!view || view.buffer !== buffer) view = new DataView(buffer);
    return view;
  };

  const signatures: Record<string, FuncSig> = {};
  const functions: Record<string, HostFunction> = {};
  for (const name of options.functions) {
    const signature = WASI_SIGNATURES[name];
    if (!signature) continue;
    signatures[name] = signature;
    const impl = impls[name] ?? (() => ERRNO.NOSYS);
    functions[name] = (...args) => {
      try {
        return impl(viewOf(), ...args);
      } catch (err) {
        if (err instanceof RangeError) return ERRNO.FAULT; // pointer outside memory
        throw err;
      }
    };
  }
  return {
    signatures,
    functions,
    flush() {
      for (const fd of [1, 2] as const) {
        if (pending[fd]) options.log(fd === 1 ? 'info' : 'error', pending[fd]);
        pending[fd] = '';
      }
    },
  };
}

function zeroes(view: DataView, a: number | bigint, b: number | bigint): number {
  view.setUint32(Number(a), 0, true);
  view.setUint32(Number(b), 0, true);
  return ERRNO.SUCCESS;
}
