/** Stream control and local replies. */
import { MAX_STREAM_TYPE, Status, StreamType } from '../abi.js';
import { deserializePairs } from '../header-map.js';
import { effectiveContext, effectiveStream, type HostState, type Impl } from '../state.js';

export function streamFunctions(state: HostState): Record<string, Impl> {
  const { memory, contexts } = state;
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
