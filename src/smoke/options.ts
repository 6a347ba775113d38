/** What a smoke run takes, with the defaults the CLI and the pipeline share. */
import { GATEWAY_MEMORY_LIMIT_MB } from './limits.js';
import type { CannedHttpResponse, HttpCallRule, StreamInput } from './proxy/contract.js';
import type { PropertyOverride } from './proxy/properties.js';
import type { RedisRule } from './proxy/redis.js';

export interface SmokeOptions {
  /** Host profile name (src/smoke/profiles.ts); default `higress`. */
  host?: string;
  /** Name used in messages; defaults to the path given, or `module.wasm`. */
  file?: string;
  /** proxy_on_vm_start's configuration (BufferType 6). */
  vmConfig?: Uint8Array | string;
  /** proxy_on_configure's configuration (BufferType 7). */
  pluginConfig?: Uint8Array | string;
  /** Whole-run limit (isolated runs only); default 10 s. */
  timeoutMs?: number;
  /** Linear-memory cap in MiB; default 1024, the gateway's (src/smoke/limits.ts). */
  memoryLimitMb?: number;
  /** Canned answer to every proxy_http_call. */
  httpCallResponse?: Partial<CannedHttpResponse>;
  /** Answers for particular http calls (by upstream and path), tried before httpCallResponse. */
  httpCalls?: HttpCallRule[];
  /** Higress redis replies by command (default +OK). */
  redisReplies?: RedisRule[];
  /** The HTTP stream driven through context 2. */
  request?: Partial<StreamInput>;
  /**
   * Properties answered ahead of the gateway's own attributes, path segments
   * joined with '.'; null makes one absent (src/smoke/proxy/properties.ts).
   */
  properties?: Record<string, PropertyOverride>;
  /** `wasi` profile: the export to call after `_initialize` (reactors). */
  wasiExport?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MEMORY_LIMIT_MB = GATEWAY_MEMORY_LIMIT_MB;

export const DEFAULT_STREAM: StreamInput = {
  requestHeaders: [
    [':method', 'POST'],
    [':path', '/smoke?probe=1'],
    [':authority', 'smoke.local'],
    [':scheme', 'http'],
    ['content-type', 'application/json'],
    ['user-agent', 'wasm-plugin-ci-smoke'],
  ],
  requestBody: '{"probe":true}',
  requestTrailers: [['x-smoke-trailer', '1']],
  responseHeaders: [
    [':status', '200'],
    ['content-type', 'application/json'],
  ],
  responseBody: '{"ok":true}',
  responseTrailers: [],
};

export const DEFAULT_HTTP_CALL_RESPONSE: CannedHttpResponse = {
  headers: [
    [':status', '200'],
    ['content-type', 'application/json'],
  ],
  body: '{"ok":true}',
  trailers: [],
};

export function toBytes(value: Uint8Array | string | undefined): Uint8Array {
  if (value === undefined) return new Uint8Array(0);
  return typeof value === 'string' ? new TextEncoder().encode(value) : value;
}
