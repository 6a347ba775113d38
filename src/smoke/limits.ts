/**
 * What one plugin's smoke run may allocate and log. A run happens in a worker
 * thread of the CLI's own process, so anything unbounded (a table V8 keeps
 * on its heap, linear memory, host-side copies, log text) could take the
 * whole process down with every other plugin's result. Each limit is equal
 * to or tighter than what the gateway's V8 accepts; a breach fails that
 * plugin only, with a message naming the limit.
 */

/**
 * Linear memory: Envoy starts V8 with --wasm_max_mem_pages for
 * PROXY_WASM_HOST_MAX_WASM_MEMORY_SIZE_BYTES (1 GiB; cpp-host
 * include/proxy-wasm/limits.h, src/v8/v8.cc engine()).
 */
export const GATEWAY_MEMORY_LIMIT_MB = 1024;

/**
 * Entries in all the tables of one instance. V8 accepts up to 10,000,000 in
 * one table (its kV8MaxWasmTableSize) and keeps every entry on the JS heap:
 * ten such tables are 800 MB allocated in one step, which V8 cannot stop
 * gracefully (a fatal heap OOM of the whole process). Declared maximums are
 * lowered so table.grow stays within the same total.
 */
export const MAX_TABLE_ENTRIES = 10_000_000;

/**
 * Bytes the proxy-wasm host may copy out of one VM's memory (arguments of
 * host calls: shared data, queues, http calls, headers, properties). Those
 * copies live outside the JS heap, where the worker's resourceLimits do not
 * reach. Log text does not count (it is capped below and not kept).
 */
export const MAX_HOST_COPY_BYTES = 64 << 20;

/** Log text kept per run, and how many lines; the rest is counted and dropped. */
export const MAX_LOG_BYTES = 1 << 20;
export const MAX_LOG_LINES = 10_000;
/** One log message (a proxy_log call, or one line written to stdout/stderr). */
export const MAX_LOG_MESSAGE_BYTES = 64 << 10;

/** The plugin went past one of the limits above: its run fails, nothing else does. */
export class PluginLimitExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginLimitExceeded';
  }
}

/** Counts bytes against a limit; throws PluginLimitExceeded with `message` past it. */
export class ByteBudget {
  private used = 0;

  constructor(
    private readonly limit: number,
    private readonly message: string,
  ) {}

  take(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) throw new PluginLimitExceeded(this.message);
  }
}

/** What is appended to a log message cut to `shown` of its `total` bytes ('' when whole). */
export function messageCut(shown: number, total: number): string {
  return total > shown ? ` [message cut at ${shown} of ${total} bytes]` : '';
}
