/** Outgoing HTTP and gRPC calls. */
import { Status } from '../abi.js';
import { deserializePairs } from '../header-map.js';
import { missingHttpCallHeaders } from '../http-calls.js';
import { effectiveContext, type HostState, type Impl } from '../state.js';

export function callFunctions(state: HostState): Record<string, Impl> {
  const { memory, calls, contexts, options } = state;

  const startGrpc = (
    kind: 'call' | 'stream',
    upstreamPtr: number,
    upstreamSize: number,
    servicePtr: number,
    serviceSize: number,
    methodPtr: number,
    methodSize: number,
    metadataPtr: number,
    metadataSize: number,
    message: Uint8Array | undefined,
    tokenPtr: number,
  ): number => {
    const upstream = memory.readString(upstreamPtr, upstreamSize);
    const service = memory.readString(servicePtr, serviceSize);
    const method = memory.readString(methodPtr, methodSize);
    const metadata = memory.read(metadataPtr, metadataSize);
    if (upstream === undefined || service === undefined || method === undefined || !metadata) {
      return Status.InvalidMemoryAccess;
    }
    // Envoy answers PARSE_FAILURE for a service that is neither a GrpcService nor a cluster.
    if (upstream === '') return Status.ParseFailure;
    const token = calls.startGrpc({
      kind,
      contextId: effectiveContext(state),
      upstream,
      service,
      method,
      metadata: deserializePairs(metadata),
    });
    if (message) calls.grpcCall(token)!.messages.push(message);
    return memory.writeU32(tokenPtr, token) ? Status.Ok : Status.InvalidMemoryAccess;
  };

  const isStreamToken = (token: number): boolean => token % 2 === 0;

  return {
    proxy_http_call(
      upstreamPtr: number,
      upstreamSize: number,
      headersPtr: number,
      headersSize: number,
      bodyPtr: number,
      bodySize: number,
      trailersPtr: number,
      trailersSize: number,
      timeoutMs: number,
      tokenPtr: number,
    ): number {
      const upstream = memory.readString(upstreamPtr, upstreamSize);
      const body = memory.read(bodyPtr, bodySize);
      const headerBytes = memory.read(headersPtr, headersSize);
      const trailerBytes = memory.read(trailersPtr, trailersSize);
      if (upstream === undefined || !body || !headerBytes || !trailerBytes) {
        return Status.InvalidMemoryAccess;
      }
      // Like cpp-host: check the token's memory before starting anything.
      if (!memory.writeU32(tokenPtr, 0)) return Status.InvalidMemoryAccess;
      const headers = deserializePairs(headerBytes);
      if ((timeoutMs | 0) < 0 || upstream === '') return Status.BadArgument;
      const missing = missingHttpCallHeaders(headers);
      if (missing.length > 0) {
        options.log(
          'warn',
          `proxy_http_call to "${upstream}" refused: missing ${missing.join(', ')}`,
        );
        return Status.BadArgument;
      }
      const contextId = effectiveContext(state);
      const bodyText = Buffer.from(body).toString('utf8');
      const token = calls.dispatchHttp({
        contextId,
        rootContextId: contexts.rootOf(contextId),
        upstream,
        headers,
        body: bodyText,
        trailers: deserializePairs(trailerBytes),
        timeoutMs,
      });
      state.activity.httpCall(token, { upstream, headers, body: bodyText, timeoutMs });
      return memory.writeU32(tokenPtr, token) ? Status.Ok : Status.InvalidMemoryAccess;
    },

    proxy_grpc_call(
      upstreamPtr: number,
      upstreamSize: number,
      servicePtr: number,
      serviceSize: number,
      methodPtr: number,
      methodSize: number,
      metadataPtr: number,
      metadataSize: number,
      messagePtr: number,
      messageSize: number,
      _timeoutMs: number,
      tokenPtr: number,
    ): number {
      const message = memory.read(messagePtr, messageSize);
      if (!message) return Status.InvalidMemoryAccess;
      return startGrpc(
        'call',
        upstreamPtr,
        upstreamSize,
        servicePtr,
        serviceSize,
        methodPtr,
        methodSize,
        metadataPtr,
        metadataSize,
        message,
        tokenPtr,
      );
    },

    proxy_grpc_stream(
      upstreamPtr: number,
      upstreamSize: number,
      servicePtr: number,
      serviceSize: number,
      methodPtr: number,
      methodSize: number,
      metadataPtr: number,
      metadataSize: number,
      tokenPtr: number,
    ): number {
      return startGrpc(
        'stream',
        upstreamPtr,
        upstreamSize,
        servicePtr,
        serviceSize,
        methodPtr,
        methodSize,
        metadataPtr,
        metadataSize,
        undefined,
        tokenPtr,
      );
    },

    proxy_grpc_send(
      token: number,
      messagePtr: number,
      messageSize: number,
      _endStream: number,
    ): number {
      const message = memory.read(messagePtr, messageSize);
      if (!message) return Status.InvalidMemoryAccess;
      if (!isStreamToken(token)) return Status.BadArgument;
      const stream = calls.grpcCall(token);
      if (!stream) return Status.NotFound;
      stream.messages.push(message);
      return Status.Ok;
    },

    proxy_grpc_cancel(token: number): number {
      return calls.endGrpc(token) ? Status.Ok : Status.NotFound;
    },

    proxy_grpc_close(token: number): number {
      return calls.endGrpc(token) ? Status.Ok : Status.NotFound;
    },
  };
}
