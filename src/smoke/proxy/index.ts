/**
 * The proxy-wasm host functions for one loaded plugin: `createProxyHost`
 * builds the `env` imports (ABI v0.2.1 plus the older ABI-specific ones,
 * and the Higress extras when asked) over fresh host state.
 */
import { LOG_LEVELS } from './abi.js';
import { ActivityLog } from './activity.js';
import { Availability } from './availability.js';
import { ContextRegistry } from './contexts.js';
import type { ProxyHost, ProxyHostOptions, StreamActions } from './contract.js';
import { hostFunctions } from './functions/index.js';
import { OutboundCalls } from './http-calls.js';
import { GuestMemory } from './memory.js';
import { Metrics } from './metrics.js';
import { SharedQueues } from './queues.js';
import { SharedData } from './shared-data.js';
import { decodeCommand, redisReply } from './redis.js';
import { attributeSurface, type StreamProgress } from './routed-request.js';
import { proxySignatures } from './signatures.js';
import type { HostState } from './state.js';

export type * from './contract.js';
export { proxySignatures, STANDARD_SIGNATURES, HIGRESS_SIGNATURES } from './signatures.js';
export { serializePairs, deserializePairs, HeaderMap } from './header-map.js';
export { Status, BufferType, MapType, StreamType, MetricType } from './abi.js';

const wallClockNanos = (): bigint => BigInt(Date.now()) * 1_000_000n;

/** Where each callback puts the stream: response callbacks come after the upstream answered. */
const PROGRESS: Record<string, StreamProgress> = {
  proxy_on_response_headers: 'response',
  proxy_on_response_body: 'response',
  proxy_on_response_trailers: 'response',
  proxy_on_log: 'complete',
  proxy_on_done: 'complete',
};

export function createProxyHost(options: ProxyHostOptions): ProxyHost {
  const now = options.now ?? wallClockNanos;
  const contexts = new ContextRegistry(options.stream, now);
  const calls = new OutboundCalls(options.httpCallResponse, options.httpCalls);
  const availability = new Availability();
  const activity = new ActivityLog();
  const state: HostState = {
    options,
    memory: new GuestMemory(),
    contexts,
    availability,
    sharedData: new SharedData(),
    queues: new SharedQueues(),
    metrics: new Metrics(),
    calls,
    identity: {
      pluginName: options.pluginName ?? '',
      rootId: options.rootId ?? '',
      vmId: options.vmId ?? '',
    },
    logLevel: LOG_LEVELS.indexOf(options.logLevel ?? 'info'),
    now,
    surface: attributeSurface(options.profile ?? 'higress') ?? 'higress',
    activity,
    foreign: { declared: new Set() },
  };
  const functions = hostFunctions(state);
  const signatures = proxySignatures(options.higressExtras);

  return {
    signatures,
    functions,
    bind: (guest) => state.memory.bind(guest),
    setEffectiveContext: (contextId) => contexts.setCurrent(contextId),
    tickPeriodMs: (rootContextId) => contexts.tickPeriod(rootContextId),
    takePendingHttpCalls: () => calls.takePendingHttp(),
    prepareHttpCallResponse: (call) => {
      const sizes = calls.prepareHttpResponse(call);
      activity.httpAnswered(call.token, Number(calls.httpResponse()?.headers.get(':status')));
      return sizes;
    },
    finishHttpCallResponse: () => calls.finishHttpResponse(),
    localResponses: () => [...contexts.localResponses],
    streamResumed: (contextId) => {
      const continued = contexts.peekStream(contextId)?.continued;
      return continued !== undefined && continued.size > 0;
    },
    beginCallback: (contextId, exportName) => {
      contexts.setCurrent(contextId);
      availability.begin(contextId, exportName);
      activity.begin(exportName);
      const stream = contexts.peekStream(contextId) ?? contexts.streamOf(contextId);
      const next = PROGRESS[exportName];
      if (stream && next && (stream.progress === 'request' || next === 'complete'))
        stream.progress = next;
      if (stream && exportName === 'proxy_on_request_body') stream.requestBodyArrived = true;
    },
    endCallback: (contextId, exportName, result) => {
      availability.end(contextId, exportName, result);
      activity.end(contextId, exportName, result);
    },
    contextCreated: (contextId, parentContextId) => contexts.register(contextId, parentContextId),
    expectDone: (contextId) => contexts.expectDone(contextId),
    doneContexts: () => contexts.doneContexts(),
    takeQueueReady: () => state.queues.takeReady(),
    takePendingRedisCalls: () => calls.takePendingRedis(),
    prepareRedisCallResponse: (call, response) => {
      const reply =
        response ??
        new Uint8Array(
          Buffer.from(redisReply(options.redisReplies ?? [], decodeCommand(call.query)), 'utf8'),
        );
      activity.redisAnswered(call.token, Buffer.from(reply).toString('utf8'));
      return calls.prepareRedisResponse(reply);
    },
    finishRedisCallResponse: () => calls.finishRedisResponse(),
    streamActions: (contextId) => {
      const stream = contexts.peekStream(contextId);
      if (!stream) return undefined;
      const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
      const actions: StreamActions = {
        continued: [...stream.continued].sort(),
        closed: [...stream.closed].sort(),
        requestHeaders: stream.requestHeaders.pairs(),
        responseHeaders: stream.responseHeaders.pairs(),
        requestBody: text(stream.requestBody.bytes()),
        responseBody: text(stream.responseBody.bytes()),
        injected: stream.injected.map((i) => ({ data: text(i.data), endStream: i.endStream })),
        upstreamOverrideHost: stream.upstreamOverrideHost,
      };
      return actions;
    },
    activity: (contextId) =>
      activity.snapshot(contexts.peekStream(contextId), state.metrics.snapshot()),
    responseFor: (contextId) => {
      const stream = contexts.peekStream(contextId);
      if (!stream) {
        const { responseHeaders, responseBody, responseTrailers } = options.stream;
        return { responseHeaders, responseBody, responseTrailers };
      }
      return {
        responseHeaders: stream.responseHeaders.pairs(),
        responseBody: Buffer.from(stream.responseBody.bytes()).toString('utf8'),
        responseTrailers: stream.responseTrailers.pairs(),
      };
    },
    repliedLocally: (contextId) =>
      contexts.peekStream(contextId)?.localReply?.beforeUpstream === true,
  };
}
