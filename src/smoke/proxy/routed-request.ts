/**
 * The attributes Envoy gives a plugin on a plaintext HTTP/1.1 request routed
 * to an upstream (envoyproxy/envoy source/extensions/filters/common/expr/
 * context.cc and evaluator.cc; source/extensions/common/wasm/context.cc
 * findValue), with values such a request would have, and when each one
 * appears: the route and cluster are known when the filter chain starts,
 * the upstream host and the response code only once the router got the
 * upstream's headers, sizes and durations as bytes flow.
 *
 * Per profile: Envoy before #36619 (merged 2024-10-16, Envoy 1.33) and the
 * Higress fork (higress-group/envoy, `#if defined(HIGRESS)` in context.cc)
 * also answer the old top-level names (`node`, `cluster_name`, `route_name`,
 * `listener_direction`, ...), which Higress's SDK reads for its route and
 * service rules; the Higress fork adds `plugin_vm_memory`.
 */
import { randomUUID } from 'node:crypto';
import {
  bool,
  duration,
  int,
  map,
  str,
  timestamp,
  uint,
  type AttrValue,
  type MessageField,
} from './attributes.js';
import type { StreamInput } from './contract.js';
import type { HeaderMap } from './header-map.js';

/** Which host's attribute set: the proxy-wasm profiles. */
export type AttributeSurface = 'envoy-legacy' | 'envoy' | 'envoy-2026' | 'higress';

export function attributeSurface(profile: string): AttributeSurface | undefined {
  return profile === 'envoy-legacy' ||
    profile === 'envoy' ||
    profile === 'envoy-2026' ||
    profile === 'higress'
    ? profile
    : undefined;
}

/** How far the stream got, as far as the attributes can tell. */
export type StreamProgress = 'request' | 'response' | 'complete';

/** What the attributes of one HTTP stream are computed from. */
export interface StreamView {
  requestHeaders: HeaderMap;
  responseHeaders: HeaderMap;
  responseTrailers: HeaderMap;
  /** Body bytes received from downstream so far (request) and sent to it (response). */
  requestBodyBytes: number;
  responseBodyBytes: number;
  progress: StreamProgress;
  /**
   * proxy_send_local_response on this stream: Envoy records its code and
   * details; sent before the upstream answered, no upstream is ever chosen.
   */
  localReply?: { status: number; details: string; beforeUpstream: boolean };
  /** When the first byte arrived (request.time), ns since the epoch. */
  startNs: bigint;
}

export interface AttributeScope {
  surface: AttributeSurface;
  /** Undefined on a root context: only configuration attributes exist there. */
  stream: StreamView | undefined;
  identity: { pluginName: string; rootId: string; vmId: string };
  /** The VM's linear memory in bytes (Higress's plugin_vm_memory). */
  vmMemoryBytes(): number;
  now(): bigint;
}

/**
 * The request's surroundings. Addresses are Envoy's `ip:port` strings
 * (Address::asStringView); documentation ranges for the client, cluster-ish
 * ones for the gateway and the upstream.
 */
export const ROUTED_REQUEST = {
  sourceAddress: '192.0.2.10',
  sourcePort: 52341,
  destinationAddress: '10.0.0.5',
  destinationPort: 80,
  connectionId: 7,
  upstreamAddress: '10.0.1.20',
  upstreamPort: 8080,
  upstreamLocalPort: 42118,
  routeName: 'smoke-route',
  clusterName: 'outbound|8080||backend.default.svc.cluster.local',
  virtualHostName: 'smoke.local:80',
  /** The connection pool was ready 1 ms after the upstream request was created. */
  poolReadyNs: 1_000_000n,
  /** The upstream answered 3 ms after the request was sent. */
  backendLatencyNs: 3_000_000n,
  /** The whole request took 5 ms. */
  requestDurationNs: 5_000_000n,
} as const;

/** envoy.config.core.v3.TrafficDirection: Istio (and so Higress) marks gateway listeners OUTBOUND. */
const LISTENER_DIRECTION: Record<AttributeSurface, number> = {
  'envoy-legacy': 0,
  envoy: 0,
  'envoy-2026': 0,
  higress: 2,
};

const EMPTY_METADATA: AttrValue = { type: 'message', fields: [] };

/** envoy.config.core.v3.Node: id 1, cluster 2, metadata 3 (a Struct). */
function node(surface: AttributeSurface): AttrValue {
  const fields: MessageField[] =
    surface === 'higress'
      ? [
          {
            name: 'id',
            number: 1,
            value: str(
              'router~10.0.0.5~higress-gateway-7d4f9c8b6-x2kqp.higress-system~higress-system.svc.cluster.local',
            ),
          },
          { name: 'cluster', number: 2, value: str('higress-gateway.higress-system') },
          {
            name: 'metadata',
            number: 3,
            value: map([
              ['CLUSTER_ID', str('Kubernetes')],
              ['NAMESPACE', str('higress-system')],
              ['WORKLOAD_NAME', str('higress-gateway')],
            ]),
          },
        ]
      : [
          { name: 'id', number: 1, value: str('smoke-envoy') },
          { name: 'cluster', number: 2, value: str('smoke') },
          { name: 'metadata', number: 3, value: map([]) },
        ];
  return { type: 'message', fields };
}

const addr = (ip: string, port: number) => str(`${ip}:${port}`);

/** request.headers: one entry per name, several values joined with ',' (Envoy's getAllOfHeader). */
function headersMap(headers: HeaderMap | undefined): AttrValue {
  const joined = new Map<string, string[]>();
  for (const [k, v] of headers?.pairs() ?? []) joined.set(k, [...(joined.get(k) ?? []), v]);
  const entries = [...joined].map(([k, values]): [string, AttrValue] => [k, str(values.join(','))]);
  return { type: 'map', entries, headers: true };
}

function header(headers: HeaderMap, name: string): AttrValue | undefined {
  const value = headers.get(name);
  return value === undefined ? undefined : str(value);
}

function request(stream: StreamView): AttrValue {
  const h = stream.requestHeaders;
  const path = h.get(':path');
  const contentLength = h.get('content-length');
  let size: AttrValue | undefined = int(stream.requestBodyBytes);
  if (contentLength !== undefined)
    size = /^[0-9]+$/.test(contentLength) ? int(BigInt(contentLength)) : undefined;
  const query = (): AttrValue | undefined => {
    if (path === undefined) return undefined;
    const q = path.indexOf('?');
    return str(q < 0 ? '' : path.slice(q + 1).split('#')[0]!);
  };
  return map([
    ['headers', headersMap(h)],
    ['time', timestamp(stream.startNs)],
    ['size', size],
    ['total_size', int(stream.requestBodyBytes + h.byteSize())],
    [
      'duration',
      stream.progress === 'complete' ? duration(ROUTED_REQUEST.requestDurationNs) : undefined,
    ],
    ['protocol', str('HTTP/1.1')],
    ['path', header(h, ':path')],
    ['url_path', path === undefined ? undefined : str(path.split('?')[0]!)],
    ['host', header(h, ':authority')],
    ['scheme', header(h, ':scheme')],
    ['method', header(h, ':method')],
    ['referer', header(h, 'referer')],
    ['id', header(h, 'x-request-id')],
    ['useragent', header(h, 'user-agent')],
    ['query', query()],
  ]);
}

/** Whether the router has an upstream: the response came from it. */
const upstreamChosen = (stream: StreamView) =>
  stream.progress !== 'request' && !stream.localReply?.beforeUpstream;

function response(stream: StreamView): AttrValue {
  const fromUpstream = upstreamChosen(stream);
  const local = stream.localReply;
  const status = Number(stream.responseHeaders.get(':status'));
  const code = local ? local.status : fromUpstream && Number.isInteger(status) ? status : undefined;
  const details = local ? local.details : fromUpstream ? 'via_upstream' : undefined;
  const started = stream.progress !== 'request';
  const sent = stream.progress === 'complete' ? stream.responseBodyBytes : 0;
  return map([
    ['code', code === undefined ? undefined : int(code)],
    ['code_details', details === undefined ? undefined : str(details)],
    ['size', int(sent)],
    ['flags', int(0)],
    ['headers', headersMap(started ? stream.responseHeaders : undefined)],
    ['trailers', headersMap(started ? stream.responseTrailers : undefined)],
    [
      'total_size',
      int(
        sent +
          (started ? stream.responseHeaders.byteSize() + stream.responseTrailers.byteSize() : 0),
      ),
    ],
    [
      'backend_latency',
      stream.progress === 'complete' && fromUpstream
        ? duration(ROUTED_REQUEST.backendLatencyNs)
        : undefined,
    ],
  ]);
}

function upstream(stream: StreamView): AttrValue {
  const chosen = upstreamChosen(stream);
  const r = ROUTED_REQUEST;
  return map([
    ['address', chosen ? addr(r.upstreamAddress, r.upstreamPort) : undefined],
    ['port', chosen ? int(r.upstreamPort) : undefined],
    ['local_address', chosen ? addr(r.destinationAddress, r.upstreamLocalPort) : undefined],
    ['transport_failure_reason', chosen ? str('') : undefined],
    ['cx_pool_ready_duration', chosen ? duration(r.poolReadyNs) : undefined],
    ['request_attempt_count', uint(chosen ? 1 : 0)],
  ]);
}

function xds(scope: AttributeScope): AttrValue {
  const stream = scope.stream;
  const r = ROUTED_REQUEST;
  if (!stream) return map([['node', node(scope.surface)]]);
  return map([
    ['node', node(scope.surface)],
    ['cluster_name', str(r.clusterName)],
    ['cluster_metadata', EMPTY_METADATA],
    ['route_name', str(r.routeName)],
    ['route_metadata', EMPTY_METADATA],
    ['virtual_host_name', str(r.virtualHostName)],
    ['virtual_host_metadata', EMPTY_METADATA],
    ['upstream_host_metadata', upstreamChosen(stream) ? EMPTY_METADATA : undefined],
    ['filter_chain_name', str('')],
    ['listener_metadata', EMPTY_METADATA],
    ['listener_direction', int(LISTENER_DIRECTION[scope.surface])],
  ]);
}

/** The top-level names Envoy before #36619 and the Higress fork still answer. */
const WASM_CONFIGURATION_NAMES: Record<string, string> = {
  node: 'node',
  listener_direction: 'listener_direction',
  listener_metadata: 'listener_metadata',
  cluster_name: 'cluster_name',
  cluster_metadata: 'cluster_metadata',
  route_name: 'route_name',
  route_metadata: 'route_metadata',
  upstream_host_metadata: 'upstream_host_metadata',
};

function hasWasmConfigurationNames(surface: AttributeSurface): boolean {
  return surface === 'envoy-legacy' || surface === 'higress';
}

/** The value of a top-level attribute name; undefined is NOT_FOUND. */
export function topLevelAttribute(name: string, scope: AttributeScope): AttrValue | undefined {
  const { stream, identity, surface } = scope;
  switch (name) {
    case 'plugin_name':
      return str(identity.pluginName);
    case 'plugin_root_id':
      return str(identity.rootId);
    case 'plugin_vm_id':
      return str(identity.vmId);
    case 'xds':
      return xds(scope);
  }
  if (name === 'plugin_vm_memory' && surface === 'higress') {
    return uint(scope.vmMemoryBytes());
  }
  if (hasWasmConfigurationNames(surface) && Object.hasOwn(WASM_CONFIGURATION_NAMES, name)) {
    const value = xds(scope);
    return value.type === 'map' ? value.entries.find(([k]) => k === name)?.[1] : undefined;
  }
  if (!stream) return undefined;
  const r = ROUTED_REQUEST;
  switch (name) {
    case 'request':
      return request(stream);
    case 'response':
      return response(stream);
    case 'source':
      return map([
        ['address', addr(r.sourceAddress, r.sourcePort)],
        ['port', int(r.sourcePort)],
      ]);
    case 'destination':
      return map([
        ['address', addr(r.destinationAddress, r.destinationPort)],
        ['port', int(r.destinationPort)],
      ]);
    case 'connection':
      return map([
        ['mtls', bool(false)],
        ['requested_server_name', str('')],
        ['id', uint(r.connectionId)],
      ]);
    case 'connection_id':
      return uint(r.connectionId);
    case 'upstream':
      return upstream(stream);
    case 'metadata':
      return EMPTY_METADATA;
  }
  return undefined;
}

/**
 * The type of every leaf attribute a plugin can be given through
 * `properties:` / `--property`, so a value given as text is encoded as the
 * gateway would encode it (a port as an 8-byte int, not as digits).
 */
export const ATTRIBUTE_TYPES: Readonly<Record<string, AttrValue['type']>> = {
  'source.address': 'string',
  'source.port': 'int',
  'destination.address': 'string',
  'destination.port': 'int',
  'connection.id': 'uint',
  'connection.mtls': 'bool',
  'connection.requested_server_name': 'string',
  'connection.tls_version': 'string',
  'connection.subject_peer_certificate': 'string',
  'connection.termination_details': 'string',
  connection_id: 'uint',
  'request.path': 'string',
  'request.url_path': 'string',
  'request.host': 'string',
  'request.scheme': 'string',
  'request.method': 'string',
  'request.referer': 'string',
  'request.useragent': 'string',
  'request.id': 'string',
  'request.protocol': 'string',
  'request.query': 'string',
  'request.time': 'timestamp',
  'request.size': 'int',
  'request.total_size': 'int',
  'request.duration': 'duration',
  'response.code': 'int',
  'response.code_details': 'string',
  'response.flags': 'int',
  'response.grpc_status': 'int',
  'response.size': 'int',
  'response.total_size': 'int',
  'response.backend_latency': 'duration',
  'upstream.address': 'string',
  'upstream.port': 'int',
  'upstream.local_address': 'string',
  'upstream.transport_failure_reason': 'string',
  'upstream.request_attempt_count': 'uint',
  'upstream.cx_pool_ready_duration': 'duration',
  'xds.cluster_name': 'string',
  'xds.route_name': 'string',
  'xds.virtual_host_name': 'string',
  'xds.filter_chain_name': 'string',
  'xds.listener_direction': 'int',
  'xds.node.id': 'string',
  'xds.node.cluster': 'string',
  node: 'message',
  'node.id': 'string',
  'node.cluster': 'string',
  cluster_name: 'string',
  route_name: 'string',
  listener_direction: 'int',
  plugin_name: 'string',
  plugin_root_id: 'string',
  plugin_vm_id: 'string',
  plugin_vm_memory: 'uint',
};

/**
 * The request as the filter chain sees it: Envoy's connection manager adds
 * `x-forwarded-proto` and a generated `x-request-id` before any filter runs
 * (ConnectionManagerUtility::mutateRequestHeaders, generate_request_id on by
 * default), unless the client sent them.
 */
export function routedStreamInput(stream: StreamInput): StreamInput {
  const names = new Set(stream.requestHeaders.map(([k]) => k.toLowerCase()));
  const scheme = stream.requestHeaders.find(([k]) => k === ':scheme')?.[1] ?? 'http';
  const added: [string, string][] = [];
  if (!names.has('x-forwarded-proto')) added.push(['x-forwarded-proto', scheme]);
  if (!names.has('x-request-id')) added.push(['x-request-id', randomUUID()]);
  return added.length
    ? { ...stream, requestHeaders: [...stream.requestHeaders, ...added] }
    : stream;
}
