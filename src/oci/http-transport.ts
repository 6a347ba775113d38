/**
 * The subset of `fetch` the registry client uses, on node:http and
 * node:https. Why: the first call of Node's own fetch loads undici and the
 * web streams, about 0.17 s of CPU, more than a whole `oras push`; a CLI
 * `push` or `verify` is one short process, so that load was half of its
 * time. Same contract where the client relies on it: redirects followed
 * (`follow`, Authorization dropped when the origin changes, 303 and
 * 301/302-after-POST become GET) or handed back (`manual`), the signal
 * aborts the request and the body read with its reason, network failures
 * reject as a TypeError 'fetch failed' whose cause carries the code, TLS
 * checked against Node's CA store as fetch does.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
const NULL_BODY = new Set([101, 204, 205, 304]);

type Init = NonNullable<Parameters<typeof fetch>[1]>;

/** A response body as a reader of Uint8Array chunks, like a web ReadableStream's. */
class BodyStream {
  private iterator: AsyncIterator<Buffer> | undefined;
  constructor(
    private readonly message: IncomingMessage,
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', () => message.destroy(signal.reason as Error), {
      once: true,
    });
  }

  getReader() {
    // Made on the first read: most answers (uploads, tags) are cancelled unread.
    const iterator = () => (this.iterator ??= this.message[Symbol.asyncIterator]());
    return {
      read: async (): Promise<{ done: boolean; value?: Uint8Array }> => {
        try {
          const step = await iterator().next();
          return step.done ? { done: true } : { done: false, value: step.value };
        } catch (err) {
          if (this.signal?.aborted) throw this.signal.reason;
          throw new TypeError('terminated', { cause: err });
        }
      },
      cancel: () => this.cancel(),
      releaseLock: () => undefined,
    };
  }

  /**
   * An answer that arrived whole (the empty body of a 201 or 202) is drained,
   * which keeps its connection for the next request; one still arriving is cut.
   */
  async cancel(): Promise<void> {
    if (this.message.complete && !this.iterator) this.message.resume();
    else this.message.destroy();
  }

  async bytes(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const reader = this.getReader();
    for (;;) {
      const step = await reader.read();
      if (step.done) return Buffer.concat(chunks);
      chunks.push(step.value as Buffer);
    }
  }
}

class Headers {
  constructor(private readonly raw: IncomingMessage['headers']) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  has(name: string): boolean {
    return this.get(name) !== null;
  }
}

class LightResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: BodyStream | null;
  readonly redirected: boolean;
  constructor(
    message: IncomingMessage,
    readonly url: string,
    signal: AbortSignal | undefined,
    redirected: boolean,
    method: string,
  ) {
    this.status = message.statusCode ?? 0;
    this.ok = this.status >= 200 && this.status < 300;
    this.statusText = message.statusMessage ?? '';
    this.headers = new Headers(message.headers);
    this.redirected = redirected;
    // Nothing to read: drained now, or an answer nobody reads would hold its
    // socket, and with it the process, open.
    if (NULL_BODY.has(this.status) || method === 'HEAD') {
      message.resume();
      this.body = null;
    } else this.body = new BodyStream(message, signal);
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.body ? await this.body.bytes() : Buffer.alloc(0);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
  }
  async text(): Promise<string> {
    return this.body ? (await this.body.bytes()).toString('utf8') : '';
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

function bodyOf(body: Init['body'], headers: Record<string, string>): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
    return Buffer.from(body);
  }
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    return Buffer.from(body.toString());
  }
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.length);
  throw new TypeError('http-transport: only string, URLSearchParams and byte bodies are supported');
}

function lowerCased(headers: Init['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const entries =
    headers instanceof Array
      ? headers
      : typeof (headers as { entries?: unknown }).entries === 'function'
        ? [...(headers as { entries(): Iterable<[string, string]> }).entries()]
        : Object.entries(headers as Record<string, string>);
  for (const [k, v] of entries) out[k.toLowerCase()] = v;
  return out;
}

/** One exchange: the answer's head, or a 'fetch failed' TypeError. */
async function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  signal: AbortSignal | undefined,
): Promise<IncomingMessage> {
  // node:https loads TLS: only when a URL needs it (a loopback registry does not).
  const send = url.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const sent = { ...headers };
    if (body) sent['content-length'] = String(body.length);
    const req = send(url, { method, headers: sent });
    const onAbort = () => req.destroy(signal!.reason as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(res);
    });
    req.on('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: err }));
    });
    req.end(body);
  });
}

/** `fetch` for the registry client, without undici. */
export const nodeHttpFetch = (async (input: string | URL | Request, init: Init = {}) => {
  let url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  let method = (init.method ?? 'GET').toUpperCase();
  let headers = lowerCased(init.headers);
  let body = bodyOf(init.body, headers);
  const signal = init.signal ?? undefined;
  for (let hop = 0; ; hop++) {
    const message = await exchange(url, method, headers, body, signal);
    const status = message.statusCode ?? 0;
    const location = REDIRECTS.has(status) ? message.headers.location : undefined;
    if (!location || init.redirect === 'manual' || hop === MAX_REDIRECTS) {
      if (location && init.redirect !== 'manual') {
        message.destroy();
        throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
      }
      return new LightResponse(message, url.href, signal, hop > 0, method) as unknown as Response;
    }
    message.resume();
    if (init.redirect === 'error')
      throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
    const next = new URL(location, url);
    if (next.origin !== url.origin) delete headers.authorization;
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = undefined;
      headers = Object.fromEntries(
        Object.entries(headers).filter(([k]) => !k.startsWith('content-')),
      );
    }
    url = next;
  }
}) as typeof fetch;
