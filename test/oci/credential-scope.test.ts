/**
 * Credentials stay with the registry they were given for (issue #12 item 2):
 * upload Locations, tags-list Links and redirects that lead to another
 * host[:port] never carry Authorization; plain HTTP to a non-loopback host is
 * refused; a token realm gets exactly what the distribution token protocol
 * sends it (Basic credentials, service, scope) and its own redirects lose them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect } from '@jest/globals';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { digestOf } from '../../src/oci/digest.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { json, startHostileNet, type HostileNet } from './hostile-server.js';

const USER = 'ci-user';
const PASSWORD = 's3cret-Pa55';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const TOKEN = 'tok-9f8e7d6c5b4a';

let net: HostileNet;
beforeAll(async () => {
  net = await startHostileNet();
});
afterAll(async () => net?.close());
beforeEach(() => net.reset());

// Each test is a row of #12.2 in docs/reliability.md; leaked: credentials that reached
// a host other than the registry and its token realm.
const table = new ReliabilityTable('credential-scope');
afterAll(() => table.save());
const recorded = () =>
  table.it('#12.2 credentials follow redirects', {
    leaked: () =>
      net.seen
        .filter((s) => s.host !== net.registry.host && s.host !== net.realm.host && s.authorization)
        .map((s) => `${s.method} ${s.host}${s.url} with ${s.authorization!.split(' ')[0]}`),
  });

function client(registry = net.registry.host) {
  return new RegistryClient(registry, {
    credentials: { username: USER, password: PASSWORD },
    retry: { attempts: 2, baseMs: 1, maxMs: 5 },
    timeoutMs: 2000,
  });
}

const blob = () => {
  const data = Buffer.from('hostile-test-blob');
  return { mediaType: 'application/octet-stream', digest: digestOf(data), size: data.length, data };
};

/** Requests that reached any host but the registry while carrying a credential. */
function leaked(): string[] {
  return net.seen
    .filter((s) => s.host !== net.registry.host && s.authorization)
    .map((s) => `${s.method} ${s.host}${s.url} with ${s.authorization!.split(' ')[0]}`);
}

/** A registry that wants Basic auth, then lets `then` answer. */
function basicRegistry(
  then: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): void {
  net.registry.handle(async (req, res) => {
    if (req.headers.authorization !== BASIC) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="registry"' }).end();
      return;
    }
    await then(req, res);
  });
}

describe('credentials are scoped to the registry host[:port]', () => {
  const it = recorded();
  it('an upload Location on another host gets no Authorization', async () => {
    basicRegistry((req, res) => {
      if (req.method === 'HEAD') return void res.writeHead(404).end();
      if (req.method === 'POST')
        return void res
          .writeHead(202, { location: `${net.other.url}/upload/session-1?state=abc` })
          .end();
      res.writeHead(500).end();
    });
    net.other.handle((_req, res) => void res.writeHead(201).end());
    expect(await client().pushBlob('acme/plugin', blob())).toBe('uploaded');
    expect(net.seen.some((s) => s.host === net.other.host && s.method === 'PUT')).toBe(true);
    expect(leaked()).toEqual([]);
  });

  it('the same port under another host name (localhost vs 127.0.0.1) is another host', async () => {
    net.registry.handle((req, res) => {
      // the upload itself, under the other name: answered without asking for auth
      if (req.headers.host!.startsWith('localhost:')) return void res.writeHead(201).end();
      if (req.headers.authorization !== BASIC)
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="registry"' }).end();
      if (req.method === 'HEAD') return void res.writeHead(404).end();
      res.writeHead(202, { location: `http://localhost:${net.registry.port}/upload/2` }).end();
    });
    await client().pushBlob('acme/plugin', blob());
    const put = net.seen.find((s) => s.method === 'PUT')!;
    expect(put.host).toBe(`localhost:${net.registry.port}`);
    expect(put.authorization).toBeUndefined();
  });

  it('a tags-list Link on another host gets no Authorization', async () => {
    basicRegistry((_req, res) =>
      json(
        res,
        200,
        { name: 'acme/plugin', tags: ['1.0.0'] },
        { link: `<${net.other.url}/v2/acme/plugin/tags/list?last=1.0.0>; rel="next"` },
      ),
    );
    net.other.handle((_req, res) => json(res, 200, { name: 'acme/plugin', tags: ['2.0.0'] }));
    expect(await client().listTags('acme/plugin')).toEqual(['1.0.0', '2.0.0']);
    expect(net.seen.some((s) => s.host === net.other.host)).toBe(true);
    expect(leaked()).toEqual([]);
  });

  it('a redirect of a blob GET to another host (a CDN) drops Authorization', async () => {
    const data = Buffer.from('cdn-served');
    basicRegistry(
      (_req, res) => void res.writeHead(307, { location: `${net.other.url}/cdn/blob?sig=1` }).end(),
    );
    net.other.handle(
      (_req, res) => void res.writeHead(200, { 'content-length': data.length }).end(data),
    );
    const got = await client().getBlob('acme/plugin', digestOf(data), 1 << 20);
    expect(got.equals(data)).toBe(true);
    expect(leaked()).toEqual([]);
  });

  it('a bearer token from the realm never reaches another host', async () => {
    net.registry.handle((req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res
          .writeHead(401, {
            'www-authenticate': `Bearer realm="${net.realm.url}/token",service="reg",scope="repository:acme/plugin:pull,push"`,
          })
          .end();
        return;
      }
      if (req.method === 'HEAD') return void res.writeHead(404).end();
      res.writeHead(202, { location: `${net.other.url}/upload/3` }).end();
    });
    net.realm.handle((req, res) =>
      req.headers.authorization === BASIC
        ? json(res, 200, { token: TOKEN, expires_in: 300 })
        : json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }),
    );
    net.other.handle((_req, res) => void res.writeHead(201).end());
    await client().pushBlob('acme/plugin', blob());
    const realmHits = net.seen.filter((s) => s.host === net.realm.host);
    // docker and ORAS send the registry's Basic credentials to the realm it names
    expect(realmHits.length).toBeGreaterThan(0);
    for (const r of realmHits) {
      expect(r.authorization).toBe(BASIC);
      const q = new URL(r.url, 'http://x').searchParams;
      expect([...new Set(q.keys())].sort()).toEqual(['scope', 'service']);
    }
    const otherHits = net.seen.filter((s) => s.host === net.other.host);
    expect(otherHits.length).toBe(1);
    expect(otherHits[0]!.authorization).toBeUndefined();
  });

  it("a token realm's redirect to another host loses the Basic credentials", async () => {
    net.registry.handle((req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res
          .writeHead(401, {
            'www-authenticate': `Bearer realm="${net.realm.url}/token",service="reg"`,
          })
          .end();
        return;
      }
      json(res, 200, { name: 'acme/plugin', tags: ['1.0.0'] });
    });
    net.realm.handle(
      (_req, res) => void res.writeHead(302, { location: `${net.other.url}/token2` }).end(),
    );
    net.other.handle((_req, res) => json(res, 200, { token: TOKEN }));
    expect(await client().listTags('acme/plugin')).toEqual(['1.0.0']);
    expect(leaked().filter((l) => l.includes(net.other.host))).toEqual([]);
  });
});

describe('transport and redirect limits', () => {
  const it = recorded();
  it('refuses plain HTTP to a non-loopback host (an upload Location downgraded to http)', async () => {
    basicRegistry((req, res) => {
      if (req.method === 'HEAD') return void res.writeHead(404).end();
      res.writeHead(202, { location: 'http://uploads.example.invalid/upload/4' }).end();
    });
    await expect(client().pushBlob('acme/plugin', blob())).rejects.toThrow(
      /plain HTTP.*uploads\.example\.invalid/,
    );
  });

  it('refuses a plain-HTTP token realm on a non-loopback host without contacting it', async () => {
    net.registry.handle(
      (_req, res) =>
        void res
          .writeHead(401, {
            'www-authenticate': 'Bearer realm="http://auth.example.invalid/token",service="reg"',
          })
          .end(),
    );
    await expect(client().listTags('acme/plugin')).rejects.toThrow(
      /plain-HTTP token realm http:\/\/auth\.example\.invalid/,
    );
  });

  it('stops a redirect loop after 10 hops with a clear error', async () => {
    let hops = 0;
    basicRegistry((_req, res) => {
      hops++;
      res.writeHead(302, { location: `/v2/acme/plugin/manifests/loop-${hops}` }).end();
    });
    await expect(client().getManifest('acme/plugin', '1.0.0')).rejects.toThrow(
      /more than 10 redirects/,
    );
    // one initial request + 10 redirects, not retried (a loop is no transient failure)
    expect(hops).toBeLessThanOrEqual(11);
  });

  it('never sends credentials when the registry redirects to plain HTTP elsewhere', async () => {
    basicRegistry(
      (_req, res) =>
        void res.writeHead(301, { location: 'http://evil.example.invalid/steal' }).end(),
    );
    await expect(client().getManifest('acme/plugin', '1.0.0')).rejects.toThrow(/plain HTTP/);
  });
});
