/**
 * Turns a built wasm (and, for `higress`, the plugin's docs) into the blobs
 * and manifest of one of the three layouts the gateways can load
 * (FACTS.md section 2). Pure: bytes in, bytes out, so the same inputs give
 * the same manifest digest.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout } from '../model.js';
import { InputError } from '../common/errors.js';
import { FILE_LIMITS, inPlugin, readContained, RefusedFile } from '../common/files.js';
import { digestOf, sha256Hex } from './digest.js';
import { ANNOTATION, EMPTY_JSON, MODULE_FILE_NAME, MT, docMediaType } from './media-types.js';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

/** A descriptor with its content, ready to upload. */
export interface Blob extends Descriptor {
  data: Buffer;
}

/** Image-spec 1.1 (artifactType + empty config) or the 1.0 form registries like ACR accept. */
export type ManifestForm = '1.1' | '1.0';

export interface ArtifactMetadata {
  source?: string;
  revision?: string;
  version?: string;
  /** RFC 3339; the commit time, so that a rebuild gives the same digest. */
  created?: string;
  title?: string;
  description?: string;
  licenses?: string;
  abiVersion?: string;
  builder?: string;
  toolchainVersion?: string;
  /** Keys the `labels`/`annotations` inputs set (src/oci/metadata.ts); they win over the above. */
  annotations?: Record<string, string>;
}

export interface Artifact {
  layout: Layout;
  config: Blob;
  layers: Blob[];
  annotations: Record<string, string>;
  wasmSha256: string;
  /** The manifest forms to try, preferred first. */
  forms: ManifestForm[];
}

export interface EncodedManifest {
  form: ManifestForm;
  mediaType: string;
  bytes: Buffer;
  digest: string;
}

export const LAYOUTS: readonly Layout[] = ['higress', 'compat', 'oci'];

export function parseLayout(value: string): Layout {
  if ((LAYOUTS as readonly string[]).includes(value)) return value as Layout;
  throw new InputError(`unknown layout '${value}' (expected one of: ${LAYOUTS.join(', ')})`);
}

/** `digest`: the data's digest when the caller computed it already. */
export function blobOf(mediaType: string, data: Buffer, title?: string, digest?: string): Blob {
  const blob: Blob = { mediaType, digest: digest ?? digestOf(data), size: data.length, data };
  if (title) blob.annotations = { [ANNOTATION.title]: title };
  return blob;
}

/** Told about a document left out of the artifact: its name and why. */
export type SkippedDocument = (name: string, why: string) => void;

/**
 * Higress's extra layers, in the order its workflow pushes them: READMEs
 * (the translations first, then README.md), spec.yaml, icon.png. Each is
 * read under the file rule (src/common/files.ts): a document that is a link
 * out of the plugin directory, not a regular file, or over 4 MiB is left out
 * and reported through `skipped` (the documents are optional; the module is
 * what the gateway loads).
 */
export function higressDocLayers(pluginDir: string, skipped?: SkippedDocument): Blob[] {
  if (!existsSync(pluginDir)) return [];
  const files = readdirSync(pluginDir).sort();
  const wanted: [string, string][] = [];
  for (const name of files) {
    const m = /^README_([A-Za-z]{2}(?:[-_][A-Za-z]{2})?)\.md$/.exec(name);
    if (m) wanted.push([name, docMediaType(m[1]!.toUpperCase())]);
  }
  const fixed: [string, string][] = [
    ['README.md', MT.docMarkdown],
    ['spec.yaml', MT.spec],
    ['icon.png', MT.icon],
  ];
  for (const [name, type] of fixed) if (files.includes(name)) wanted.push([name, type]);
  const layers: Blob[] = [];
  for (const [name, type] of wanted) {
    try {
      const data = readContained(
        join(pluginDir, name),
        inPlugin(pluginDir, name, FILE_LIMITS.document),
      );
      layers.push(blobOf(type, data, name));
    } catch (err) {
      if (!(err instanceof RefusedFile)) throw err;
      skipped?.(name, err.why);
    }
  }
  return layers;
}

function annotationsOf(meta: ArtifactMetadata, wasmSha256: string): Record<string, string> {
  const pairs: [string, string | undefined][] = [
    [ANNOTATION.created, meta.created],
    [ANNOTATION.source, meta.source],
    [ANNOTATION.revision, meta.revision],
    [ANNOTATION.version, meta.version],
    [ANNOTATION.title, meta.title],
    [ANNOTATION.description, meta.description],
    [ANNOTATION.licenses, meta.licenses],
    [ANNOTATION.abi, meta.abiVersion],
    [ANNOTATION.builder, meta.builder],
    [ANNOTATION.toolchain, meta.toolchainVersion],
    [ANNOTATION.wasmSha256, wasmSha256],
  ];
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) if (v) out[k] = v;
  // The user's keys override the OCI ones, never ours (metadata.ts refuses those).
  const own = new Set<string>([
    ANNOTATION.abi,
    ANNOTATION.builder,
    ANNOTATION.toolchain,
    ANNOTATION.wasmSha256,
  ]);
  for (const [k, v] of Object.entries(meta.annotations ?? {})) if (!own.has(k)) out[k] = v;
  return out;
}

/** The module and its plugin.tar.gz layer, packed ahead of publishing (see packWasm). */
export interface PackedWasm {
  wasm: Buffer;
  /** Hex sha256 of `wasm`. */
  sha256: string;
  /** Absent when the layout carries the raw module (oci). */
  pluginTarGz?: Buffer;
  /** Hex sha256 of `pluginTarGz`, when packing knew it already. */
  pluginTarGzSha256?: string;
  /** The archive is the one an earlier run packed from this module (kept-layer.ts). */
  kept?: boolean;
}

/**
 * Packs the layer the higress and compat layouts carry. The pipeline starts
 * this as soon as a build is done, so compressing overlaps the smoke test.
 * With `keptFile` (and the module's sha256), the archive an earlier run
 * packed from this same module is used when it is there, and this run's
 * packing is kept there otherwise.
 */
export async function packWasm(
  wasm: Buffer,
  sha256?: string,
  keptFile?: string,
): Promise<PackedWasm> {
  const targz = await import('./targz.js');
  if (keptFile && sha256) {
    const { keepLayer, packerId, readKeptLayer } = await import('./kept-layer.js');
    const packer = packerId(targz.GZIP_LEVEL);
    const kept = readKeptLayer(keptFile, sha256, packer);
    if (kept)
      return {
        wasm,
        sha256,
        pluginTarGz: kept.archive,
        pluginTarGzSha256: kept.sha256,
        kept: true,
      };
    const pluginTarGz = await archiveOf(wasm, targz);
    const pluginTarGzSha256 = sha256Hex(pluginTarGz);
    await keepLayer(keptFile, { bytes: pluginTarGz, sha256: pluginTarGzSha256 }, sha256, packer);
    return { wasm, sha256, pluginTarGz, pluginTarGzSha256 };
  }
  const archive = archiveOf(wasm, targz);
  // Hashed here while the archive compresses on libuv's thread pool.
  const digest = sha256 ?? sha256Hex(wasm);
  return { wasm, sha256: digest, pluginTarGz: await archive };
}

/** plugin.tar.gz: the module as the only entry of a deterministic tar.gz. */
async function pluginTarGzOf(wasm: Buffer): Promise<Buffer> {
  // zlib loads only for the layouts that carry an archive.
  return archiveOf(wasm, await import('./targz.js'));
}

function archiveOf(wasm: Buffer, targz: typeof import('./targz.js')): Promise<Buffer> {
  return targz.tarGzipOf([{ name: MODULE_FILE_NAME, data: wasm }]);
}

export interface BuildArtifactInput {
  layout: Layout;
  wasm: Buffer;
  /** Hex sha256 of `wasm`, when known already (the build computed it). */
  wasmSha256?: string;
  /** plugin.tar.gz already packed from this same `wasm`. */
  pluginTarGz?: Buffer;
  /** Hex sha256 of `pluginTarGz`, when known already. */
  pluginTarGzSha256?: string;
  /** Where README*.md, spec.yaml, icon.png are looked for (higress layout). */
  pluginDir?: string;
  /** Told about each document left out (see higressDocLayers). */
  skippedDocument?: SkippedDocument;
  metadata?: ArtifactMetadata;
}

export async function buildArtifact(input: BuildArtifactInput): Promise<Artifact> {
  const wasmSha256 = input.wasmSha256 ?? sha256Hex(input.wasm);
  const annotations = annotationsOf(input.metadata ?? {}, wasmSha256);
  const emptyConfig = blobOf(MT.empty, EMPTY_JSON);
  const pluginTarGz = async () =>
    input.pluginTarGz
      ? blobOf(
          MT.ociLayerTarGzip,
          input.pluginTarGz,
          'plugin.tar.gz',
          input.pluginTarGzSha256 && `sha256:${input.pluginTarGzSha256}`,
        )
      : blobOf(MT.ociLayerTarGzip, await pluginTarGzOf(input.wasm), 'plugin.tar.gz');
  switch (input.layout) {
    case 'higress': {
      const docs = input.pluginDir ? higressDocLayers(input.pluginDir, input.skippedDocument) : [];
      // plugin.tar.gz LAST: the gateway opens only the last layer.
      const layers = [...docs, await pluginTarGz()];
      return {
        layout: 'higress',
        config: emptyConfig,
        layers,
        annotations,
        wasmSha256,
        forms: ['1.1', '1.0'],
      };
    }
    case 'compat':
      return {
        layout: 'compat',
        config: emptyConfig,
        layers: [await pluginTarGz()],
        annotations,
        wasmSha256,
        forms: ['1.1', '1.0'],
      };
    case 'oci': {
      // Istio's "oci" variant counts LAYERS: exactly two, the config json
      // pushed as a layer and the raw wasm. Keys fixed, no clock: reproducible.
      const config: Record<string, unknown> = { type: 'wasm' };
      if (input.metadata?.abiVersion) config.abiVersions = [input.metadata.abiVersion];
      if (input.metadata?.created) config.created = input.metadata.created;
      const configLayer = blobOf(MT.wasmConfig, Buffer.from(JSON.stringify(config)), 'config.json');
      const wasmLayer = blobOf(MT.wasmLayer, input.wasm, 'plugin.wasm', `sha256:${wasmSha256}`);
      return {
        layout: 'oci',
        config: emptyConfig,
        layers: [configLayer, wasmLayer],
        annotations,
        wasmSha256,
        forms: ['1.1', '1.0'],
      };
    }
  }
}

function descriptor(b: Descriptor): Descriptor {
  const d: Descriptor = { mediaType: b.mediaType, digest: b.digest, size: b.size };
  if (b.annotations) d.annotations = b.annotations;
  return d;
}

/**
 * The manifest bytes for a form. 1.1: `artifactType` and the empty config;
 * 1.0: no `artifactType`, the type moves to `config.mediaType` (as
 * `oras push --image-spec v1.0` does), same `{}` blob.
 */
export function encodeManifest(artifact: Artifact, form: ManifestForm): EncodedManifest {
  const manifest: Record<string, unknown> = { schemaVersion: 2, mediaType: MT.ociManifest };
  let config = descriptor(artifact.config);
  if (form === '1.1') manifest.artifactType = MT.unknownArtifact;
  else config = { ...config, mediaType: MT.unknownConfig };
  manifest.config = config;
  manifest.layers = artifact.layers.map(descriptor);
  if (Object.keys(artifact.annotations).length) manifest.annotations = artifact.annotations;
  const bytes = Buffer.from(JSON.stringify(manifest));
  return { form, mediaType: MT.ociManifest, bytes, digest: digestOf(bytes) };
}

/** Every blob the manifest refers to, config first, without duplicates. */
export function blobsOf(artifact: Artifact): Blob[] {
  const seen = new Set<string>();
  return [artifact.config, ...artifact.layers].filter(
    (b) => !seen.has(b.digest) && seen.add(b.digest),
  );
}
