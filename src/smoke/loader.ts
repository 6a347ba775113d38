/**
 * The load checks cpp-host makes before any code runs, in its order and with
 * its wording: ABI marker (WasmBase::load), import resolution (V8::link),
 * then the exports it fetches with their signatures and the allocator
 * (WasmBase::getFunctions).
 */
import { InputError } from '../common/errors.js';
import { capMemory } from '../wasm/memory-cap.js';
import { readModule } from '../wasm/reader.js';
import { formatSig, sameSig, type FuncSig, type ModuleInfo } from '../wasm/types.js';
import { VmFailure } from './failure.js';
import { moduleFunctions, START_FUNCTIONS } from './module-functions.js';
import type { HostProfile } from './profiles.js';

export const WASI_MODULES = ['wasi_unstable', 'wasi_snapshot_preview1'] as const;

export interface LoadedModule {
  file: string;
  info: ModuleInfo;
  profile: HostProfile;
  module: WebAssembly.Module;
  /** The export that set the ABI version (proxy-wasm profiles). */
  abi: string | null;
  /** See CappedModule.offsetDelta. */
  offsetDelta: number;
  memoryLimitBytes: number;
}

/** Signatures the host offers, keyed `module.name`. */
export type HostSignatures = Map<string, FuncSig>;

/** The first exported function whose name the profile knows as an ABI marker. */
export function findAbiMarker(info: ModuleInfo, profile: HostProfile): string | null {
  for (const e of info.exports) {
    if (e.kind === 'function' && profile.abiMarkers.includes(e.name)) return e.name;
  }
  return null;
}

/** Reads, caps and compiles the module; checks the ABI marker. */
export async function compileModule(
  bytes: Uint8Array,
  file: string,
  profile: HostProfile,
  memoryLimitBytes: number,
): Promise<LoadedModule> {
  const info = readModule(bytes, file);
  let abi: string | null = null;
  if (profile.kind === 'proxy-wasm') {
    abi = findAbiMarker(info, profile);
    if (!abi) throw new VmFailure('load', 'Missing or unknown Proxy-Wasm ABI version');
  }
  let capped;
  try {
    capped = capMemory(bytes, file, memoryLimitBytes, info);
  } catch (err) {
    throw new VmFailure('load', (err as Error).message);
  }
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(capped.bytes);
  } catch (err) {
    throw new InputError(`${file}: invalid wasm module: ${(err as Error).message}`);
  }
  return { file, info, profile, module, abi, offsetDelta: capped.offsetDelta, memoryLimitBytes };
}

/** V8::link: every import must be a host function of the same type. */
export function checkImports(loaded: LoadedModule, host: HostSignatures): void {
  for (const imp of loaded.info.imports) {
    const key = `${imp.module}.${imp.name}`;
    const offered = imp.kind === 'function' ? host.get(key) : undefined;
    if (!offered || !imp.sig) {
      throw new VmFailure('load', `Failed to load Wasm module due to a missing import: ${key}`);
    }
    if (!sameSig(imp.sig, offered)) {
      throw new VmFailure(
        'load',
        `Failed to load Wasm module due to an import type mismatch: ${key}, want: ${formatSig(imp.sig)}, but host exports: ${formatSig(offered)}`,
      );
    }
  }
}

export type EntryPlan =
  { kind: 'reactor'; main?: 'main' | '__main_void' } | { kind: 'command' } | { kind: 'none' };

/**
 * WasmBase::getFunctions for proxy-wasm profiles: start functions, allocator
 * and callbacks, each checked against the signature the host calls it with.
 */
export function checkExports(loaded: LoadedModule): EntryPlan {
  const { info, profile } = loaded;
  const exported = new Map(
    info.exports.filter((e) => e.kind === 'function').map((e) => [e.name, e]),
  );
  const check = (name: string, want: FuncSig): boolean => {
    const e = exported.get(name);
    if (!e?.sig) return false;
    if (!sameSig(e.sig, want)) {
      throw new VmFailure(
        'load',
        `Bad function signature for: ${name}, want: ${formatSig(want)}, but the module exports: ${formatSig(e.sig)}`,
      );
    }
    return true;
  };

  let plan: EntryPlan = { kind: 'none' };
  if (check('_initialize', START_FUNCTIONS._initialize!)) {
    plan = { kind: 'reactor' };
    if (check('main', START_FUNCTIONS.main!)) plan.main = 'main';
    else if (profile.mainVoid && check('__main_void', START_FUNCTIONS.__main_void!)) {
      plan.main = '__main_void';
    }
  } else if (check('_start', START_FUNCTIONS._start!)) {
    plan = { kind: 'command' };
  }
  if (profile.kind === 'wasi') return plan;

  const hasMalloc =
    check('malloc', START_FUNCTIONS.malloc!) ||
    check('proxy_on_memory_allocate', START_FUNCTIONS.proxy_on_memory_allocate!);
  if (!hasMalloc) throw new VmFailure('load', 'Wasm module is missing malloc function.');
  for (const [name, want] of Object.entries(moduleFunctions(loaded.abi ?? ''))) check(name, want);
  return plan;
}

/** The allocator cpp-host uses: `malloc` first, else `proxy_on_memory_allocate`. */
export function allocatorName(info: ModuleInfo): 'malloc' | 'proxy_on_memory_allocate' {
  return info.exports.some((e) => e.kind === 'function' && e.name === 'malloc')
    ? 'malloc'
    : 'proxy_on_memory_allocate';
}
