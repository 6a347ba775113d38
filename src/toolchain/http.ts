/**
 * Downloads with the retries @actions/tool-cache lacks: 5xx, 408, 429,
 * connection resets, stalls and bodies cut short are retried with backoff;
 * anything else (404, 403) fails at once. Proxies and redirects come from
 * @actions/http-client, as on the rest of the runner.
 *
 * Bounded like every network read of the project (common/transfer-limits):
 * the answer's headers must come within the timeout; the body is capped while
 * it streams (text answers held in memory far lower than archives written to
 * disk) and must keep a minimum average rate after the timeout, so a mirror
 * that trickles bytes cannot hold the job; the socket timeout alone only
 * catches one that goes fully silent.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingMessage } from 'node:http';
import type { Log } from '../common/log.js';
import { BodyTooLarge, TransferBudget } from '../common/transfer-limits.js';
import type { RetryPolicy } from './types.js';

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, timeoutMs: 60_000 };

/** The Go release listing (a few MB today) and checksums files. */
export const MAX_TEXT_BYTES = 32 << 20;
/** Tool archives (Go ~75 MB, TinyGo ~200 MB), streamed to disk. */
export const MAX_ARCHIVE_BYTES = 1 << 30;
/** Slowest download we wait for once the timeout has passed: 32 KiB/s on average. */
const MIN_BYTES_PER_MS = 32.768;

/** The server answered with a status we do not retry (404, 403, ...). */
export class HttpStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`GET ${url} answered ${status}`);
    this.name = 'HttpStatusError';
  }
}

/** Out of retries, or a failure no retry can fix. */
export class DownloadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

class Transient extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const RETRY_STATUS = new Set([408, 429]);
const RETRY_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);

function isTransient(err: unknown): boolean {
  if (err instanceof Transient) return true;
  const e = err as NodeJS.ErrnoException;
  return RETRY_CODES.has(e?.code ?? '') || /timeout|socket hang up|aborted/i.test(e?.message ?? '');
}

function policyOf(p?: Partial<RetryPolicy>): RetryPolicy {
  return { ...DEFAULT_RETRY, ...p };
}

/** Resolves with `p`, or rejects as a transient timeout after `ms`; a late answer is discarded. */
function withDeadline(
  p: Promise<{ message: IncomingMessage }>,
  ms: number,
): Promise<{ message: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new Transient(`no answer within ${Math.max(1, Math.round(ms / 1000))} s`));
    }, ms);
    p.then(
      (res) => {
        clearTimeout(timer);
        if (late) res.message.destroy();
        else resolve(res);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** Opens `url`, retrying transient trouble, and hands the 200 body to `consume`. */
async function withRetries<T>(
  url: string,
  retry: Partial<RetryPolicy> | undefined,
  log: Log,
  consume: (body: IncomingMessage, budget: (maxBytes: number) => TransferBudget) => Promise<T>,
): Promise<T> {
  const policy = policyOf(retry);
  const budget = (maxBytes: number) =>
    new TransferBudget({
      what: 'the answer',
      maxBytes,
      graceMs: policy.timeoutMs,
      minBytesPerMs: MIN_BYTES_PER_MS,
    });
  // Loaded on first download (it brings undici): a warm run downloads nothing.
  const { HttpClient } = await import('@actions/http-client');
  const client = new HttpClient('wasm-plugin-ci', [], {
    socketTimeout: policy.timeoutMs,
    allowRetries: false,
    allowRedirects: true,
    maxRedirects: 10,
  });
  let lastError: unknown;
  try {
    for (let attempt = 1; attempt <= policy.attempts; attempt++) {
      let waitMs = policy.baseDelayMs * 2 ** (attempt - 1);
      try {
        const res = await withDeadline(client.get(url), policy.timeoutMs);
        const status = res.message.statusCode ?? 0;
        if (status !== 200) {
          res.message.resume();
          if (status >= 500 || RETRY_STATUS.has(status)) {
            const after = Number(res.message.headers['retry-after']);
            throw new Transient(
              `answered ${status}`,
              Number.isFinite(after) ? after * 1000 : undefined,
            );
          }
          throw new HttpStatusError(url, status);
        }
        return await consume(res.message, budget);
      } catch (err) {
        if (err instanceof BodyTooLarge) throw new DownloadError(`GET ${url}: ${err.message}`);
        if (!isTransient(err)) throw err;
        lastError = err;
        if (err instanceof Transient && err.retryAfterMs !== undefined) {
          waitMs = Math.min(Math.max(waitMs, err.retryAfterMs), 60_000);
        }
        if (attempt < policy.attempts) {
          log.warn(
            `GET ${url}: ${(err as Error).message}; retry ${attempt} of ${policy.attempts - 1} in ${waitMs} ms`,
          );
          await sleep(waitMs);
        }
      }
    }
  } finally {
    client.dispose();
  }
  throw new DownloadError(
    `GET ${url} failed after ${policy.attempts} attempts: ${(lastError as Error)?.message}`,
    { cause: lastError },
  );
}

/**
 * Counts every chunk of `body` against `budget` (ending the stream at the cap
 * or when it falls behind the minimum rate) and hands it on.
 */
async function drain(
  body: IncomingMessage,
  budget: TransferBudget,
  onChunk: (chunk: Buffer) => void | Promise<void>,
): Promise<void> {
  budget.declared(body.headers['content-length']);
  const watch = setInterval(() => {
    const slow = budget.behind();
    if (slow) body.destroy(slow);
  }, budget.checkEveryMs);
  try {
    for await (const chunk of body) {
      budget.add((chunk as Buffer).length);
      await onChunk(chunk as Buffer);
    }
  } catch (err) {
    body.destroy();
    throw err;
  } finally {
    clearInterval(watch);
  }
}

export async function fetchText(
  url: string,
  retry: Partial<RetryPolicy> | undefined,
  log: Log,
  maxBytes = MAX_TEXT_BYTES,
): Promise<string> {
  return withRetries(url, retry, log, async (body, budget) => {
    const chunks: Buffer[] = [];
    const counted = budget(maxBytes);
    await drain(body, counted, (chunk) => void chunks.push(chunk));
    checkLength(body, counted.bytes);
    return Buffer.concat(chunks).toString('utf8');
  });
}

function checkLength(body: IncomingMessage, received: number): void {
  const declared = Number(body.headers['content-length']);
  if (
    Number.isFinite(declared) &&
    body.headers['content-length'] !== undefined &&
    received !== declared
  ) {
    throw new Transient(`body cut short: ${received} of ${declared} bytes`);
  }
}

export interface DownloadedFile {
  file: string;
  sha256: string;
  size: number;
}

/**
 * Streams `url` into `file`, hashing on the way; a partial file never stays
 * behind. Logs progress for bodies over `progressBytes`.
 */
export async function downloadFile(
  url: string,
  file: string,
  options: {
    retry?: Partial<RetryPolicy>;
    log: Log;
    progressBytes?: number;
    label: string;
    maxBytes?: number;
  },
): Promise<DownloadedFile> {
  const { log } = options;
  try {
    return await withRetries(url, options.retry, log, async (body, budget) => {
      const hash = createHash('sha256');
      const total = Number(body.headers['content-length']) || 0;
      const progressEvery = options.progressBytes ?? 32 << 20;
      const counted = budget(options.maxBytes ?? MAX_ARCHIVE_BYTES);
      let nextReport = progressEvery;
      const out = createWriteStream(file);
      const written = new Promise<void>((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
      });
      written.catch(() => undefined); // awaited below; a disk error must not go unhandled meanwhile
      try {
        await drain(body, counted, async (chunk) => {
          hash.update(chunk);
          if (total > progressEvery && counted.bytes >= nextReport) {
            nextReport += progressEvery;
            log.info(`${options.label}: ${mib(counted.bytes)} of ${mib(total)} MiB`);
          }
          // the disk's pace, not the network's: nothing piles up in memory
          if (!out.write(chunk)) await Promise.race([once(out, 'drain'), written]);
        });
      } finally {
        out.end();
        await written;
      }
      checkLength(body, counted.bytes);
      return { file, sha256: hash.digest('hex'), size: counted.bytes };
    });
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}

function mib(n: number): string {
  return (n / (1 << 20)).toFixed(1);
}
