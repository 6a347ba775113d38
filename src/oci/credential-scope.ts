/**
 * Where a registry's credentials may go, and where we talk plain HTTP at all.
 *
 * Credentials belong to the registry's host[:port], compared exactly: ORAS
 * keys them by the request's host:port (oras-go registry/remote/auth
 * client.go, `cache.GetScheme(ctx, originalReq.Host)`;
 * credentials.StaticCredentialFunc returns nothing for any other hostport),
 * and docker's distribution client keeps challenges per endpoint
 * (scheme://host/v2/), so a request to any other host goes without them.
 * An upload Location, a tags-list Link or a redirect elsewhere therefore gets
 * no Authorization; we add that the scheme must match too, so an https
 * registry's credentials never ride a plain-HTTP hop on the same host.
 *
 * Plain HTTP is for loopback hosts (as docker treats 127.0.0.0/8 as
 * insecure by default) and for the registry host configured insecure; any
 * other http:// URL is refused before a byte is sent.
 */
import { apiHost, isLoopback } from './reference.js';

export class CredentialScope {
  /** scheme://host[:port] of the registry's API. */
  readonly origin: URL;

  constructor(
    registry: string,
    private readonly insecure = false,
  ) {
    const scheme = isLoopback(registry) || insecure ? 'http' : 'https';
    this.origin = new URL(`${scheme}://${apiHost(registry)}`);
  }

  /** True when `url` is the registry itself: same scheme and exactly the same host[:port]. */
  covers(url: URL): boolean {
    return url.protocol === this.origin.protocol && url.host === this.origin.host;
  }

  /** Why nothing may be sent to `url` at all, or undefined when it may. */
  refusal(url: URL): string | undefined {
    if (url.protocol === 'https:') return undefined;
    if (url.protocol !== 'http:') return `refusing a ${url.protocol} URL (${url.origin})`;
    if (this.allowsPlainHttp(url)) return undefined;
    return `refusing plain HTTP to ${url.origin}: only loopback hosts and the registry given as insecure are reached without TLS`;
  }

  /** Loopback, or the insecure registry's own host name (its token service may listen on another port). */
  allowsPlainHttp(url: URL): boolean {
    return isLoopback(url.host) || (this.insecure && url.hostname === this.origin.hostname);
  }
}
