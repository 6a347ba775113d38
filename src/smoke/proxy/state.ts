/**
 * Everything the host functions share: guest memory and the host-side
 * state they read and change. One instance per loaded plugin.
 */
import type { ActivityLog } from './activity.js';
import type { Availability } from './availability.js';
import type { ContextRegistry, StreamState } from './contexts.js';
import type { ProxyHostOptions } from './contract.js';
import type { OutboundCalls } from './http-calls.js';
import type { GuestMemory } from './memory.js';
import type { Metrics } from './metrics.js';
import type { ForeignVmState } from './foreign.js';
import type { PluginIdentity } from './properties.js';
import type { SharedQueues } from './queues.js';
import type { AttributeSurface } from './routed-request.js';
import type { SharedData } from './shared-data.js';

export interface HostState {
  options: ProxyHostOptions;
  memory: GuestMemory;
  contexts: ContextRegistry;
  /** Which data Envoy would let the plugin see in the current callback. */
  availability: Availability;
  sharedData: SharedData;
  queues: SharedQueues;
  metrics: Metrics;
  calls: OutboundCalls;
  identity: PluginIdentity;
  /** Wire value of the level proxy_get_log_level reports. */
  logLevel: number;
  now(): bigint;
  /** Whose attributes and foreign functions the host offers. */
  surface: AttributeSurface;
  /** What the plugin did (the path it took). */
  activity: ActivityLog;
  /** Foreign-function state that outlives one call (declared properties, Higress limits). */
  foreign: ForeignVmState;
}

/** The context a host call acts on: the guest's override, else the current callback's. */
export function effectiveContext(state: HostState): number {
  return state.contexts.effective();
}

export function effectiveStream(state: HostState): StreamState | undefined {
  return state.contexts.streamOf(state.contexts.effective());
}

/**
 * A host function body: i32 arguments arrive as u32 numbers, i64 ones as
 * bigint; it returns a proxy_status_t.
 */
export type Impl = (...args: never[]) => number;
