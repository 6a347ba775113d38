/**
 * Local HTTP servers that answer like a hostile registry: each test decides
 * every answer (redirects, challenges, endless or stalled bodies, pagination
 * links). Every request any of them receives is recorded with the Host name it
 * was addressed to and its Authorization header, so a test can tell exactly
 * which host got which credential; bytes written are counted, so a test can
 * tell how much of an endless body the client took before it stopped.
 */
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
  /** The Host header: `127.0.0.1:<port>` or `localhost:<port>`. */
  host: string;
  method: string;
  /** Path and query. */
  url: string;
  authorization: string | undefined;
  /** The request body (for token POSTs and uploads), as text. */
  body: string;
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  raw: Buffer,
) => unknown;

export interface HostileServer {
  /** 127.0.0.1:<port> */
  host: string;
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Replaces the answering function. */
  handle(fn: Handler): void;
  /** Body bytes written to clients since the last reset. */
  bytesSent: number;
  close(): Promise<void>;
}

export interface HostileNet {
  /** The registry the client is configured for. */
  registry: HostileServer;
  /** Some other host (an upload or CDN host, an attacker). */
  other: HostileServer;
  /** A token realm. */
  realm: HostileServer;
  /** Every request any server received, in order. */
  seen: SeenRequest[];
  reset(): void;
  close(): Promise<void>;
}

async function startServer(seen: SeenRequest[]): Promise<HostileServer> {
  let handler: Handler = (_req, res) => void res.writeHead(404).end();
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const chunk of req) parts.push(chunk as Buffer);
    const raw = Buffer.concat(parts);
    // the record keeps the start of a body: enough to find a secret in a form or a query
    const body = raw.subarray(0, 64 << 10).toString('latin1');
    seen.push({
      host: req.headers.host ?? '',
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      body,
    });
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      self.bytesSent += Buffer.byteLength(chunk as Buffer);
      return write(chunk, ...rest);
    }) as typeof res.write;
    try {
      await handler(req, res, body, raw);
    } catch {
      res.destroy();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const self: HostileServer = {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    port,
    bytesSent: 0,
    handle: (fn) => {
      handler = fn;
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  return self;
}

export async function startHostileNet(): Promise<HostileNet> {
  const seen: SeenRequest[] = [];
  const [registry, other, realm] = await Promise.all([
    startServer(seen),
    startServer(seen),
    startServer(seen),
  ]);
  return {
    registry,
    other,
    realm,
    seen,
    reset() {
      seen.length = 0;
      for (const s of [registry, other, realm]) {
        s.bytesSent = 0;
        s.handle((_req, res) => void res.writeHead(404).end());
      }
    },
    close: async () => {
      await Promise.all([registry.close(), other.close(), realm.close()]);
    },
  };
}

/**
 * Writes `chunk` over and over, as fast as the client takes it, until `limit`
 * bytes went out (far past any cap) or the client hangs up; then ends.
 * Resolves with the bytes written.
 */
export async function endless(
  res: ServerResponse,
  limit: number,
  chunk = 64 << 10,
): Promise<number> {
  const block = Buffer.alloc(chunk, 0x61);
  let sent = 0;
  while (sent < limit && !res.destroyed) {
    sent += block.length;
    if (!res.write(block))
      await new Promise<void>((r) => {
        res.once('drain', r);
        res.once('close', r);
      });
  }
  res.end();
  return sent;
}

/** Holds the response open without a byte until the client goes away. */
export function stall(res: ServerResponse): Promise<void> {
  return new Promise((r) => res.once('close', r));
}

/** A distribution-style JSON answer. */
export function json(res: ServerResponse, status: number, value: unknown, headers = {}): void {
  const body = JSON.stringify(value);
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    })
    .end(body);
}

/**
 * Forwards a request to `upstream` (a real registry) without its Authorization,
 * and its answer back through `rewrite` (headers may be changed on the way).
 */
export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  raw: Buffer,
  upstream: string,
  rewrite: (headers: Record<string, string>) => Record<string, string> = (h) => h,
): Promise<void> {
  const headers = { ...req.headers } as Record<string, string>;
  delete headers.host;
  delete headers.authorization;
  return new Promise((resolve) => {
    const out = request(
      new URL(req.url!, upstream),
      { method: req.method, headers: { ...headers, 'content-length': String(raw.length) } },
      (up) => {
        const h = Object.fromEntries(
          Object.entries(up.headers).map(([k, v]) => [
            k,
            Array.isArray(v) ? v.join(', ') : (v ?? ''),
          ]),
        );
        res.writeHead(up.statusCode ?? 502, rewrite(h));
        up.pipe(res);
        up.on('end', resolve);
        up.on('error', () => resolve());
      },
    );
    out.on('error', () => {
      res.destroy();
      resolve();
    });
    out.end(raw);
  });
}

/** A handler answering `status` with a body that never ends (see endless). */
export function endlessAnswer(
  status = 200,
  headers: Record<string, string> = {},
  limit = 96 << 20,
) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, headers);
    return endless(res, limit);
  };
}

/** A handler answering 401 with a Bearer challenge naming `realm`. */
export function bearerChallenge(realm: string) {
  return (_req: IncomingMessage, res: ServerResponse) =>
    void res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}"` }).end();
}

/** Runs `fn`, which must fail; returns its message and how long it took. */
export async function failure(
  fn: () => Promise<unknown>,
): Promise<{ message: string; ms: number }> {
  const started = Date.now();
  try {
    await fn();
  } catch (err) {
    return { message: (err as Error).message, ms: Date.now() - started };
  }
  throw new Error('expected a failure, got success');
}
