/**
 * Numeric values of the proxy-wasm ABI v0.2.1 (proxy-wasm/spec, "Types"),
 * plus the Higress fork's extra buffer type.
 */

/** proxy_status_t */
export const Status = {
  Ok: 0,
  NotFound: 1,
  BadArgument: 2,
  SerializationFailure: 3,
  ParseFailure: 4,
  InvalidMemoryAccess: 6,
  Empty: 7,
  CasMismatch: 8,
  InternalFailure: 10,
  Unimplemented: 12,
} as const;
export type StatusCode = (typeof Status)[keyof typeof Status];

/** `NOT_FOUND` for 1, as the spec names them. */
export function statusName(status: number): string {
  const entry = Object.entries(Status).find(([, v]) => v === status);
  return entry
    ? entry[0].replace(/[A-Z]/g, (c, i: number) => (i ? '_' : '') + c).toUpperCase()
    : String(status);
}

/** proxy_buffer_type_t; 9 exists only in the Higress fork. */
export const BufferType = {
  HttpRequestBody: 0,
  HttpResponseBody: 1,
  DownstreamData: 2,
  UpstreamData: 3,
  HttpCallResponseBody: 4,
  GrpcReceiveBuffer: 5,
  VmConfiguration: 6,
  PluginConfiguration: 7,
  CallData: 8,
  RedisCallResponse: 9,
} as const;
/** Highest buffer type a stock host accepts (cpp-host WasmBufferType::MAX). */
export const MAX_BUFFER_TYPE = BufferType.CallData;
export const MAX_HIGRESS_BUFFER_TYPE = BufferType.RedisCallResponse;

/** proxy_map_type_t */
export const MapType = {
  HttpRequestHeaders: 0,
  HttpRequestTrailers: 1,
  HttpResponseHeaders: 2,
  HttpResponseTrailers: 3,
  GrpcReceiveInitialMetadata: 4,
  GrpcReceiveTrailingMetadata: 5,
  HttpCallResponseHeaders: 6,
  HttpCallResponseTrailers: 7,
} as const;
export const MAX_MAP_TYPE = MapType.HttpCallResponseTrailers;

/** proxy_stream_type_t */
export const StreamType = {
  HttpRequest: 0,
  HttpResponse: 1,
  Downstream: 2,
  Upstream: 3,
} as const;
export const MAX_STREAM_TYPE = StreamType.Upstream;

/** proxy_metric_type_t */
export const MetricType = { Counter: 0, Gauge: 1, Histogram: 2 } as const;
export const MAX_METRIC_TYPE = MetricType.Histogram;

/** proxy_log_level_t, in order: the index is the wire value. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'critical'] as const;
