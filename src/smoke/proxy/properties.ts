/**
 * proxy_get_property: a path is a list of segments separated by NUL bytes
 * (the Go SDK's SerializePropertyPath), looked up like Envoy's
 * Context::getProperty. Configured values win; then the Envoy attributes a
 * smoke run can answer from its own state (plugin identity, the stream's
 * request and response headers); then values the plugin stored with
 * proxy_set_property. Everything else is NOT_FOUND.
 */
import { Status, type StatusCode } from './abi.js';
import type { StreamState } from './contexts.js';
import { serializePairs, type HeaderMap } from './header-map.js';

export interface PluginIdentity {
  pluginName: string;
  rootId: string;
  vmId: string;
}

export interface PropertyScope {
  configured: Record<string, Uint8Array>;
  identity: PluginIdentity;
  /** The stream of the effective context; undefined on a root context. */
  stream: StreamState | undefined;
}

export type PropertyResult =
  { status: typeof Status.Ok; value: Uint8Array } | { status: StatusCode };

const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

/** Splits a raw path into its segments (a trailing NUL adds no empty segment). */
export function propertyPath(raw: Uint8Array): string[] {
  const segments = Buffer.from(raw).toString('utf8').split('\0');
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  return segments;
}

export function getProperty(raw: Uint8Array, scope: PropertyScope): PropertyResult {
  const segments = propertyPath(raw);
  const configured = scope.configured[segments.join('\0')];
  if (configured) return { status: Status.Ok, value: configured };
  const builtIn = builtInProperty(segments, scope);
  if (builtIn) return { status: Status.Ok, value: builtIn };
  const stored = segments.length === 1 ? scope.stream?.filterState.get(segments[0]!) : undefined;
  if (stored) return { status: Status.Ok, value: stored };
  return { status: Status.NotFound };
}

/**
 * proxy_set_property: Envoy stores the value as filter state of the request,
 * so a root context (no stream) answers NOT_FOUND.
 */
export function setProperty(
  raw: Uint8Array,
  value: Uint8Array,
  stream: StreamState | undefined,
): StatusCode {
  if (!stream) return Status.NotFound;
  stream.filterState.set(Buffer.from(raw).toString('utf8'), value.slice());
  return Status.Ok;
}

function builtInProperty(segments: string[], scope: PropertyScope): Uint8Array | undefined {
  const [top, field, ...rest] = segments;
  if (segments.length === 1) {
    if (top === 'plugin_name') return text(scope.identity.pluginName);
    if (top === 'plugin_root_id') return text(scope.identity.rootId);
    if (top === 'plugin_vm_id') return text(scope.identity.vmId);
    return undefined;
  }
  const stream = scope.stream;
  if (!stream || field === undefined) return undefined;
  if (top === 'request') return requestAttribute(field, rest, stream.requestHeaders);
  if (top === 'response') return responseAttribute(field, rest, stream);
  return undefined;
}

function requestAttribute(
  field: string,
  rest: string[],
  headers: HeaderMap,
): Uint8Array | undefined {
  if (field === 'headers') return headerAttribute(rest, headers);
  if (rest.length > 0) return undefined;
  const path = headers.get(':path');
  const header: Record<string, string> = {
    path: ':path',
    host: ':authority',
    scheme: ':scheme',
    method: ':method',
    referer: 'referer',
    useragent: 'user-agent',
    id: 'x-request-id',
  };
  if (field in header) {
    const value = headers.get(header[field]!);
    return value === undefined ? undefined : text(value);
  }
  if (field === 'url_path' && path !== undefined) return text(path.split('?')[0]!);
  if (field === 'query' && path !== undefined) {
    const q = path.indexOf('?');
    return text(q < 0 ? '' : path.slice(q + 1));
  }
  return undefined;
}

function responseAttribute(
  field: string,
  rest: string[],
  stream: StreamState,
): Uint8Array | undefined {
  if (field === 'headers') return headerAttribute(rest, stream.responseHeaders);
  if (field === 'trailers') return headerAttribute(rest, stream.responseTrailers);
  if (field === 'code' && rest.length === 0) {
    const status = Number(stream.responseHeaders.get(':status'));
    if (!Number.isInteger(status)) return undefined;
    // CEL int64, serialized as its 8 little-endian bytes.
    const out = Buffer.alloc(8);
    out.writeBigInt64LE(BigInt(status));
    return new Uint8Array(out);
  }
  return undefined;
}

/** `x.headers` is the whole map; `x.headers\0name` one header's value. */
function headerAttribute(rest: string[], headers: HeaderMap): Uint8Array | undefined {
  if (rest.length === 0) return serializePairs(headers.pairs());
  if (rest.length > 1) return undefined;
  const value = headers.get(rest[0]!);
  return value === undefined ? undefined : text(value);
}
