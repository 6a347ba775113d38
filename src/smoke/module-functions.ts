/**
 * The exports cpp-host looks up (WasmBase::getFunctions) with the signature
 * it expects for each; a module exporting one with another signature fails
 * with "Bad function signature for: ...". Words are i32 on wasm32.
 */
import type { FuncSig } from '../wasm/types.js';

const word = (n: number): FuncSig => ({ params: Array(n).fill('i32'), results: ['i32'] });
const nothing = (n: number): FuncSig => ({ params: Array(n).fill('i32'), results: [] });

/** Start functions and allocators, in the order cpp-host fetches them. */
export const START_FUNCTIONS: Readonly<Record<string, FuncSig>> = {
  _initialize: nothing(0),
  main: word(2),
  __main_void: word(0),
  _start: nothing(0),
  malloc: word(1),
  proxy_on_memory_allocate: word(1),
};

/** Callbacks every ABI version shares (FOR_ALL_MODULE_FUNCTIONS). */
const COMMON: Record<string, FuncSig> = {
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
};

/** The Higress fork adds one callback to FOR_ALL_MODULE_FUNCTIONS (its wasm.h). */
const HIGRESS: Record<string, FuncSig> = { proxy_on_redis_call_response: nothing(4) };

/**
 * The callbacks cpp-host fetches for a module of the given ABI marker
 * (WasmBase::getFunctions), on the Higress fork when `higress`.
 */
export function moduleFunctions(abi: string, higress = false): Record<string, FuncSig> {
  const common = higress ? { ...COMMON, ...HIGRESS } : COMMON;
  if (abi === 'proxy_abi_version_0_1_0') {
    return { ...common, proxy_on_request_headers: word(2), proxy_on_response_headers: word(2) };
  }
  return {
    ...common,
    proxy_on_request_headers: word(3),
    proxy_on_response_headers: word(3),
    proxy_on_foreign_function: nothing(3),
  };
}

/** Host functions cpp-host registers only for some ABI versions. */
export const ABI_SPECIFIC_HOST_FUNCTIONS: Readonly<Record<string, readonly string[]>> = {
  proxy_abi_version_0_1_0: [
    'proxy_get_configuration',
    'proxy_continue_request',
    'proxy_continue_response',
    'proxy_clear_route_cache',
  ],
  proxy_abi_version_0_2_0: ['proxy_continue_stream', 'proxy_close_stream'],
  proxy_abi_version_0_2_1: ['proxy_continue_stream', 'proxy_close_stream', 'proxy_get_log_level'],
  proxy_abi_version_0_2_100: ['proxy_continue_stream', 'proxy_close_stream', 'proxy_get_log_level'],
};

export const ALL_ABI_SPECIFIC = new Set(Object.values(ABI_SPECIFIC_HOST_FUNCTIONS).flat());
