/**
 * The CLI's node:http fetch keeps the parts of fetch's contract the registry
 * client relies on. Checked against a local HTTP server, and against Node's
 * own fetch where both must answer the same.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeHttpFetch } from '../../src/oci/http-transport.js';
import { isRetryableError } from '../../src/oci/retry.js';
import { freePort } from '../support/registry.js';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

function server(handle: (req: Seen, res: import('node:http').ServerResponse) => void) {
  const seen: Seen[] = [];
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const s = {
        method: req.method!,
        url: req.url!,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      };
      seen.push(s);
      handle(s, res);
    });
  });
  return { srv, seen };
}

let a: { srv: Server; seen: Seen[] };
let b: { srv: Server; seen: Seen[] };
let A: string;
let B: string;

beforeAll(async () => {
  b = server((req, res) => res.end(`b saw ${req.method} ${req.url}`));
  a = server((req, res) => {
    if (req.url === '/away') return res.writeHead(307, { location: `${B}/there` }).end();
    if (req.url === '/home') return res.writeHead(302, { location: '/landed' }).end();
    if (req.url === '/see-other') return res.writeHead(303, { location: '/landed' }).end();
    if (req.url === '/stall') return res.writeHead(200, { 'content-length': '10' }).write('abc');
    if (req.url === '/twice')
      return res
        .writeHead(200, [
          ['x-many', '1'],
          ['x-many', '2'],
        ])
        .end();
    res
      .writeHead(200, { 'content-type': 'text/plain' })
      .end(`a saw ${req.method} ${req.url} ${req.body}`);
  });
  for (const s of [a, b]) await new Promise<void>((r) => s.srv.listen(0, '127.0.0.1', r));
  A = `http://127.0.0.1:${(a.srv.address() as AddressInfo).port}`;
  B = `http://localhost:${(b.srv.address() as AddressInfo).port}`;
});
afterAll(() => {
  for (const s of [a, b]) s.srv.closeAllConnections();
  for (const s of [a, b]) s.srv.close();
});

describe('nodeHttpFetch', () => {
  it('answers like fetch: status, headers, text, json, arrayBuffer, url', async () => {
    for (const f of [nodeHttpFetch, fetch]) {
      const res = await f(`${A}/x?q=1`, { method: 'PUT', body: Buffer.from('hi') });
      expect([res.status, res.ok, res.headers.get('Content-Type')]).toEqual([
        200,
        true,
        'text/plain',
      ]);
      expect(await res.text()).toBe('a saw PUT /x?q=1 hi');
      expect(res.url).toBe(`${A}/x?q=1`);
      const twice = await f(`${A}/twice`);
      expect(twice.headers.get('x-many')).toBe('1, 2');
      await twice.body?.cancel();
    }
    const form = await nodeHttpFetch(`${A}/form`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token' }),
    });
    expect(await form.text()).toBe('a saw POST /form grant_type=refresh_token');
    expect(a.seen.at(-1)!.contentType).toBe('application/x-www-form-urlencoded;charset=UTF-8');
  });

  it('follows redirects like fetch, dropping Authorization when the origin changes', async () => {
    const res = await nodeHttpFetch(`${A}/away`, {
      method: 'PUT',
      body: Buffer.from('data'),
      headers: { Authorization: 'Bearer secret' },
    });
    expect(await res.text()).toBe('b saw PUT /there');
    expect(b.seen.at(-1)!.authorization).toBeUndefined();
    expect(res.url).toBe(`${B}/there`);
    const same = await nodeHttpFetch(`${A}/home`, { headers: { authorization: 'Bearer keep' } });
    expect(await same.text()).toBe('a saw GET /landed ');
    expect(a.seen.at(-1)!.authorization).toBe('Bearer keep');
    const post = await nodeHttpFetch(`${A}/see-other`, { method: 'POST', body: 'x' });
    expect(await post.text()).toBe('a saw GET /landed ');
  });

  it("hands a redirect back with redirect: 'manual'", async () => {
    const res = await nodeHttpFetch(`${A}/away`, { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`${B}/there`);
    await res.body?.cancel();
  });

  it('reads the body chunk by chunk through getReader()', async () => {
    const res = await nodeHttpFetch(`${A}/reader`);
    const reader = res.body!.getReader();
    let text = '';
    for (;;) {
      const step = await reader.read();
      if (step.done) break;
      text += Buffer.from(step.value).toString();
    }
    expect(text).toBe('a saw GET /reader ');
  });

  it('aborts with the signal reason, before the answer and while reading the body', async () => {
    const reason = new Error('deadline');
    const before = new AbortController();
    before.abort(reason);
    await expect(nodeHttpFetch(`${A}/x`, { signal: before.signal })).rejects.toBe(reason);
    const during = new AbortController();
    const res = await nodeHttpFetch(`${A}/stall`, { signal: during.signal });
    const reading = res.text();
    during.abort(reason);
    await expect(reading).rejects.toBe(reason);
  });

  it("fails like fetch on a dead port: TypeError 'fetch failed', retryable", async () => {
    const port = await freePort();
    const err = await nodeHttpFetch(`http://127.0.0.1:${port}/`).catch((e: Error) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe('fetch failed');
    expect(((err as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(isRetryableError(err)).toBe(true);
  });
});
