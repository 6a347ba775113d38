/**
 * The wasm type of every `env` function this host provides, as cpp-host
 * declares them (include/proxy-wasm/exports.h: each `Word` is an i32 on
 * wasm32, `int64_t`/`uint64_t` an i64) and as the Higress fork adds them.
 */
import type { FuncSig, ValType } from '../../wasm/types.js';

/** Compact form: one letter per param, `i` = i32, `I` = i64; every function returns i32. */
const STANDARD: Record<string, string> = {
  proxy_log: 'iii',
  proxy_get_log_level: 'i',
  proxy_get_status: 'iii',
  proxy_set_property: 'iiii',
  proxy_get_property: 'iiii',
  proxy_send_local_response: 'iiiiiiii',
  proxy_get_shared_data: 'iiiii',
  proxy_set_shared_data: 'iiiii',
  proxy_register_shared_queue: 'iii',
  proxy_resolve_shared_queue: 'iiiii',
  proxy_dequeue_shared_queue: 'iii',
  proxy_enqueue_shared_queue: 'iii',
  proxy_get_header_map_value: 'iiiii',
  proxy_add_header_map_value: 'iiiii',
  proxy_replace_header_map_value: 'iiiii',
  proxy_remove_header_map_value: 'iii',
  proxy_get_header_map_pairs: 'iii',
  proxy_set_header_map_pairs: 'iii',
  proxy_get_header_map_size: 'ii',
  proxy_get_buffer_status: 'iii',
  proxy_get_buffer_bytes: 'iiiii',
  proxy_set_buffer_bytes: 'iiiii',
  proxy_http_call: 'iiiiiiiiii',
  proxy_grpc_call: 'iiiiiiiiiiii',
  proxy_grpc_stream: 'iiiiiiiii',
  proxy_grpc_close: 'i',
  proxy_grpc_cancel: 'i',
  proxy_grpc_send: 'iiii',
  proxy_set_tick_period_milliseconds: 'i',
  proxy_get_current_time_nanoseconds: 'i',
  proxy_define_metric: 'iiii',
  proxy_increment_metric: 'iI',
  proxy_record_metric: 'iI',
  proxy_get_metric: 'ii',
  proxy_set_effective_context: 'i',
  proxy_done: '',
  proxy_call_foreign_function: 'iiiiii',
  // ABI-specific ones (FOR_ALL_HOST_IMPLEMENTED_ABI_FUNCTIONS_ABI_SPECIFIC)
  proxy_get_configuration: 'ii',
  proxy_continue_request: '',
  proxy_continue_response: '',
  proxy_clear_route_cache: '',
  proxy_continue_stream: 'i',
  proxy_close_stream: 'i',
};

/** The Higress fork's extras (higress-group/proxy-wasm-cpp-host, proxy-wasm-go-sdk). */
const HIGRESS: Record<string, string> = {
  proxy_redis_init: 'iiiiiii',
  proxy_redis_call: 'iiiii',
  proxy_inject_encoded_data_to_filter_chain: 'iii',
  proxy_set_upstream_override_host: 'ii',
  proxy_get_upstream_hosts: 'ii',
};

function expand(table: Record<string, string>): Record<string, FuncSig> {
  const out: Record<string, FuncSig> = {};
  for (const [name, params] of Object.entries(table)) {
    out[name] = {
      params: [...params].map((c): ValType => (c === 'I' ? 'i64' : 'i32')),
      results: ['i32'],
    };
  }
  return out;
}

export const STANDARD_SIGNATURES: Readonly<Record<string, FuncSig>> = expand(STANDARD);
export const HIGRESS_SIGNATURES: Readonly<Record<string, FuncSig>> = expand(HIGRESS);

export function proxySignatures(higressExtras: boolean): Record<string, FuncSig> {
  return higressExtras
    ? { ...STANDARD_SIGNATURES, ...HIGRESS_SIGNATURES }
    : { ...STANDARD_SIGNATURES };
}
