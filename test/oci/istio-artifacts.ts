/**
 * Artifacts for the Istio differential test: manifests and indexes around
 * hand-made blobs, pushed as they are (no client normalises them) to a real
 * registry, and Istio's own fetcher (.tools/bin/istio-fetch) as the judge.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { toolsBin } from '../support/paths.js';

export const MT = {
  oci: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  docker: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  tgz: 'application/vnd.oci.image.layer.v1.tar+gzip',
  tar: 'application/vnd.oci.image.layer.v1.tar',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  wasm: 'application/vnd.module.wasm.content.layer.v1+wasm',
  wasmConfig: 'application/vnd.module.wasm.config.v1+json',
  cncf: 'application/wasm',
  octet: 'application/octet-stream',
  empty: 'application/vnd.oci.empty.v1+json',
  doc: 'application/vnd.module.wasm.doc.v1+markdown',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
} as const;

export interface Blob {
  mediaType: string;
  data: Buffer;
  /** Descriptor fields to write differently from the blob (size, digest) or add (data). */
  descriptor?: Record<string, unknown>;
}

export interface RawManifest {
  bytes: Buffer;
  contentType: string;
}

export interface Artifact {
  blobs: Buffer[];
  /** Pushed by digest before `manifest` (an index's children). */
  children: RawManifest[];
  manifest: RawManifest;
}

export interface Case {
  name: string;
  /** What Istio does with it, as the issue and the Go code say; the oracle decides, this documents. */
  expect?: 'loads' | 'rejects';
  artifact: Artifact;
}

export const digestOf = (data: Buffer) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

const EMPTY = Buffer.from('{}');

function descriptorOf(b: Blob): Record<string, unknown> {
  return { mediaType: b.mediaType, digest: digestOf(b.data), size: b.data.length, ...b.descriptor };
}

export interface ImageOptions {
  /** The manifest's mediaType field: omitted with null; default the OCI type. */
  mediaType?: string | null;
  /** The Content-Type of the PUT; default the mediaType field, or OCI. */
  contentType?: string;
  config?: Blob;
  /** Extra top-level fields, e.g. artifactType. */
  extra?: Record<string, unknown>;
  /** Rewrite the JSON text (for key-case tricks). */
  rewrite?: (json: string) => string;
}

/** A manifest over `layers` (and a config, the empty one by default). */
export function image(layers: Blob[], o: ImageOptions = {}): Artifact {
  const config = o.config ?? { mediaType: MT.empty, data: EMPTY };
  const mediaType = o.mediaType === undefined ? MT.oci : o.mediaType;
  const body: Record<string, unknown> = { schemaVersion: 2 };
  if (mediaType !== null) body.mediaType = mediaType;
  if (o.config === undefined && mediaType !== MT.docker)
    body.artifactType = 'application/vnd.unknown.artifact.v1';
  Object.assign(body, o.extra);
  body.config = descriptorOf(config);
  body.layers = layers.map(descriptorOf);
  let json = JSON.stringify(body);
  if (o.rewrite) json = o.rewrite(json);
  return {
    blobs: [config.data, ...layers.map((l) => l.data)],
    children: [],
    manifest: { bytes: Buffer.from(json), contentType: o.contentType ?? mediaType ?? MT.oci },
  };
}

export interface Child {
  artifact: Artifact;
  platform?: { os: string; architecture: string; variant?: string } | null;
}

/** An index (or docker manifest list) over child artifacts, in order. */
export function index(children: Child[], mediaType: string = MT.ociIndex): Artifact {
  const manifests = children.map((c) => {
    const d: Record<string, unknown> = {
      mediaType: c.artifact.manifest.contentType,
      digest: digestOf(c.artifact.manifest.bytes),
      size: c.artifact.manifest.bytes.length,
    };
    if (c.platform) d.platform = c.platform;
    return d;
  });
  return {
    blobs: children.flatMap((c) => c.artifact.blobs),
    children: children.flatMap((c) => [...c.artifact.children, c.artifact.manifest]),
    manifest: {
      bytes: Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, manifests })),
      contentType: mediaType,
    },
  };
}

/** Pushes artifacts as they are, with plain HTTP requests. */
export class RawPusher {
  /** Uploads by repo and digest: parallel pushes wait for the same upload. */
  private readonly uploads = new Map<string, Promise<void>>();
  constructor(private readonly url: string) {}

  private blob(repo: string, data: Buffer): Promise<void> {
    const key = `${repo}@${digestOf(data)}`;
    let upload = this.uploads.get(key);
    if (!upload) this.uploads.set(key, (upload = this.upload(repo, data)));
    return upload;
  }

  private async upload(repo: string, data: Buffer): Promise<void> {
    const digest = digestOf(data);
    const start = await fetch(`${this.url}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
    await start.body?.cancel();
    if (start.status !== 202) throw new Error(`POST upload: ${start.status}`);
    const location = new URL(start.headers.get('location')!, this.url);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, {
      method: 'PUT',
      body: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
    await put.body?.cancel();
    if (put.status !== 201) throw new Error(`PUT blob: ${put.status}`);
  }

  private async manifest(repo: string, ref: string, m: RawManifest): Promise<void> {
    const res = await fetch(`${this.url}/v2/${repo}/manifests/${ref}`, {
      method: 'PUT',
      body: m.bytes,
      headers: { 'content-type': m.contentType },
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`PUT manifest: ${res.status} ${text.slice(0, 300)}`);
  }

  /** Pushes under `repo:tag`; throws with the registry's answer if it refuses the manifest. */
  async push(repo: string, tag: string, a: Artifact): Promise<void> {
    for (const b of a.blobs) await this.blob(repo, b);
    for (const c of a.children) await this.manifest(repo, digestOf(c.bytes), c);
    await this.manifest(repo, tag, a.manifest);
  }
}

export interface OracleAnswer {
  ref: string;
  ok: boolean;
  sha256?: string;
  size?: number;
  manifestDigest?: string;
  error?: string;
}

/** Istio's fetcher on every reference, one process for the batch. */
export function istioFetch(refs: string[]): Promise<OracleAnswer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(toolsBin, 'istio-fetch'), [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`istio-fetch exited ${code}: ${err}`));
      const answers = out
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as OracleAnswer);
      if (answers.length !== refs.length)
        return reject(
          new Error(`istio-fetch answered ${answers.length} of ${refs.length}: ${err}`),
        );
      resolve(answers);
    });
    child.stdin.end(refs.join('\n') + '\n');
  });
}

/** Runs `fn` over `items`, `width` at a time, keeping order. */
export async function inBatches<T, R>(
  items: T[],
  width: number,
  fn: (t: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}
