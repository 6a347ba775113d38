/**
 * Host profiles: what each gateway generation's loader (proxy-wasm-cpp-host,
 * or the Higress fork) offers a module, as plain data. docs/smoke.md says
 * which releases each one stands for and how the lists were established.
 */

/** The 15 WASI preview1 functions cpp-host registered before 2024-12-19. */
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

/** The Higress fork's extra `env` imports (proxy-wasm ABI extensions). */
export const HIGRESS_EXTRAS = [
  'proxy_redis_init',
  'proxy_redis_call',
  'proxy_inject_encoded_data_to_filter_chain',
  'proxy_set_upstream_override_host',
  'proxy_get_upstream_hosts',
] as const;

/** Host calls allowed while `_initialize` / `main` / `_start` run (cpp-host startVm). */
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
/** cpp-host #427 allowed the Go runtime's fdstat calls during start. */
const START_ALLOW_427 = [...START_ALLOW_LEGACY, 'fd_fdstat_get', 'fd_fdstat_set_flags'];
/** cpp-host #533 (and the Higress fork): Go module initializers may also poll and read clocks. */
const START_ALLOW_533 = [...START_ALLOW_427, 'poll_oneoff', 'clock_res_get'];

export const PROXY_ABI_MARKERS = [
  'proxy_abi_version_0_1_0',
  'proxy_abi_version_0_2_0',
  'proxy_abi_version_0_2_1',
] as const;

export interface HostProfile {
  name: string;
  description: string;
  /** `proxy-wasm` loads like cpp-host; `wasi` runs a plain WASI module. */
  kind: 'proxy-wasm' | 'wasi';
  /** Exported ABI markers this host recognises; the first one the module exports wins. */
  abiMarkers: readonly string[];
  /** WASI preview1 functions provided under wasi_unstable and wasi_snapshot_preview1. */
  wasi: readonly string[];
  /**
   * Host calls allowed during start. WASI names apply to both WASI modules;
   * `env.` names are proxy-wasm functions.
   */
  startAllowList: readonly string[];
  higressExtras: boolean;
  /** Whether a reactor's `__main_void` is called when it exports no `main`. */
  mainVoid: boolean;
}

export const PROFILES: Readonly<Record<string, HostProfile>> = {
  'envoy-legacy': {
    name: 'envoy-legacy',
    description: 'proxy-wasm-cpp-host before 2024-12-19 (15 WASI functions)',
    kind: 'proxy-wasm',
    abiMarkers: PROXY_ABI_MARKERS,
    wasi: WASI_LEGACY,
    startAllowList: START_ALLOW_LEGACY,
    higressExtras: false,
    mainVoid: false,
  },
  envoy: {
    name: 'envoy',
    description: 'proxy-wasm-cpp-host after #427 (+ fd_fdstat_set_flags, sched_yield, poll_oneoff)',
    kind: 'proxy-wasm',
    abiMarkers: PROXY_ABI_MARKERS,
    wasi: [...WASI_LEGACY, ...WASI_GO_MINIMAL],
    startAllowList: START_ALLOW_427,
    higressExtras: false,
    mainVoid: false,
  },
  'envoy-2026': {
    name: 'envoy-2026',
    description: 'proxy-wasm-cpp-host after #533 (all of WASI preview1)',
    kind: 'proxy-wasm',
    abiMarkers: PROXY_ABI_MARKERS,
    wasi: WASI_PREVIEW1,
    startAllowList: START_ALLOW_533,
    higressExtras: false,
    mainVoid: true,
  },
  higress: {
    name: 'higress',
    description: 'the Higress fork of proxy-wasm-cpp-host (all of WASI preview1, Higress extras)',
    kind: 'proxy-wasm',
    abiMarkers: [...PROXY_ABI_MARKERS, 'proxy_abi_version_0_2_100'],
    wasi: WASI_PREVIEW1,
    startAllowList: START_ALLOW_533,
    higressExtras: true,
    mainVoid: false,
  },
  wasi: {
    name: 'wasi',
    description: 'plain WASI preview1: `_start`, or `_initialize` then a configured export',
    kind: 'wasi',
    abiMarkers: [],
    wasi: WASI_PREVIEW1,
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
