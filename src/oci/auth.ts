/**
 * Registry authentication (docker token protocol, as registries implement it):
 * a 401 carries `WWW-Authenticate: Bearer realm=...,service=...,scope=...`
 * (fetch a token from the realm, Basic-authenticated when we have credentials)
 * or `Basic realm=...` (send the credentials directly). Tokens are cached per
 * scope set; once the challenge is known, later requests authenticate up front.
 * Nothing here ever logs a credential or a token.
 *
 * What the realm gets is what the distribution token protocol sends it and
 * no more: GET realm?service=&scope= with the registry's Basic credentials
 * (docker: distribution's tokenHandler.fetchTokenWithBasicAuth with moby's
 * staticCredentialStore, whose Basic(realm) returns the registry's
 * credentials for whatever realm the registry names; ORAS:
 * auth.Client.fetchDistributionToken, the credential of the registry host
 * sent to the realm), or for an identity token the OAuth2 refresh-token POST.
 * Like them we send it to a realm on another host (Docker Hub's realm is
 * auth.docker.io), and like them a ready registry token is used as is, never
 * traded at a realm. Unlike them we never use plain HTTP to a non-loopback
 * realm unless the registry itself was given as insecure, and a realm's
 * redirect elsewhere loses the credentials (bounded-fetch).
 * The answer is read under ORAS's cap for token responses (128 KiB) and the
 * request has the same deadline as every registry request.
 */
import type { Credentials } from './docker-config.js';
import { boundedFetch, readBounded } from './bounded-fetch.js';
import type { CredentialScope } from './credential-scope.js';
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

/** oras-go auth: maxResponseBytes, "128 KiB should be sufficient" for two 16 KiB tokens. */
export const MAX_TOKEN_RESPONSE_BYTES = 128 << 10;

export interface TokenLimits {
  /** The registry's scope, which decides where plain HTTP is allowed. */
  scope?: CredentialScope;
  /** Deadline of the token request, and grace before its body must keep the minimum rate. */
  timeoutMs: number;
  minBytesPerMs: number;
}

const DEFAULT_LIMITS: TokenLimits = { timeoutMs: 15_000, minBytesPerMs: 256 };

export class Authenticator {
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<string>>();
  /** Every secret we hold or were given, to scrub from text a server sends back. */
  private readonly secrets = new Set<string>();

  private readonly limits: TokenLimits;

  constructor(
    private readonly credentials: Credentials | undefined,
    private readonly fetchFn: typeof fetch = fetch,
    /** Without a scope: allow a plain-HTTP token realm on any host (the insecure input). */
    private readonly insecure = false,
    limits: Partial<TokenLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    const c = credentials;
    for (const s of [c?.password, c?.identityToken, c?.registryToken, this.basic()?.slice(6)])
      if (s) this.secrets.add(s);
  }

  private basic(): string | undefined {
    const c = this.credentials;
    if (!c?.username || c.password === undefined) return undefined;
    return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }

  /** `text` with every credential and token we know replaced: a server may echo them back. */
  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) if (s.length >= 4) out = out.split(s).join('<redacted>');
    return out;
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
   * Learns from a 401 of the registry itself. Returns true when a retry may
   * now succeed: the request went without the credentials the challenge asks
   * for. A token or password that was sent and refused is dropped, never
   * retried in a loop.
   */
  async onUnauthorized(
    header: string | null,
    scopes: string[],
    sent: string | undefined,
  ): Promise<boolean> {
    const challenge = header ? parseChallenge(header) : undefined;
    if (!challenge) return false;
    this.challenge = challenge;
    // A ready registry token is all there is: docker and ORAS never ask a realm for another.
    const ready = this.credentials?.registryToken;
    if (ready) return sent !== `Bearer ${ready}`;
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
    // Exactly these scopes: a wider token that was refused is not offered again.
    await this.token(scopes, true);
    return true;
  }

  private key(scopes: string[]): string {
    const c = this.challenge!;
    return `${c.params.realm}|${c.params.service ?? ''}|${[...scopes].sort().join(' ')}`;
  }

  private async token(scopes: string[], exact = false): Promise<string> {
    const key = this.key(scopes);
    const cached = this.tokens.get(key) ?? (exact ? undefined : this.covering(scopes));
    if (cached && cached.expires > Date.now()) return cached.value;
    let p = this.pending.get(key);
    if (!p) {
      p = this.fetchToken(scopes).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  /**
   * A cached token whose scopes include every action asked for (the push
   * token, `repository:x:pull,push`, for the read-back's `repository:x:pull`),
   * so reading back what was just pushed costs no second token request. If
   * the registry refuses it after all, onUnauthorized asks for the exact scopes.
   */
  private covering(scopes: string[]): CachedToken | undefined {
    const c = this.challenge!;
    const prefix = `${c.params.realm}|${c.params.service ?? ''}|`;
    const actions = (list: string[]) => {
      const out = new Map<string, Set<string>>();
      for (const s of list) {
        const at = s.lastIndexOf(':');
        if (at < 0) return undefined;
        const set = out.get(s.slice(0, at)) ?? new Set<string>();
        for (const a of s.slice(at + 1).split(',')) set.add(a);
        out.set(s.slice(0, at), set);
      }
      return out;
    };
    const wanted = actions(scopes);
    if (!wanted) return undefined;
    for (const [key, token] of this.tokens) {
      if (!key.startsWith(prefix) || token.expires <= Date.now()) continue;
      const held = actions(key.slice(prefix.length).split(' ').filter(Boolean));
      if (held && [...wanted].every(([res, acts]) => [...acts].every((a) => held.get(res)?.has(a))))
        return token;
    }
    return undefined;
  }

  private realmUrl(): URL {
    const { realm } = this.challenge!.params;
    if (!realm) throw new AuthError('registry asked for a bearer token without a realm');
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new AuthError('registry named a token realm that is not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new AuthError(`registry named a token realm that is not http(s): ${url.protocol}`);
    if (url.username || url.password)
      throw new AuthError('registry named a token realm that carries a user name or password');
    return url;
  }

  private async fetchToken(scopes: string[]): Promise<string> {
    const { service } = this.challenge!.params;
    const url = this.realmUrl();
    const { scope, timeoutMs, minBytesPerMs } = this.limits;
    const fetchFn = this.fetchFn;
    const secret = this.credentials?.identityToken || this.credentials?.password;
    const plainAllowed = (u: URL) =>
      scope ? scope.allowsPlainHttp(u) : this.insecure || isLoopback(u.host);
    const clear = (u: URL) => u.protocol === 'http:' && !plainAllowed(u);
    // A challenge may name any realm: never plain HTTP to a remote one, least of all with secrets.
    if (clear(url))
      throw new AuthError(
        secret
          ? `refusing to send credentials to the plain-HTTP token realm ${url.origin}`
          : `refusing the plain-HTTP token realm ${url.origin}: only loopback hosts and the registry given as insecure are reached without TLS`,
      );
    const what = `token request to ${url.origin}${url.pathname}`;
    const common = {
      deadlineMs: timeoutMs,
      what,
      fetchFn,
      // the realm's own redirects: credentials only at the realm's origin, never in clear text
      refusal: (u: URL) =>
        clear(u) ? `refusing plain HTTP to ${u.origin} for a token request` : undefined,
    };
    let sent;
    if (this.credentials?.identityToken) {
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: this.credentials.identityToken,
        client_id: 'wasm-plugin-ci',
      });
      if (service) form.set('service', service);
      if (scopes.length) form.set('scope', scopes.join(' '));
      sent = await boundedFetch(url, {
        ...common,
        method: 'POST',
        body: form,
        bodyOrigin: url.origin,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    } else {
      if (service) url.searchParams.set('service', service);
      for (const s of scopes) url.searchParams.append('scope', s);
      const basic = this.basic();
      sent = await boundedFetch(url, {
        ...common,
        method: 'GET',
        authorizationFor: (u) => (u.origin === url.origin ? basic : undefined),
      });
    }
    if (!sent.res.ok) {
      await sent.res.body?.cancel().catch(() => undefined);
      throw new AuthError(
        `token request to ${url.origin}${url.pathname} failed: HTTP ${sent.res.status}${this.credentials ? ' (credentials refused?)' : ' (no credentials given)'}`,
      );
    }
    const raw = await readBounded(sent, {
      what: `token response from ${url.origin}`,
      maxBytes: MAX_TOKEN_RESPONSE_BYTES,
      graceMs: timeoutMs,
      minBytesPerMs,
    });
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch {
      // never the parser's message: it quotes the body, which may hold a token
      throw new AuthError(`token response from ${url.origin} is not JSON`);
    }
    const value = [body?.token, body?.access_token].find(
      (v): v is string => typeof v === 'string' && v.length > 0,
    );
    if (!value) throw new AuthError(`token response from ${url.origin} holds no token`);
    if (/[\r\n]/.test(value)) throw new AuthError(`token response from ${url.origin} is malformed`);
    this.secrets.add(value);
    // Renew a little early; the spec's default lifetime is 60 s.
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 60;
    const lifetime = Math.max(10, expiresIn - 10) * 1000;
    this.tokens.set(this.key(scopes), { value, expires: Date.now() + lifetime });
    return value;
  }
}
