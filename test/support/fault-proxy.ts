/**
 * A local HTTP proxy in front of the test registry that injects the failures
 * real registries produce: 401 without a usable challenge, 404, 5xx then
 * success, a connection reset in the middle of an upload body, and refusal of
 * image-spec 1.1 manifests (artifactType / empty config), as Aliyun ACR,
 * Harbor and Quay answer. It also records every request, so tests can count
 * blob bytes uploaded.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultAction =
  | 'unauthorized'
  | 'not-found'
  | 'server-error'
  | 'too-many'
  | 'reset'
  | 'reject-image-spec-1.1'
  | 'stall';

export interface Fault {
  action: FaultAction;
  /** Which requests: method and a path test. */
  method?: string;
  path?: RegExp;
  /** Only requests whose declared body is at least this large. */
  minBodyBytes?: number;
  /** How many matching requests get the fault (default: all). */
  times?: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  status: number;
  bodyBytes: number;
  fault?: FaultAction;
}

export interface FaultProxy {
  host: string;
  url: string;
  seen: SeenRequest[];
  setFaults(faults: Fault[]): void;
  /** Bytes of request bodies sent to blob upload URLs (PATCH/PUT/POST). */
  uploadedBlobBytes(): number;
  reset(): void;
  close(): Promise<void>;
}

const UPLOAD = /\/blobs\/uploads\//;
const MANIFEST = /\/manifests\//;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function isImageSpec11(body: Buffer): boolean {
  try {
    const m = JSON.parse(body.toString()) as {
      artifactType?: string;
      config?: { mediaType?: string };
    };
    return !!m.artifactType || m.config?.mediaType === 'application/vnd.oci.empty.v1+json';
  } catch {
    return false;
  }
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  let faults: (Fault & { used: number })[] = [];
  const seen: SeenRequest[] = [];

  const pick = (
    method: string,
    path: string,
    bodyBytes: number,
  ): (Fault & { used: number }) | undefined =>
    faults.find(
      (f) =>
        (!f.method || f.method === method) &&
        bodyBytes >= (f.minBodyBytes ?? 0) &&
        (!f.path || f.path.test(path)) &&
        (f.times === undefined || f.used < f.times),
    );

  const server: Server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = pick(method, path, Number(req.headers['content-length'] ?? 0));
    // Counted now, before any await: parallel requests must not both take a `times: 1` fault.
    if (fault) fault.used++;
    const record = (status: number, bodyBytes: number, applied?: FaultAction) =>
      seen.push({ method, path: path.split('?')[0]!, status, bodyBytes, fault: applied });

    if (fault?.action === 'stall') {
      // Take the request and never answer; close() ends the connection.
      record(0, 0, 'stall');
      req.resume();
      return;
    }

    if (fault?.action === 'reset') {
      // Take part of the body, then drop the connection: a reset mid-upload.
      let got = 0;
      req.on('data', (d: Buffer) => {
        got += d.length;
        if (got > 1024) {
          record(0, got, 'reset');
          req.socket.destroy();
        }
      });
      req.on('end', () => {
        if (!req.socket.destroyed) {
          record(0, got, 'reset');
          req.socket.destroy();
        }
      });
      return;
    }

    const body = await readBody(req);
    const reply = (status: number, payload: object, headers: Record<string, string> = {}) => {
      record(status, body.length, fault!.action);
      res
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(payload));
    };
    if (fault) {
      switch (fault.action) {
        case 'unauthorized':
          return reply(401, {
            errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }],
          });
        case 'not-found':
          return reply(404, {
            errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }],
          });
        case 'server-error':
          return reply(500, { errors: [{ code: 'UNKNOWN', message: 'injected failure' }] });
        case 'too-many':
          return reply(
            429,
            { errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] },
            { 'retry-after': '0' },
          );
        case 'reject-image-spec-1.1':
          if (method === 'PUT' && MANIFEST.test(path) && isImageSpec11(body)) {
            return reply(400, {
              errors: [
                { code: 'MANIFEST_INVALID', message: 'manifest invalid: unsupported artifactType' },
              ],
            });
          }
          break;
      }
    }

    const headers = { ...req.headers };
    const up = request(
      { host: target.hostname, port: target.port, method, path, headers },
      (upRes) => {
        record(upRes.statusCode ?? 0, body.length);
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    up.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    seen,
    setFaults: (f) => (faults = f.map((x) => ({ ...x, used: 0 }))),
    uploadedBlobBytes: () =>
      seen
        .filter((s) => UPLOAD.test(s.path) && s.status >= 200 && s.status < 300)
        .reduce((n, s) => n + s.bodyBytes, 0),
    reset: () => {
      faults = [];
      seen.length = 0;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
