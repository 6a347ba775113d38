/**
 * Records what a plugin did, so a test (or a reader of the report) can tell
 * which path it took: the action each callback returned, local replies,
 * outgoing calls with what answered them, foreign functions, the properties
 * it asked for. Every list is bounded: a plugin cannot grow the report
 * without limit.
 */
import type { SmokeActivity } from '../../model.js';
import type { StreamState } from './contexts.js';
import type { MetricSnapshot } from './metrics.js';

/** At most this many entries per list (the rest is dropped). */
export const ACTIVITY_LIMIT = 256;

/** Callbacks whose order and result tell the path through a stream. */
const TRACED = new Set([
  'proxy_on_request_headers',
  'proxy_on_request_body',
  'proxy_on_request_trailers',
  'proxy_on_response_headers',
  'proxy_on_response_body',
  'proxy_on_response_trailers',
  'proxy_on_http_call_response',
  'proxy_on_redis_call_response',
  'proxy_on_queue_ready',
  'proxy_on_tick',
  'proxy_on_log',
  'proxy_on_done',
]);

/**
 * Action names by wire value: headers (FilterHeadersStatus, values 2-4 exist
 * in the Higress ABI 0.2.100) and data (FilterDataStatus); 1 is a pause in both.
 */
const HEADER_ACTIONS = [
  'continue',
  'pause',
  'continue_and_end_stream',
  'stop_all_iteration_and_buffer',
  'stop_all_iteration_and_watermark',
];
const DATA_ACTIONS = [
  'continue',
  'pause',
  'stop_iteration_and_watermark',
  'stop_iteration_no_buffer',
];

function actionName(callback: string, result: number | undefined): string {
  if (result === undefined) return 'none';
  if (/_(request|response)_(headers|trailers)$/.test(callback))
    return HEADER_ACTIONS[result] ?? `action ${result}`;
  if (/_(request|response)_body$/.test(callback)) return DATA_ACTIONS[result] ?? `action ${result}`;
  return String(result);
}

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

export class ActivityLog {
  /** The callback running now ('' outside any). */
  callback = '';
  private readonly callbacks: SmokeActivity['callbacks'] = [];
  private readonly localReplies: SmokeActivity['localReplies'] = [];
  private readonly httpCalls = new Map<number, SmokeActivity['httpCalls'][number]>();
  private readonly redisCalls = new Map<number, SmokeActivity['redisCalls'][number]>();
  private readonly foreign = new Map<string, SmokeActivity['foreignCalls'][number]>();
  private readonly properties = new Map<string, boolean>();

  begin(callback: string): void {
    this.callback = callback;
  }

  end(contextId: number, callback: string, result: number | undefined): void {
    this.callback = '';
    if (!TRACED.has(callback)) return;
    push(this.callbacks, { callback, context: contextId, result: actionName(callback, result) });
  }

  localReply(reply: Omit<SmokeActivity['localReplies'][number], 'callback'>): void {
    push(this.localReplies, { callback: this.callback, ...reply });
  }

  httpCall(token: number, call: Omit<SmokeActivity['httpCalls'][number], 'callback'>): void {
    if (this.httpCalls.size < ACTIVITY_LIMIT)
      this.httpCalls.set(token, { callback: this.callback, ...call });
  }

  httpAnswered(token: number, status: number): void {
    const call = this.httpCalls.get(token);
    if (call) call.answered = status;
  }

  redisCall(token: number, upstream: string, command: string[]): void {
    if (this.redisCalls.size < ACTIVITY_LIMIT)
      this.redisCalls.set(token, { callback: this.callback, upstream, command });
  }

  redisAnswered(token: number, reply: string): void {
    const call = this.redisCalls.get(token);
    if (call) call.reply = reply;
  }

  foreignCall(name: string, status: string): void {
    const key = `${name}\0${status}`;
    const seen = this.foreign.get(key);
    if (seen) seen.count++;
    else if (this.foreign.size < ACTIVITY_LIMIT) this.foreign.set(key, { name, status, count: 1 });
  }

  propertyRead(path: string, found: boolean): void {
    if (this.properties.has(path) || this.properties.size >= ACTIVITY_LIMIT) return;
    this.properties.set(path, found);
  }

  snapshot(stream: StreamState | undefined, metrics: MetricSnapshot[] = []): SmokeActivity {
    return {
      callbacks: [...this.callbacks],
      localReplies: [...this.localReplies],
      httpCalls: [...this.httpCalls.values()],
      redisCalls: [...this.redisCalls.values()],
      foreignCalls: [...this.foreign.values()],
      properties: [...this.properties].map(([path, found]) => ({ path, found })),
      propertiesSet: [...(stream?.filterState ?? [])].slice(0, ACTIVITY_LIMIT).map(([path, v]) => ({
        path: path.split('\0').join('.'),
        value: text(v.subarray(0, 4096)),
      })),
      metrics: metrics.slice(0, ACTIVITY_LIMIT).map((m) => ({
        kind: m.kind,
        name: m.name,
        value: String(m.value),
      })),
      request: {
        headers: stream?.requestHeaders.pairs() ?? [],
        body: stream ? text(stream.requestBody.bytes()) : '',
      },
      response: {
        headers: stream?.responseHeaders.pairs() ?? [],
        body: stream ? text(stream.responseBody.bytes()) : '',
      },
    };
  }
}

function push<T>(list: T[], item: T): void {
  if (list.length < ACTIVITY_LIMIT) list.push(item);
}
