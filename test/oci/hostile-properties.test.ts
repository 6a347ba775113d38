/**
 * Property: whatever a hostile registry answers (redirects anywhere,
 * challenges naming any realm, endless or stalled or trickling bodies,
 * upload Locations and pagination Links anywhere, error bodies without end),
 * the client
 *   1. sends credentials only to the registry's own host[:port], and the
 *      registry's Basic credentials (or identity token) only to the token
 *      realm the registry named, as a token request and nothing else; the
 *      realm's token only to the registry; never plain HTTP to a remote host;
 *   2. ends every operation within its deadlines (a fixed bound per run);
 *   3. reads no response past its cap (bytes the server got out, per response);
 *   4. fails, when it fails, with a registry error that holds no secret.
 * Every request the client makes is seen through its fetch, before it leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { digestOf } from '../../src/oci/digest.js';
import type { Credentials } from '../../src/oci/docker-config.js';
import { RegistryClient, RegistryError } from '../../src/oci/registry-client.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { endless, json, stall, startHostileNet, type HostileNet } from './hostile-server.js';

const USER = 'ci-user';
const PASSWORD = 'pw-Hostile-7f3a';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const IDENTITY = 'idtok-Hostile-1b2c';
const REGISTRY_TOKEN = 'regtok-Hostile-9d8e';
const TOKEN = 'issued-Hostile-5a6b';
const SECRETS = [PASSWORD, BASIC.slice(6), IDENTITY, REGISTRY_TOKEN, TOKEN];

const TIMEOUT_MS = 300;
const ATTEMPTS = 2;
/** Caps the client keeps: the largest is a manifest or a tags page (4 MiB). */
const LARGEST_CAP = 4 << 20;
const SLACK = 8 << 20;
const ENDLESS = 48 << 20;
/** No run may take longer (stalls, trickles and retries included). */
const RUN_BOUND_MS = 12_000;
const BLOB = Buffer.from('hostile-property-blob');

type Target = 'registry' | 'other' | 'alias' | 'remote-http' | 'garbage' | 'self';
type Move =
  | { kind: 'ok' }
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; to: Target }
  | { kind: 'challenge'; scheme: 'basic' | 'bearer'; realm: RealmAt }
  | { kind: 'status'; status: number; endlessBody: boolean }
  | { kind: 'endless'; declared: 'none' | 'small' | 'huge' }
  | { kind: 'stall' }
  | { kind: 'stallBody' }
  | { kind: 'trickle' }
  | { kind: 'elsewhere'; to: Target };
type RealmAt = 'realm' | 'other' | 'registry' | 'remote-http' | 'garbage' | 'none';
type RealmMove = 'token' | 'endless' | 'stall' | 'redirect-other' | '401' | 'garbage' | 'echo';
type Operation = 'getManifest' | 'getBlob' | 'listTags' | 'pushBlob';
type CredentialKind = 'password' | 'identity' | 'registryToken' | 'none';

const target = fc.constantFrom<Target>(
  'registry',
  'other',
  'alias',
  'remote-http',
  'garbage',
  'self',
);
/** Moves that keep the exchange going (and credentials in play) weigh more than fatal ones. */
const move: fc.Arbitrary<Move> = fc.oneof(
  { arbitrary: fc.constant<Move>({ kind: 'ok' }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('redirect' as const),
      status: fc.constantFrom(301 as const, 302 as const, 303 as const, 307 as const, 308 as const),
      to: target,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('challenge' as const),
      scheme: fc.constantFrom('basic' as const, 'bearer' as const),
      realm: fc.constantFrom<RealmAt>(
        'realm',
        'other',
        'registry',
        'remote-http',
        'garbage',
        'none',
      ),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      status: fc.constantFrom(400, 401, 403, 404, 429, 500, 503),
      endlessBody: fc.boolean(),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('endless' as const),
      declared: fc.constantFrom('none' as const, 'small' as const, 'huge' as const),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant<Move>({ kind: 'stall' }), weight: 1 },
  { arbitrary: fc.constant<Move>({ kind: 'stallBody' }), weight: 1 },
  { arbitrary: fc.constant<Move>({ kind: 'trickle' }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('elsewhere' as const), to: target }), weight: 4 },
);
/** Half the runs start by asking for credentials, so what follows happens with them in play. */
const opening = fc.constantFrom<Move[]>(
  [],
  [{ kind: 'challenge', scheme: 'basic', realm: 'none' }],
  [{ kind: 'challenge', scheme: 'bearer', realm: 'realm' }],
);
const scenario = fc.record({
  operation: fc.constantFrom<Operation>('getManifest', 'getBlob', 'listTags', 'pushBlob'),
  credentials: fc.constantFrom<CredentialKind>('password', 'identity', 'registryToken', 'none'),
  moves: fc
    .tuple(opening, fc.array(move, { minLength: 1, maxLength: 6 }))
    .map(([first, rest]) => [...first, ...rest]),
  realm: fc.array(
    fc.constantFrom<RealmMove>(
      'token',
      'endless',
      'stall',
      'redirect-other',
      '401',
      'garbage',
      'echo',
    ),
    { minLength: 1, maxLength: 3 },
  ),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface Attempt {
  url: URL;
  method: string;
  authorization: string | undefined;
  body: string;
}

const table = new ReliabilityTable('registry-hostile');
let net: HostileNet;
beforeAll(async () => {
  net = await startHostileNet();
});
afterAll(async () => {
  await net?.close();
  table.print();
});

const loopback = (host: string) => host === '127.0.0.1' || host === 'localhost';

function credentialsOf(kind: CredentialKind): Credentials | undefined {
  if (kind === 'password') return { username: USER, password: PASSWORD };
  if (kind === 'identity') return { identityToken: IDENTITY, username: '<token>' };
  if (kind === 'registryToken') return { registryToken: REGISTRY_TOKEN };
  return undefined;
}

/** Runs one scenario; returns what a property needs to judge it. */
async function run(s: Scenario) {
  net.reset();
  const attempts: Attempt[] = [];
  const realms = new Set<string>(); // origin + path of every realm the registry named
  const perResponse: number[] = [];
  const where = (t: Target, path: string, self: string): string =>
    ({
      registry: `${net.registry.url}${path}`,
      other: `${net.other.url}${path}`,
      alias: `http://localhost:${net.registry.port}${path}`,
      'remote-http': `http://wpci-hostile.invalid${path}`,
      garbage: 'http://[::1',
      self,
    })[t];
  const realmUrl = (at: RealmAt): string | undefined =>
    ({
      realm: `${net.realm.url}/token`,
      other: `${net.other.url}/token`,
      registry: `${net.registry.url}/token`,
      'remote-http': 'http://wpci-hostile.invalid/token',
      garbage: '::not a url::',
      none: undefined,
    })[at];

  /** A plausible answer for the endpoint, from any host. */
  const normal = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url!, 'http://x').pathname;
    if (path.endsWith('/token')) return json(res, 200, { token: TOKEN, expires_in: 60 });
    if (req.method === 'HEAD') return void res.writeHead(404).end();
    if (req.method === 'POST')
      return void res.writeHead(202, { location: `/v2/acme/p/blobs/uploads/s1` }).end();
    if (req.method === 'PUT' || req.method === 'PATCH') return void res.writeHead(201).end();
    if (path.includes('/tags/list')) return json(res, 200, { name: 'acme/p', tags: ['1.0.0'] });
    if (path.includes('/manifests/'))
      return json(
        res,
        200,
        { schemaVersion: 2, layers: [] },
        {
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
        },
      );
    return void res.writeHead(200, { 'content-length': BLOB.length }).end(BLOB);
  };
  const body = async (
    res: ServerResponse,
    status: number,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, headers);
    const sent = await endless(res, ENDLESS);
    // Node sends no body for HEAD: what was written never left the server
    if (res.req.method !== 'HEAD') perResponse.push(sent);
  };

  let i = 0;
  net.registry.handle(async (req, res) => {
    if (req.headers.host!.startsWith('localhost:')) return normal(req, res);
    const m = s.moves[i++] ?? { kind: 'ok' };
    const self = `${net.registry.url}${req.url}`;
    switch (m.kind) {
      case 'ok':
        return normal(req, res);
      case 'redirect':
        return void res.writeHead(m.status, { location: where(m.to, `/moved/${i}`, self) }).end();
      case 'challenge': {
        if (m.scheme === 'basic')
          return void res.writeHead(401, { 'www-authenticate': 'Basic realm="hostile"' }).end();
        const realm = realmUrl(m.realm);
        if (realm && /^http/.test(realm)) {
          const u = new URL(realm);
          realms.add(`${u.origin}${u.pathname}`);
        }
        const params = realm ? `realm="${realm}",service="reg"` : 'service="reg"';
        return void res.writeHead(401, { 'www-authenticate': `Bearer ${params}` }).end();
      }
      case 'status':
        if (m.endlessBody) return body(res, m.status, { 'content-type': 'text/plain' });
        return json(res, m.status, {
          errors: [{ code: 'HOSTILE', message: `echo ${req.headers.authorization ?? ''}` }],
        });
      case 'endless': {
        const declared = { none: undefined, small: '100', huge: String(1 << 30) }[m.declared];
        return body(res, 200, declared ? { 'content-length': declared } : {});
      }
      case 'stall':
        return stall(res);
      case 'stallBody':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"tags":');
        return stall(res);
      case 'trickle':
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let n = 0; n < 100 && !res.destroyed; n++) {
          res.write(' ');
          await new Promise((r) => setTimeout(r, 40));
        }
        return void res.end('{}');
      case 'elsewhere': {
        const to = where(m.to, `/elsewhere/${i}`, self);
        if (req.method === 'POST') return void res.writeHead(202, { location: to }).end();
        if (req.method === 'GET' && req.url!.includes('/tags/list'))
          return json(
            res,
            200,
            { name: 'acme/p', tags: [`t${i}`] },
            { link: `<${to}>; rel="next"` },
          );
        return normal(req, res);
      }
    }
  });
  let r = 0;
  net.realm.handle(async (req, res) => {
    const m = s.realm[r++] ?? 'token';
    if (m === 'token') return normal(req, res);
    if (m === 'endless') return body(res, 200, { 'content-type': 'application/json' });
    if (m === 'stall') return stall(res);
    if (m === 'redirect-other')
      return void res.writeHead(307, { location: `${net.other.url}/token` }).end();
    if (m === '401') return json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] });
    if (m === 'garbage') return void res.writeHead(200).end(`{"token": ${TOKEN}`);
    // a realm that echoes what it got, as JSON that is not a token answer
    return void res.writeHead(200).end(`{"got":"${req.headers.authorization ?? ''}"`);
  });
  net.other.handle(normal);

  const observe: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const headers = (init?.headers ?? {}) as Record<string, string>;
    attempts.push({
      url,
      method: init?.method ?? 'GET',
      authorization: headers.authorization,
      body: init?.body === undefined || init.body === null ? '' : String(init.body),
    });
    return fetch(input, init);
  };
  const client = new RegistryClient(net.registry.host, {
    credentials: credentialsOf(s.credentials),
    retry: { attempts: ATTEMPTS, baseMs: 5, maxMs: 20 },
    timeoutMs: TIMEOUT_MS,
    fetch: observe,
  });
  const ops: Record<Operation, () => Promise<unknown>> = {
    getManifest: () => client.getManifest('acme/p', '1.0.0'),
    getBlob: () => client.getBlob('acme/p', digestOf(BLOB), 1 << 20),
    listTags: () => client.listTags('acme/p'),
    pushBlob: () =>
      client.pushBlob('acme/p', {
        mediaType: 'application/octet-stream',
        digest: digestOf(BLOB),
        size: BLOB.length,
        data: BLOB,
      }),
  };
  const started = Date.now();
  let error: unknown;
  await ops[s.operation]().catch((e: unknown) => (error = e));
  const ms = Date.now() - started;
  // let the servers finish writing what they were writing when the client hung up
  await new Promise((res) => setTimeout(res, 20));
  return { attempts, realms, perResponse, ms, error };
}

/** Every way a run could break the rules; [] when it kept them all. */
function violations(s: Scenario, o: Awaited<ReturnType<typeof run>>): string[] {
  const out: string[] = [];
  const registry = net.registry.host;
  for (const a of o.attempts) {
    const at = `${a.method} ${a.url.href}`;
    const carried = SECRETS.filter(
      (x) => a.url.href.includes(x) || a.body.includes(x) || (a.authorization ?? '').includes(x),
    );
    if (SECRETS.some((x) => a.url.href.includes(x))) out.push(`${at}: a secret in the URL`);
    if (a.url.protocol === 'http:' && !loopback(a.url.hostname))
      out.push(`${at}: plain HTTP to a remote host was attempted`);
    if (a.url.protocol === 'http:' && a.url.host === registry) continue;
    if (o.realms.has(`${a.url.origin}${a.url.pathname}`)) {
      // the realm: the distribution token request, and nothing else
      if (a.authorization !== undefined && a.authorization !== BASIC)
        out.push(`${at}: the realm got Authorization other than the registry's Basic`);
      if (a.authorization === BASIC) {
        const keys = [...new Set(a.url.searchParams.keys())].sort();
        if (a.method !== 'GET' || keys.some((k) => k !== 'scope' && k !== 'service'))
          out.push(`${at}: Basic credentials on something other than a token GET`);
      }
      if (a.body.includes(IDENTITY) && a.method !== 'POST')
        out.push(`${at}: the identity token outside the refresh-token POST`);
      if (carried.some((x) => x === TOKEN || x === REGISTRY_TOKEN))
        out.push(`${at}: a registry token sent to the realm`);
      continue;
    }
    if (carried.length) out.push(`${at}: carried ${carried.length} secret(s) to another host`);
  }
  // the same rule, seen from the servers (what actually arrived where)
  for (const seen of net.seen) {
    const url = new URL(seen.url, `http://${seen.host}`);
    if (seen.host === registry || o.realms.has(`${url.origin}${url.pathname}`)) continue;
    if (seen.authorization) out.push(`${seen.method} ${url.href} arrived with Authorization`);
  }
  if (o.ms > RUN_BOUND_MS) out.push(`took ${o.ms} ms (bound ${RUN_BOUND_MS} ms)`);
  for (const sent of o.perResponse)
    if (sent > LARGEST_CAP + SLACK) out.push(`a response was read to ${sent} bytes`);
  if (o.error !== undefined) {
    if (!(o.error instanceof RegistryError))
      out.push(`failed with ${(o.error as Error)?.name}: ${(o.error as Error)?.message}`);
    const message = String((o.error as Error)?.message);
    if (SECRETS.some((x) => message.includes(x))) out.push('a secret in the error message');
  }
  void s;
  return out;
}

describe('hostile registry responses (fast-check)', () => {
  it('no credential leaves its host, every run ends in time, no response is read past its cap', async () => {
    const stats = {
      runs: 0,
      failed: 0,
      requests: 0,
      elsewhere: 0,
      withAuth: 0,
      maxMs: 0,
      broken: 0,
    };
    let firstBroken = '';
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const o = await run(s);
        const v = violations(s, o);
        stats.runs++;
        stats.requests += o.attempts.length;
        stats.elsewhere += net.seen.filter((x) => x.host !== net.registry.host).length;
        stats.withAuth += o.attempts.filter((a) => a.authorization).length;
        stats.maxMs = Math.max(stats.maxMs, o.ms);
        if (o.error !== undefined) stats.failed++;
        if (v.length) {
          stats.broken++;
          firstBroken ||= `${JSON.stringify(s)}: ${v.join('; ')}`;
        }
        expect(v).toEqual([]);
      }),
      {
        numRuns: Number(process.env.WPCI_HOSTILE_RUNS ?? 60),
        seed: process.env.WPCI_HOSTILE_SEED ? Number(process.env.WPCI_HOSTILE_SEED) : undefined,
        endOnFailure: true,
      },
    );
    table.add({
      fault:
        'registry: hostile responses, random (redirects, challenges, sizes, stalls, pagination)',
      family: '#12 hostile registries (property test)',
      tries: stats.runs,
      survived: stats.runs - stats.broken,
      dataLost: stats.broken ? firstBroken.slice(0, 200) : 'none',
      leaked: stats.broken ? 'unknown (a run broke a rule)' : 'none',
      note:
        `${stats.requests} requests (${stats.withAuth} with credentials, ${stats.elsewhere} reached another host); ` +
        `${stats.failed} runs ended in a clean registry error; slowest ${stats.maxMs} ms`,
    });
  }, 600_000);
});
