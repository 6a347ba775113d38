/**
 * The Higress fork's extra host functions (higress-group/proxy-wasm-cpp-host
 * exports.h, higress-group/proxy-wasm-go-sdk abi_hostcalls.go).
 */
import { Status } from '../abi.js';
import { serializePairs } from '../header-map.js';
import { decodeCommand } from '../redis.js';
import { effectiveContext, effectiveStream, type HostState, type Impl } from '../state.js';

export function higressFunctions(state: HostState): Record<string, Impl> {
  const { memory, calls, contexts, options } = state;
  return {
    proxy_redis_init(
      upstreamPtr: number,
      upstreamSize: number,
      usernamePtr: number,
      usernameSize: number,
      passwordPtr: number,
      passwordSize: number,
      _timeoutMs: number,
    ): number {
      const upstream = memory.readString(upstreamPtr, upstreamSize);
      const username = memory.read(usernamePtr, usernameSize);
      const password = memory.read(passwordPtr, passwordSize);
      if (upstream === undefined || !username || !password) return Status.InvalidMemoryAccess;
      if (upstream === '') return Status.BadArgument;
      calls.initRedis(upstream);
      return Status.Ok;
    },

    proxy_redis_call(
      upstreamPtr: number,
      upstreamSize: number,
      queryPtr: number,
      querySize: number,
      tokenPtr: number,
    ): number {
      const upstream = memory.readString(upstreamPtr, upstreamSize);
      const query = memory.read(queryPtr, querySize);
      if (upstream === undefined || !query) return Status.InvalidMemoryAccess;
      if (!calls.redisReady(upstream)) {
        options.log('warn', `proxy_redis_call to "${upstream}" before proxy_redis_init`);
        return Status.BadArgument;
      }
      const contextId = effectiveContext(state);
      const token = calls.dispatchRedis({
        contextId,
        rootContextId: contexts.rootOf(contextId),
        upstream,
        query,
      });
      state.activity.redisCall(token, upstream, decodeCommand(query));
      return memory.writeU32(tokenPtr, token) ? Status.Ok : Status.InvalidMemoryAccess;
    },

    proxy_inject_encoded_data_to_filter_chain(
      dataPtr: number,
      dataSize: number,
      endStream: number,
    ): number {
      const data = memory.read(dataPtr, dataSize);
      if (!data) return Status.InvalidMemoryAccess;
      const stream = effectiveStream(state);
      if (!stream) return Status.NotFound;
      stream.injected.push({ data, endStream: endStream !== 0 });
      return Status.Ok;
    },

    proxy_set_upstream_override_host(hostPtr: number, hostSize: number): number {
      const host = memory.readString(hostPtr, hostSize);
      if (host === undefined) return Status.InvalidMemoryAccess;
      const stream = effectiveStream(state);
      if (!stream) return Status.NotFound;
      stream.upstreamOverrideHost = host;
      return Status.Ok;
    },

    proxy_get_upstream_hosts(ptrPtr: number, sizePtr: number): number {
      const hosts = options.upstreamHosts ?? [];
      const bytes = hosts.length > 0 ? serializePairs(hosts) : new Uint8Array();
      return memory.copyToPointerSize(bytes, ptrPtr, sizePtr)
        ? Status.Ok
        : Status.InvalidMemoryAccess;
    },
  };
}
