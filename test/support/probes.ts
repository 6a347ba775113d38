/**
 * Probe modules for the refhost differential test: one small proxy-wasm
 * plugin per host function (imported only; called during start; called
 * from proxy_on_vm_start), per callback the host looks up (with its
 * signature and a wrong one), and per kind of import and limit. Each probe
 * that calls something logs the result with proxy_log, so the errno each
 * host returns is compared too.
 *
 * The host surface below is written from proxy-wasm-cpp-host's headers
 * (include/proxy-wasm/exports.h FOR_ALL_HOST_FUNCTIONS and
 * FOR_ALL_HOST_FUNCTIONS_ABI_SPECIFIC, include/proxy-wasm/wasm.h for the
 * callbacks) and the Higress fork's additions, independently of smoke's own
 * tables: a function smoke lacks still gets a probe.
 */
import { WASI_PREVIEW1 } from '../../src/smoke/profiles.js';
import { WASI_SIGNATURES } from '../../src/smoke/wasi.js';
import { i32, i64, ModuleBuilder, op, type Sig, type Val } from './wasm-builder.js';

export interface Probe {
  /** Unique, readable: what is probed and how. */
  id: string;
  kind: 'import' | 'start' | 'run' | 'export' | 'extern' | 'load-failure';
  bytes: Uint8Array;
  /** Whether the plugin's logs are compared (probes whose only logs are their own). */
  compareLogs: boolean;
}

const words = (n: number): Val[] => Array<Val>(n).fill('i32');
const word = (n: number): Sig => ({ params: words(n), results: ['i32'] });
const nothing = (n: number): Sig => ({ params: words(n), results: [] });

/** `env` functions cpp-host registers on every ABI version (exports.h). */
const ENV_FUNCTIONS: Record<string, Sig> = {
  proxy_log: word(3),
  proxy_get_status: word(3),
  proxy_set_property: word(4),
  proxy_get_property: word(4),
  proxy_send_local_response: word(8),
  proxy_get_shared_data: word(5),
  proxy_set_shared_data: word(5),
  proxy_register_shared_queue: word(3),
  proxy_resolve_shared_queue: word(5),
  proxy_dequeue_shared_queue: word(3),
  proxy_enqueue_shared_queue: word(3),
  proxy_get_header_map_value: word(5),
  proxy_add_header_map_value: word(5),
  proxy_replace_header_map_value: word(5),
  proxy_remove_header_map_value: word(3),
  proxy_get_header_map_pairs: word(3),
  proxy_set_header_map_pairs: word(3),
  proxy_get_header_map_size: word(2),
  proxy_get_buffer_status: word(3),
  proxy_get_buffer_bytes: word(5),
  proxy_set_buffer_bytes: word(5),
  proxy_http_call: word(10),
  proxy_grpc_call: word(12),
  proxy_grpc_stream: word(9),
  proxy_grpc_close: word(1),
  proxy_grpc_cancel: word(1),
  proxy_grpc_send: word(4),
  proxy_set_tick_period_milliseconds: word(1),
  proxy_get_current_time_nanoseconds: word(1),
  proxy_define_metric: word(4),
  proxy_increment_metric: { params: ['i32', 'i64'], results: ['i32'] },
  proxy_record_metric: { params: ['i32', 'i64'], results: ['i32'] },
  proxy_get_metric: word(2),
  proxy_set_effective_context: word(1),
  proxy_done: word(0),
  proxy_call_foreign_function: word(6),
  // registered directly in WasmBase::registerCallbacks
  pthread_equal: word(2),
  emscripten_notify_memory_growth: nothing(1),
};

/** Registered only for some ABI versions (WasmBase::registerCallbacks). */
const ENV_ABI_SPECIFIC: Record<string, Sig> = {
  proxy_get_configuration: word(2),
  proxy_continue_request: word(0),
  proxy_continue_response: word(0),
  proxy_clear_route_cache: word(0),
  proxy_continue_stream: word(1),
  proxy_close_stream: word(1),
  proxy_get_log_level: word(1),
};

/** The Higress fork's additions (its exports.h). */
const ENV_HIGRESS: Record<string, Sig> = {
  proxy_redis_init: word(7),
  proxy_redis_call: word(5),
  proxy_inject_encoded_data_to_filter_chain: word(3),
  proxy_set_upstream_override_host: word(2),
  proxy_get_upstream_hosts: word(2),
};

/** WASI functions cpp-host registers with a signature other than preview1's. */
const CPP_HOST_WASI_VARIANTS: Record<string, Sig[]> = {
  path_link: [word(6)], // preview1: 7
  path_symlink: [word(4)], // preview1: 5
  path_rename: [word(5)], // the Higress fork; preview1 and upstream: 6
};

/**
 * cpp-host registers every WASI function under both module names with one
 * macro (FOR_ALL_WASI_FUNCTIONS, twice); `wasi_unstable` is probed for one
 * function of each kind of difference between profiles, to keep the test fast.
 */
const WASI_UNSTABLE_SAMPLE = [
  'fd_write',
  'sched_yield',
  'clock_res_get',
  'path_link',
  'proc_raise',
];

export const ABI_MARKERS = [
  'proxy_abi_version_0_1_0',
  'proxy_abi_version_0_2_0',
  'proxy_abi_version_0_2_1',
  'proxy_abi_version_0_2_100',
] as const;
const DEFAULT_ABI = 'proxy_abi_version_0_2_1';

/** Callbacks the host looks up, with the signature it calls them with (wasm.h). */
const CALLBACKS: Record<string, Sig> = {
  proxy_validate_configuration: word(2),
  proxy_on_vm_start: word(2),
  proxy_on_configure: word(2),
  proxy_on_tick: nothing(1),
  proxy_on_context_create: nothing(2),
  proxy_on_new_connection: word(1),
  proxy_on_downstream_data: word(3),
  proxy_on_upstream_data: word(3),
  proxy_on_downstream_connection_close: nothing(2),
  proxy_on_upstream_connection_close: nothing(2),
  proxy_on_request_body: word(3),
  proxy_on_request_trailers: word(2),
  proxy_on_request_metadata: word(2),
  proxy_on_response_body: word(3),
  proxy_on_response_trailers: word(2),
  proxy_on_response_metadata: word(2),
  proxy_on_http_call_response: nothing(5),
  proxy_on_grpc_receive: nothing(3),
  proxy_on_grpc_close: nothing(3),
  proxy_on_grpc_receive_initial_metadata: nothing(3),
  proxy_on_grpc_receive_trailing_metadata: nothing(3),
  proxy_on_queue_ready: nothing(2),
  proxy_on_done: word(1),
  proxy_on_log: nothing(1),
  proxy_on_delete: nothing(1),
  proxy_on_redis_call_response: nothing(4), // the Higress fork
  proxy_on_foreign_function: nothing(3), // ABI 0.2.x
};
/** On ABI 0.1.0 the header callbacks take two words, on 0.2.x three. */
const HEADER_CALLBACKS = ['proxy_on_request_headers', 'proxy_on_response_headers'];
const START_EXPORTS: Record<string, Sig> = {
  _initialize: nothing(0),
  main: word(2),
  __main_void: word(0),
  _start: nothing(0),
  malloc: word(1),
  proxy_on_memory_allocate: word(1),
};

/** What an exported callback returns: success for the bool ones, CONTINUE (0) for actions. */
function returnValue(name: string): number {
  if (name === 'malloc' || name === 'proxy_on_memory_allocate') return 1024;
  return [
    'proxy_on_vm_start',
    'proxy_on_configure',
    'proxy_validate_configuration',
    'proxy_on_done',
  ].includes(name)
    ? 1
    : 0;
}

interface Call {
  module: string;
  name: string;
  sig: Sig;
  /** The first argument (the rest are zero): 0 or 1, e.g. fd 1 (stdout). */
  first: number;
}

interface Skeleton {
  abi?: string;
  imports?: { module: string; name: string; sig: Sig }[];
  /** Called by `_initialize` (restricted: the start allow-list applies). */
  startCalls?: Call[];
  /** Called by proxy_on_vm_start (unrestricted). */
  vmStartCalls?: Call[];
  /** Replaces the entry `_initialize`; `null` for none. */
  entry?: string | null;
  malloc?: boolean;
  /** Exports with a given signature (the body returns `returnValue`, after `body`). */
  exports?: { name: string; sig: Sig; body?: (logNum: number) => number[] }[];
  /** The entry's own code, before its calls. */
  entryBody?: number[];
  /** A wasm start section running this code at instantiation. */
  startSection?: number[];
  /** Extra setup on the builder before functions are defined (imports of memory, tables...). */
  externs?: (b: ModuleBuilder) => void;
  /** Defines the module's own memory (default 1 page, exported as `memory`). */
  memory?: { min: number; max?: number } | null;
  /** Logged by `_initialize` before anything else. */
  startLog?: boolean;
}

const LOG_BUF = 64; // digits are written backwards ending here

/** Builds a proxy-wasm plugin around the probed calls and exports. */
function plugin(s: Skeleton): Uint8Array {
  const b = new ModuleBuilder();
  const needsLog = Boolean(
    s.startCalls?.length || s.vmStartCalls?.length || s.startLog || s.exports?.some((e) => e.body),
  );
  const logIndex = needsLog ? b.importFunc('env', 'proxy_log', word(3)) : -1;
  const callIndex = new Map<string, number>();
  const imported = [...(s.imports ?? []), ...(s.startCalls ?? []), ...(s.vmStartCalls ?? [])];
  for (const imp of imported) {
    const key = `${imp.module}.${imp.name}/${JSON.stringify(imp.sig)}`;
    if (callIndex.has(key)) continue;
    const same = imp.module === 'env' && imp.name === 'proxy_log' && needsLog;
    callIndex.set(key, same ? logIndex : b.importFunc(imp.module, imp.name, imp.sig));
  }
  s.externs?.(b);
  if (s.memory !== null) b.memory(s.memory?.min ?? 1, s.memory?.max, 'memory');

  // $logNum(n): decimal digits of n (unsigned) through proxy_log at info.
  const logNum = needsLog
    ? b.func(
        { params: ['i32'], results: [] },
        [
          ...i32(LOG_BUF),
          op.localSet,
          1,
          op.loop,
          op.void,
          op.localGet,
          1,
          ...i32(1),
          op.i32Sub,
          op.localSet,
          1,
          op.localGet,
          1,
          op.localGet,
          0,
          ...i32(10),
          op.i32RemU,
          ...i32(48),
          op.i32Add,
          op.i32Store8,
          0,
          0,
          op.localGet,
          0,
          ...i32(10),
          op.i32DivU,
          op.localSet,
          0,
          op.localGet,
          0,
          op.brIf,
          0,
          op.end,
          ...i32(2),
          op.localGet,
          1,
          ...i32(LOG_BUF),
          op.localGet,
          1,
          op.i32Sub,
          op.call,
          logIndex,
          op.drop,
        ],
        ['i32'],
      )
    : -1;
  const callAndLog = (c: Call): number[] => {
    const idx = callIndex.get(`${c.module}.${c.name}/${JSON.stringify(c.sig)}`)!;
    const args = c.sig.params.flatMap((p, i) =>
      p === 'i64' ? i64(0) : i32(i === 0 ? c.first : 0),
    );
    const after = c.sig.results.length ? [op.call, logNum] : [];
    return [...args, op.call, idx, ...after];
  };

  b.exportFunc(s.abi ?? DEFAULT_ABI, b.func(nothing(0), []));
  if (s.malloc !== false) b.exportFunc('malloc', b.func(word(1), i32(1024)));
  const entry = s.entry === undefined ? '_initialize' : s.entry;
  if (entry) {
    const started = s.startLog ? [...i32(7), op.call, logNum] : [];
    b.exportFunc(
      entry,
      b.func(nothing(0), [
        ...started,
        ...(s.entryBody ?? []),
        ...(s.startCalls ?? []).flatMap(callAndLog),
      ]),
    );
  }
  if (s.vmStartCalls?.length) {
    b.exportFunc(
      'proxy_on_vm_start',
      b.func(word(2), [...s.vmStartCalls.flatMap(callAndLog), ...i32(1)]),
    );
  }
  for (const e of s.exports ?? []) {
    const result = e.sig.results.length ? i32(returnValue(e.name)) : [];
    b.exportFunc(e.name, b.func(e.sig, [...(e.body?.(logNum) ?? []), ...result]));
  }
  if (s.startSection) b.startFunc(b.func(nothing(0), s.startSection));
  return b.bytes();
}

const plusOne = (sig: Sig): Sig => ({ params: [...sig.params, 'i32'], results: sig.results });
const fmt = (sig: Sig) => `${sig.params.join(' ') || 'void'} -> ${sig.results.join(' ') || 'void'}`;

/** Every probe, in a stable order. */
export function allProbes(): Probe[] {
  const probes: Probe[] = [];
  const add = (id: string, kind: Probe['kind'], bytes: Uint8Array, compareLogs = false) =>
    probes.push({ id, kind, bytes, compareLogs });

  // WASI: preview1's signature (and cpp-host's where it differs), under both module names.
  for (const fn of WASI_PREVIEW1) {
    const sigs = [WASI_SIGNATURES[fn]! as Sig, ...(CPP_HOST_WASI_VARIANTS[fn] ?? [])];
    for (const sig of sigs) {
      const tag = `${fn} (${fmt(sig)})`;
      const modules = WASI_UNSTABLE_SAMPLE.includes(fn)
        ? ['wasi_snapshot_preview1', 'wasi_unstable']
        : ['wasi_snapshot_preview1'];
      for (const module of modules) {
        add(`import ${module}.${tag}`, 'import', plugin({ imports: [{ module, name: fn, sig }] }));
      }
      const call = (first: number): Call => ({
        module: 'wasi_snapshot_preview1',
        name: fn,
        sig,
        first,
      });
      add(`start calls ${tag}`, 'start', plugin({ startCalls: [call(0)] }), true);
      add(`vm_start calls ${tag}`, 'run', plugin({ vmStartCalls: [call(0), call(1)] }), true);
    }
  }

  // env: every function on the default ABI; the ABI-specific and Higress ones on every ABI.
  for (const [fn, sig] of Object.entries(ENV_FUNCTIONS)) {
    add(`import env.${fn}`, 'import', plugin({ imports: [{ module: 'env', name: fn, sig }] }));
    add(
      `start calls env.${fn}`,
      'start',
      plugin({ startCalls: [{ module: 'env', name: fn, sig, first: 0 }] }),
      true,
    );
  }
  for (const fn of ['pthread_equal', 'emscripten_notify_memory_growth']) {
    const sig = ENV_FUNCTIONS[fn]!;
    const calls = [0, 1].map((first) => ({ module: 'env', name: fn, sig, first }));
    add(`vm_start calls env.${fn}`, 'run', plugin({ vmStartCalls: calls }), true);
  }
  for (const [fn, sig] of Object.entries({ ...ENV_ABI_SPECIFIC, ...ENV_HIGRESS })) {
    for (const abi of ABI_MARKERS) {
      add(
        `import env.${fn} on ${abi}`,
        'import',
        plugin({ abi, imports: [{ module: 'env', name: fn, sig }] }),
      );
    }
    add(
      `start calls env.${fn}`,
      'start',
      plugin({ startCalls: [{ module: 'env', name: fn, sig, first: 0 }] }),
      true,
    );
  }
  add(
    'import env.proxy_no_such_function',
    'import',
    plugin({ imports: [{ module: 'env', name: 'proxy_no_such_function', sig: word(0) }] }),
  );
  add(
    'import wasi_snapshot_preview1.no_such_function',
    'import',
    plugin({
      imports: [{ module: 'wasi_snapshot_preview1', name: 'no_such_function', sig: word(0) }],
    }),
  );
  add(
    'import env.proxy_log with a wrong signature',
    'import',
    plugin({ imports: [{ module: 'env', name: 'proxy_log', sig: word(2) }] }),
  );

  // Exports the host looks up: right and wrong signatures.
  const exportProbe = (name: string, sig: Sig, abi = DEFAULT_ABI, label = fmt(sig)) => {
    const skeleton: Skeleton = { abi, exports: [{ name, sig }] };
    if (name === '_start' || name === '_initialize') skeleton.entry = null;
    if (name === 'malloc' || name === 'proxy_on_memory_allocate') skeleton.malloc = false;
    add(`export ${name} (${label}) on ${abi}`, 'export', plugin(skeleton));
  };
  for (const [name, sig] of Object.entries({ ...START_EXPORTS, ...CALLBACKS })) {
    exportProbe(name, sig);
    exportProbe(name, plusOne(sig));
  }
  for (const name of HEADER_CALLBACKS) {
    for (const abi of ['proxy_abi_version_0_1_0', DEFAULT_ABI, 'proxy_abi_version_0_2_100']) {
      exportProbe(name, word(2), abi);
      exportProbe(name, word(3), abi);
    }
  }
  exportProbe('proxy_on_foreign_function', word(3), DEFAULT_ABI, 'i32 i32 i32 -> i32');
  exportProbe('proxy_on_foreign_function', nothing(3), 'proxy_abi_version_0_1_0');

  // Imports that are not functions, and limits.
  add(
    'import env.memory (memory, 2 pages)',
    'extern',
    plugin({ memory: null, externs: (b) => b.importMemory('env', 'memory', 2) }),
  );
  add(
    'import env.table (table, 4 entries)',
    'extern',
    plugin({ externs: (b) => b.importTable('env', 'table', 4) }),
  );
  add(
    'import env.global (global i32)',
    'extern',
    plugin({ externs: (b) => b.importGlobal('env', 'global', 'i32') }),
  );
  add('memory of 16384 pages (1 GiB)', 'extern', plugin({ memory: { min: 16384 } }));
  add('memory of 16385 pages (1 GiB + 64 KiB)', 'extern', plugin({ memory: { min: 16385 } }));

  add('a start section that traps', 'extern', plugin({ startSection: [op.unreachable] }));
  add(
    '_initialize traps; main still runs and logs',
    'start',
    plugin({
      entryBody: [op.unreachable],
      exports: [{ name: 'main', sig: word(2), body: (logNum) => [...i32(8), op.call, logNum] }],
    }),
    true,
  );

  // Load failures after which the host still runs the start function.
  add(
    'no malloc; _initialize logs',
    'load-failure',
    plugin({ malloc: false, startLog: true }),
    true,
  );
  add(
    'bad proxy_on_configure signature; _initialize logs',
    'load-failure',
    plugin({ startLog: true, exports: [{ name: 'proxy_on_configure', sig: word(1) }] }),
    true,
  );
  add(
    'bad _initialize signature; _start logs',
    'load-failure',
    plugin({ entry: '_start', startLog: true, exports: [{ name: '_initialize', sig: word(0) }] }),
    true,
  );
  return probes;
}
