/**
 * Logging, time, timers, contexts, configuration, properties, status and
 * foreign functions.
 */
import { LOG_LEVELS, Status, statusName } from '../abi.js';
import { callForeignFunction } from '../foreign.js';
import { getProperty, propertyPath, setProperty } from '../properties.js';
import { effectiveContext, effectiveStream, type HostState, type Impl } from '../state.js';

export function generalFunctions(state: HostState): Record<string, Impl> {
  const { memory, contexts, options } = state;
  return {
    proxy_log(level: number, ptr: number, size: number): number {
      if (level >= LOG_LEVELS.length) return Status.BadArgument;
      const message = memory.readLogText(ptr, size);
      if (message === undefined) return Status.InvalidMemoryAccess;
      options.log(LOG_LEVELS[level]!, message);
      return Status.Ok;
    },

    proxy_get_log_level(levelPtr: number): number {
      return memory.writeU32(levelPtr, state.logLevel) ? Status.Ok : Status.InvalidMemoryAccess;
    },

    proxy_get_current_time_nanoseconds(resultPtr: number): number {
      return memory.writeU64(resultPtr, state.now()) ? Status.Ok : Status.InvalidMemoryAccess;
    },

    proxy_set_tick_period_milliseconds(periodMs: number): number {
      contexts.setTickPeriod(effectiveContext(state), periodMs);
      return Status.Ok;
    },

    proxy_set_effective_context(contextId: number): number {
      return contexts.setOverride(contextId) ? Status.Ok : Status.BadArgument;
    },

    proxy_done(): number {
      return contexts.done(effectiveContext(state)) ? Status.Ok : Status.NotFound;
    },

    // ABI 0.1.0: the plugin configuration while configuring, else the VM's.
    proxy_get_configuration(ptrPtr: number, sizePtr: number): number {
      const config = state.availability.pluginConfiguration()
        ? options.pluginConfig
        : options.vmConfig;
      return memory.copyToPointerSize(config, ptrPtr, sizePtr)
        ? Status.Ok
        : Status.InvalidMemoryAccess;
    },

    proxy_get_status(codePtr: number, messagePtrPtr: number, messageSizePtr: number): number {
      const { code, message } = state.calls.status();
      if (!memory.writeU32(codePtr, code)) return Status.InvalidMemoryAccess;
      const bytes = new Uint8Array(Buffer.from(message, 'utf8'));
      return memory.copyToPointerSize(bytes, messagePtrPtr, messageSizePtr)
        ? Status.Ok
        : Status.InvalidMemoryAccess;
    },

    proxy_get_property(
      pathPtr: number,
      pathSize: number,
      valuePtrPtr: number,
      valueSizePtr: number,
    ): number {
      const path = memory.read(pathPtr, pathSize);
      if (!path) return Status.InvalidMemoryAccess;
      const result = getProperty(path, {
        configured: options.properties ?? {},
        surface: state.surface,
        identity: state.identity,
        stream: effectiveStream(state),
        vmMemoryBytes: () => memory.size(),
        now: state.now,
      });
      state.activity.propertyRead(propertyPath(path).join('.'), 'value' in result);
      if (!('value' in result)) return result.status;
      return memory.copyToPointerSize(result.value, valuePtrPtr, valueSizePtr)
        ? Status.Ok
        : Status.InvalidMemoryAccess;
    },

    proxy_set_property(
      pathPtr: number,
      pathSize: number,
      valuePtr: number,
      valueSize: number,
    ): number {
      const path = memory.read(pathPtr, pathSize);
      const value = memory.read(valuePtr, valueSize);
      if (!path || !value) return Status.InvalidMemoryAccess;
      return setProperty(path, value, effectiveStream(state), state.surface);
    },

    proxy_call_foreign_function(
      namePtr: number,
      nameSize: number,
      argsPtr: number,
      argsSize: number,
      resultsPtrPtr: number,
      resultsSizePtr: number,
    ): number {
      const name = memory.readString(namePtr, nameSize);
      const args = memory.read(argsPtr, argsSize);
      if (name === undefined || !args) return Status.InvalidMemoryAccess;
      const outcome = callForeignFunction(name, args, {
        surface: state.surface,
        stream: effectiveStream(state),
        logLevel: state.logLevel,
        vm: state.foreign,
      });
      state.activity.foreignCall(name, statusName(outcome?.status ?? Status.NotFound));
      if (!outcome) return Status.NotFound;
      const result = outcome.result ?? new Uint8Array();
      // Results are written only where the guest asked for them (pointer != 0).
      if (resultsPtrPtr !== 0) {
        let ptr = 0;
        if (result.length > 0) {
          const block = memory.allocate(result.length);
          if (block === undefined || !memory.write(block, result))
            return Status.InvalidMemoryAccess;
          ptr = block;
        }
        if (!memory.writeU32(resultsPtrPtr, ptr)) return Status.InvalidMemoryAccess;
      }
      if (resultsSizePtr !== 0 && !memory.writeU32(resultsSizePtr, result.length)) {
        return Status.InvalidMemoryAccess;
      }
      return outcome.status;
    },
  };
}
