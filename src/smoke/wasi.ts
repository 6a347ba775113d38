/**
 * Our own WASI preview1 layer (not node:wasi, which always exposes all 46
 * functions): only the functions a profile lists, each behaving as
 * proxy-wasm-cpp-host's (src/exports.cc, wasi_unstable_*): stdout/stderr
 * into the plugin's log, no files or sockets (the errno cpp-host returns for
 * each), empty args and environment, real clocks and randomness.
 */
import { randomFillSync } from 'node:crypto';
import type { FuncSig, ValType } from '../wasm/types.js';
import { MAX_LOG_MESSAGE_BYTES, messageCut } from './limits.js';
import type { HostFunction } from './proxy/contract.js';

export const ERRNO = {
  SUCCESS: 0,
  BADF: 8,
  FAULT: 21,
  INVAL: 28,
  NOENT: 44,
  NOSYS: 52,
  NOTSUP: 58,
} as const;

/** What cpp-host's fd_readdir returns: 20 (EEXIST in preview1), commented there as ENOTDIR. */
const FD_READDIR_ERRNO = 20;

/** Thrown by proc_exit on a plain WASI host: ends the VM; the lifecycle reads the exit code. */
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

/** cpp-host's PROXY_WASM_HOST_WASI_RANDOM_GET_MAX_SIZE_BYTES (include/proxy-wasm/limits.h). */
const RANDOM_GET_MAX_BYTES = 64 * 1024;

export interface WasiOptions {
  /** The functions to provide (a profile's list). */
  functions: readonly string[];
  /** Signatures the host declares differently from preview1 (the profile's). */
  signatures?: Readonly<Record<string, FuncSig>>;
  memory(): WebAssembly.Memory;
  /** fd 1 arrives at 'info', fd 2 at 'error', one call per complete line. */
  log(level: 'info' | 'error', message: string): void;
  /**
   * A proxy-wasm host: proc_exit, fd_seek and fd_close report through
   * ContextBase::error (Envoy logs it at trace level) and the guest carries
   * on. Without it (plain WASI), proc_exit ends the VM.
   */
  contextError?(message: string): void;
  /** cpp-host before #533: poll_oneoff answers ENOSYS and writes nothing. */
  pollOneoffEnosys?: boolean;
}

export interface WasiLayer {
  signatures: Record<string, FuncSig>;
  functions: Record<string, HostFunction>;
  /** Emits output still waiting for its newline. */
  flush(): void;
}

type Arg = number | bigint;
type Impl = (...args: Arg[]) => number | void;

const isStdio = (fd: Arg) => fd === 1 || fd === 2;

export function createWasi(options: WasiOptions): WasiLayer {
  const pending: Record<1 | 2, string> = { 1: '', 2: '' };
  const decoder = new TextDecoder();
  const levelOf = (fd: 1 | 2) => (fd === 1 ? 'info' : 'error');
  /** One log message at most MAX_LOG_MESSAGE_BYTES long, saying so when cut. */
  const bounded = (line: string) =>
    line.length > MAX_LOG_MESSAGE_BYTES
      ? line.slice(0, MAX_LOG_MESSAGE_BYTES) + messageCut(MAX_LOG_MESSAGE_BYTES, line.length)
      : line;
  /** Text of one write, as complete lines; `cut` ends a write that was cut, as its own message. */
  const emit = (fd: 1 | 2, text: string, cut = '') => {
    const lines = (pending[fd] + text).split('\n');
    let rest = lines.pop() ?? '';
    for (const line of lines) options.log(levelOf(fd), bounded(line));
    if (cut) {
      options.log(levelOf(fd), rest.slice(0, MAX_LOG_MESSAGE_BYTES) + cut);
      rest = '';
    }
    // A plugin that never writes a newline still gets its text out, a message at a time.
    while (rest.length >= MAX_LOG_MESSAGE_BYTES) {
      options.log(levelOf(fd), rest.slice(0, MAX_LOG_MESSAGE_BYTES));
      rest = rest.slice(MAX_LOG_MESSAGE_BYTES);
    }
    pending[fd] = rest;
  };

  let view: DataView | undefined;
  const mem = () => {
    const buffer = options.memory().buffer;
    if (!view || view.buffer !== buffer) view = new DataView(buffer);
    return view;
  };
  /** The bounds check of cpp-host's getMemory/setMemory: `ptr + size` within memory. */
  const fits = (v: DataView, ptr: number, size: number) => ptr + size <= v.byteLength;
  const setU32 = (ptr: Arg, value: number): boolean => {
    const v = mem();
    const p = Number(ptr) >>> 0;
    if (!fits(v, p, 4)) return false;
    v.setUint32(p, value, true);
    return true;
  };
  const setU64 = (ptr: Arg, value: bigint): boolean => {
    const v = mem();
    const p = Number(ptr) >>> 0;
    if (!fits(v, p, 8)) return false;
    v.setBigUint64(p, value, true);
    return true;
  };

  /**
   * cpp-host's writevImpl: gathers the iovecs of fd 1 or 2 into one log
   * write; returns an errno and the bytes written. Text past one message's
   * limit is counted, not decoded.
   */
  const writev = (fd: Arg, iovs: Arg, count: Arg): [number, number] => {
    if (fd !== 1 && fd !== 2) return [ERRNO.BADF, 0];
    const v = mem();
    const bytes = new Uint8Array(v.buffer);
    const base = Number(iovs) >>> 0;
    let total = 0;
    let text = '';
    for (let i = 0, n = Number(count) >>> 0; i < n; i++) {
      const at = base + i * 8;
      if (!fits(v, at, 8)) return [ERRNO.FAULT, 0];
      const ptr = v.getUint32(at, true);
      const len = v.getUint32(at + 4, true);
      if (len === 0) continue;
      if (!fits(v, ptr, len)) return [ERRNO.FAULT, 0];
      const room = MAX_LOG_MESSAGE_BYTES - total;
      if (room > 0) text += decoder.decode(bytes.subarray(ptr, ptr + Math.min(len, room)));
      total += len;
    }
    if (total > 0) emit(fd, text, messageCut(MAX_LOG_MESSAGE_BYTES, total));
    return [ERRNO.SUCCESS, total];
  };
  const contextError = (what: string): number => {
    options.contextError?.(`wasi_unstable ${what}`);
    return ERRNO.SUCCESS;
  };
  /** cpp-host accepts fds 1 and 2 and pretends the call succeeded. */
  const stdioOnly = (fd: Arg) => (isStdio(fd) ? ERRNO.SUCCESS : ERRNO.BADF);
  const notSupported = () => ERRNO.NOTSUP;

  const impls: Record<string, Impl> = {
    fd_write(fd, iovs, count, nwrittenPtr) {
      const [errno, written] = writev(fd, iovs, count);
      if (errno !== ERRNO.SUCCESS) return errno;
      return setU32(nwrittenPtr!, written) ? ERRNO.SUCCESS : ERRNO.FAULT;
    },
    fd_pwrite(fd, iovs, count, _offset, nwrittenPtr) {
      if (!isStdio(fd!)) return ERRNO.BADF;
      const [errno, written] = writev(fd!, iovs!, count!);
      if (errno !== ERRNO.SUCCESS) return errno;
      return setU32(nwrittenPtr!, written) ? ERRNO.SUCCESS : ERRNO.FAULT;
    },
    fd_read: () => ERRNO.NOSYS,
    fd_pread: () => ERRNO.NOSYS,
    fd_seek: () => contextError('fd_seek'),
    fd_close: () => contextError('fd_close'),
    fd_fdstat_get(fd, out) {
      if (!isStdio(fd!)) return ERRNO.BADF;
      // {filetype 0, flags 0, rights_base FD_WRITE (64), rights_inheriting 0}; a write
      // outside memory is skipped, as cpp-host ignores setMemory's result here.
      const v = mem();
      const p = Number(out) >>> 0;
      if (fits(v, p, 24)) {
        v.setBigUint64(p, 0n, true);
        v.setBigUint64(p + 8, 64n, true);
        v.setBigUint64(p + 16, 0n, true);
      }
      return ERRNO.SUCCESS;
    },
    fd_fdstat_set_flags: () => ERRNO.NOSYS,
    fd_fdstat_set_rights: stdioOnly,
    fd_advise: () => ERRNO.SUCCESS,
    fd_allocate: stdioOnly,
    fd_datasync: stdioOnly,
    fd_sync: stdioOnly,
    fd_filestat_set_size: stdioOnly,
    fd_filestat_set_times: stdioOnly,
    fd_filestat_get: () => ERRNO.BADF,
    fd_prestat_get: () => ERRNO.BADF, // no preopened directories
    fd_prestat_dir_name: () => ERRNO.NOSYS,
    fd_readdir(_fd, _buf, _len, _cookie, nreadPtr) {
      return setU32(nreadPtr!, 0) ? FD_READDIR_ERRNO : ERRNO.FAULT;
    },
    fd_renumber: (fd, to) => (isStdio(fd!) && isStdio(to!) ? ERRNO.NOTSUP : ERRNO.BADF),
    fd_tell(fd, out) {
      if (!isStdio(fd!)) return ERRNO.BADF;
      return setU64(out!, 0n) ? ERRNO.SUCCESS : ERRNO.FAULT;
    },
    path_open: () => ERRNO.NOENT,
    path_filestat_get: notSupported,
    path_create_directory: notSupported,
    path_filestat_set_times: notSupported,
    path_link: notSupported,
    path_remove_directory: notSupported,
    path_rename: notSupported,
    path_symlink: notSupported,
    path_unlink_file: notSupported,
    path_readlink(...args) {
      return setU32(args[5]!, 0) ? ERRNO.NOTSUP : ERRNO.FAULT;
    },
    sock_accept(_fd, _flags, out) {
      return setU64(out!, 0n) ? ERRNO.NOTSUP : ERRNO.FAULT;
    },
    sock_recv(_fd, _data, _len, _flags, sizePtr, flagsPtr) {
      if (!setU32(sizePtr!, 0)) return ERRNO.FAULT;
      const v = mem();
      const p = Number(flagsPtr) >>> 0;
      if (!fits(v, p, 2)) return ERRNO.FAULT;
      v.setUint16(p, 0, true);
      return ERRNO.NOTSUP;
    },
    sock_send(_fd, _data, _len, _flags, sizePtr) {
      return setU32(sizePtr!, 0) ? ERRNO.NOTSUP : ERRNO.FAULT;
    },
    sock_shutdown: notSupported,
    args_sizes_get: (countPtr, sizePtr) =>
      setU32(countPtr!, 0) && setU32(sizePtr!, 0) ? ERRNO.SUCCESS : ERRNO.FAULT,
    environ_sizes_get: (countPtr, sizePtr) =>
      setU32(countPtr!, 0) && setU32(sizePtr!, 0) ? ERRNO.SUCCESS : ERRNO.FAULT,
    args_get: () => ERRNO.SUCCESS,
    environ_get: () => ERRNO.SUCCESS,
    clock_time_get(id, _precision, out) {
      let now: bigint;
      if (id === 0) now = BigInt(Date.now()) * 1_000_000n;
      else if (id === 1) now = process.hrtime.bigint();
      else return ERRNO.NOTSUP;
      return setU64(out!, now) ? ERRNO.SUCCESS : ERRNO.FAULT;
    },
    clock_res_get(id, out) {
      if (id !== 0 && id !== 1) return ERRNO.NOTSUP;
      return setU64(out!, 1n) ? ERRNO.SUCCESS : ERRNO.FAULT;
    },
    random_get(buf, len) {
      const n = Number(len) >>> 0;
      if (n > RANDOM_GET_MAX_BYTES) return ERRNO.INVAL;
      if (n === 0) return ERRNO.SUCCESS;
      const v = mem();
      const at = Number(buf) >>> 0;
      if (!fits(v, at, n)) return ERRNO.FAULT;
      randomFillSync(new Uint8Array(v.buffer, at, n));
      return ERRNO.SUCCESS;
    },
    poll_oneoff: options.pollOneoffEnosys
      ? () => ERRNO.NOSYS
      : (_in, _out, _count, neventsPtr) => (setU32(neventsPtr!, 0) ? ERRNO.SUCCESS : ERRNO.FAULT),
    sched_yield: () => ERRNO.SUCCESS,
    proc_exit(code) {
      if (!options.contextError) throw new ProcExit(Number(code));
      contextError('proc_exit');
    },
  };

  const signatures: Record<string, FuncSig> = {};
  const functions: Record<string, HostFunction> = {};
  for (const name of options.functions) {
    const signature = options.signatures?.[name] ?? WASI_SIGNATURES[name];
    if (!signature) continue;
    signatures[name] = signature;
    functions[name] = impls[name] ?? (() => ERRNO.NOSYS);
  }
  return {
    signatures,
    functions,
    flush() {
      for (const fd of [1, 2] as const) {
        if (pending[fd]) options.log(levelOf(fd), pending[fd]);
        pending[fd] = '';
      }
    },
  };
}
