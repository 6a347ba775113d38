/**
 * The seam between the loader/lifecycle (src/smoke) and the proxy-wasm host
 * functions (src/smoke/proxy). The loader decides which imports exist for a
 * profile, wraps each one (start-phase allow-list, restricted_callback) and
 * drives the lifecycle; the proxy host implements what each `env.proxy_*`
 * (and Higress extra) function does, with the state it needs.
 */
import type { SmokeActivity } from '../../model.js';
import type { FuncSig } from '../../wasm/types.js';
import type { PropertyOverride } from './properties.js';
import type { RedisRule } from './redis.js';

export type ProxyLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'critical';

/** Access to the guest, bound after instantiation. */
export interface GuestAccess {
  /** The module's memory; read `.buffer` afresh after any call (memory can grow). */
  memory(): WebAssembly.Memory;
  /** Allocates in the guest with its allocator (`malloc`, else `proxy_on_memory_allocate`). */
  allocate(size: number): number;
}

/** A canned answer for every `proxy_http_call` (configurable per smoke run). */
export interface CannedHttpResponse {
  headers: [string, string][];
  body: string;
  trailers: [string, string][];
}

/** An answer for the proxy_http_calls that match (first rule wins, then the default). */
export interface HttpCallRule {
  /** The upstream (cluster) name the call names; absent matches any. */
  upstream?: string;
  /** A prefix of the call's :path; absent matches any. */
  path?: string;
  response: CannedHttpResponse;
}

/** The HTTP stream the lifecycle drives through one plugin (context 2). */
export interface StreamInput {
  requestHeaders: [string, string][];
  requestBody: string;
  requestTrailers: [string, string][];
  responseHeaders: [string, string][];
  responseBody: string;
  responseTrailers: [string, string][];
}

export interface ProxyHostOptions {
  vmConfig: Uint8Array;
  pluginConfig: Uint8Array;
  /**
   * Properties answered by proxy_get_property ahead of the gateway's own,
   * keyed by path segments joined with '\0' (null: absent).
   */
  properties?: Record<string, PropertyOverride>;
  /** The host profile whose attributes and foreign functions are offered (default higress). */
  profile?: string;
  httpCallResponse: CannedHttpResponse;
  /** Answers for particular http calls, tried in order before httpCallResponse. */
  httpCalls?: HttpCallRule[];
  /** Higress redis replies by command (default +OK). */
  redisReplies?: RedisRule[];
  stream: StreamInput;
  /** Whether the Higress fork's extra functions are provided (higress profile). */
  higressExtras: boolean;
  /** Every proxy_log and host-side diagnostic goes here. */
  log(level: ProxyLogLevel, message: string): void;
  /** Answers of the `plugin_name`, `plugin_root_id`, `plugin_vm_id` properties (default ''). */
  pluginName?: string;
  rootId?: string;
  vmId?: string;
  /** What proxy_get_log_level reports (default 'info', Envoy's default). */
  logLevel?: ProxyLogLevel;
  /** Clock for proxy_get_current_time_nanoseconds (default: wall clock). */
  now?: () => bigint;
  /** Higress: what proxy_get_upstream_hosts returns, as (address, info) pairs. */
  upstreamHosts?: [string, string][];
}

/** A pending `proxy_http_call`, answered by the lifecycle after the stream phases. */
export interface PendingHttpCall {
  token: number;
  /** Context that dispatched it (the effective context at the time). */
  contextId: number;
  upstream: string;
  headers: [string, string][];
  /**
   * Root context of `contextId`: Envoy dispatches calls from the root context
   * and proxy_on_http_call_response(root_context_id, token, ...) goes to it.
   */
  rootContextId?: number;
  body?: string;
  trailers?: [string, string][];
  timeoutMs?: number;
}

/** Local reply sent by the plugin with proxy_send_local_response. */
export interface LocalResponse {
  contextId: number;
  status: number;
  details: string;
  body: string;
  headers: [string, string][];
  /** The grpc_status argument (-1 when none). */
  grpcStatus?: number;
}

/** A Higress `proxy_redis_call`, answered through BufferType 9 (RedisCallResponse). */
export interface PendingRedisCall {
  token: number;
  contextId: number;
  rootContextId: number;
  upstream: string;
  query: Uint8Array;
}

/** A proxy_enqueue_shared_queue that the lifecycle may deliver as proxy_on_queue_ready. */
export interface QueueReady {
  contextId: number;
  token: number;
}

/** What a plugin did to one HTTP stream, beyond local responses. */
export interface StreamActions {
  /** Stream types (0 request, 1 response, 2 downstream, 3 upstream) resumed with proxy_continue_stream. */
  continued: number[];
  /** Stream types closed with proxy_close_stream. */
  closed: number[];
  /** Current request/response headers after the plugin's edits. */
  requestHeaders: [string, string][];
  responseHeaders: [string, string][];
  requestBody: string;
  responseBody: string;
  /** Higress extras. */
  injected: { data: string; endStream: boolean }[];
  upstreamOverrideHost?: string;
}

export type HostFunction = (...args: (number | bigint)[]) => number | bigint | void;

/** What src/smoke/proxy exports as `createProxyHost(options)`. */
export interface ProxyHost {
  /** Signatures of every function this host can provide, for the loader's type check. */
  readonly signatures: Readonly<Record<string, FuncSig>>;
  /** Implementations for module `env`, keyed by import name. */
  readonly functions: Readonly<Record<string, HostFunction>>;
  /** Binds guest access; called once, after instantiation and before any export runs. */
  bind(guest: GuestAccess): void;
  /** The context the host treats as current (the lifecycle sets it before each callback). */
  setEffectiveContext(contextId: number): void;
  /** Tick period the plugin asked for with proxy_set_tick_period_milliseconds (0 = none). */
  tickPeriodMs(rootContextId: number): number;
  /** Removes and returns the http calls dispatched and not yet answered. */
  takePendingHttpCalls(): PendingHttpCall[];
  /**
   * Makes the canned response the current HttpCallResponse headers, body and
   * trailers; returns the sizes the lifecycle passes to proxy_on_http_call_response.
   */
  prepareHttpCallResponse(call: PendingHttpCall): {
    headers: number;
    bodySize: number;
    trailers: number;
  };
  /** Clears the HttpCallResponse buffers once the callback returned. */
  finishHttpCallResponse(): void;
  /** Local responses sent so far (proxy_send_local_response). */
  localResponses(): LocalResponse[];
  /** Whether the stream on this context was resumed/continued after a pause. */
  streamResumed(contextId: number): boolean;

  // Optional extras; the lifecycle may use them, nothing requires it.

  /**
   * Brackets one call into the plugin (`exportName` as exported, e.g.
   * 'proxy_on_request_headers'); also makes `contextId` current. Once used,
   * data is available only where Envoy has it: the plugin configuration
   * inside proxy_on_configure, a stream's headers/body/trailers from the
   * callback that delivers them until it returns CONTINUE (0) or the plugin
   * resumes the request. Without it, everything stays available.
   */
  beginCallback?(contextId: number, exportName: string): void;
  /** Ends the bracket; `result` is the callback's return value (the action), if any. */
  endCallback?(contextId: number, exportName: string, result?: number): void;

  /**
   * Declares a context and its parent (0 for a root). Without it the host
   * takes the first context it sees as the root and later ones as its streams.
   */
  contextCreated?(contextId: number, parentContextId: number): void;
  /** The plugin's proxy_on_done returned false: allow one proxy_done from this context. */
  expectDone?(contextId: number): void;
  /** Contexts that called proxy_done after expectDone. */
  doneContexts?(): number[];
  /** Removes and returns the queue-ready notifications recorded by proxy_enqueue_shared_queue. */
  takeQueueReady?(): QueueReady[];
  /** Removes and returns Higress redis calls not yet answered. */
  takePendingRedisCalls?(): PendingRedisCall[];
  /**
   * Makes the reply to `call` (`response`, else the configured one for its
   * command) the current RedisCallResponse buffer; returns its size.
   */
  prepareRedisCallResponse?(call: PendingRedisCall, response?: Uint8Array): number;
  finishRedisCallResponse?(): void;
  /** What the plugin did to the stream on this context (undefined if it never touched it). */
  streamActions?(contextId: number): StreamActions | undefined;
  /** The path the plugin took: callbacks and their actions, replies, calls, properties read. */
  activity?(contextId: number): SmokeActivity;
  /**
   * What the gateway sends back through the response callbacks of this
   * stream: the upstream's response, or the plugin's local reply when it
   * sent one before the upstream answered (Envoy encodes a local reply
   * through the filter chain, this plugin included).
   */
  responseFor?(
    contextId: number,
  ): Pick<StreamInput, 'responseHeaders' | 'responseBody' | 'responseTrailers'>;
  /** Whether the plugin ended the request side with a local reply (no more request callbacks). */
  repliedLocally?(contextId: number): boolean;
}
