/**
 * The faults test/support/fault-proxy.ts and mirror.ts do not make: a stall
 * (the request is taken and never answered) and a slow trickle (the answer
 * comes a few bytes at a time). A plain HTTP reverse proxy to `upstream`
 * (the mirror or the registry); a fault applies to requests whose method and
 * path match, `times` times. Every request is recorded. close() ends every
 * connection it holds, so nothing outlives a test.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SlowFault =
  | { kind: 'stall'; path: RegExp; method?: string; times?: number }
  | {
      kind: 'trickle';
      path: RegExp;
      method?: string;
      times?: number;
      /** Bytes per write and the pause between writes. */
      chunk: number;
      everyMs: number;
    }
  | { kind: 'status'; status: number; path: RegExp; method?: string; times?: number }
  | { kind: 'reset'; path: RegExp; method?: string; times?: number };

export interface SlowProxy {
  host: string;
  url: string;
  seen: { method: string; path: string; fault?: string }[];
  set(faults: SlowFault[]): void;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

export async function startSlowProxy(upstream: string): Promise<SlowProxy> {
  const target = new URL(upstream);
  let faults: (SlowFault & { used: number })[] = [];
  const seen: SlowProxy['seen'] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = faults.find(
      (f) =>
        (!f.method || f.method === method) &&
        f.path.test(path) &&
        (f.times === undefined || f.used < f.times),
    );
    if (fault) fault.used++;
    seen.push({ method, path, fault: fault?.kind });
    const payload = await body(req).catch(() => Buffer.alloc(0));
    if (fault?.kind === 'stall') return; // never answered; close() ends it
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'text/plain' }).end('injected\n');
      return;
    }
    const up = request(
      { host: target.hostname, port: target.port, method, path, headers: req.headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        if (fault?.kind !== 'trickle') {
          upRes.pipe(res);
          return;
        }
        const parts: Buffer[] = [];
        upRes.on('data', (d: Buffer) => parts.push(d));
        upRes.on('end', () => {
          const all = Buffer.concat(parts);
          let at = 0;
          const next = () => {
            if (res.destroyed) return;
            if (at >= all.length) {
              res.end();
              return;
            }
            res.write(all.subarray(at, at + fault.chunk));
            at += fault.chunk;
            const t = setTimeout(() => {
              timers.delete(t);
              next();
            }, fault.everyMs);
            timers.add(t);
          };
          next();
        });
      },
    );
    up.on('error', () => res.destroy());
    up.end(payload);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    seen,
    set: (f) => (faults = f.map((x) => ({ ...x, used: 0 }))),
    close: () =>
      new Promise<void>((r) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
