/**
 * Attaches an artifact (an SBOM) to a manifest as an OCI referrer: a manifest
 * whose `subject` is the artifact, found by `oras discover`. Forms, as ORAS
 * writes them:
 * - image-spec 1.1: `artifactType` and the empty config; a registry that
 *   rejects that form (400/415/422) gets the 1.0 form, the type in
 *   `config.mediaType` over the same `{}` blob;
 * - a registry with the referrers API answers the PUT with `OCI-Subject`;
 *   one without it gets the referrers tag schema of distribution-spec 1.1:
 *   an image index under the tag `sha256-<hex of the subject>` listing every
 *   referrer, read, extended and written back.
 */
import type { Log } from '../common/log.js';
import { PluginFailure } from '../common/errors.js';
import { digestOf } from './digest.js';
import { blobOf, type Descriptor } from './layouts.js';
import { EMPTY_JSON, MT } from './media-types.js';
import { RegistryClient, RegistryError } from './registry-client.js';

export interface ReferrerInput {
  subject: Descriptor;
  artifactType: string;
  content: Buffer;
  /** The layer's file name (org.opencontainers.image.title), e.g. key-auth.spdx.json. */
  title: string;
  annotations?: Record<string, string>;
}

export interface AttachedReferrer {
  digest: string;
  form: '1.1' | '1.0';
  /** How the registry lists it: its referrers API, or the tag schema index. */
  listedBy: 'referrers-api' | 'tag-schema';
  /** The tag of the referrers index, with the tag schema. */
  indexTag?: string;
}

/** The referrers tag schema's tag for a subject: `sha256-<hex>`. */
export function referrersTag(subjectDigest: string): string {
  return subjectDigest.replace(':', '-');
}

function referrerManifest(input: ReferrerInput, layer: Descriptor, form: '1.1' | '1.0'): Buffer {
  const empty = blobOf(MT.empty, EMPTY_JSON);
  const manifest: Record<string, unknown> = { schemaVersion: 2, mediaType: MT.ociManifest };
  if (form === '1.1') manifest.artifactType = input.artifactType;
  manifest.config = {
    mediaType: form === '1.1' ? MT.empty : input.artifactType,
    digest: empty.digest,
    size: empty.size,
  };
  manifest.layers = [layer];
  manifest.subject = {
    mediaType: input.subject.mediaType,
    digest: input.subject.digest,
    size: input.subject.size,
  };
  if (input.annotations && Object.keys(input.annotations).length)
    manifest.annotations = input.annotations;
  return Buffer.from(JSON.stringify(manifest));
}

interface IndexJson {
  schemaVersion: number;
  mediaType?: string;
  manifests?: Record<string, unknown>[];
}

/** Adds `entry` to the subject's referrers index (tag schema), keeping what is there. */
async function addToTagIndex(
  client: RegistryClient,
  repo: string,
  tag: string,
  entry: Record<string, unknown>,
): Promise<void> {
  let index: IndexJson = { schemaVersion: 2, mediaType: MT.ociIndex, manifests: [] };
  try {
    const got = await client.getManifest(repo, tag);
    const parsed = JSON.parse(got.bytes.toString('utf8')) as IndexJson;
    if (got.mediaType !== MT.ociIndex || !Array.isArray(parsed.manifests))
      throw new PluginFailure(`${repo}:${tag} exists and is not an OCI image index`);
    index = parsed;
  } catch (err) {
    if (!(err instanceof RegistryError && err.status === 404)) throw err;
  }
  const manifests = index.manifests ?? [];
  if (manifests.some((m) => m.digest === entry.digest)) return;
  const bytes = Buffer.from(JSON.stringify({ ...index, manifests: [...manifests, entry] }));
  await client.putManifest(repo, tag, bytes, MT.ociIndex);
}

export async function attachReferrer(
  client: RegistryClient,
  repo: string,
  input: ReferrerInput,
  log: Log,
): Promise<AttachedReferrer> {
  const layer = blobOf(input.artifactType, input.content, input.title);
  await Promise.all([
    client.pushBlob(repo, blobOf(MT.empty, EMPTY_JSON)),
    client.pushBlob(repo, layer),
  ]);
  const descriptor: Descriptor = {
    mediaType: layer.mediaType,
    digest: layer.digest,
    size: layer.size,
    annotations: layer.annotations,
  };
  let form: '1.1' | '1.0' = '1.1';
  let bytes = referrerManifest(input, descriptor, form);
  const answer: { subject?: string } = {};
  try {
    await client.putManifest(repo, digestOf(bytes), bytes, MT.ociManifest, answer);
  } catch (err) {
    if (!(err instanceof RegistryError && [400, 415, 422].includes(err.status))) throw err;
    log.warn(
      `${repo}: the registry rejected the image-spec 1.1 referrer (${err.message}); using the 1.0 form`,
    );
    form = '1.0';
    bytes = referrerManifest(input, descriptor, form);
    await client.putManifest(repo, digestOf(bytes), bytes, MT.ociManifest, answer);
  }
  const digest = digestOf(bytes);
  if (answer.subject === input.subject.digest) return { digest, form, listedBy: 'referrers-api' };
  const indexTag = referrersTag(input.subject.digest);
  const entry: Record<string, unknown> = {
    mediaType: MT.ociManifest,
    digest,
    size: bytes.length,
    artifactType: input.artifactType,
  };
  if (input.annotations && Object.keys(input.annotations).length)
    entry.annotations = input.annotations;
  await addToTagIndex(client, repo, indexTag, entry);
  return { digest, form, listedBy: 'tag-schema', indexTag };
}
