/** HTTP fields: the stream's header and trailer maps, and the http call response's. */
import { MapType, MAX_MAP_TYPE, Status } from '../abi.js';
import type { StreamPart } from '../availability.js';
import { deserializePairs, serializePairs, type HeaderMap } from '../header-map.js';
import { effectiveContext, type HostState, type Impl } from '../state.js';

type MapPart = Exclude<StreamPart, 'requestBody' | 'responseBody'>;
const MAP_PARTS: MapPart[] = [
  'requestHeaders',
  'requestTrailers',
  'responseHeaders',
  'responseTrailers',
];

/** A map the plugin may read (Envoy's getConstMap); undefined when not available now. */
function readableMap(state: HostState, type: number): HeaderMap | undefined {
  if (type <= MapType.HttpResponseTrailers) {
    const contextId = effectiveContext(state);
    const stream = state.contexts.streamOf(contextId);
    const part = MAP_PARTS[type]!;
    return stream && state.availability.readable(contextId, part) ? stream[part] : undefined;
  }
  if (type === MapType.HttpCallResponseHeaders) return state.calls.httpResponse()?.headers;
  if (type === MapType.HttpCallResponseTrailers) return state.calls.httpResponse()?.trailers;
  // gRPC metadata: a smoke run never delivers gRPC responses.
  return undefined;
}

/** A map the plugin may change (Envoy's getMap): only the stream's own four, while live. */
function writableMap(state: HostState, type: number): HeaderMap | undefined {
  if (type > MapType.HttpResponseTrailers) return undefined;
  const contextId = effectiveContext(state);
  const stream = state.contexts.streamOf(contextId);
  const part = MAP_PARTS[type]!;
  return stream && state.availability.writable(contextId, part) ? stream[part] : undefined;
}

export function headerMapFunctions(state: HostState): Record<string, Impl> {
  const { memory } = state;

  /** add and replace: the same checks, in Envoy's order, then one map edit. */
  const editPair = (
    type: number,
    keyPtr: number,
    keySize: number,
    valuePtr: number,
    valueSize: number,
    edit: (map: HeaderMap, key: string, value: string) => void,
  ): number => {
    if (type > MAX_MAP_TYPE) return Status.BadArgument;
    const key = memory.readString(keyPtr, keySize);
    const value = memory.readString(valuePtr, valueSize);
    if (key === undefined || value === undefined) return Status.InvalidMemoryAccess;
    const map = writableMap(state, type);
    if (!map) return Status.BadArgument;
    edit(map, key, value);
    return Status.Ok;
  };
  return {
    proxy_get_header_map_value(
      type: number,
      keyPtr: number,
      keySize: number,
      valuePtrPtr: number,
      valueSizePtr: number,
    ): number {
      if (type > MAX_MAP_TYPE) return Status.BadArgument;
      const key = memory.readString(keyPtr, keySize);
      if (key === undefined) return Status.InvalidMemoryAccess;
      const map = readableMap(state, type);
      if (!map) return Status.BadArgument;
      const value = map.get(key);
      if (value === undefined) return Status.NotFound;
      return memory.copyToPointerSize(Buffer.from(value, 'utf8'), valuePtrPtr, valueSizePtr)
        ? Status.Ok
        : Status.InvalidMemoryAccess;
    },

    proxy_get_header_map_pairs(type: number, ptrPtr: number, sizePtr: number): number {
      if (type > MAX_MAP_TYPE) return Status.BadArgument;
      // An unavailable map reads as empty (Envoy's headerMapToPairs(nullptr)).
      const pairs = readableMap(state, type)?.pairs() ?? [];
      const bytes = pairs.length > 0 ? serializePairs(pairs) : new Uint8Array();
      return memory.copyToPointerSize(bytes, ptrPtr, sizePtr)
        ? Status.Ok
        : Status.InvalidMemoryAccess;
    },

    proxy_set_header_map_pairs(type: number, ptr: number, size: number): number {
      if (type > MAX_MAP_TYPE) return Status.BadArgument;
      const data = memory.read(ptr, size);
      if (!data) return Status.InvalidMemoryAccess;
      const map = writableMap(state, type);
      if (!map) return Status.BadArgument;
      map.setAll(deserializePairs(data));
      return Status.Ok;
    },

    proxy_add_header_map_value: (
      type: number,
      keyPtr: number,
      keySize: number,
      valuePtr: number,
      valueSize: number,
    ): number =>
      editPair(type, keyPtr, keySize, valuePtr, valueSize, (map, key, value) =>
        map.add(key, value),
      ),

    proxy_replace_header_map_value: (
      type: number,
      keyPtr: number,
      keySize: number,
      valuePtr: number,
      valueSize: number,
    ): number =>
      editPair(type, keyPtr, keySize, valuePtr, valueSize, (map, key, value) =>
        map.replace(key, value),
      ),

    proxy_remove_header_map_value(type: number, keyPtr: number, keySize: number): number {
      if (type > MAX_MAP_TYPE) return Status.BadArgument;
      const key = memory.readString(keyPtr, keySize);
      if (key === undefined) return Status.InvalidMemoryAccess;
      const map = writableMap(state, type);
      if (!map) return Status.BadArgument;
      map.remove(key);
      return Status.Ok;
    },

    proxy_get_header_map_size(type: number, resultPtr: number): number {
      if (type > MAX_MAP_TYPE) return Status.BadArgument;
      const map = writableMap(state, type);
      if (!map) return Status.BadArgument;
      return memory.writeU32(resultPtr, map.byteSize()) ? Status.Ok : Status.InvalidMemoryAccess;
    },
  };
}
