/** Shared data, shared queues and metrics. */
import { Status } from '../abi.js';
import { effectiveContext, type HostState, type Impl } from '../state.js';

export function sharedFunctions(state: HostState): Record<string, Impl> {
  const { memory, sharedData, queues, metrics, contexts } = state;
  const vmId = state.identity.vmId;
  return {
    proxy_get_shared_data(
      keyPtr: number,
      keySize: number,
      valuePtrPtr: number,
      valueSizePtr: number,
      casPtr: number,
    ): number {
      const key = memory.readString(keyPtr, keySize);
      if (key === undefined) return Status.InvalidMemoryAccess;
      const entry = sharedData.get(key);
      if (!entry) return Status.NotFound;
      if (!memory.copyToPointerSize(entry.value, valuePtrPtr, valueSizePtr)) {
        return Status.InvalidMemoryAccess;
      }
      return memory.writeU32(casPtr, entry.cas) ? Status.Ok : Status.InvalidMemoryAccess;
    },

    proxy_set_shared_data(
      keyPtr: number,
      keySize: number,
      valuePtr: number,
      valueSize: number,
      cas: number,
    ): number {
      const key = memory.readString(keyPtr, keySize);
      const value = memory.read(valuePtr, valueSize);
      if (key === undefined || !value) return Status.InvalidMemoryAccess;
      return sharedData.set(key, value, cas);
    },

    proxy_register_shared_queue(namePtr: number, nameSize: number, tokenPtr: number): number {
      const name = memory.readString(namePtr, nameSize);
      if (name === undefined) return Status.InvalidMemoryAccess;
      // proxy_on_queue_ready goes to the root context, even when a stream registers.
      const token = queues.register(vmId, name, contexts.rootOf(effectiveContext(state)));
      return memory.writeU32(tokenPtr, token) ? Status.Ok : Status.InvalidMemoryAccess;
    },

    proxy_resolve_shared_queue(
      vmIdPtr: number,
      vmIdSize: number,
      namePtr: number,
      nameSize: number,
      tokenPtr: number,
    ): number {
      const queueVmId = memory.readString(vmIdPtr, vmIdSize);
      const name = memory.readString(namePtr, nameSize);
      if (queueVmId === undefined || name === undefined) return Status.InvalidMemoryAccess;
      const token = queues.resolve(queueVmId, name);
      if (token === undefined) return Status.NotFound;
      return memory.writeU32(tokenPtr, token) ? Status.Ok : Status.InvalidMemoryAccess;
    },

    proxy_enqueue_shared_queue(token: number, valuePtr: number, valueSize: number): number {
      const value = memory.read(valuePtr, valueSize);
      if (!value) return Status.InvalidMemoryAccess;
      return queues.enqueue(token, value);
    },

    proxy_dequeue_shared_queue(token: number, valuePtrPtr: number, valueSizePtr: number): number {
      const { status, value } = queues.dequeue(token);
      if (!value) return status;
      return memory.copyToPointerSize(value, valuePtrPtr, valueSizePtr)
        ? Status.Ok
        : Status.InvalidMemoryAccess;
    },

    proxy_define_metric(type: number, namePtr: number, nameSize: number, idPtr: number): number {
      const name = memory.readString(namePtr, nameSize);
      if (name === undefined) return Status.InvalidMemoryAccess;
      const { status, id } = metrics.define(type, name);
      if (id === undefined) return status;
      return memory.writeU32(idPtr, id) ? Status.Ok : Status.InvalidMemoryAccess;
    },

    proxy_increment_metric(id: number, offset: bigint): number {
      return metrics.increment(id, BigInt.asIntN(64, offset));
    },

    proxy_record_metric(id: number, value: bigint): number {
      return metrics.record(id, BigInt.asUintN(64, value));
    },

    proxy_get_metric(id: number, resultPtr: number): number {
      const { status, value } = metrics.get(id);
      if (value === undefined) return status;
      return memory.writeU64(resultPtr, value) ? Status.Ok : Status.InvalidMemoryAccess;
    },
  };
}
