/**
 * Limits on what a remote server may make us read: a size cap checked on every
 * chunk as it arrives (never after buffering), and a minimum average rate
 * after a grace period, so a body that stalls or trickles a few bytes at a
 * time ends at a known deadline instead of holding the job. With the cap,
 * the rate bounds the whole read: at most grace + cap / rate.
 */

/** A body bigger than its cap: hostile or broken, never worth a retry. */
export class BodyTooLarge extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyTooLarge';
  }
}

/** A body arriving slower than the minimum rate; retried like a timeout. */
export class TransferTooSlow extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(message: string) {
    super(message);
    // The retry rules of the registry client treat this name as a timeout.
    this.name = 'RequestTimeout';
  }
}

/** 4 MiB, 128 KiB, or the exact count: how limits read in messages. */
export function formatBytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n / (1 << 10)} KiB`;
  return `${n} bytes`;
}

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

export interface TransferLimits {
  /** What is being read, for messages ("manifest ...", "token response from ..."). */
  what: string;
  maxBytes: number;
  /** Time allowed before the rate applies (the request deadline). */
  graceMs: number;
  /** Minimum average rate after the grace period. */
  minBytesPerMs: number;
}

/** Counts a body's bytes against its limits. */
export class TransferBudget {
  private received = 0;
  private readonly started = Date.now();

  constructor(readonly limits: TransferLimits) {}

  get bytes(): number {
    return this.received;
  }

  /** Refuses a declared Content-Length over the cap before any of the body is read. */
  declared(contentLength: string | null | undefined): void {
    const n = contentLength == null ? NaN : Number(contentLength);
    const { what, maxBytes } = this.limits;
    if (Number.isFinite(n) && n > maxBytes)
      throw new BodyTooLarge(`${what} is ${n} bytes, over the ${formatBytes(maxBytes)} limit`);
  }

  /** Counts a chunk; throws as soon as the total passes the cap. */
  add(n: number): void {
    this.received += n;
    const { what, maxBytes } = this.limits;
    if (this.received > maxBytes)
      throw new BodyTooLarge(`${what} is over the ${formatBytes(maxBytes)} limit`);
  }

  /** The error to end the read with when the body is behind the minimum rate, else undefined. */
  behind(): TransferTooSlow | undefined {
    const { what, graceMs, minBytesPerMs } = this.limits;
    const elapsed = Date.now() - this.started;
    if (elapsed <= graceMs || this.received >= (elapsed - graceMs) * minBytesPerMs)
      return undefined;
    return new TransferTooSlow(
      `${what}: too slow (${this.received} bytes in ${seconds(elapsed)}; ` +
        `at least ${formatBytes(Math.round(minBytesPerMs * 1000))}/s is needed after ${seconds(graceMs)})`,
    );
  }

  /** How often to look at the rate: often enough that the deadline is kept closely. */
  get checkEveryMs(): number {
    return Math.max(20, Math.min(1000, Math.round(this.limits.graceMs / 5)));
  }
}
