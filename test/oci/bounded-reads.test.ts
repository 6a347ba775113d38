/**
 * Every registry read is capped while it streams and every request has a
 * deadline (issue #12 item 11): blobs without Content-Length, endless
 * manifests, token answers and error bodies stop at their cap (the server's
 * byte count shows how much was taken); stalls and trickles end at the
 * deadline; tags-list pagination stops at a loop or at the page cap.
 */
import { afterAll, beforeAll, beforeEach, describe, expect } from '@jest/globals';
import { digestOf } from '../../src/oci/digest.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import {
  bearerChallenge,
  endlessAnswer,
  failure,
  json,
  stall,
  startHostileNet,
  type HostileNet,
} from './hostile-server.js';

/** What socket buffers on loopback may hold beyond the cap before the client hangs up. */
const SLACK = 8 << 20;
const TIMEOUT_MS = 500;

let net: HostileNet;
beforeAll(async () => {
  net = await startHostileNet();
});
afterAll(async () => net?.close());
beforeEach(() => net.reset());
// Each test is a row of #12.11 in docs/reliability.md.
const table = new ReliabilityTable('bounded-reads');
afterAll(() => table.save());
const recorded = () => table.it('#12.11 registry reads');

const client = (credentials?: { username: string; password: string }) =>
  new RegistryClient(net.registry.host, {
    credentials,
    retry: { attempts: 2, baseMs: 1, maxMs: 5 },
    timeoutMs: TIMEOUT_MS,
  });

describe('size caps while streaming', () => {
  const it = recorded();
  it('a blob without Content-Length stops at its cap, not at the end of the stream', async () => {
    net.registry.handle(endlessAnswer(200, { 'content-type': 'application/octet-stream' }));
    const f = await failure(() => client().getBlob('acme/p', digestOf(Buffer.from('x')), 1 << 20));
    expect(f.message).toMatch(/(over|exceeds) the 1 MiB limit/);
    expect(net.registry.bytesSent).toBeLessThan((1 << 20) + SLACK);
  });

  it('an endless manifest stops at 4 MiB', async () => {
    net.registry.handle(
      endlessAnswer(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }),
    );
    const f = await failure(() => client().getManifest('acme/p', '1.0.0'));
    expect(f.message).toMatch(/manifest.*over the 4 MiB limit/);
    expect(net.registry.bytesSent).toBeLessThan((4 << 20) + SLACK);
  });

  it('a manifest whose Content-Length is over the cap is refused before its body', async () => {
    net.registry.handle(
      (_req, res) =>
        void res.writeHead(200, { 'content-length': String(5 << 20) }).write(Buffer.alloc(1024)),
    );
    const f = await failure(() => client().getManifest('acme/p', '1.0.0'));
    expect(f.message).toMatch(/5242880 bytes.*over the 4 MiB limit/);
  });

  it('an endless token response stops at 128 KiB', async () => {
    net.registry.handle(bearerChallenge(`${net.realm.url}/token`));
    net.realm.handle(endlessAnswer(200, { 'content-type': 'application/json' }));
    const f = await failure(() => client().getManifest('acme/p', '1.0.0'));
    expect(f.message).toMatch(/token.*over the 128 KiB limit/);
    expect(net.realm.bytesSent).toBeLessThan((128 << 10) + SLACK);
  });

  it('an endless error body is cut at 8 KiB and the error still says what failed', async () => {
    net.registry.handle(endlessAnswer(400, { 'content-type': 'text/plain' }));
    const f = await failure(() => client().getManifest('acme/p', '1.0.0'));
    expect(f.message).toMatch(/^GET .*\/v2\/acme\/p\/manifests\/1\.0\.0: HTTP 400/);
    expect(f.message.length).toBeLessThan(600);
    expect(net.registry.bytesSent).toBeLessThan((8 << 10) + SLACK);
  });

  it('an endless tags-list page stops at its cap', async () => {
    net.registry.handle(endlessAnswer(200, { 'content-type': 'application/json' }));
    const f = await failure(() => client().listTags('acme/p'));
    expect(f.message).toMatch(/tags.*over the 4 MiB limit/);
    expect(net.registry.bytesSent).toBeLessThan((4 << 20) + SLACK);
  });
});

describe('deadlines', () => {
  const it = recorded();
  it('a stalled token request ends at its deadline (the docs promise 15 s per request)', async () => {
    net.registry.handle(bearerChallenge(`${net.realm.url}/token`));
    net.realm.handle((_req, res) => stall(res));
    const f = await failure(() => client().getManifest('acme/p', '1.0.0'));
    expect(f.message).toMatch(/token.*no answer within/);
    expect(f.ms).toBeLessThan(TIMEOUT_MS * 8);
  }, 20_000);

  it('a token body that stalls after its headers ends at the deadline', async () => {
    net.registry.handle(bearerChallenge(`${net.realm.url}/token`));
    net.realm.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"token":');
      return stall(res);
    });
    const f = await failure(() => client().getManifest('acme/p', '1.0.0'));
    expect(f.message).toMatch(/token/);
    expect(f.ms).toBeLessThan(TIMEOUT_MS * 8);
  }, 20_000);

  it('a manifest body that stalls midway ends at the deadline, retries included', async () => {
    net.registry.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"schemaVersion":2,');
      return stall(res);
    });
    const f = await failure(() => client().getManifest('acme/p', '1.0.0'));
    expect(f.message).toMatch(/no answer within|too slow/);
    expect(f.ms).toBeLessThan(TIMEOUT_MS * 8);
  }, 20_000);

  it('a trickling blob (a few bytes at a time, never idle) ends at the deadline', async () => {
    net.registry.handle(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let i = 0; i < 400 && !res.destroyed; i++) {
        res.write('zz');
        await new Promise((r) => setTimeout(r, 50));
      }
      res.end();
    });
    const f = await failure(() => client().getBlob('acme/p', digestOf(Buffer.from('x')), 1 << 20));
    expect(f.message).toMatch(/too slow|no answer within/);
    expect(f.ms).toBeLessThan(TIMEOUT_MS * 8);
  }, 30_000);
});

describe('pagination', () => {
  const it = recorded();
  it('a Link rel=next pointing at the same page is a loop, reported after one page', async () => {
    let requests = 0;
    net.registry.handle((_req, res) => {
      // old code would loop forever: give up after a while so the test ends
      if (++requests > 300) return void res.writeHead(404).end();
      json(
        res,
        200,
        { name: 'acme/p', tags: ['a'] },
        { link: '</v2/acme/p/tags/list?n=1000>; rel="next"' },
      );
    });
    const f = await failure(() => client().listTags('acme/p'));
    expect(f.message).toMatch(/tags-list pagination loops/);
    expect(requests).toBeLessThanOrEqual(2);
  });

  it('pages that never end stop at the page cap', async () => {
    let requests = 0;
    net.registry.handle((req, res) => {
      if (++requests > 3000) return void res.writeHead(404).end();
      const last = Number(new URL(req.url!, 'http://x').searchParams.get('last') ?? 0);
      json(
        res,
        200,
        { name: 'acme/p', tags: [`t${last + 1}`] },
        { link: `</v2/acme/p/tags/list?n=1&last=${last + 1}>; rel="next"` },
      );
    });
    const f = await failure(() => client().listTags('acme/p'));
    expect(f.message).toMatch(/more than 1000 pages/);
    expect(requests).toBeLessThanOrEqual(1001);
  }, 30_000);

  it('only rel="next" is followed', async () => {
    net.registry.handle((_req, res) =>
      json(
        res,
        200,
        { name: 'acme/p', tags: ['1.0.0'] },
        { link: '</v2/acme/p/tags/list?n=1&last=0>; rel="prev"' },
      ),
    );
    expect(await client().listTags('acme/p')).toEqual(['1.0.0']);
    expect(net.seen.length).toBe(1);
  });
});
