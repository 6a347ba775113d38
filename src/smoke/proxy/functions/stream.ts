/** Stream control and local replies. */
import { MAX_STREAM_TYPE, Status, StreamType } from '../abi.js';
import type { StreamState } from '../contexts.js';
import { deserializePairs, HeaderMap, type Pairs } from '../header-map.js';
import { MutableBuffer } from '../buffers.js';
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
      const contextId = effectiveContext(state);
      const pairs = deserializePairs(headers);
      contexts.localResponses.push({
        contextId,
        status: statusCode,
        details,
        body,
        headers: pairs,
        grpcStatus: grpcStatus | 0,
      });
      state.activity.localReply({ status: statusCode, details, body, headers: pairs });
      const stream = effectiveStream(state);
      if (stream && !stream.localReply) {
        const beforeUpstream = stream.progress === 'request';
        stream.localReply = { status: statusCode, details, beforeUpstream };
        if (beforeUpstream) replyInstead(stream, statusCode, pairs, body);
      }
      return Status.Ok;
    },
  };
}

/**
 * A local reply sent before the upstream answered becomes the response the
 * gateway encodes (Envoy's sendLocalReply: `:status`, the plugin's headers,
 * and for a body its length and, unless given, `content-type: text/plain`).
 */
function replyInstead(stream: StreamState, status: number, headers: Pairs, body: string): void {
  const out = new HeaderMap([[':status', String(status)], ...headers]);
  if (body.length > 0) {
    out.replace('content-length', String(Buffer.byteLength(body, 'utf8')));
    if (out.get('content-type') === undefined) out.add('content-type', 'text/plain');
  }
  stream.responseHeaders = out;
  stream.responseTrailers = new HeaderMap();
  stream.responseBody = new MutableBuffer(new Uint8Array(Buffer.from(body, 'utf8')));
}
