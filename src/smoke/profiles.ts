/**
 * Host profiles: what each gateway generation's loader (proxy-wasm-cpp-host,
 * or the Higress fork) offers a module, as plain data read from the cpp-host
 * commit each profile names (`source`). docs/smoke.md says which releases
 * each one stands for; test/smoke/refhost-differential.test.ts checks every
 * entry against the real cpp-host built at that commit.
 */

import type { FuncSig } from '../wasm/types.js';

/** The 15 WASI preview1 functions cpp-host registered before #427 (2024-12-19). */
export const WASI_LEGACY = [
  'fd_write',
  'fd_read',
  'fd_seek',
  'fd_close',
  'fd_fdstat_get',
  'environ_get',
  'environ_sizes_get',
  'args_get',
  'args_sizes_get',
  'clock_time_get',
  'random_get',
  'proc_exit',
  'path_open',
  'fd_prestat_get',
  'fd_prestat_dir_name',
] as const;

/** Added by cpp-host #427 (merged 2024-12-19) for the Go SDK's runtime. */
export const WASI_GO_MINIMAL = ['fd_fdstat_set_flags', 'sched_yield', 'poll_oneoff'] as const;

/** Every WASI preview1 function (46). */
export const WASI_PREVIEW1 = [
  'args_get',
  'args_sizes_get',
  'environ_get',
  'environ_sizes_get',
  'clock_res_get',
  'clock_time_get',
  'fd_advise',
  'fd_allocate',
  'fd_close',
  'fd_datasync',
  'fd_fdstat_get',
  'fd_fdstat_set_flags',
  'fd_fdstat_set_rights',
  'fd_filestat_get',
  'fd_filestat_set_size',
  'fd_filestat_set_times',
  'fd_pread',
  'fd_prestat_get',
  'fd_prestat_dir_name',
  'fd_pwrite',
  'fd_read',
  'fd_readdir',
  'fd_renumber',
  'fd_seek',
  'fd_sync',
  'fd_tell',
  'fd_write',
  'path_create_directory',
  'path_filestat_get',
  'path_filestat_set_times',
  'path_link',
  'path_open',
  'path_readlink',
  'path_remove_directory',
  'path_rename',
  'path_symlink',
  'path_unlink_file',
  'poll_oneoff',
  'proc_exit',
  'proc_raise',
  'sched_yield',
  'random_get',
  'sock_accept',
  'sock_recv',
  'sock_send',
  'sock_shutdown',
] as const;

/** cpp-host registers every preview1 function but proc_raise after #533 (exports.h FOR_ALL_WASI_FUNCTIONS). */
export const WASI_CPP_HOST_533 = WASI_PREVIEW1.filter((name) => name !== 'proc_raise');

const words = (n: number): FuncSig => ({ params: Array<'i32'>(n).fill('i32'), results: ['i32'] });
/**
 * Where cpp-host's WASI signature is not preview1's (exports.h): path_link
 * with 6 words (preview1: 7), path_symlink with 4 (preview1: 5); the Higress
 * fork also declares path_rename with 5 (preview1: 6). A module importing
 * preview1's signature fails to link there.
 */
const CPP_HOST_533_SIGNATURES: Record<string, FuncSig> = {
  path_link: words(6),
  path_symlink: words(4),
};
const HIGRESS_SIGNATURES: Record<string, FuncSig> = {
  ...CPP_HOST_533_SIGNATURES,
  path_rename: words(5),
};

/** The Higress fork's extra `env` imports (proxy-wasm ABI extensions). */
export const HIGRESS_EXTRAS = [
  'proxy_redis_init',
  'proxy_redis_call',
  'proxy_inject_encoded_data_to_filter_chain',
  'proxy_set_upstream_override_host',
  'proxy_get_upstream_hosts',
] as const;

/**
 * Host calls allowed while `_initialize` / `main` / `_start` run
 * (WasmBase::startVm in src/wasm.cc), per cpp-host revision. WASI names
 * stand for both WASI modules.
 */
const START_ALLOW_LEGACY = [
  'env.proxy_log',
  'fd_write',
  'args_sizes_get',
  'args_get',
  'environ_sizes_get',
  'environ_get',
  'fd_prestat_get',
  'fd_prestat_dir_name',
  'clock_time_get',
  'random_get',
];
/** beb8a4e: #461 allowed emscripten_notify_memory_growth, #427 the Go runtime's fdstat calls. */
const START_ALLOW_BEB8A4E = [
  'env.emscripten_notify_memory_growth',
  ...START_ALLOW_LEGACY,
  'fd_fdstat_get',
  'fd_fdstat_set_flags',
];
/** 52a0291 (#533): 41 calls, every WASI function except fd_read, fd_seek, fd_close, path_open, proc_exit, sched_yield. */
const START_ALLOW_533 = [
  ...START_ALLOW_BEB8A4E,
  'clock_res_get',
  'poll_oneoff',
  'fd_advise',
  'fd_allocate',
  'fd_datasync',
  'fd_fdstat_set_rights',
  'fd_filestat_get',
  'fd_filestat_set_size',
  'fd_filestat_set_times',
  'fd_pread',
  'fd_pwrite',
  'fd_readdir',
  'fd_renumber',
  'fd_sync',
  'fd_tell',
  'path_create_directory',
  'path_filestat_get',
  'path_filestat_set_times',
  'path_link',
  'path_readlink',
  'path_remove_directory',
  'path_rename',
  'path_symlink',
  'path_unlink_file',
  'sock_accept',
  'sock_recv',
  'sock_send',
  'sock_shutdown',
];
/** The Higress fork (913c1b0): the same WASI calls, without emscripten_notify_memory_growth. */
const START_ALLOW_HIGRESS = START_ALLOW_533.filter(
  (n) => n !== 'env.emscripten_notify_memory_growth',
);

export const PROXY_ABI_MARKERS = [
  'proxy_abi_version_0_1_0',
  'proxy_abi_version_0_2_0',
  'proxy_abi_version_0_2_1',
] as const;

export interface HostProfile {
  name: string;
  description: string;
  /** The loader source this profile follows, `owner/repo@commit (date)` (docs/smoke.md). */
  source: string;
  /** `proxy-wasm` loads like cpp-host; `wasi` runs a plain WASI module. */
  kind: 'proxy-wasm' | 'wasi';
  /** Exported ABI markers this host recognises; the first one the module exports wins. */
  abiMarkers: readonly string[];
  /** WASI preview1 functions provided under wasi_unstable and wasi_snapshot_preview1. */
  wasi: readonly string[];
  /** WASI functions the host declares with another signature than preview1's. */
  wasiSignatures: Readonly<Record<string, FuncSig>>;
  /** cpp-host before #533 answered poll_oneoff with ENOSYS and wrote nothing. */
  pollOneoffEnosys: boolean;
  /**
   * Host calls allowed during start. WASI names apply to both WASI modules;
   * `env.` names are proxy-wasm functions.
   */
  startAllowList: readonly string[];
  higressExtras: boolean;
  /** Whether a reactor's `__main_void` is called when it exports no `main` (cpp-host #500). */
  mainVoid: boolean;
}

export const PROFILES: Readonly<Record<string, HostProfile>> = {
  'envoy-legacy': {
    name: 'envoy-legacy',
    description: 'proxy-wasm-cpp-host before #427 (15 WASI functions)',
    source: 'proxy-wasm/proxy-wasm-cpp-host@63cb9c1 (2024-12-13)',
    kind: 'proxy-wasm',
    abiMarkers: PROXY_ABI_MARKERS,
    wasi: WASI_LEGACY,
    wasiSignatures: {},
    pollOneoffEnosys: true,
    startAllowList: START_ALLOW_LEGACY,
    higressExtras: false,
    mainVoid: false,
  },
  envoy: {
    name: 'envoy',
    description: 'proxy-wasm-cpp-host after #427, before #533 (18 WASI functions)',
    source: 'proxy-wasm/proxy-wasm-cpp-host@beb8a4e (2026-01-15)',
    kind: 'proxy-wasm',
    abiMarkers: PROXY_ABI_MARKERS,
    wasi: [...WASI_LEGACY, ...WASI_GO_MINIMAL],
    wasiSignatures: {},
    pollOneoffEnosys: true,
    startAllowList: START_ALLOW_BEB8A4E,
    higressExtras: false,
    mainVoid: false,
  },
  'envoy-2026': {
    name: 'envoy-2026',
    description: 'proxy-wasm-cpp-host after #533 (WASI preview1 but proc_raise)',
    source: 'proxy-wasm/proxy-wasm-cpp-host@52a0291 (2026-07-01)',
    kind: 'proxy-wasm',
    abiMarkers: PROXY_ABI_MARKERS,
    wasi: WASI_CPP_HOST_533,
    wasiSignatures: CPP_HOST_533_SIGNATURES,
    pollOneoffEnosys: false,
    startAllowList: START_ALLOW_533,
    higressExtras: false,
    mainVoid: true,
  },
  higress: {
    name: 'higress',
    description:
      'the Higress fork of proxy-wasm-cpp-host (WASI preview1 but proc_raise, Higress extras)',
    source: 'higress-group/proxy-wasm-cpp-host@913c1b0 (2025-07-25)',
    kind: 'proxy-wasm',
    abiMarkers: [...PROXY_ABI_MARKERS, 'proxy_abi_version_0_2_100'],
    wasi: WASI_CPP_HOST_533,
    wasiSignatures: HIGRESS_SIGNATURES,
    pollOneoffEnosys: false,
    startAllowList: START_ALLOW_HIGRESS,
    higressExtras: true,
    mainVoid: false,
  },
  wasi: {
    name: 'wasi',
    description: 'plain WASI preview1: `_start`, or `_initialize` then a configured export',
    source: 'WASI preview1 (wasi_snapshot_preview1.witx)',
    kind: 'wasi',
    abiMarkers: [],
    wasi: WASI_PREVIEW1,
    wasiSignatures: {},
    pollOneoffEnosys: false,
    startAllowList: [],
    higressExtras: false,
    mainVoid: false,
  },
};

export const DEFAULT_PROFILE = 'higress';

/** The profile by name, or undefined. */
export function findProfile(name: string): HostProfile | undefined {
  return Object.hasOwn(PROFILES, name) ? PROFILES[name] : undefined;
}

/** Whether `module.name` may run while the module starts under `profile`. */
export function allowedDuringStart(profile: HostProfile, module: string, name: string): boolean {
  const list = profile.startAllowList;
  return module === 'env' ? list.includes(`env.${name}`) : list.includes(name);
}
