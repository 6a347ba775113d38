/**
 * Downloads with the retries @actions/tool-cache lacks: 5xx, 408, 429,
 * connection resets, stalls and bodies cut short are retried with backoff;
 * anything else (404, 403) fails at once. Proxies and redirects come from
 * @actions/http-client, as on the rest of the runner.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingMessage } from 'node:http';
import type { Log } from '../common/log.js';
import type { RetryPolicy } from './types.js';

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, timeoutMs: 60_000 };

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

/** Opens `url`, retrying transient trouble, and hands the 200 body to `consume`. */
async function withRetries<T>(
  url: string,
  retry: Partial<RetryPolicy> | undefined,
  log: Log,
  consume: (body: IncomingMessage) => Promise<T>,
): Promise<T> {
  const policy = policyOf(retry);
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
        const res = await client.get(url);
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
        return await consume(res.message);
      } catch (err) {
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

export async function fetchText(
  url: string,
  retry: Partial<RetryPolicy> | undefined,
  log: Log,
): Promise<string> {
  return withRetries(url, retry, log, async (body) => {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    checkLength(
      body,
      chunks.reduce((n, c) => n + c.length, 0),
    );
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
  options: { retry?: Partial<RetryPolicy>; log: Log; progressBytes?: number; label: string },
): Promise<DownloadedFile> {
  const { log } = options;
  try {
    return await withRetries(url, options.retry, log, async (body) => {
      const hash = createHash('sha256');
      const total = Number(body.headers['content-length']) || 0;
      const progressEvery = options.progressBytes ?? 32 << 20;
      let size = 0;
      let nextReport = progressEvery;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          if (total > progressEvery && size >= nextReport) {
            nextReport += progressEvery;
            log.info(`${options.label}: ${mib(size)} of ${mib(total)} MiB`);
          }
          done(null, chunk);
        },
      });
      await pipeline(body, meter, createWriteStream(file));
      checkLength(body, size);
      return { file, sha256: hash.digest('hex'), size };
    });
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}

function mib(n: number): string {
  return (n / (1 << 20)).toFixed(1);
}
