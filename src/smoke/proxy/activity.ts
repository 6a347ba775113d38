/**
 * Records what a plugin did, so a test (or a reader of the report) can tell
 * which path it took: the action each callback returned, local replies,
 * outgoing calls with what answered them, foreign functions, the properties
 * it asked for. Every list is bounded: a plugin cannot grow the report
 * without limit.
 */
import type { SmokeActivity } from '../../model.js';
import type { StreamState } from './contexts.js';

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

const ACTIONS = ['continue', 'pause'];

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
    const action =
      result === undefined
        ? 'none'
        : callback.includes('_request_') || callback.includes('_response_')
          ? (ACTIONS[result] ?? `action ${result}`)
          : String(result);
    push(this.callbacks, { callback, context: contextId, result: action });
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

  snapshot(stream: StreamState | undefined): SmokeActivity {
    return {
      callbacks: [...this.callbacks],
      localReplies: [...this.localReplies],
      httpCalls: [...this.httpCalls.values()],
      redisCalls: [...this.redisCalls.values()],
      foreignCalls: [...this.foreign.values()],
      properties: [...this.properties].map(([path, found]) => ({ path, found })),
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
