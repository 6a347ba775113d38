/**
 * Foreign functions reachable through proxy_call_foreign_function, per host.
 * Envoy registers its own in source/extensions/common/wasm/foreign.cc
 * (compress, uncompress, declare_property, set_envoy_filter_state,
 * clear_route_cache; expr_* and sign/verify_signature are not offered here,
 * see docs/smoke.md); the Higress fork adds the ones its wasm-go SDK calls:
 * get_log_level, set_global_max_requests_per_io_cycle and
 * inject_encoded_data_to_filter_chain(_on_header). Any other name is NOT_FOUND.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { Status, type StatusCode } from './abi.js';
import type { StreamState } from './contexts.js';
import { decodeMessage, lastField } from './protobuf.js';
import type { AttributeSurface } from './routed-request.js';

export interface ForeignOutcome {
  status: StatusCode;
  result?: Uint8Array;
}

/** Foreign-function state of one VM, kept between calls. */
export interface ForeignVmState {
  /** Names declared with declare_property. */
  declared: Set<string>;
  /** Higress's per-IO-cycle request limit, once a plugin set it. */
  maxRequestsPerIoCycle?: bigint;
}

/** What a foreign function may look at or change. */
export interface ForeignContext {
  surface: AttributeSurface;
  /** The stream of the effective context (undefined on a root context). */
  stream: StreamState | undefined;
  /** Wire value of the log level the host logs at. */
  logLevel: number;
  vm: ForeignVmState;
}

type ForeignFunction = (args: Uint8Array, ctx: ForeignContext) => ForeignOutcome;

const ok = (result?: Uint8Array): ForeignOutcome => ({ status: Status.Ok, result });
const bad: ForeignOutcome = { status: Status.BadArgument };

/** Fields of an argument message, or undefined when the bytes do not parse (BAD_ARGUMENT). */
const message = (args: Uint8Array) => decodeMessage(args);
const text = (b: Uint8Array | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

const ENVOY: Record<string, ForeignFunction> = {
  // zlib compress()/uncompress(): the zlib format, not raw deflate or gzip.
  compress: (args) => ok(new Uint8Array(deflateSync(args))),
  uncompress: (args) => {
    try {
      return ok(new Uint8Array(inflateSync(args)));
    } catch {
      return { status: Status.SerializationFailure };
    }
  },
  // DeclarePropertyArguments: name 1, type 2, schema 3, readonly 4, span 5.
  declare_property: (args, ctx) => {
    const fields = message(args);
    if (!fields) return bad;
    const name = text(lastField(fields, 1)?.bytes);
    // Context::declareProperty keeps the first schema of a name.
    if (ctx.vm.declared.has(name)) return bad;
    ctx.vm.declared.add(name);
    return ok();
  },
  // SetEnvoyFilterStateArguments: path 1, value 2, span 3.
  set_envoy_filter_state: (args, ctx) => {
    const fields = message(args);
    if (!fields) return bad;
    if (!ctx.stream) return { status: Status.NotFound };
    const path = text(lastField(fields, 1)?.bytes);
    ctx.stream.filterState.set(path, lastField(fields, 2)?.bytes ?? new Uint8Array());
    return ok();
  },
  // No route cache in a smoke run; clearing it always succeeds.
  clear_route_cache: () => ok(),
};

const HIGRESS: Record<string, ForeignFunction> = {
  // The SDK reads the level as a little-endian u32 (wasm-go pkg/wrapper/log_wrapper.go).
  get_log_level: (_args, ctx) => {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, ctx.logLevel, true);
    return ok(out);
  },
  // The SDK sends the limit as a little-endian u64 (pkg/wrapper/plugin_wrapper.go).
  set_global_max_requests_per_io_cycle: (args, ctx) => {
    if (args.length !== 8) return bad;
    ctx.vm.maxRequestsPerIoCycle = new DataView(args.buffer, args.byteOffset, 8).getBigUint64(
      0,
      true,
    );
    return ok();
  },
  inject_encoded_data_to_filter_chain: (args, ctx) => inject(args, ctx),
  inject_encoded_data_to_filter_chain_on_header: (args, ctx) => inject(args, ctx),
};

/** InjectEncodedDataToFilterChainArguments: body 1 (string), endstream 2 (bool). */
function inject(args: Uint8Array, ctx: ForeignContext): ForeignOutcome {
  const fields = message(args);
  if (!fields) return bad;
  if (!ctx.stream) return { status: Status.NotFound };
  ctx.stream.injected.push({
    data: lastField(fields, 1)?.bytes ?? new Uint8Array(),
    endStream: (lastField(fields, 2)?.varint ?? 0n) !== 0n,
  });
  return ok();
}

function registry(surface: AttributeSurface): Record<string, ForeignFunction> {
  return surface === 'higress' ? { ...ENVOY, ...HIGRESS } : ENVOY;
}

export function callForeignFunction(
  name: string,
  args: Uint8Array,
  ctx: ForeignContext,
): ForeignOutcome | undefined {
  const functions = registry(ctx.surface);
  const f = Object.hasOwn(functions, name) ? functions[name] : undefined;
  return f?.(args, ctx);
}

export function foreignFunctionNames(surface: AttributeSurface): string[] {
  return Object.keys(registry(surface));
}
