/**
 * HTTP fields (header maps), buffers, stream control and local replies:
 * what a plugin does to the request and response passing through it.
 */
import {
  BufferType,
  MapType,
  MAX_BUFFER_TYPE,
  MAX_HIGRESS_BUFFER_TYPE,
  MAX_MAP_TYPE,
  MAX_STREAM_TYPE,
  Status,
  StreamType,
} from '../abi.js';
import type { StreamPart } from '../availability.js';
import { bufferSlice, ConstBuffer, type ProxyBuffer } from '../buffers.js';
import { deserializePairs, serializePairs, type HeaderMap } from '../header-map.js';
import { effectiveContext, effectiveStream, type HostState, type Impl } from '../state.js';

const EMPTY = new ConstBuffer(new Uint8Array());

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

/** A body while the plugin may see it; outside that Envoy hands out an empty buffer. */
function body(state: HostState, part: 'requestBody' | 'responseBody'): ProxyBuffer {
  const contextId = effectiveContext(state);
  const stream = state.contexts.streamOf(contextId);
  return stream && state.availability.readable(contextId, part) ? stream[part] : EMPTY;
}

/** Envoy's getBuffer: undefined means NOT_FOUND. */
function buffer(state: HostState, type: number): ProxyBuffer | undefined {
  const stream = effectiveStream(state);
  switch (type) {
    case BufferType.HttpRequestBody:
      return body(state, 'requestBody');
    case BufferType.HttpResponseBody:
      return body(state, 'responseBody');
    case BufferType.DownstreamData:
      return stream?.downstreamData ?? EMPTY;
    case BufferType.UpstreamData:
      return stream?.upstreamData ?? EMPTY;
    case BufferType.HttpCallResponseBody:
      return state.calls.httpResponse()?.body;
    case BufferType.GrpcReceiveBuffer:
      return EMPTY;
    case BufferType.VmConfiguration:
      return new ConstBuffer(state.options.vmConfig);
    case BufferType.PluginConfiguration:
      // Envoy has it only while configuring (temp_plugin_).
      return state.availability.pluginConfiguration()
        ? new ConstBuffer(state.options.pluginConfig)
        : undefined;
    case BufferType.RedisCallResponse:
      return state.calls.redisResponse();
    default:
      return undefined;
  }
}

export function httpFunctions(state: HostState): Record<string, Impl> {
  const { memory, contexts } = state;
  const maxBufferType = state.options.higressExtras ? MAX_HIGRESS_BUFFER_TYPE : MAX_BUFFER_TYPE;

  const continueStream = (type: number): number => {
    if (type > MAX_STREAM_TYPE) return Status.BadArgument;
    // Envoy cannot resume a paused upstream (Context::continueStream).
    if (type === StreamType.Upstream) return Status.Unimplemented;
    const contextId = effectiveContext(state);
    state.contexts.streamOf(contextId)?.continued.add(type);
    if (type <= StreamType.HttpResponse) state.availability.resumed(contextId);
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

    proxy_add_header_map_value(
      type: number,
      keyPtr: number,
      keySize: number,
      valuePtr: number,
      valueSize: number,
    ): number {
      if (type > MAX_MAP_TYPE) return Status.BadArgument;
      const key = memory.readString(keyPtr, keySize);
      const value = memory.readString(valuePtr, valueSize);
      if (key === undefined || value === undefined) return Status.InvalidMemoryAccess;
      const map = writableMap(state, type);
      if (!map) return Status.BadArgument;
      map.add(key, value);
      return Status.Ok;
    },

    proxy_replace_header_map_value(
      type: number,
      keyPtr: number,
      keySize: number,
      valuePtr: number,
      valueSize: number,
    ): number {
      if (type > MAX_MAP_TYPE) return Status.BadArgument;
      const key = memory.readString(keyPtr, keySize);
      const value = memory.readString(valuePtr, valueSize);
      if (key === undefined || value === undefined) return Status.InvalidMemoryAccess;
      const map = writableMap(state, type);
      if (!map) return Status.BadArgument;
      map.replace(key, value);
      return Status.Ok;
    },

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

    proxy_get_buffer_bytes(
      type: number,
      start: number,
      maxSize: number,
      ptrPtr: number,
      sizePtr: number,
    ): number {
      if (type > maxBufferType) return Status.BadArgument;
      const source = buffer(state, type);
      if (!source) return Status.NotFound;
      const slice = bufferSlice(source.bytes(), start, maxSize);
      if (!slice) return Status.BadArgument;
      // cpp-host writes nothing for an empty slice: the guest's zeroed
      // pointer and size stay as they were.
      if (slice.length === 0) return Status.Ok;
      return memory.copyToPointerSize(slice, ptrPtr, sizePtr)
        ? Status.Ok
        : Status.InvalidMemoryAccess;
    },

    proxy_get_buffer_status(type: number, lengthPtr: number, flagsPtr: number): number {
      if (type > maxBufferType) return Status.BadArgument;
      const source = buffer(state, type);
      if (!source) return Status.NotFound;
      if (!memory.writeU32(lengthPtr, source.bytes().length)) return Status.InvalidMemoryAccess;
      return memory.writeU32(flagsPtr, 0) ? Status.Ok : Status.InvalidMemoryAccess;
    },

    proxy_set_buffer_bytes(
      type: number,
      start: number,
      length: number,
      dataPtr: number,
      dataSize: number,
    ): number {
      if (type > maxBufferType) return Status.BadArgument;
      const target = buffer(state, type);
      if (!target) return Status.NotFound;
      const data = memory.read(dataPtr, dataSize);
      if (!data) return Status.InvalidMemoryAccess;
      return target.copyFrom(start, length, data);
    },

    proxy_continue_stream: continueStream,
    proxy_continue_request: () => continueStream(StreamType.HttpRequest),
    proxy_continue_response: () => continueStream(StreamType.HttpResponse),

    proxy_close_stream(type: number): number {
      if (type > MAX_STREAM_TYPE) return Status.BadArgument;
      effectiveStream(state)?.closed.add(type);
      return Status.Ok;
    },

    proxy_clear_route_cache(): number {
      return Status.Ok;
    },

    proxy_send_local_response(
      statusCode: number,
      detailsPtr: number,
      detailsSize: number,
      bodyPtr: number,
      bodySize: number,
      headersPtr: number,
      headersSize: number,
      grpcStatus: number,
    ): number {
      const details = memory.readString(detailsPtr, detailsSize);
      const body = memory.readString(bodyPtr, bodySize);
      const headers = memory.read(headersPtr, headersSize);
      if (details === undefined || body === undefined || !headers) {
        return Status.InvalidMemoryAccess;
      }
      contexts.localResponses.push({
        contextId: effectiveContext(state),
        status: statusCode,
        details,
        body,
        headers: deserializePairs(headers),
        grpcStatus: grpcStatus | 0,
      });
      return Status.Ok;
    },
  };
}
