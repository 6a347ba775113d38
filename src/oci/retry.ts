/** Backoff for transient registry failures: 5xx, 429 and dropped connections. */

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 250, maxMs: 8_000 };

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Network-level failures (reset, refused mid-run, socket closed) that a retry may fix. */
export function isRetryableError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'AbortError') return false;
  if (err.name === 'RequestTimeout') return true;
  const cause = (err as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (err as NodeJS.ErrnoException).code;
  return (
    err.message === 'fetch failed' ||
    [
      'ECONNRESET',
      'EPIPE',
      'ECONNREFUSED',
      'ETIMEDOUT',
      'UND_ERR_SOCKET',
      'UND_ERR_CLOSED',
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
    ].includes(code ?? '')
  );
}

/** Delay before retry `n` (1-based): exponential with jitter, or the server's Retry-After. */
export function backoffMs(policy: RetryPolicy, n: number, retryAfter?: string | null): number {
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, policy.maxMs);
  const exp = Math.min(policy.baseMs * 2 ** (n - 1), policy.maxMs);
  return exp / 2 + Math.random() * (exp / 2);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
