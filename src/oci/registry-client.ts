/**
 * A small OCI distribution client on Node's fetch (distribution-spec, FACTS.md
 * section 3): HEAD to skip blobs the registry has, cross-repository mount,
 * monolithic or chunked upload, manifest PUT/GET, with auth and retries.
 * Plain HTTP only for loopback registries or when `insecure` is set.
 *
 * Everything a registry answers is bounded (bounded-fetch): each request has
 * a deadline, each body a size cap enforced while it streams, redirects are
 * capped, pagination has a page cap and a loop check, and credentials go only
 * to the registry's own host[:port] (credential-scope). Digests a registry
 * hands us are checked before a URL is built from them.
 */
import { PluginFailure } from '../common/errors.js';
import type { Log } from '../common/log.js';
import { formatBytes, type TransferLimits } from '../common/transfer-limits.js';
import { Authenticator, AuthError } from './auth.js';
import {
  boundedFetch,
  readBounded,
  RequestRefused,
  RequestTimeout,
  type BoundedResponse,
} from './bounded-fetch.js';
import { CredentialScope } from './credential-scope.js';
import { digestCheck, digestOf, digestProblem, isValidDigest, matchesDigest } from './digest.js';
import type { Credentials } from './docker-config.js';
import type { Blob } from './layouts.js';
import { manifestProblem } from './manifest-shape.js';
import { MT } from './media-types.js';
import { formatRef, isValidTag } from './reference.js';
import {
  backoffMs,
  DEFAULT_RETRY,
  isRetryableError,
  isRetryableStatus,
  type RetryPolicy,
  sleep,
} from './retry.js';

export { RequestTimeout };

export interface RegistryClientOptions {
  credentials?: Credentials;
  /** Allow plain HTTP to a non-loopback registry. */
  insecure?: boolean;
  log?: Log;
  retry?: RetryPolicy;
  /** Blobs larger than this go up in PATCH chunks of this size. */
  chunkSize?: number;
  /** Base deadline of one request in ms (plus time for its body at 256 KB/s). */
  timeoutMs?: number;
  /** The fetch to use (tests observe every request through it). */
  fetch?: typeof fetch;
}

/** A registry's answer we cannot work with; `status` for callers that branch on it. */
export class RegistryError extends PluginFailure {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** `code` of a RegistryError for what no retry can fix: a refused URL, a body over its cap. */
export const REFUSED = 'WPCI_REFUSED';

export type BlobOutcome = 'exists' | 'mounted' | 'uploaded';

interface RequestOptions {
  method: string;
  url: string | URL;
  scopes: string[];
  headers?: Record<string, string>;
  body?: Buffer;
  /** Statuses that are answers, not errors. */
  ok: number[];
  /** Set false for requests that must not be replayed (PATCH into a session). */
  retry?: boolean;
}

const MANIFEST_ACCEPT = [
  MT.ociManifest,
  MT.dockerManifest,
  MT.ociIndex,
  MT.dockerManifestList,
].join(', ');
const DEFAULT_CHUNK = 64 << 20;
/** Base deadline of one request, before the allowance for its body. */
const DEFAULT_TIMEOUT_MS = 15_000;
/** Slowest transfer we wait for: 256 KB/s. */
const MIN_BYTES_PER_MS = 256;
/** Manifests: ORAS's MaxMetadataBytes default and containerd's limit, 4 MiB. */
export const MAX_MANIFEST_BYTES = 4 << 20;
/** Error bodies: oras-go errutil's maxErrorBytes, 8 KiB (a real one is ~200 bytes). */
const MAX_ERROR_BYTES = 8 << 10;
/** One tags-list page, and all pages together. */
const MAX_TAGS_PAGE_BYTES = 4 << 20;
const MAX_TAGS_TOTAL_BYTES = 32 << 20;
/** At 1000 tags a page (what we ask for), a million tags. */
export const MAX_TAG_PAGES = 1000;

/** Control characters out: a server's text stays on one line of our output. */
const oneLine = (text: string) => text.replace(/\p{Cc}+/gu, ' ').trim();

/** The `rel="next"` target of a Link header (RFC 8288), or undefined. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const m of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(m[2]!)?.[1] ?? '';
    if (rel.toLowerCase().split(/\s+/).includes('next')) return m[1];
  }
  return undefined;
}

export class RegistryClient {
  readonly base: string;
  private readonly scope: CredentialScope;
  private readonly auth: Authenticator;
  private readonly retry: RetryPolicy;
  private readonly chunkSize: number;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  /** Bytes of blob content sent in successful uploads by this client. */
  uploadedBytes = 0;

  constructor(
    readonly registry: string,
    private readonly options: RegistryClientOptions = {},
  ) {
    this.scope = new CredentialScope(registry, options.insecure);
    this.base = this.scope.origin.origin;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchFn = options.fetch ?? fetch;
    this.auth = new Authenticator(options.credentials, this.fetchFn, options.insecure, {
      scope: this.scope,
      timeoutMs: this.timeoutMs,
      minBytesPerMs: MIN_BYTES_PER_MS,
    });
  }

  private url(path: string | URL): URL {
    try {
      return typeof path === 'string' ? new URL(path, this.base) : path;
    } catch {
      throw new RegistryError(
        `${this.registry}: the registry sent something that is not a URL`,
        0,
        REFUSED,
      );
    }
  }

  /** Limits for reading a body of this registry. */
  private limits(what: string, maxBytes: number): TransferLimits {
    return { what, maxBytes, graceMs: this.timeoutMs, minBytesPerMs: MIN_BYTES_PER_MS };
  }

  /**
   * One request with auth (401 -> challenge -> once more) and retries on
   * transient failures. Credentials only when the URL is the registry itself;
   * only the registry's own 401 teaches us a challenge.
   */
  private async request(o: RequestOptions): Promise<BoundedResponse> {
    const url = this.url(o.url);
    const ours = this.scope.covers(url);
    const attempts = o.retry === false ? 1 : this.retry.attempts;
    for (let attempt = 1; ; attempt++) {
      let answer: BoundedResponse;
      try {
        let sent = ours ? await this.auth.headerFor(o.scopes) : undefined;
        answer = await this.send(o, url, sent);
        if (answer.res.status === 401 && this.scope.covers(answer.url)) {
          const challenge = answer.res.headers.get('www-authenticate');
          if (ours && (await this.auth.onUnauthorized(challenge, o.scopes, sent))) {
            await answer.res.body?.cancel().catch(() => undefined);
            sent = await this.auth.headerFor(o.scopes);
            answer = await this.send(o, url, sent);
          }
        }
      } catch (err) {
        const message = this.auth.redact((err as Error).message ?? String(err));
        if (err instanceof AuthError) throw new RegistryError(`${this.registry}: ${message}`, 401);
        const what = `${o.method} ${this.registry}${this.pathOf(url)} failed: ${message}`;
        if (err instanceof RequestRefused || (err as Error).name === 'BodyTooLarge')
          throw new RegistryError(what, 0, REFUSED);
        if (attempt < attempts && isRetryableError(err)) {
          const ms = backoffMs(this.retry, attempt);
          this.options.log?.warn(
            `${o.method} ${this.pathOf(url)}: ${message}; retrying in ${Math.round(ms)} ms`,
          );
          await sleep(ms);
          continue;
        }
        throw new RegistryError(what, 0);
      }
      const { res } = answer;
      if (o.ok.includes(res.status)) return answer;
      if (attempt < attempts && isRetryableStatus(res.status)) {
        const ms = backoffMs(this.retry, attempt, res.headers.get('retry-after'));
        await res.body?.cancel().catch(() => undefined);
        this.options.log?.warn(
          `${o.method} ${this.pathOf(url)}: HTTP ${res.status}; retrying in ${Math.round(ms)} ms`,
        );
        await sleep(ms);
        continue;
      }
      const { text, code } = await this.errorText(answer);
      const hint =
        res.status === 401
          ? ' (authentication failed: check the credentials)'
          : res.status === 403
            ? ' (access denied)'
            : '';
      throw new RegistryError(
        `${o.method} ${this.registry}${this.pathOf(url)}: HTTP ${res.status}${text ? ` ${text}` : ''}${hint}`,
        res.status,
        code,
      );
    }
  }

  /** The first 8 KiB of an error answer, one line, with any secret of ours scrubbed. */
  private async errorText(answer: BoundedResponse): Promise<{ text: string; code?: string }> {
    const raw = (
      await readBounded(answer, this.limits('error body', MAX_ERROR_BYTES), {
        truncate: true,
      }).catch(() => Buffer.alloc(0))
    ).toString('utf8');
    const clean = (t: string) => oneLine(this.auth.redact(t));
    try {
      const body = JSON.parse(raw) as { errors?: { code?: unknown; message?: unknown }[] };
      const e = Array.isArray(body?.errors) ? body.errors[0] : undefined;
      if (e) {
        const code = typeof e.code === 'string' ? clean(e.code).slice(0, 64) : undefined;
        const message = typeof e.message === 'string' ? e.message : '';
        return { text: clean(`${code ?? ''} ${message}`).slice(0, 300), code };
      }
    } catch {
      // not JSON (or cut short): fall through
    }
    return { text: clean(raw).slice(0, 200) };
  }

  private pathOf(url: string | URL): string {
    const u = typeof url === 'string' ? new URL(url, this.base) : url;
    return u.pathname; // never the query: upload URLs may carry state tokens
  }

  /**
   * The request with its deadline: a registry that takes a request and never
   * answers would otherwise hold the push for undici's 300 s. The budget grows
   * with the body sent (at least MIN_BYTES_PER_MS must get through).
   */
  private send(
    o: RequestOptions,
    url: URL,
    authorization: string | undefined,
  ): Promise<BoundedResponse> {
    return boundedFetch(url, {
      method: o.method,
      headers: o.headers,
      body: o.body,
      authorizationFor: (hop) => (this.scope.covers(hop) ? authorization : undefined),
      refusal: (hop) => this.scope.refusal(hop),
      deadlineMs: this.timeoutMs + (o.body?.length ?? 0) / MIN_BYTES_PER_MS,
      what: `${o.method} ${this.pathOf(url)}`,
      fetchFn: this.fetchFn,
    });
  }

  private scopes(repo: string, push: boolean, from?: string): string[] {
    const s = [`repository:${repo}:${push ? 'pull,push' : 'pull'}`];
    if (from && from !== repo) s.push(`repository:${from}:pull`);
    return s;
  }

  /** Refuses a digest before it becomes part of a URL. */
  private checkDigest(repo: string, digest: string, what: string): void {
    if (!isValidDigest(digest))
      throw new RegistryError(
        `${this.registry}/${repo}: ${what} ${digestProblem(digest)}`,
        0,
        REFUSED,
      );
  }

  async hasBlob(repo: string, digest: string): Promise<boolean> {
    this.checkDigest(repo, digest, 'blob');
    const { res } = await this.request({
      method: 'HEAD',
      url: `/v2/${repo}/blobs/${digest}`,
      scopes: this.scopes(repo, true),
      ok: [200, 404],
    });
    return res.status === 200;
  }

  /** Existing, mounted from `mountFrom`, or uploaded. A failed upload restarts from a fresh session. */
  async pushBlob(repo: string, blob: Blob, mountFrom?: string): Promise<BlobOutcome> {
    if (await this.hasBlob(repo, blob.digest)) return 'exists';
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.uploadOnce(repo, blob, mountFrom);
      } catch (err) {
        const status = err instanceof RegistryError ? err.status : 0;
        const refused = err instanceof RegistryError && err.code === REFUSED;
        const transient =
          (status === 0 && !refused) ||
          isRetryableStatus(status) ||
          (status === 400 &&
            err instanceof RegistryError &&
            /DIGEST_INVALID|BLOB_UPLOAD/.test(err.code ?? ''));
        if (attempt >= this.retry.attempts || !transient) throw err;
        const ms = backoffMs(this.retry, attempt);
        this.options.log?.warn(
          `upload of ${blob.digest.slice(0, 19)} failed (${(err as Error).message}); starting over in ${Math.round(ms)} ms`,
        );
        await sleep(ms);
      }
    }
  }

  private async uploadOnce(repo: string, blob: Blob, mountFrom?: string): Promise<BlobOutcome> {
    const scopes = this.scopes(repo, true, mountFrom);
    const start = this.url(`/v2/${repo}/blobs/uploads/`);
    if (mountFrom && mountFrom !== repo) {
      start.searchParams.set('mount', blob.digest);
      start.searchParams.set('from', mountFrom);
    }
    const begun = await this.request({
      method: 'POST',
      url: start,
      scopes,
      ok: [201, 202],
      headers: { 'content-length': '0' },
    });
    await begun.res.body?.cancel().catch(() => undefined);
    if (begun.res.status === 201) return 'mounted';
    let location = this.location(begun);
    if (blob.size > this.chunkSize) {
      for (let off = 0; off < blob.size; off += this.chunkSize) {
        const chunk = blob.data.subarray(off, Math.min(off + this.chunkSize, blob.size));
        const patched = await this.request({
          method: 'PATCH',
          url: location,
          scopes,
          body: chunk,
          ok: [202],
          retry: false,
          headers: {
            'content-type': 'application/octet-stream',
            'content-range': `${off}-${off + chunk.length - 1}`,
            'content-length': String(chunk.length),
          },
        });
        await patched.res.body?.cancel().catch(() => undefined);
        location = this.location(patched);
      }
      location.searchParams.set('digest', blob.digest);
      const done = await this.request({
        method: 'PUT',
        url: location,
        scopes,
        ok: [201],
        retry: false,
        headers: { 'content-length': '0' },
      });
      await done.res.body?.cancel().catch(() => undefined);
    } else {
      location.searchParams.set('digest', blob.digest);
      const done = await this.request({
        method: 'PUT',
        url: location,
        scopes,
        body: blob.data,
        ok: [201],
        retry: false,
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(blob.size),
        },
      });
      await done.res.body?.cancel().catch(() => undefined);
    }
    this.uploadedBytes += blob.size;
    return 'uploaded';
  }

  /** The upload session's next URL, relative to the URL that answered (RFC 9110). */
  private location(answer: BoundedResponse): URL {
    const loc = answer.res.headers.get('location');
    if (!loc)
      throw new RegistryError(
        `${this.registry}: upload response without a Location header`,
        answer.res.status,
      );
    try {
      return new URL(loc, answer.url);
    } catch {
      throw new RegistryError(`${this.registry}: upload Location is not a URL`, 0, REFUSED);
    }
  }

  /**
   * PUT a manifest under a tag or digest; checks the digest the registry computed.
   * `seen.subject` receives the OCI-Subject header (a referrers API took the subject).
   */
  async putManifest(
    repo: string,
    reference: string,
    bytes: Buffer,
    mediaType: string,
    seen?: { subject?: string },
  ): Promise<string> {
    const answer = await this.request({
      method: 'PUT',
      url: `/v2/${repo}/manifests/${this.reference(repo, reference)}`,
      scopes: this.scopes(repo, true),
      body: bytes,
      ok: [201, 200],
      headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
    });
    await answer.res.body?.cancel().catch(() => undefined);
    if (seen) seen.subject = answer.res.headers.get('oci-subject') ?? undefined;
    const ours = digestOf(bytes);
    const theirs = answer.res.headers.get('docker-content-digest');
    if (theirs && theirs !== ours) {
      throw new RegistryError(
        `${this.registry}/${repo}:${reference}: registry stored digest ${oneLine(theirs).slice(0, 140)}, we sent ${ours}`,
        answer.res.status,
      );
    }
    return ours;
  }

  /** A tag or a valid digest, else refused before it becomes part of a URL. */
  private reference(repo: string, reference: string): string {
    if (isValidTag(reference)) return reference;
    this.checkDigest(repo, reference, 'manifest reference');
    return reference;
  }

  /**
   * A manifest (capped at 4 MiB while it streams), checked against a digest
   * reference; when it is JSON, its descriptors must be well formed, so no
   * digest in it can later turn into a path of our choosing.
   */
  async getManifest(
    repo: string,
    reference: string,
  ): Promise<{ bytes: Buffer; mediaType: string; digest: string }> {
    const answer = await this.request({
      method: 'GET',
      url: `/v2/${repo}/manifests/${this.reference(repo, reference)}`,
      scopes: this.scopes(repo, false),
      ok: [200],
      headers: { accept: MANIFEST_ACCEPT },
    });
    const ref = formatRef(this.registry, repo, reference);
    const bytes = await this.readAnswer(answer, `manifest ${ref}`, MAX_MANIFEST_BYTES);
    const digest = digestOf(bytes);
    if (isValidDigest(reference) && !matchesDigest(bytes, reference)) {
      throw new RegistryError(`${ref}: manifest content has digest ${digest}`, 200);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch {
      parsed = undefined; // not JSON: the caller's verdict ("the manifest is not JSON")
    }
    const problem = parsed === undefined ? undefined : manifestProblem(parsed);
    if (problem) throw new RegistryError(`manifest ${ref}: ${oneLine(problem)}`, 200, REFUSED);
    const mediaType = oneLine((answer.res.headers.get('content-type') ?? '').split(';')[0]!).slice(
      0,
      255,
    );
    return { bytes, mediaType, digest };
  }

  /** A body under its limits; a breach is a RegistryError naming what was read. */
  private async readAnswer(
    answer: BoundedResponse,
    what: string,
    maxBytes: number,
    sink?: (chunk: Buffer) => void,
  ): Promise<Buffer> {
    try {
      return await readBounded(answer, this.limits(what, maxBytes), { sink });
    } catch (err) {
      const message = (err as Error).message;
      const tooBig = (err as Error).name === 'BodyTooLarge';
      throw new RegistryError(
        tooBig ? message : `${this.registry}: reading ${what} failed: ${message}`,
        0,
        tooBig ? REFUSED : undefined,
      );
    }
  }

  /** Digest of a tag, or undefined when the tag does not exist. */
  async resolve(repo: string, reference: string): Promise<string | undefined> {
    const { res } = await this.request({
      method: 'HEAD',
      url: `/v2/${repo}/manifests/${this.reference(repo, reference)}`,
      scopes: this.scopes(repo, false),
      ok: [200, 404],
      headers: { accept: MANIFEST_ACCEPT },
    });
    const digest = res.headers.get('docker-content-digest') ?? undefined;
    return res.status === 200 && isValidDigest(digest) ? digest : undefined;
  }

  /** A blob's content, checked against its digest and capped at `maxBytes` while it streams. */
  async getBlob(repo: string, digest: string, maxBytes: number): Promise<Buffer> {
    const answer = await this.blobAnswer(repo, digest);
    const bytes = await this.readAnswer(answer, `blob ${digest}`, maxBytes);
    if (!matchesDigest(bytes, digest))
      throw new RegistryError(`blob ${digest} arrived with digest ${digestOf(bytes)}`, 200);
    return bytes;
  }

  private blobAnswer(repo: string, digest: string): Promise<BoundedResponse> {
    this.checkDigest(repo, digest, 'blob');
    return this.request({
      method: 'GET',
      url: `/v2/${repo}/blobs/${digest}`,
      scopes: this.scopes(repo, false),
      ok: [200],
    });
  }

  /**
   * Downloads a blob only to check it against its digest, as getBlob does,
   * without keeping it: the read-back of a layer whose bytes this run has.
   */
  async checkBlob(repo: string, digest: string, maxBytes: number): Promise<void> {
    const answer = await this.blobAnswer(repo, digest);
    const hash = digestCheck(digest)!;
    await this.readAnswer(answer, `blob ${digest}`, maxBytes, (chunk) => hash.update(chunk));
    const actual = hash.actual();
    if (actual !== digest)
      throw new RegistryError(`blob ${digest} arrived with digest ${actual}`, 200);
  }

  /**
   * All tags of a repository, following `Link: <...>; rel="next"` (relative
   * to the page that sent it); empty when the repository is new. A page seen
   * before is a loop; more than MAX_TAG_PAGES pages or MAX_TAGS_TOTAL_BYTES
   * in all is refused.
   */
  async listTags(repo: string): Promise<string[]> {
    const tags: string[] = [];
    const seen = new Set<string>();
    const where = `tags list of ${this.registry}/${repo}`;
    let total = 0;
    let next: URL | undefined = this.url(`/v2/${repo}/tags/list?n=1000`);
    while (next) {
      if (seen.has(next.href))
        throw new RegistryError(
          `${where}: tags-list pagination loops (Link rel="next" leads back to ${this.pathOf(next)})`,
          200,
          REFUSED,
        );
      if (seen.size >= MAX_TAG_PAGES)
        throw new RegistryError(`${where}: more than ${MAX_TAG_PAGES} pages`, 200, REFUSED);
      seen.add(next.href);
      const answer: BoundedResponse = await this.request({
        method: 'GET',
        url: next,
        scopes: this.scopes(repo, false),
        ok: [200, 404],
      });
      if (answer.res.status === 404) {
        await answer.res.body?.cancel().catch(() => undefined);
        return [];
      }
      const page = await this.readAnswer(answer, where, MAX_TAGS_PAGE_BYTES);
      total += page.length;
      if (total > MAX_TAGS_TOTAL_BYTES)
        throw new RegistryError(
          `${where}: over ${formatBytes(MAX_TAGS_TOTAL_BYTES)} in all pages`,
          200,
          REFUSED,
        );
      let body: { tags?: unknown };
      try {
        body = JSON.parse(page.toString('utf8')) as { tags?: unknown };
      } catch {
        throw new RegistryError(`${where}: a page is not JSON`, 200);
      }
      const list = body?.tags ?? [];
      if (!Array.isArray(list) || !list.every((t) => typeof t === 'string'))
        throw new RegistryError(`${where}: "tags" is not a list of strings`, 200);
      tags.push(...(list as string[]));
      const link = nextLink(answer.res.headers.get('link'));
      next = link === undefined ? undefined : this.linkTarget(link, answer.url, where);
    }
    return tags;
  }

  private linkTarget(link: string, page: URL, where: string): URL {
    try {
      return new URL(link, page);
    } catch {
      throw new RegistryError(`${where}: Link rel="next" is not a URL`, 200, REFUSED);
    }
  }
}
