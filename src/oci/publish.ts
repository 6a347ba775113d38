/**
 * The publish stage for one plugin: build the layout's blobs and manifest,
 * push blobs first, then the manifest under its first tag, then the other
 * tags; then read it back and verify it with the gateway's rules. A failure names exactly which references were
 * pushed before it, so no partly pushed tag passes for success.
 */
import { PluginFailure } from '../common/errors.js';
import type { Log } from '../common/log.js';
import type { Layout, PublishResult } from '../model.js';
import { dockerCredentials, type Credentials } from './docker-config.js';
import { looksLikeWasm, selectWasmLayer, type ParsedManifest } from './gateway-rules.js';
import { OciLayout } from './image-layout.js';
import {
  type Artifact,
  type Blob,
  blobsOf,
  buildArtifact,
  encodeManifest,
  type ArtifactMetadata,
  type EncodedManifest,
  type ManifestForm,
  type PackedWasm,
} from './layouts.js';
import { readModule } from './read-module.js';
import { formatRef } from './reference.js';
import { RegistryClient, RegistryError } from './registry-client.js';
import { type ArtifactSource, layoutSource, verifySource, type VerifyResult } from './verify.js';

export type PublishTarget =
  | {
      kind: 'registry';
      registry: string;
      repository: string;
      credentials?: Credentials;
      insecure?: boolean;
      /** Repository to cross-mount blobs from (e.g. the previous name of the plugin). */
      mountFrom?: string;
      /** Base deadline of one registry request in ms (default 15 s, plus body time). */
      timeoutMs?: number;
      env?: NodeJS.ProcessEnv;
      /** The fetch the registry client uses (the CLI's node:http one). */
      fetch?: typeof fetch;
    }
  | { kind: 'layout'; dir: string };

export interface PublishInput {
  plugin: string;
  /** Path of the built module. */
  wasm: string;
  /** The module read and packed already (packWasm); used instead of reading `wasm`. */
  packed?: PackedWasm;
  /** Plugin directory, for the higress layout's README/spec/icon layers. */
  pluginDir?: string;
  layout?: Layout;
  tags: string[];
  target: PublishTarget;
  metadata?: ArtifactMetadata;
  /** `auto` tries 1.1 and falls back to 1.0 when the registry rejects it. */
  imageSpec?: 'auto' | ManifestForm;
  /** The version being released; guards `latest` against moving back. */
  version?: string;
  /** Blobs larger than this are uploaded in chunks (registry only). */
  chunkSize?: number;
  /**
   * Told the manifest's descriptor as soon as the registry holds it under the
   * first tag, before the other tags and the read-back: what needs only the
   * descriptor (an SBOM referrer) starts beside them (registry only).
   */
  onManifest?: (manifest: PublishOutcome['manifest']) => void;
}

export interface PublishOutcome extends PublishResult {
  manifestForm: ManifestForm;
  verification: VerifyResult;
  /** registry/repository (or the layout directory): what a deploy or attestation names. */
  image: string;
  /** The manifest's descriptor, as build-push-action's metadata gives it. */
  manifest: { mediaType: string; digest: string; size: number };
  /** The config blob's digest (build-push-action's `imageid`). */
  configDigest: string;
}

/** Registries that refuse image-spec 1.1 answer 400 MANIFEST_INVALID, 415 or 422. */
function rejectsForm(err: unknown): boolean {
  return err instanceof RegistryError && [400, 415, 422].includes(err.status);
}

function describePushed(pushed: string[]): string {
  return pushed.length
    ? `references that were pushed: ${pushed.join(', ')}`
    : 'no reference was pushed';
}

/**
 * The layout gate (Higress added one after #4528): run the gateway's rules on
 * the artifact in memory, so nothing a gateway cannot load is ever pushed.
 */
function gateBeforePush(
  plugin: string,
  artifact: Artifact,
  wasm: Buffer,
  form: ManifestForm,
): void {
  // The layer bytes are ours, built from `wasm` a moment ago: checking the
  // structure and the module is enough; the full read-back runs after the push.
  const m = encodeManifest(artifact, form);
  const sel = selectWasmLayer(JSON.parse(m.bytes.toString()) as ParsedManifest);
  const reason = !sel.ok
    ? sel.reason
    : !looksLikeWasm(wasm)
      ? 'plugin.wasm is not a WebAssembly binary (bad magic)'
      : undefined;
  if (reason) throw new PluginFailure(`${plugin}: not publishing: ${reason}; nothing was pushed`);
}

export async function publishPlugin(input: PublishInput, log: Log): Promise<PublishOutcome> {
  const layout = input.layout ?? 'higress';
  const wasm = input.packed?.wasm ?? readModule(input.plugin, input.wasm);
  const artifact = await buildArtifact({
    layout,
    wasm,
    wasmSha256: input.packed?.sha256,
    pluginTarGz: input.packed?.pluginTarGz,
    pluginTarGzSha256: input.packed?.pluginTarGzSha256,
    pluginDir: input.pluginDir,
    metadata: input.metadata,
    skippedDocument: (name, why) =>
      log.warn(`${input.plugin}: ${name} is left out of the artifact: it ${why}`),
  });
  const wanted = input.imageSpec ?? 'auto';
  const forms =
    wanted === 'auto'
      ? artifact.forms
      : artifact.forms.includes(wanted)
        ? [wanted]
        : artifact.forms;
  if (!input.tags.length) throw new PluginFailure(`${input.plugin}: no tags to publish`);
  gateBeforePush(input.plugin, artifact, wasm, forms[0]!);
  // The layer this run packed (or kept from packing this module before):
  // read back under its digest, it is these bytes.
  const ownLayers = new Map([[artifact.layers.at(-1)!.digest, wasm]]);
  const ownModule = { bytes: wasm, sha256: artifact.wasmSha256 };

  if (input.target.kind === 'layout') {
    const store = new OciLayout(input.target.dir);
    let written = 0;
    for (const b of blobsOf(artifact)) written += store.putBlob(b.data);
    const m = encodeManifest(artifact, forms[0]!);
    store.tag(m.bytes, m.mediaType, input.tags);
    const dir = input.target.dir;
    const refs = input.tags.map((t) => `${dir}:${t}`);
    const verification = await verifySource(
      layoutSource(refs[0]!),
      artifact.wasmSha256,
      ownLayers,
      ownModule,
    );
    if (!verification.ok)
      throw new PluginFailure(`${input.plugin}: verify ${refs[0]} failed: ${verification.reason}`);
    log.info(
      `${input.plugin}: wrote ${refs.join(', ')} (${m.digest}, ${layout} layout, ${written} new blob bytes)`,
    );
    return {
      plugin: input.plugin,
      references: refs,
      digest: m.digest,
      layout,
      verified: true,
      uploadedBytes: written,
      manifestForm: m.form,
      verification,
      image: dir,
      manifest: { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length },
      configDigest: artifact.config.digest,
    };
  }

  const t = input.target;
  const credentials = t.credentials ?? (await dockerCredentials(t.registry, t.env));
  const client = new RegistryClient(t.registry, {
    credentials,
    insecure: t.insecure,
    log,
    chunkSize: input.chunkSize,
    timeoutMs: t.timeoutMs,
    fetch: t.fetch,
  });
  const repo = t.repository;

  let tags = input.tags;
  if (tags.includes('latest') && input.version) {
    // semver and the tag rules load only for this guard.
    const { keepLatestMonotonic } = await import('./tags.js');
    const existing = await client.listTags(repo);
    const kept = keepLatestMonotonic(tags, input.version, existing);
    if (kept.length !== tags.length)
      log.warn(
        `${input.plugin}: not moving 'latest' back to ${input.version}: the registry has a higher release`,
      );
    tags = kept;
  }

  // Blobs first: a manifest must never point at something missing.
  const blobs = blobsOf(artifact);
  const gatewayLayer = artifact.layers.at(-1)!;
  const pushes = blobs.map((b) => client.pushBlob(repo, b, t.mountFrom));
  // The read-back's download of the layer the gateway reads starts as soon as
  // the registry has it: content-addressed, it is the same download after the
  // manifest is in, and it no longer waits behind the manifest's round trips.
  // Only hashed as it arrives: this run holds the layer's bytes already.
  const layerReadBack = pushes[blobs.findIndex((b) => b.digest === gatewayLayer.digest)]!.then(() =>
    client.checkBlob(repo, gatewayLayer.digest, gatewayLayer.size),
  );
  // Awaited by the read-back; a push that fails before it must not leave it unhandled.
  layerReadBack.catch(() => undefined);
  const outcomes = await Promise.all(pushes);
  log.debug(`${input.plugin}: blobs ${outcomes.join(', ')}`);

  // Then the manifest under the first tag: one PUT stores and tags it, and
  // stores nothing when it fails (by digest when the latest guard left no tag).
  const first = tags[0];
  let manifest: EncodedManifest | undefined;
  for (const form of forms) {
    const m = encodeManifest(artifact, form);
    try {
      await client.putManifest(repo, first ?? m.digest, m.bytes, m.mediaType);
      manifest = m;
      break;
    } catch (err) {
      if (form === '1.1' && forms.includes('1.0') && rejectsForm(err)) {
        log.warn(
          `${t.registry} rejected the image-spec 1.1 manifest (${(err as Error).message}); falling back to the 1.0 form`,
        );
        continue;
      }
      throw new PluginFailure(
        `${input.plugin}: ${first ? `pushing ${formatRef(t.registry, repo, first)}` : 'manifest push'} failed: ${(err as Error).message}; no reference was pushed`,
        { cause: err },
      );
    }
  }
  if (!manifest)
    throw new PluginFailure(
      `${input.plugin}: the registry rejected every manifest form; no reference was pushed`,
    );
  input.onManifest?.({
    mediaType: manifest.mediaType,
    digest: manifest.digest,
    size: manifest.bytes.length,
  });

  // The manifest is in the registry: each other tag is one independent PUT,
  // so all go at once (one round trip for a release's aliases, not one each).
  const rest = tags.slice(1);
  const pushing = await Promise.allSettled(
    rest.map((tag) => client.putManifest(repo, tag, manifest.bytes, manifest.mediaType)),
  );
  const pushed = [
    ...(first ? [first] : []),
    ...rest.filter((_, i) => pushing[i]!.status === 'fulfilled'),
  ].map((tag) => formatRef(t.registry, repo, tag));
  const failed = pushing.findIndex((p) => p.status === 'rejected');
  if (failed >= 0) {
    const err = (pushing[failed] as PromiseRejectedResult).reason as Error;
    throw new PluginFailure(
      `${input.plugin}: pushing ${formatRef(t.registry, repo, rest[failed]!)} failed: ${err.message}; ${describePushed(pushed)}`,
      { cause: err },
    );
  }

  // Read it back through the first tag, as a gateway would (readBackSource).
  const readRef = first ?? manifest.digest;
  const verification = await verifySource(
    readBackSource(client, repo, readRef, gatewayLayer, layerReadBack),
    artifact.wasmSha256,
    ownLayers,
    ownModule,
  );
  if (!verification.ok || verification.digest !== manifest.digest) {
    const why =
      verification.reason ?? `the tag resolves to ${verification.digest}, not ${manifest.digest}`;
    throw new PluginFailure(
      `${input.plugin}: verify of ${formatRef(t.registry, repo, readRef)} failed: ${why}; ${describePushed(pushed)}`,
    );
  }
  log.info(
    `${input.plugin}: pushed ${pushed.join(', ')} (${manifest.digest}, ${layout} layout, image-spec ${manifest.form}, ${client.uploadedBytes} blob bytes uploaded)`,
  );
  return {
    plugin: input.plugin,
    references: pushed,
    digest: manifest.digest,
    layout,
    verified: true,
    uploadedBytes: client.uploadedBytes,
    manifestForm: manifest.form,
    verification,
    image: `${t.registry}/${repo}`,
    manifest: {
      mediaType: manifest.mediaType,
      digest: manifest.digest,
      size: manifest.bytes.length,
    },
    configDigest: artifact.config.digest,
  };
}

/**
 * The read-back after a push (docs/publish.md, "Read-back"): the manifest
 * fetched again by the tag, as the gateway fetches it, and every blob the
 * gateway's rules read downloaded again and checked against its digest
 * (RegistryClient.getBlob). The layer the gateway reads was downloaded while
 * the manifest went up (`layerDownload`, capped at the size this run
 * uploaded: any other size is a digest mismatch anyway); it serves verify
 * only when verify asks for that digest.
 */
function readBackSource(
  client: RegistryClient,
  repo: string,
  reference: string,
  gatewayLayer: Blob,
  layerDownload: Promise<void>,
): ArtifactSource {
  // Checked against the digest, the download IS the layer's bytes: verify gets
  // this run's own buffer, whose sha256 it knows, rather than hashing a copy.
  const layer = layerDownload.then(() => gatewayLayer.data);
  layer.catch(() => undefined);
  return {
    reference: formatRef(client.registry, repo, reference),
    manifest: (digest) => client.getManifest(repo, digest ?? reference),
    blob: (digest, maxBytes) =>
      digest === gatewayLayer.digest && gatewayLayer.size <= maxBytes
        ? layer
        : client.getBlob(repo, digest, maxBytes),
  };
}
