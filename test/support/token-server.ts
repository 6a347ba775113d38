/**
 * A small docker-token-protocol server for the token-auth registry: checks
 * Basic credentials, grants what was asked (or pull only, or nothing, per
 * its policy) and signs an ES256 JWT with a key whose public half the
 * registry trusts through a JWKS file (distribution's `auth.token.jwks`).
 */
import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface TokenServer {
  url: string;
  /** JWKS document for the registry config. */
  jwks: string;
  issuer: string;
  service: string;
  /** Token requests seen, with the scopes asked (never the secrets). */
  requests: { user: string | null; scopes: string[] }[];
  close(): Promise<void>;
}

/** The identity (refresh) token this server accepts, for docker config `identitytoken`. */
export const REFRESH_TOKEN = 'wpci-test-refresh-token';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function signJwt(key: KeyObject, kid: string, claims: object): string {
  const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }));
  const payload = b64url(JSON.stringify(claims));
  const sig = sign('sha256', Buffer.from(`${header}.${payload}`), {
    key,
    dsaEncoding: 'ieee-p1363',
  });
  return `${header}.${payload}.${b64url(sig)}`;
}

export async function startTokenServer(users: Record<string, string>): Promise<TokenServer> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = 'wpci-test-key';
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'ES256' };
  const issuer = 'wpci-test-issuer';
  const service = 'wpci-test-registry';
  const requests: TokenServer['requests'] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization;
    let user: string | null = null;
    if (req.method === 'POST') {
      // OAuth2 refresh-token grant (docker's identitytoken): form fields, not the query
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      if (
        form.get('grant_type') !== 'refresh_token' ||
        form.get('refresh_token') !== REFRESH_TOKEN
      ) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"errors":[{"code":"UNAUTHORIZED"}]}');
        return;
      }
      user = Object.keys(users)[0]!;
      for (const s of (form.get('scope') ?? '').split(' ').filter(Boolean))
        url.searchParams.append('scope', s);
      if (form.get('service')) url.searchParams.set('service', form.get('service')!);
    } else if (auth?.startsWith('Basic ')) {
      const [u, ...p] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
      if (users[u!] === undefined || users[u!] !== p.join(':')) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"errors":[{"code":"UNAUTHORIZED"}]}');
        requests.push({ user: null, scopes: url.searchParams.getAll('scope') });
        return;
      }
      user = u!;
    }
    const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' '));
    requests.push({ user, scopes });
    const access = scopes.map((s) => {
      const [type, ...rest] = s.split(':');
      const actions = rest.pop()!.split(',');
      // anonymous callers may pull, never push
      return {
        type,
        name: rest.join(':'),
        actions: user ? actions : actions.filter((a) => a === 'pull'),
      };
    });
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt(privateKey, kid, {
      iss: issuer,
      sub: user ?? '',
      aud: url.searchParams.get('service') ?? service,
      exp: now + 300,
      nbf: now - 5,
      iat: now,
      jti: randomUUID(),
      access,
    });
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token, expires_in: 300 }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    jwks: JSON.stringify({ keys: [jwk] }),
    issuer,
    service,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
