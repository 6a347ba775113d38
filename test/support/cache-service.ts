/**
 * A small local double of GitHub's cache service, protocol v2, the one the
 * REAL @actions/cache 6 speaks when ACTIONS_CACHE_SERVICE_V2 is set:
 *  - Twirp JSON at /twirp/github.actions.results.api.v1.CacheService/
 *    {CreateCacheEntry, FinalizeCacheEntryUpload, GetCacheEntryDownloadURL}
 *    on ACTIONS_RESULTS_URL, with a Bearer ACTIONS_RUNTIME_TOKEN;
 *  - data through Azure-blob-style signed URLs (path style
 *    /<account>/<container>/<blob>?sig=): the Azure SDK uploads with one
 *    `PUT` (x-ms-blob-type: BlockBlob) or Put Block + Put Block List; the
 *    library downloads with a plain GET.
 * Lookup follows the service: the primary key exactly, then each restore key
 * as a prefix, newest first, always for the same `version` (paths+compression).
 * Mode 'down' resets every connection, like a service that is unreachable.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';
const TOKEN = 'wpci-test-runtime-token';

interface Entry {
  id: number;
  key: string;
  version: string;
  created: number;
  finalized: boolean;
  blocks: Map<string, Buffer>;
  data?: Buffer;
}

export interface CacheService {
  url: string;
  mode: 'up' | 'down';
  /** Twirp method names and blob operations, in arrival order. */
  calls: string[];
  entries(): { key: string; version: string; size: number; finalized: boolean }[];
  /** Environment the real @actions/cache reads (set it on process.env for the call). */
  env(runnerTemp: string): Record<string, string>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startCacheService(): Promise<CacheService> {
  const entries: Entry[] = [];
  const calls: string[] = [];
  let nextId = 1;
  let clock = 0; // strictly increasing "creation time", so newest-first is well defined
  let base = '';

  const blobUrl = (e: Entry, sig: string) =>
    `${base}/devstoreaccount1/actions-cache/${e.id}?sig=${sig}`;

  async function twirp(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      json(res, 401, { code: 'unauthenticated', msg: 'missing or wrong runtime token' });
      return;
    }
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}');
    calls.push(method);
    switch (method) {
      case 'CreateCacheEntry': {
        if (entries.some((e) => e.key === body.key && e.version === body.version)) {
          json(res, 409, {
            code: 'already_exists',
            msg: 'cache entry with the same key and version already exists',
          });
          return;
        }
        const e: Entry = {
          id: nextId++,
          key: body.key,
          version: body.version,
          created: ++clock,
          finalized: false,
          blocks: new Map(),
        };
        entries.push(e);
        json(res, 200, { ok: true, signed_upload_url: blobUrl(e, 'upload') });
        return;
      }
      case 'FinalizeCacheEntryUpload': {
        const e = entries.find(
          (x) => x.key === body.key && x.version === body.version && !x.finalized,
        );
        if (!e || !e.data || String(e.data.length) !== String(body.size_bytes)) {
          json(res, 200, { ok: false, message: 'no uploaded data of that size for this entry' });
          return;
        }
        e.finalized = true;
        json(res, 200, { ok: true, entry_id: String(e.id) });
        return;
      }
      case 'GetCacheEntryDownloadURL': {
        const usable = entries
          .filter((e) => e.finalized && e.version === body.version)
          .sort((a, b) => b.created - a.created);
        let match = usable.find((e) => e.key === body.key);
        for (const prefix of (body.restore_keys as string[] | undefined) ?? []) {
          match ??= usable.find((e) => e.key.startsWith(prefix));
        }
        if (!match) json(res, 200, { ok: false });
        else
          json(res, 200, {
            ok: true,
            signed_download_url: blobUrl(match, 'read'),
            matched_key: match.key,
          });
        return;
      }
      default:
        json(res, 404, { code: 'bad_route', msg: `no method ${method}` });
    }
  }

  async function blob(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const id = Number(url.pathname.split('/').pop());
    const e = entries.find((x) => x.id === id);
    const sig = url.searchParams.get('sig');
    if (!e || (req.method === 'GET' ? sig !== 'read' : sig !== 'upload')) {
      res.writeHead(e ? 403 : 404).end();
      return;
    }
    const headers = {
      'x-ms-request-id': String(Date.now()),
      'x-ms-version': '2024-11-04',
      etag: `"${id}"`,
      'last-modified': new Date().toUTCString(),
    };
    if (req.method === 'GET') {
      calls.push('blob:GET');
      if (!e.finalized || !e.data) return void res.writeHead(404).end();
      res.writeHead(200, {
        ...headers,
        'content-type': 'application/octet-stream',
        'content-length': String(e.data.length),
      });
      res.end(e.data);
      return;
    }
    if (req.method !== 'PUT' || e.finalized) return void res.writeHead(409).end();
    const body = await readBody(req);
    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      calls.push('blob:PutBlock');
      e.blocks.set(url.searchParams.get('blockid') ?? '', body);
    } else if (comp === 'blocklist') {
      calls.push('blob:PutBlockList');
      const ids = [
        ...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g),
      ].map((m) => m[1]!);
      const parts = ids.map((b) => e.blocks.get(b));
      if (parts.some((p) => !p)) return void res.writeHead(400).end();
      e.data = Buffer.concat(parts as Buffer[]);
    } else {
      calls.push('blob:PutBlob');
      e.data = body;
    }
    res
      .writeHead(201, { ...headers, 'content-md5': '', 'x-ms-request-server-encrypted': 'true' })
      .end();
  }

  const service: CacheService = {
    url: '',
    mode: 'up',
    calls,
    entries: () =>
      entries.map((e) => ({
        key: e.key,
        version: e.version,
        size: e.data?.length ?? 0,
        finalized: e.finalized,
      })),
    env: (runnerTemp) => ({
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: `${base}/`,
      ACTIONS_RUNTIME_TOKEN: TOKEN,
      RUNNER_TEMP: runnerTemp,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server: Server = createServer((req, res) => {
    if (service.mode === 'down') {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', base);
    const work = url.pathname.startsWith(SERVICE)
      ? req.method === 'POST'
        ? twirp(url.pathname.slice(SERVICE.length), req, res)
        : Promise.resolve(void res.writeHead(405).end())
      : blob(req, res, url);
    work.catch((err) => {
      if (!res.headersSent) json(res, 500, { code: 'internal', msg: String(err) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  service.url = base;
  return service;
}
