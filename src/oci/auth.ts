/**
 * Registry authentication (docker token protocol, as registries implement it):
 * a 401 carries `WWW-Authenticate: Bearer realm=...,service=...,scope=...`
 * (fetch a token from the realm, Basic-authenticated when we have credentials)
 * or `Basic realm=...` (send the credentials directly). Tokens are cached per
 * scope set; once the challenge is known, later requests authenticate up front.
 * Nothing here ever logs a credential or a token.
 */
import type { Credentials } from './docker-config.js';
import { isLoopback } from './reference.js';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="x",service="y",scope="a b"` (quoted or bare values). */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]!)))
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  return { scheme: m[1]!.toLowerCase(), params };
}

interface CachedToken {
  value: string;
  expires: number;
}

export class AuthError extends Error {}

export class Authenticator {
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly credentials: Credentials | undefined,
    private readonly fetchFn: typeof fetch = fetch,
    /** Allow a plain-HTTP token realm on a non-loopback host (the insecure input). */
    private readonly insecure = false,
  ) {}

  private basic(): string | undefined {
    const c = this.credentials;
    if (!c?.username || c.password === undefined) return undefined;
    return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }

  /** The Authorization header to send up front for these scopes, when we already know how. */
  async headerFor(scopes: string[]): Promise<string | undefined> {
    if (this.credentials?.registryToken) return `Bearer ${this.credentials.registryToken}`;
    if (!this.challenge) return undefined;
    if (this.challenge.scheme === 'basic') return this.basic();
    if (this.challenge.scheme === 'bearer') return `Bearer ${await this.token(scopes)}`;
    return undefined;
  }

  /**
   * Learns from a 401. Returns true when a retry may now succeed: the
   * request went without the credentials the challenge asks for. A token or
   * password that was sent and refused is dropped, never retried in a loop.
   */
  async onUnauthorized(
    header: string | null,
    scopes: string[],
    sent: string | undefined,
  ): Promise<boolean> {
    const challenge = header ? parseChallenge(header) : undefined;
    if (!challenge) return false;
    this.challenge = challenge;
    if (challenge.scheme === 'basic') {
      const basic = this.basic();
      return !!basic && sent !== basic;
    }
    if (challenge.scheme !== 'bearer') return false;
    const key = this.key(scopes);
    const cached = this.tokens.get(key);
    if (cached && sent === `Bearer ${cached.value}`) {
      this.tokens.delete(key);
      return false;
    }
    await this.token(scopes);
    return true;
  }

  private key(scopes: string[]): string {
    const c = this.challenge!;
    return `${c.params.realm}|${c.params.service ?? ''}|${[...scopes].sort().join(' ')}`;
  }

  private async token(scopes: string[]): Promise<string> {
    const key = this.key(scopes);
    const cached = this.tokens.get(key);
    if (cached && cached.expires > Date.now()) return cached.value;
    let p = this.pending.get(key);
    if (!p) {
      p = this.fetchToken(scopes).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  private async fetchToken(scopes: string[]): Promise<string> {
    const { realm, service } = this.challenge!.params;
    if (!realm) throw new AuthError('registry asked for a bearer token without a realm');
    const url = new URL(realm);
    // A challenge may name any realm: never send secrets there in clear text.
    const secret = this.credentials?.identityToken || this.credentials?.password;
    if (secret && url.protocol !== 'https:' && !this.insecure && !isLoopback(url.host)) {
      throw new AuthError(
        `refusing to send credentials to the plain-HTTP token realm ${url.origin}`,
      );
    }
    const headers: Record<string, string> = {};
    let res: Response;
    if (this.credentials?.identityToken) {
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: this.credentials.identityToken,
        client_id: 'wasm-plugin-ci',
      });
      if (service) form.set('service', service);
      if (scopes.length) form.set('scope', scopes.join(' '));
      res = await this.fetchFn(url, {
        method: 'POST',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    } else {
      if (service) url.searchParams.set('service', service);
      for (const s of scopes) url.searchParams.append('scope', s);
      const basic = this.basic();
      if (basic) headers.authorization = basic;
      res = await this.fetchFn(url, { headers });
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new AuthError(
        `token request to ${url.origin}${url.pathname} failed: HTTP ${res.status}${this.credentials ? ' (credentials refused?)' : ' (no credentials given)'}`,
      );
    }
    const body = (await res.json()) as {
      token?: string;
      access_token?: string;
      expires_in?: number;
    };
    const value = body.token ?? body.access_token;
    if (!value) throw new AuthError(`token response from ${url.origin} holds no token`);
    // Renew a little early; the spec's default lifetime is 60 s.
    const lifetime = Math.max(10, (body.expires_in ?? 60) - 10) * 1000;
    this.tokens.set(this.key(scopes), { value, expires: Date.now() + lifetime });
    return value;
  }
}
