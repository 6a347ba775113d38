/**
 * One VM: a fresh instance of the compiled module with its own host state
 * (proxy-wasm host, WASI layer), every import wrapped so that during start
 * only the profile's allow-list may run (anything else traps with
 * `restricted_callback`, as cpp-host's V8 integration does).
 */
import type { FuncSig } from '../wasm/types.js';
import { RestrictedCallback } from './failure.js';
import { allocatorName, WASI_MODULES, type HostSignatures, type LoadedModule } from './loader.js';
import { ABI_SPECIFIC_HOST_FUNCTIONS, ALL_ABI_SPECIFIC } from './module-functions.js';
import { allowedDuringStart, HIGRESS_EXTRAS, type HostProfile } from './profiles.js';
import type { HostFunction, ProxyHost, ProxyHostOptions } from './proxy/contract.js';
import { createProxyHost } from './proxy/index.js';
import { createWasi, type WasiLayer } from './wasi.js';

export type LogSink = (level: string, message: string) => void;

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
    memory: () => new WebAssembly.Memory({ initial: 0 }),
    log: () => undefined,
  });
  const proxy = loaded.profile.kind === 'proxy-wasm' ? createProxyHost(proxyOptions) : null;
  return hostTables(loaded.profile, loaded.abi, proxy, wasi).signatures;
}

export function createVm(loaded: LoadedModule, proxyOptions: ProxyHostOptions, log: LogSink): Vm {
  const { profile } = loaded;
  // Host functions may run during instantiation (a start section), before `instance` exists.
  const created: { instance?: WebAssembly.Instance } = {};
  const memory = () => {
    const m = created.instance?.exports.memory;
    return m instanceof WebAssembly.Memory ? m : undefined;
  };
  const fallbackMemory = new WebAssembly.Memory({ initial: 0 });
  const wasi = createWasi({
    functions: profile.wasi,
    memory: () => memory() ?? fallbackMemory,
    log,
  });
  const proxy = profile.kind === 'proxy-wasm' ? createProxyHost(proxyOptions) : null;
  const tables = hostTables(profile, loaded.abi, proxy, wasi);

  const vm = { restricted: false } as Vm;
  const imports: WebAssembly.Imports = {};
  for (const imp of loaded.info.imports) {
    const key = `${imp.module}.${imp.name}`;
    const fn = tables.functions.get(key);
    if (!fn) continue; // checkImports already failed the load
    const allowed = allowedDuringStart(profile, imp.module, imp.name);
    (imports[imp.module] ??= {})[imp.name] = (...args: (number | bigint)[]) => {
      if (vm.restricted && !allowed) throw new RestrictedCallback(key);
      return fn(...args);
    };
  }
  const instance = new WebAssembly.Instance(loaded.module, imports);
  created.instance = instance;
  const exports = instance.exports;
  if (proxy) {
    const alloc = exports[allocatorName(loaded.info)] as ((size: number) => number) | undefined;
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
