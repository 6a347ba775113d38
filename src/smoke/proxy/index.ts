/**
 * The proxy-wasm host functions for one loaded plugin: `createProxyHost`
 * builds the `env` imports (ABI v0.2.1 plus the older ABI-specific ones,
 * and the Higress extras when asked) over fresh host state.
 */
import { LOG_LEVELS } from './abi.js';
import { Availability } from './availability.js';
import { ContextRegistry } from './contexts.js';
import type { ProxyHost, ProxyHostOptions, StreamActions } from './contract.js';
import { hostFunctions } from './functions/index.js';
import { OutboundCalls } from './http-calls.js';
import { GuestMemory } from './memory.js';
import { Metrics } from './metrics.js';
import { SharedQueues } from './queues.js';
import { SharedData } from './shared-data.js';
import { proxySignatures } from './signatures.js';
import type { HostState } from './state.js';

export type * from './contract.js';
export { proxySignatures, STANDARD_SIGNATURES, HIGRESS_SIGNATURES } from './signatures.js';
export { serializePairs, deserializePairs, HeaderMap } from './header-map.js';
export { Status, BufferType, MapType, StreamType, MetricType } from './abi.js';

const wallClockNanos = (): bigint => BigInt(Date.now()) * 1_000_000n;

export function createProxyHost(options: ProxyHostOptions): ProxyHost {
  const contexts = new ContextRegistry(options.stream);
  const calls = new OutboundCalls(options.httpCallResponse);
  const availability = new Availability();
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
    now: options.now ?? wallClockNanos,
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
    prepareHttpCallResponse: () => calls.prepareHttpResponse(),
    finishHttpCallResponse: () => calls.finishHttpResponse(),
    localResponses: () => [...contexts.localResponses],
    streamResumed: (contextId) => {
      const continued = contexts.peekStream(contextId)?.continued;
      return continued !== undefined && continued.size > 0;
    },
    beginCallback: (contextId, exportName) => {
      contexts.setCurrent(contextId);
      availability.begin(contextId, exportName);
    },
    endCallback: (contextId, exportName, result) => availability.end(contextId, exportName, result),
    contextCreated: (contextId, parentContextId) => contexts.register(contextId, parentContextId),
    expectDone: (contextId) => contexts.expectDone(contextId),
    doneContexts: () => contexts.doneContexts(),
    takeQueueReady: () => state.queues.takeReady(),
    takePendingRedisCalls: () => calls.takePendingRedis(),
    prepareRedisCallResponse: (_call, response) => calls.prepareRedisResponse(response),
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
  };
}
