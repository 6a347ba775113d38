/**
 * Which proxy-wasm contexts exist, which one is current, and the state each
 * HTTP stream context carries (its header maps, bodies, filter state and
 * what the plugin did to the stream). Mirrors cpp-host's split between
 * current_context_ (set by the host around each callback) and
 * effective_context_id_ (set by the guest, reset on the next callback).
 */
import { MutableBuffer } from './buffers.js';
import type { LocalResponse, StreamInput } from './contract.js';
import { HeaderMap } from './header-map.js';
import type { StreamProgress, StreamView } from './routed-request.js';

export interface StreamState {
  requestHeaders: HeaderMap;
  requestTrailers: HeaderMap;
  responseHeaders: HeaderMap;
  responseTrailers: HeaderMap;
  requestBody: MutableBuffer;
  responseBody: MutableBuffer;
  downstreamData: MutableBuffer;
  upstreamData: MutableBuffer;
  /** proxy_set_property values (Envoy keeps them as filter state). */
  filterState: Map<string, Uint8Array>;
  /** Stream types (0..3) the plugin resumed with proxy_continue_stream. */
  continued: Set<number>;
  /** Stream types the plugin closed with proxy_close_stream. */
  closed: Set<number>;
  /** Higress: data injected with proxy_inject_encoded_data_to_filter_chain. */
  injected: { data: Uint8Array; endStream: boolean }[];
  /** Higress: proxy_set_upstream_override_host. */
  upstreamOverrideHost?: string;
  /** How far the gateway got with this stream (which attributes exist). */
  progress: StreamProgress;
  /** The plugin's local reply, as Envoy records it in the stream info. */
  localReply?: StreamView['localReply'];
  /** When the request's first byte arrived, ns since the epoch. */
  startNs: bigint;
  /** Whether the request body has reached the filter (bytes received count from then). */
  requestBodyArrived?: boolean;
}

const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

export class ContextRegistry {
  /** Context id -> parent id (0 for a root context). */
  private readonly parents = new Map<number, number>();
  private readonly streams = new Map<number, StreamState>();
  private readonly tickPeriods = new Map<number, number>();
  private readonly donePending = new Set<number>();
  private readonly doneCalled: number[] = [];
  readonly localResponses: LocalResponse[] = [];
  private current = 0;
  private override = 0;

  constructor(
    private readonly stream: StreamInput,
    private readonly now: () => bigint = () => BigInt(Date.now()) * 1_000_000n,
  ) {}

  /** Records a context; the first one ever seen is taken as the root. */
  register(contextId: number, parentId?: number): void {
    if (this.parents.has(contextId) && parentId === undefined) return;
    const firstRoot = [...this.parents.entries()].find(([, parent]) => parent === 0)?.[0];
    const parent = parentId ?? (firstRoot !== undefined && firstRoot !== contextId ? firstRoot : 0);
    this.parents.set(contextId, parent);
  }

  known(contextId: number): boolean {
    return this.parents.has(contextId);
  }

  /** Set by the lifecycle before each callback; drops any guest override. */
  setCurrent(contextId: number): void {
    this.register(contextId);
    this.current = contextId;
    this.override = 0;
  }

  /** proxy_set_effective_context from the guest. */
  setOverride(contextId: number): boolean {
    if (!this.known(contextId)) return false;
    this.override = contextId;
    return true;
  }

  effective(): number {
    return this.override || this.current;
  }

  rootOf(contextId: number): number {
    const parent = this.parents.get(contextId) ?? 0;
    return parent === 0 ? contextId : parent;
  }

  isRoot(contextId: number): boolean {
    return (this.parents.get(contextId) ?? 0) === 0;
  }

  /** The stream state of a non-root context, created from the stream input on first use. */
  streamOf(contextId: number): StreamState | undefined {
    if (contextId === 0 || this.isRoot(contextId)) return undefined;
    let state = this.streams.get(contextId);
    if (!state) {
      state = {
        requestHeaders: new HeaderMap(this.stream.requestHeaders),
        requestTrailers: new HeaderMap(this.stream.requestTrailers),
        responseHeaders: new HeaderMap(this.stream.responseHeaders),
        responseTrailers: new HeaderMap(this.stream.responseTrailers),
        requestBody: new MutableBuffer(text(this.stream.requestBody)),
        responseBody: new MutableBuffer(text(this.stream.responseBody)),
        downstreamData: new MutableBuffer(),
        upstreamData: new MutableBuffer(),
        filterState: new Map(),
        continued: new Set(),
        closed: new Set(),
        injected: [],
        progress: 'request',
        startNs: this.now(),
      };
      this.streams.set(contextId, state);
    }
    return state;
  }

  /** The stream state if the context ever used it, without creating it. */
  peekStream(contextId: number): StreamState | undefined {
    return this.streams.get(contextId);
  }

  setTickPeriod(contextId: number, ms: number): void {
    this.tickPeriods.set(this.rootOf(contextId), ms);
  }

  tickPeriod(rootContextId: number): number {
    return this.tickPeriods.get(rootContextId) ?? 0;
  }

  expectDone(contextId: number): void {
    this.donePending.add(contextId);
  }

  /** proxy_done: only a context whose proxy_on_done returned false may call it. */
  done(contextId: number): boolean {
    if (!this.donePending.delete(contextId)) return false;
    this.doneCalled.push(contextId);
    return true;
  }

  doneContexts(): number[] {
    return [...this.doneCalled];
  }
}
