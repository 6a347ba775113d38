/**
 * proxy_get_property / proxy_set_property, looked up like Envoy's
 * Context::getProperty: a path is a list of segments separated by NUL bytes
 * (the Go SDK's SerializePropertyPath). Values configured for the run
 * (`properties:` in smoke.yaml, `--property`) win; then the attributes of the
 * routed request (routed-request.ts); then what the plugin stored with
 * proxy_set_property (Envoy keeps it as filter state `wasm.<name>`).
 * Everything else is NOT_FOUND.
 */
import { Status, type StatusCode } from './abi.js';
import {
  serializeValue,
  step,
  type AttrValue,
  bool,
  duration,
  int,
  str,
  timestamp,
  uint,
} from './attributes.js';
import type { StreamState } from './contexts.js';
import {
  ATTRIBUTE_TYPES,
  topLevelAttribute,
  type AttributeScope,
  type AttributeSurface,
  type StreamView,
} from './routed-request.js';

export interface PluginIdentity {
  pluginName: string;
  rootId: string;
  vmId: string;
}

/**
 * A value configured for a property: raw bytes as they are; text, numbers
 * and booleans encoded with the attribute's type where the gateway has one;
 * null makes the property absent (NOT_FOUND).
 */
export type PropertyOverride = Uint8Array | string | number | boolean | null;

export interface PropertyScope {
  /** Keyed by path segments joined with '\0'. */
  configured: Record<string, PropertyOverride>;
  surface: AttributeSurface;
  identity: PluginIdentity;
  /** The stream of the effective context; undefined on a root context. */
  stream: StreamState | undefined;
  vmMemoryBytes(): number;
  now(): bigint;
}

export type PropertyResult =
  { status: typeof Status.Ok; value: Uint8Array } | { status: StatusCode };

/** Splits a raw path into its segments (a trailing NUL adds no empty segment). */
export function propertyPath(raw: Uint8Array): string[] {
  const segments = Buffer.from(raw).toString('utf8').split('\0');
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  return segments;
}

const INTEGER = /^-?[0-9]+$/;

/**
 * A configured value as the attribute the gateway would hand out at `path`
 * (dot-separated); an Error when text cannot be that type. Undefined: absent.
 */
export function coerceProperty(
  path: string,
  value: PropertyOverride,
): AttrValue | undefined | Error {
  if (value === null) return undefined;
  if (value instanceof Uint8Array) return { type: 'bytes', value };
  const type = ATTRIBUTE_TYPES[path];
  const text = String(value);
  const whole = (make: (n: bigint) => AttrValue): AttrValue | Error =>
    (typeof value === 'number' && Number.isInteger(value)) ||
    (typeof value === 'string' && INTEGER.test(value.trim()))
      ? make(BigInt(typeof value === 'number' ? value : value.trim()))
      : new Error(`'${text}' is not an integer (${path} is ${type})`);
  switch (type) {
    case 'int':
      return whole(int);
    case 'uint':
      return whole((n) => (n < 0n ? uint(BigInt.asUintN(64, n)) : uint(n)));
    case 'timestamp':
      return whole(timestamp);
    case 'duration':
      return whole(duration);
    case 'bool':
      if (value === true || value === 'true') return bool(true);
      if (value === false || value === 'false') return bool(false);
      return new Error(`'${text}' is not true or false (${path} is a bool)`);
    case 'message':
      return new Error(`${path} is a message; give its fields (e.g. ${path}.id)`);
    case 'string':
      return str(text);
  }
  if (typeof value === 'boolean') return bool(value);
  if (typeof value === 'number')
    return Number.isInteger(value) ? int(value) : { type: 'double', value };
  return str(text);
}

function configuredValue(scope: PropertyScope, segments: string[]): AttrValue | undefined | Error {
  return coerceProperty(segments.join('.'), scope.configured[segments.join('\0')]!);
}

/** `value` (found at `segments`) with the configured values below it set or removed. */
function withOverrides(value: AttrValue, segments: string[], scope: PropertyScope): AttrValue {
  if (value.type !== 'map') return value;
  const prefix = segments.join('\0') + '\0';
  const children = new Set<string>();
  for (const key of Object.keys(scope.configured)) {
    if (key.startsWith(prefix)) children.add(key.slice(prefix.length).split('\0')[0]!);
  }
  if (children.size === 0) return value;
  const entries = value.entries.filter(([k]) => !children.has(k));
  for (const child of children) {
    const found = lookup([...segments, child], scope);
    if (found !== undefined) entries.push([child, found]);
  }
  return { ...value, entries };
}

function lookup(segments: string[], scope: PropertyScope): AttrValue | undefined {
  for (let n = 1; n <= segments.length; n++) {
    const head = segments.slice(0, n);
    if (Object.hasOwn(scope.configured, head.join('\0'))) {
      const configured = configuredValue(scope, head);
      if (configured instanceof Error || configured === undefined) return undefined;
      let value: AttrValue | undefined = configured;
      for (const segment of segments.slice(n)) value = value && step(value, segment);
      return value;
    }
  }
  let value = topLevelAttribute(segments[0]!, attributeScope(scope));
  if (value === undefined) value = filterState(segments[0]!, scope.stream);
  for (let n = 1; value !== undefined; n++) {
    value = withOverrides(value, segments.slice(0, n), scope);
    if (n === segments.length) return value;
    value = step(value, segments[n]!);
  }
  // Nothing built in: a subtree given only through configured children.
  return segments.length >= 1 ? synthesized(segments, scope) : undefined;
}

function synthesized(segments: string[], scope: PropertyScope): AttrValue | undefined {
  const empty: AttrValue = { type: 'map', entries: [] };
  const value = withOverrides(empty, segments, scope);
  return value.type === 'map' && value.entries.length > 0 ? value : undefined;
}

/** What proxy_set_property stored (Envoy: filter state `wasm.<name>`, bytes). */
function filterState(name: string, stream: StreamState | undefined): AttrValue | undefined {
  if (!stream) return undefined;
  if (name === 'filter_state') {
    return {
      type: 'map',
      entries: [...stream.filterState].map(([k, v]) => [`wasm.${k}`, { type: 'bytes', value: v }]),
    };
  }
  const stored = stream.filterState.get(name);
  return stored && { type: 'bytes', value: stored };
}

function attributeScope(scope: PropertyScope): AttributeScope {
  const s = scope.stream;
  const view: StreamView | undefined = s && {
    requestHeaders: s.requestHeaders,
    responseHeaders: s.responseHeaders,
    responseTrailers: s.responseTrailers,
    requestBodyBytes:
      s.requestBodyArrived || s.progress !== 'request' ? s.requestBody.bytes().length : 0,
    responseBodyBytes: s.responseBody.bytes().length,
    progress: s.progress,
    localReply: s.localReply,
    startNs: s.startNs,
  };
  return {
    surface: scope.surface,
    stream: view,
    identity: scope.identity,
    vmMemoryBytes: scope.vmMemoryBytes,
    now: scope.now,
  };
}

export function getProperty(raw: Uint8Array, scope: PropertyScope): PropertyResult {
  const value = lookup(propertyPath(raw), scope);
  if (value === undefined) return { status: Status.NotFound };
  return { status: Status.Ok, value: serializeValue(value) };
}

/**
 * proxy_set_property: Envoy stores the value as filter state of the request,
 * so a root context (no stream) answers NOT_FOUND. The Higress fork turns
 * `trace_span_tag.<name>` into a tag on the request's span instead (no state).
 */
export function setProperty(
  raw: Uint8Array,
  value: Uint8Array,
  stream: StreamState | undefined,
  surface: AttributeSurface,
): StatusCode {
  if (!stream) return Status.NotFound;
  const path = Buffer.from(raw).toString('utf8');
  if (surface === 'higress' && path.startsWith('trace_span_tag.')) return Status.Ok;
  stream.filterState.set(path, value.slice());
  return Status.Ok;
}
