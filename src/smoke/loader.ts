/**
 * The load checks cpp-host makes before any code runs, in its order and with
 * its wording: ABI marker (WasmBase::load), import resolution (V8::link),
 * then the exports it fetches with their signatures and the allocator
 * (WasmBase::getFunctions).
 */
import { InputError } from '../common/errors.js';
import { capModule, formatMiB, LimitFailure } from '../wasm/memory-cap.js';
import { readModule } from '../wasm/reader.js';
import { formatSig, sameSig, type FuncSig, type ModuleInfo } from '../wasm/types.js';
import { VmFailure } from './failure.js';
import { GATEWAY_MEMORY_LIMIT_MB, MAX_TABLE_ENTRIES } from './limits.js';
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

/** Why a module is refused at a cap: V8's own failure for memory, smoke's limit for tables. */
function limitMessage(err: LimitFailure, memoryLimitBytes: number): string {
  if (err.limit === 'tables') return err.message;
  // Envoy's V8 rejects the module when WasmBase::load compiles it.
  const gatewayBytes = GATEWAY_MEMORY_LIMIT_MB << 20;
  const own =
    memoryLimitBytes < gatewayBytes
      ? ` (the smoke test's memoryLimitMb; the gateway allows ${formatMiB(gatewayBytes)})`
      : '';
  return `Failed to load Wasm bytecode: ${err.message}${own}`;
}

/**
 * Room the smoke worker leaves before a module it reads from its file: the
 * memory-cap rewrite grows the module by a few bytes per memory and table,
 * and with this room it rewrites the front in place instead of copying the
 * whole module.
 */
export const MODULE_SPARE_BYTES = 256;

/**
 * Reads, caps and compiles the module; checks the ABI marker. `spare`: free
 * bytes before `bytes` in its buffer, for capModule to rewrite in place.
 */
export async function compileModule(
  bytes: Uint8Array,
  file: string,
  profile: HostProfile,
  memoryLimitBytes: number,
  spare = 0,
): Promise<LoadedModule> {
  const info = readModule(bytes, file);
  let abi: string | null = null;
  if (profile.kind === 'proxy-wasm') {
    abi = findAbiMarker(info, profile);
    if (!abi) throw new VmFailure('load', 'Missing or unknown Proxy-Wasm ABI version');
  }
  let capped;
  try {
    capped = capModule(
      bytes,
      file,
      { memoryBytes: memoryLimitBytes, tableEntries: MAX_TABLE_ENTRIES },
      info,
      spare,
    );
  } catch (err) {
    if (err instanceof LimitFailure)
      throw new VmFailure('load', limitMessage(err, memoryLimitBytes));
    throw err;
  }
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(capped.bytes);
  } catch (err) {
    throw new InputError(`${file}: invalid wasm module: ${(err as Error).message}`);
  }
  return { file, info, profile, module, abi, offsetDelta: capped.offsetDelta, memoryLimitBytes };
}

/**
 * V8::link: every function import must be a host function of the same type;
 * imported memories and tables are created by the host (V8::link makes them
 * from the import's own limits), imported globals are refused.
 */
export function checkImports(loaded: LoadedModule, host: HostSignatures): void {
  for (const imp of loaded.info.imports) {
    if (imp.kind === 'memory' || imp.kind === 'table') continue;
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

export interface ExportCheck {
  /** What start runs: functions with a bad signature are left out, as cpp-host nulls them. */
  plan: EntryPlan;
  /**
   * The first failure (a bad signature, no allocator). cpp-host records it
   * and still runs the start functions it found, so their logs appear; the
   * VM then counts as failed.
   */
  failure?: VmFailure;
}

/**
 * WasmBase::getFunctions for proxy-wasm profiles: start functions, allocator
 * and callbacks, each checked against the signature the host calls it with.
 */
export function checkExports(loaded: LoadedModule): ExportCheck {
  const { info, profile } = loaded;
  const exported = new Map(
    info.exports.filter((e) => e.kind === 'function').map((e) => [e.name, e]),
  );
  let failure: VmFailure | undefined;
  const fail = (message: string) => (failure ??= new VmFailure('load', message));
  const check = (name: string, want: FuncSig): boolean => {
    const e = exported.get(name);
    if (!e?.sig) return false;
    if (!sameSig(e.sig, want)) {
      fail(
        `Bad function signature for: ${name}, want: ${formatSig(want)}, but the module exports: ${formatSig(e.sig)}`,
      );
      return false;
    }
    return true;
  };

  let plan: EntryPlan = { kind: 'none' };
  if (check('_initialize', START_FUNCTIONS._initialize!)) {
    plan = { kind: 'reactor' };
    // cpp-host fetches both and calls main when it has it, else __main_void (#500).
    const main = check('main', START_FUNCTIONS.main!);
    const mainVoid = profile.mainVoid && check('__main_void', START_FUNCTIONS.__main_void!);
    if (main) plan.main = 'main';
    else if (mainVoid) plan.main = '__main_void';
  } else if (check('_start', START_FUNCTIONS._start!)) {
    plan = { kind: 'command' };
  }
  if (profile.kind === 'wasi') return { plan, failure };

  const hasMalloc =
    check('malloc', START_FUNCTIONS.malloc!) ||
    check('proxy_on_memory_allocate', START_FUNCTIONS.proxy_on_memory_allocate!);
  if (!hasMalloc) fail('Wasm module is missing malloc function.');
  const callbacks = moduleFunctions(loaded.abi ?? '', profile.higressExtras);
  for (const [name, want] of Object.entries(callbacks)) check(name, want);
  return { plan, failure };
}

/** The allocator cpp-host uses: `malloc` first, else `proxy_on_memory_allocate`. */
export function allocatorName(info: ModuleInfo): 'malloc' | 'proxy_on_memory_allocate' {
  return info.exports.some((e) => e.kind === 'function' && e.name === 'malloc')
    ? 'malloc'
    : 'proxy_on_memory_allocate';
}
