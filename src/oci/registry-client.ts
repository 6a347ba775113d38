/**
 * A small OCI distribution client on Node's fetch (distribution-spec, FACTS.md
 * section 3): HEAD to skip blobs the registry has, cross-repository mount,
 * monolithic or chunked upload, manifest PUT/GET, with auth and retries.
 * Plain HTTP only for loopback registries or when `insecure` is set.
 */
import { PluginFailure } from '../common/errors.js';
import type { Log } from '../common/log.js';
import { Authenticator, AuthError } from './auth.js';
import { digestOf } from './digest.js';
import type { Credentials } from './docker-config.js';
import type { Blob } from './layouts.js';
import { MT } from './media-types.js';
import { apiHost, isLoopback } from './reference.js';
import {
  backoffMs,
  DEFAULT_RETRY,
  isRetryableError,
  isRetryableStatus,
  type RetryPolicy,
  sleep,
} from './retry.js';

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

/** A request that got no answer in time; retried like a dropped connection. */
export class RequestTimeout extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(method: string, path: string, ms: number) {
    super(`${method} ${path}: no answer within ${Math.round(ms / 1000)} s`);
    this.name = 'RequestTimeout';
  }
}

async function errorText(res: Response): Promise<{ text: string; code?: string }> {
  const raw = await res.text().catch(() => '');
  try {
    const body = JSON.parse(raw) as { errors?: { code?: string; message?: string }[] };
    const e = body.errors?.[0];
    if (e) return { text: `${e.code ?? ''} ${e.message ?? ''}`.trim(), code: e.code };
  } catch {
    // not JSON: fall through
  }
  return { text: raw.slice(0, 200).trim() };
}

export class RegistryClient {
  readonly base: string;
  private readonly auth: Authenticator;
  private readonly retry: RetryPolicy;
  private readonly chunkSize: number;
  private readonly timeoutMs: number;
  private readonly controllers = new WeakMap<Response, AbortController>();
  /** Bytes of blob content sent in successful uploads by this client. */
  uploadedBytes = 0;

  constructor(
    readonly registry: string,
    private readonly options: RegistryClientOptions = {},
  ) {
    const scheme = isLoopback(registry) || options.insecure ? 'http' : 'https';
    this.base = `${scheme}://${apiHost(registry)}`;
    this.auth = new Authenticator(options.credentials, fetch, options.insecure);
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  private url(path: string): URL {
    return new URL(path, this.base);
  }

  /** One request with auth (401 -> challenge -> once more) and retries on transient failures. */
  private async request(o: RequestOptions): Promise<Response> {
    const attempts = o.retry === false ? 1 : this.retry.attempts;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        let sent = await this.auth.headerFor(o.scopes);
        res = await this.send(o, sent);
        if (res.status === 401) {
          const challenge = res.headers.get('www-authenticate');
          if (await this.auth.onUnauthorized(challenge, o.scopes, sent)) {
            await res.body?.cancel();
            sent = await this.auth.headerFor(o.scopes);
            res = await this.send(o, sent);
          }
        }
      } catch (err) {
        if (err instanceof AuthError)
          throw new RegistryError(`${this.registry}: ${err.message}`, 401);
        if (attempt < attempts && isRetryableError(err)) {
          const ms = backoffMs(this.retry, attempt);
          this.options.log?.warn(
            `${o.method} ${this.pathOf(o.url)}: ${(err as Error).message}; retrying in ${Math.round(ms)} ms`,
          );
          await sleep(ms);
          continue;
        }
        throw new RegistryError(
          `${o.method} ${this.registry}${this.pathOf(o.url)} failed: ${(err as Error).message}`,
          0,
        );
      }
      if (o.ok.includes(res.status)) return res;
      if (attempt < attempts && isRetryableStatus(res.status)) {
        const ms = backoffMs(this.retry, attempt, res.headers.get('retry-after'));
        await res.body?.cancel();
        this.options.log?.warn(
          `${o.method} ${this.pathOf(o.url)}: HTTP ${res.status}; retrying in ${Math.round(ms)} ms`,
        );
        await sleep(ms);
        continue;
      }
      const { text, code } = await errorText(res);
      const hint =
        res.status === 401
          ? ' (authentication failed: check the credentials)'
          : res.status === 403
            ? ' (access denied)'
            : '';
      throw new RegistryError(
        `${o.method} ${this.registry}${this.pathOf(o.url)}: HTTP ${res.status}${text ? ` ${text}` : ''}${hint}`,
        res.status,
        code,
      );
    }
  }

  private pathOf(url: string | URL): string {
    const u = typeof url === 'string' ? this.url(url) : url;
    return u.pathname; // never the query: upload URLs may carry state tokens
  }

  /**
   * fetch with a deadline: a registry that takes a request and never answers
   * would otherwise hold the push for undici's 300 s. The budget grows with
   * the body sent (at least MIN_BYTES_PER_MS must get through).
   */
  private async send(o: RequestOptions, authorization: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { ...o.headers };
    if (authorization) headers.authorization = authorization;
    const url = typeof o.url === 'string' ? this.url(o.url) : o.url;
    const controller = new AbortController();
    const budget = this.timeoutMs + (o.body?.length ?? 0) / MIN_BYTES_PER_MS;
    const timer = setTimeout(
      () => controller.abort(new RequestTimeout(o.method, this.pathOf(url), budget)),
      budget,
    );
    try {
      const res = await fetch(url, {
        method: o.method,
        headers,
        body: o.body,
        redirect: 'follow',
        signal: controller.signal,
      });
      this.controllers.set(res, controller);
      return res;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A response body with its own deadline, sized by what is expected to arrive. */
  private async readBody(res: Response, expectedBytes = 0): Promise<Buffer> {
    const controller = this.controllers.get(res);
    const budget = this.timeoutMs + expectedBytes / MIN_BYTES_PER_MS;
    const timer = setTimeout(
      () =>
        controller?.abort(
          new RequestTimeout('read', new URL(res.url || this.base).pathname, budget),
        ),
      budget,
    );
    try {
      return Buffer.from(await res.arrayBuffer());
    } catch (err) {
      throw new RegistryError(
        `${this.registry}: reading a response failed: ${(err as Error).message}`,
        0,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private scopes(repo: string, push: boolean, from?: string): string[] {
    const s = [`repository:${repo}:${push ? 'pull,push' : 'pull'}`];
    if (from && from !== repo) s.push(`repository:${from}:pull`);
    return s;
  }

  async hasBlob(repo: string, digest: string): Promise<boolean> {
    const res = await this.request({
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
        const transient =
          status === 0 ||
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
    await begun.body?.cancel();
    if (begun.status === 201) return 'mounted';
    let location = this.location(begun);
    if (blob.size > this.chunkSize) {
      for (let off = 0; off < blob.size; off += this.chunkSize) {
        const chunk = blob.data.subarray(off, Math.min(off + this.chunkSize, blob.size));
        const res = await this.request({
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
        await res.body?.cancel();
        location = this.location(res);
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
      await done.body?.cancel();
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
      await done.body?.cancel();
    }
    this.uploadedBytes += blob.size;
    return 'uploaded';
  }

  private location(res: Response): URL {
    const loc = res.headers.get('location');
    if (!loc)
      throw new RegistryError(
        `${this.registry}: upload response without a Location header`,
        res.status,
      );
    return new URL(loc, this.base);
  }

  /**
   * PUT a manifest under a tag or digest; checks the digest the registry computed.
   * `answer.subject` receives the OCI-Subject header (a referrers API took the subject).
   */
  async putManifest(
    repo: string,
    reference: string,
    bytes: Buffer,
    mediaType: string,
    answer?: { subject?: string },
  ): Promise<string> {
    const res = await this.request({
      method: 'PUT',
      url: `/v2/${repo}/manifests/${reference}`,
      scopes: this.scopes(repo, true),
      body: bytes,
      ok: [201, 200],
      headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
    });
    await res.body?.cancel();
    if (answer) answer.subject = res.headers.get('oci-subject') ?? undefined;
    const ours = digestOf(bytes);
    const theirs = res.headers.get('docker-content-digest');
    if (theirs && theirs !== ours) {
      throw new RegistryError(
        `${this.registry}/${repo}:${reference}: registry stored digest ${theirs}, we sent ${ours}`,
        res.status,
      );
    }
    return ours;
  }

  async getManifest(
    repo: string,
    reference: string,
  ): Promise<{ bytes: Buffer; mediaType: string; digest: string }> {
    const res = await this.request({
      method: 'GET',
      url: `/v2/${repo}/manifests/${reference}`,
      scopes: this.scopes(repo, false),
      ok: [200],
      headers: { accept: MANIFEST_ACCEPT },
    });
    const bytes = await this.readBody(res, 4 << 20);
    const digest = digestOf(bytes);
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw new RegistryError(
        `${this.registry}/${repo}@${reference}: manifest content has digest ${digest}`,
        200,
      );
    }
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    return { bytes, mediaType, digest };
  }

  /** Digest of a tag, or undefined when the tag does not exist. */
  async resolve(repo: string, reference: string): Promise<string | undefined> {
    const res = await this.request({
      method: 'HEAD',
      url: `/v2/${repo}/manifests/${reference}`,
      scopes: this.scopes(repo, false),
      ok: [200, 404],
      headers: { accept: MANIFEST_ACCEPT },
    });
    return res.status === 200 ? (res.headers.get('docker-content-digest') ?? undefined) : undefined;
  }

  /** A blob's content, checked against its digest and capped at `maxBytes`. */
  async getBlob(repo: string, digest: string, maxBytes: number): Promise<Buffer> {
    const res = await this.request({
      method: 'GET',
      url: `/v2/${repo}/blobs/${digest}`,
      scopes: this.scopes(repo, false),
      ok: [200],
    });
    const length = Number(res.headers.get('content-length') ?? NaN);
    if (length > maxBytes) {
      await res.body?.cancel();
      throw new RegistryError(
        `blob ${digest} is ${length} bytes, over the ${maxBytes >> 20} MiB limit`,
        200,
      );
    }
    const bytes = await this.readBody(res, Number.isFinite(length) ? length : maxBytes);
    if (bytes.length > maxBytes)
      throw new RegistryError(`blob ${digest} exceeds the ${maxBytes >> 20} MiB limit`, 200);
    if (digestOf(bytes) !== digest)
      throw new RegistryError(`blob ${digest} arrived with digest ${digestOf(bytes)}`, 200);
    return bytes;
  }

  /** All tags of a repository (following Link pagination); empty when the repository is new. */
  async listTags(repo: string): Promise<string[]> {
    const tags: string[] = [];
    let next: string | undefined = `/v2/${repo}/tags/list?n=1000`;
    while (next) {
      const res: Response = await this.request({
        method: 'GET',
        url: next,
        scopes: this.scopes(repo, false),
        ok: [200, 404],
      });
      if (res.status === 404) {
        await res.body?.cancel();
        return [];
      }
      const body = JSON.parse((await this.readBody(res, 1 << 20)).toString('utf8')) as {
        tags?: string[] | null;
      };
      tags.push(...(body.tags ?? []));
      const link = res.headers.get('link');
      next = link ? /<([^>]+)>/.exec(link)?.[1] : undefined;
    }
    return tags;
  }
}
