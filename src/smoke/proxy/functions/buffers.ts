/** Buffers: bodies, TCP data, configuration and call responses. */
import { BufferType, MAX_BUFFER_TYPE, MAX_HIGRESS_BUFFER_TYPE, Status } from '../abi.js';
import { bufferSlice, ConstBuffer, type ProxyBuffer } from '../buffers.js';
import { effectiveContext, effectiveStream, type HostState, type Impl } from '../state.js';

const EMPTY = new ConstBuffer(new Uint8Array());

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

export function bufferFunctions(state: HostState): Record<string, Impl> {
  const { memory } = state;
  const maxBufferType = state.options.higressExtras ? MAX_HIGRESS_BUFFER_TYPE : MAX_BUFFER_TYPE;
  return {
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
  };
}
