/**
 * One VM: a fresh instance of the compiled module with its own host state
 * (proxy-wasm host, WASI layer), every import outside the profile's start
 * allow-list wrapped so that during start it traps with
 * `restricted_callback`, as cpp-host's V8 integration does. Imported
 * memories and tables are created here, as V8::link creates them.
 */
import { memoryMaximum, tableMaximums } from '../wasm/memory-cap.js';
import type { FuncSig, Limits } from '../wasm/types.js';
import { RestrictedCallback } from './failure.js';
import { allocatorName, WASI_MODULES, type HostSignatures, type LoadedModule } from './loader.js';
import { ABI_SPECIFIC_HOST_FUNCTIONS, ALL_ABI_SPECIFIC } from './module-functions.js';
import { allowedDuringStart, HIGRESS_EXTRAS, type HostProfile } from './profiles.js';
import type { HostFunction, ProxyHost, ProxyHostOptions } from './proxy/contract.js';
import { createProxyHost } from './proxy/index.js';
import { MAX_TABLE_ENTRIES } from './limits.js';
import { createWasi, type WasiLayer } from './wasi.js';

export type LogSink = (level: string, message: string) => void;

/** What cpp-host reports through ContextBase::error; Envoy logs it at trace level and carries on. */
export function contextErrorNote(message: string): string {
  return `smoke: the gateway logs "${message}" (ContextBase::error, at trace level) and the plugin carries on`;
}

/** Functions cpp-host registers in `env` besides the proxy-wasm ABI. */
const ENV_EXTRAS: Record<string, { sig: FuncSig; fn: HostFunction }> = {
  pthread_equal: {
    sig: { params: ['i32', 'i32'], results: ['i32'] },
    fn: (a, b) => (a === b ? 1 : 0),
  },
  emscripten_notify_memory_growth: { sig: { params: ['i32'], results: [] }, fn: () => undefined },
};

interface HostTables {
  signatures: HostSignatures;
  functions: Map<string, HostFunction>;
}

/** Which `env` functions of the proxy host this profile and ABI version expose. */
function exposesEnv(profile: HostProfile, abi: string | null, name: string): boolean {
  if ((HIGRESS_EXTRAS as readonly string[]).includes(name)) return profile.higressExtras;
  if (ALL_ABI_SPECIFIC.has(name))
    return (ABI_SPECIFIC_HOST_FUNCTIONS[abi ?? ''] ?? []).includes(name);
  return true;
}

function hostTables(
  profile: HostProfile,
  abi: string | null,
  proxy: ProxyHost | null,
  wasi: WasiLayer,
): HostTables {
  const signatures: HostSignatures = new Map();
  const functions = new Map<string, HostFunction>();
  const add = (key: string, sig: FuncSig, fn: HostFunction) => {
    signatures.set(key, sig);
    functions.set(key, fn);
  };
  for (const module of WASI_MODULES) {
    for (const [name, sig] of Object.entries(wasi.signatures))
      add(`${module}.${name}`, sig, wasi.functions[name]!);
  }
  if (proxy) {
    for (const [name, sig] of Object.entries(proxy.signatures)) {
      const fn = proxy.functions[name];
      if (fn && exposesEnv(profile, abi, name)) add(`env.${name}`, sig, fn);
    }
    for (const [name, extra] of Object.entries(ENV_EXTRAS)) add(`env.${name}`, extra.sig, extra.fn);
  }
  return { signatures, functions };
}

export interface Vm {
  instance: WebAssembly.Instance;
  exports: WebAssembly.Exports;
  proxy: ProxyHost | null;
  wasi: WasiLayer;
  memory(): WebAssembly.Memory | undefined;
  /** While true, host calls outside the start allow-list trap. */
  restricted: boolean;
}

/** The host's signatures for this profile, for the link check before any VM exists. */
export function offeredSignatures(
  loaded: LoadedModule,
  proxyOptions: ProxyHostOptions,
): HostSignatures {
  const wasi = createWasi({
    functions: loaded.profile.wasi,
    signatures: loaded.profile.wasiSignatures,
    memory: () => new WebAssembly.Memory({ initial: 0 }),
    log: () => undefined,
  });
  const proxy = loaded.profile.kind === 'proxy-wasm' ? createProxyHost(proxyOptions) : null;
  return hostTables(loaded.profile, loaded.abi, proxy, wasi).signatures;
}

/** Host-made memory and tables for the module's imports of them (V8::link), capped. */
function importedExterns(loaded: LoadedModule): {
  externs: Map<string, WebAssembly.Memory | WebAssembly.Table>;
  memory?: WebAssembly.Memory;
} {
  const externs = new Map<string, WebAssembly.Memory | WebAssembly.Table>();
  let memory: WebAssembly.Memory | undefined;
  const imports = loaded.info.imports;
  const tables = imports.filter((i) => i.kind === 'table');
  const tableMax = tableMaximums(
    [...tables.map((t) => t.limits!), ...loaded.info.tables],
    MAX_TABLE_ENTRIES,
  );
  for (const imp of imports) {
    const key = `${imp.module}.${imp.name}`;
    const limits = imp.limits as Limits;
    if (imp.kind === 'memory') {
      const maximum = memoryMaximum(limits, loaded.memoryLimitBytes);
      memory = new WebAssembly.Memory({ initial: limits.min, maximum, shared: limits.shared });
      externs.set(key, memory);
    } else if (imp.kind === 'table') {
      const maximum = tableMax[tables.indexOf(imp)]!;
      externs.set(key, new WebAssembly.Table({ element: 'anyfunc', initial: limits.min, maximum }));
    }
  }
  return { externs, memory };
}

export function createVm(loaded: LoadedModule, proxyOptions: ProxyHostOptions, log: LogSink): Vm {
  const { profile, info } = loaded;
  // cpp-host uses the memory the module exports (whatever its name), else the one it imported.
  const exportedMemory = info.exports.filter((e) => e.kind === 'memory').at(-1)?.name;
  const { externs, memory: importedMemory } = importedExterns(loaded);
  // Host functions may run during instantiation (a start section), before `instance` exists.
  const created: { instance?: WebAssembly.Instance } = {};
  const memory = () => {
    const m = exportedMemory ? created.instance?.exports[exportedMemory] : importedMemory;
    return m instanceof WebAssembly.Memory ? m : importedMemory;
  };
  const fallbackMemory = new WebAssembly.Memory({ initial: 0 });
  const wasi = createWasi({
    functions: profile.wasi,
    signatures: profile.wasiSignatures,
    memory: () => memory() ?? fallbackMemory,
    log,
    contextError:
      profile.kind === 'proxy-wasm'
        ? (message) => log('warn', contextErrorNote(message))
        : undefined,
    pollOneoffEnosys: profile.pollOneoffEnosys,
  });
  const proxy = profile.kind === 'proxy-wasm' ? createProxyHost(proxyOptions) : null;
  const tables = hostTables(profile, loaded.abi, proxy, wasi);

  const vm = { restricted: false } as Vm;
  const imports: WebAssembly.Imports = {};
  for (const imp of info.imports) {
    const key = `${imp.module}.${imp.name}`;
    const extern = externs.get(key);
    if (extern) {
      (imports[imp.module] ??= {})[imp.name] = extern;
      continue;
    }
    const fn = tables.functions.get(key);
    if (!fn) continue; // checkImports already failed the load
    // Allowed calls go straight to the host; only the others pay for the check.
    (imports[imp.module] ??= {})[imp.name] = allowedDuringStart(profile, imp.module, imp.name)
      ? fn
      : (...args: (number | bigint)[]) => {
          if (vm.restricted) throw new RestrictedCallback(key);
          return fn(...args);
        };
  }
  const instance = new WebAssembly.Instance(loaded.module, imports);
  created.instance = instance;
  const exports = instance.exports;
  if (proxy) {
    const alloc = exports[allocatorName(info)] as ((size: number) => number) | undefined;
    proxy.bind({
      memory: () => memory() ?? fallbackMemory,
      allocate: (size) => {
        if (!alloc) throw new Error('Wasm module is missing malloc function.');
        return alloc(size) >>> 0;
      },
    });
  }
  return Object.assign(vm, { instance, exports, proxy, wasi, memory });
}
