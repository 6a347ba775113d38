/**
 * fetch for registry and token traffic, with every bound the registry may not
 * lift: a deadline until the answer's headers, redirects followed by hand
 * (at most 10, Go's http.Client default that ORAS and docker run with) with
 * the Authorization decided again for every hop, so a redirect to another
 * host never carries it, and URLs refused before anything is sent to them;
 * bodies read under a size cap and a minimum rate (common/transfer-limits).
 */
import { TransferBudget, type TransferLimits } from '../common/transfer-limits.js';

export const MAX_REDIRECTS = 10;

/** A request that got no answer in time; retried like a dropped connection. */
export class RequestTimeout extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${Math.max(1, Math.round(ms / 1000))} s`);
    this.name = 'RequestTimeout';
  }
}

/** A request we will not make: a URL we refuse, a redirect loop. Never retried. */
export class RequestRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestRefused';
  }
}

export interface BoundedRequest {
  method: string;
  headers?: Record<string, string>;
  body?: Buffer | URLSearchParams;
  /** The Authorization for a URL; asked again at every hop of a redirect. */
  authorizationFor?: (url: URL) => string | undefined;
  /** Why nothing may be sent to a URL, or undefined when it may. */
  refusal?: (url: URL) => string | undefined;
  /**
   * The only origin the body may go to (a refresh token in a form): a
   * redirect that would send it anywhere else is refused.
   */
  bodyOrigin?: string;
  /** Deadline until the final answer's headers. */
  deadlineMs: number;
  /** For messages: what this request is (never a query string: it may hold state tokens). */
  what: string;
  fetchFn?: typeof fetch;
}

export interface BoundedResponse {
  res: Response;
  /** The URL that answered (after redirects). */
  url: URL;
  /** Aborts the exchange, the body included. */
  controller: AbortController;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** True for what undici throws when our own signal ended the request. */
function abortedBy(controller: AbortController, err: unknown): unknown {
  return controller.signal.aborted ? (controller.signal.reason ?? err) : err;
}

export async function boundedFetch(start: URL, o: BoundedRequest): Promise<BoundedResponse> {
  const fetchFn = o.fetchFn ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new RequestTimeout(o.what, o.deadlineMs)),
    o.deadlineMs,
  );
  let url = start;
  let method = o.method;
  let body = o.body;
  let headers = { ...o.headers };
  try {
    for (let hop = 0; ; hop++) {
      if (url.username || url.password)
        throw new RequestRefused(`${o.what}: refusing a URL that carries a user name or password`);
      const refused = o.refusal?.(url);
      if (refused) throw new RequestRefused(`${o.what}: ${refused}`);
      const sent: Record<string, string> = { ...headers };
      const authorization = o.authorizationFor?.(url);
      if (authorization) sent.authorization = authorization;
      let res: Response;
      try {
        res = await fetchFn(url, {
          method,
          headers: sent,
          body,
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (err) {
        throw abortedBy(controller, err);
      }
      const location = REDIRECTS.has(res.status) ? res.headers.get('location') : null;
      if (!location) return { res, url, controller };
      await res.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS)
        throw new RequestRefused(`${o.what}: more than ${MAX_REDIRECTS} redirects`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new RequestRefused(`${o.what}: a redirect to something that is not a URL`);
      }
      // As fetch and Go's client do: 303, and 301/302 after a POST, become a GET without body.
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        headers = Object.fromEntries(
          Object.entries(headers).filter(([k]) => !/^content-/i.test(k)),
        );
      }
      if (body !== undefined && o.bodyOrigin && next.origin !== o.bodyOrigin)
        throw new RequestRefused(
          `${o.what}: refusing to follow a redirect to ${next.origin} with the request body`,
        );
      url = next;
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A response body, read chunk by chunk under `limits`: over the cap or
 * behind the minimum rate, the exchange is aborted at once and the read
 * fails; nothing past the cap is ever buffered. With `truncate`, the read
 * instead ends there and returns what came (for error bodies, where the
 * first bytes are all we show). With `sink`, each chunk goes there and none
 * is kept (the result is empty): a body that is only hashed never occupies
 * memory whole.
 */
export async function readBounded(
  sent: Pick<BoundedResponse, 'res' | 'controller'>,
  limits: TransferLimits,
  options: { truncate?: boolean; sink?: (chunk: Buffer) => void } = {},
): Promise<Buffer> {
  const { res, controller } = sent;
  const budget = new TransferBudget(limits);
  const chunks: Buffer[] = [];
  const stop = (err: unknown) => {
    controller.abort(err);
    if (!options.truncate) throw err;
    return Buffer.concat(chunks);
  };
  if (!options.truncate) {
    try {
      budget.declared(res.headers.get('content-length'));
    } catch (err) {
      return stop(err);
    }
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const watch = setInterval(() => {
    const slow = budget.behind();
    if (slow) controller.abort(slow);
  }, budget.checkEveryMs);
  try {
    for (;;) {
      let step: Awaited<ReturnType<typeof reader.read>>;
      try {
        step = await reader.read();
      } catch (err) {
        return stop(abortedBy(controller, err));
      }
      if (step.done) return Buffer.concat(chunks);
      const room = limits.maxBytes - budget.bytes;
      const chunk = Buffer.from(step.value.buffer, step.value.byteOffset, step.value.length);
      try {
        budget.add(chunk.length);
      } catch (err) {
        if (options.truncate) chunks.push(chunk.subarray(0, room));
        return stop(err);
      }
      if (options.sink) options.sink(chunk);
      else chunks.push(chunk);
      const slow = budget.behind();
      if (slow) return stop(slow);
    }
  } finally {
    clearInterval(watch);
  }
}
