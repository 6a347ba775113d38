/**
 * Verify a published artifact the way a gateway fetches it: manifest back,
 * fetch rules, decompress, find plugin.wasm, compare its sha256 with what was
 * built. Works on any registry reference or on a local OCI layout.
 */
import { InputError } from '../common/errors.js';
import type { Log } from '../common/log.js';
import { sha256Hex } from './digest.js';
import type { Credentials } from './docker-config.js';
import { dockerCredentials } from './docker-config.js';
import {
  applyFetchRules,
  knownMistake,
  looksLikeWasm,
  RULE_TITLES,
  type RuleReport,
  type Variant,
} from './gateway-rules.js';
import { parseGoIndex, parseGoManifest, type GoDescriptor } from './go-json.js';
import { OciLayout } from './image-layout.js';
import { MT } from './media-types.js';
import { parseImageRef } from './reference.js';
import { RegistryClient } from './registry-client.js';

export interface VerifyResult {
  ok: boolean;
  reference: string;
  digest: string | null;
  variant: Variant | null;
  layers: { mediaType: string; size: number }[];
  wasmSha256: string | null;
  wasmSize: number | null;
  expectedSha256: string | null;
  /** Why the gateway would refuse it, or why it differs from the build. */
  reason: string | null;
  /** When the reference is an image index: the manifest the gateway resolves it to. */
  childDigest?: string;
  /** How an image index was resolved (go-containerregistry's desc.Image()). */
  index?: string[];
  /** Each fetch rule in the gateway's order: tried or not, and why it did or did not apply. */
  rules: RuleReport[];
  /** istio-agent's own check of the module it would write for Envoy. */
  module: string | null;
}

/** Where the manifest and blobs come from: a registry or a local layout. */
export interface ArtifactSource {
  reference: string;
  /** The reference's manifest, or with `digest` a child manifest of an index. */
  manifest(digest?: string): Promise<{ bytes: Buffer; mediaType: string; digest: string }>;
  /** The blob's bytes; throws unless their sha256 is `digest`. */
  blob(digest: string, maxBytes: number): Promise<Buffer>;
}

const INDEX_TYPES: readonly string[] = [MT.ociIndex, MT.dockerManifestList];
const SCHEMA1_TYPES: readonly string[] = [
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
];
/** go-containerregistry's default platform, which the gateway never changes. */
export const GATEWAY_PLATFORM = { os: 'linux', architecture: 'amd64' } as const;
const PLATFORM_NAME = `${GATEWAY_PLATFORM.os}/${GATEWAY_PLATFORM.architecture}`;
/** Indexes inside indexes: go-containerregistry recurses; so do we, this deep. */
const MAX_INDEX_DEPTH = 8;

type Resolved = { bytes: Buffer; digest: string } | { reason: string };

/** desc.Image(): an index becomes its first linux/amd64 child (no platform counts as linux/amd64). */
async function resolveImage(
  source: ArtifactSource,
  top: { bytes: Buffer; mediaType: string; digest: string },
  notes: string[],
): Promise<Resolved> {
  let current = { bytes: top.bytes, mediaType: top.mediaType, digest: top.digest };
  for (let depth = 0; ; depth++) {
    if (SCHEMA1_TYPES.includes(current.mediaType))
      return {
        reason: `a docker schema 1 manifest (${current.mediaType}): go-containerregistry does not read it`,
      };
    if (!INDEX_TYPES.includes(current.mediaType)) return current;
    if (depth === MAX_INDEX_DEPTH)
      return { reason: `image indexes nested over ${MAX_INDEX_DEPTH} deep` };
    const index = parseGoIndex(current.bytes);
    if ('error' in index) return { reason: `the image index cannot be parsed: ${index.error}` };
    const at = index.manifests.findIndex((d) => {
      const p = d.platform ?? GATEWAY_PLATFORM;
      return p.os === GATEWAY_PLATFORM.os && p.architecture === GATEWAY_PLATFORM.architecture;
    });
    const platforms = index.manifests.map((d) =>
      d.platform ? `${d.platform.os}/${d.platform.architecture}` : 'none',
    );
    if (at < 0)
      return {
        reason: `an image index with no ${PLATFORM_NAME} child (children's platforms: ${platforms.join(', ') || 'no children'}): go-containerregistry resolves an index to ${PLATFORM_NAME} for the gateway`,
      };
    const child = index.manifests[at]!;
    notes.push(
      `image index ${current.digest.slice(0, 19)}… (${index.manifests.length} children): child ${at + 1} ${child.digest.slice(0, 19)}… is the first ${PLATFORM_NAME} one` +
        (child.platform
          ? ''
          : ' (it has no platform, which go-containerregistry takes as linux/amd64)'),
    );
    let bytes: Buffer;
    if (child.data) {
      if (`sha256:${sha256Hex(child.data)}` !== child.digest || child.data.length !== child.size)
        return { reason: `the index embeds data for ${child.digest} that does not match it` };
      bytes = child.data;
    } else {
      bytes = (await source.manifest(child.digest)).bytes;
    }
    current = { bytes, mediaType: child.mediaType, digest: child.digest };
  }
}

/**
 * `packedLayers`: layers whose content the caller made itself, by digest, with
 * the wasm each holds (publish reading back what it just pushed). A blob that
 * comes back under one of these digests is those very bytes, so the gateway's
 * unpacking need not be repeated; anything else is unpacked as the gateway would.
 * `ownModule`: that wasm with its sha256, so the very same buffer is not hashed again.
 */
export async function verifySource(
  source: ArtifactSource,
  expectedSha256?: string,
  packedLayers?: ReadonlyMap<string, Buffer>,
  ownModule?: { bytes: Buffer; sha256: string },
): Promise<VerifyResult> {
  const result: VerifyResult = {
    ok: false,
    reference: source.reference,
    digest: null,
    variant: null,
    layers: [],
    wasmSha256: null,
    wasmSize: null,
    expectedSha256: expectedSha256 ?? null,
    reason: null,
    rules: [],
    module: null,
  };
  const fail = (reason: string) => Object.assign(result, { ok: false, reason });
  const top = await source.manifest();
  result.digest = top.digest;
  const notes: string[] = [];
  const image = await resolveImage(source, top, notes);
  if (notes.length) result.index = notes;
  if ('reason' in image) return fail(image.reason);
  if (image.digest !== top.digest) result.childDigest = image.digest;
  const manifest = parseGoManifest(image.bytes);
  if ('error' in manifest)
    return fail(`the manifest cannot be read as go-containerregistry reads it: ${manifest.error}`);
  result.layers = manifest.layers.map((l) => ({ mediaType: l.mediaType, size: l.size }));
  const read = async (layer: GoDescriptor, maxBytes: number): Promise<Buffer> => {
    if (layer.data) {
      // go-containerregistry reads embedded data instead of fetching the blob.
      if (sha256Hex(layer.data) !== layer.digest.slice(7) || layer.data.length !== layer.size)
        throw new Error('its embedded data does not match its digest and size');
      return layer.data;
    }
    const blob = await source.blob(layer.digest, maxBytes);
    if (blob.length !== layer.size)
      throw new Error(`the blob is ${blob.length} bytes, the descriptor says ${layer.size}`);
    return blob;
  };
  const outcome = await applyFetchRules(manifest, read, packedLayers);
  result.rules = outcome.rules;
  const picked = outcome.picked;
  if (!picked) {
    const failures = outcome.rules.filter((r) => r.tried).map((r) => `${r.rule} rule: ${r.detail}`);
    const hint = knownMistake(manifest);
    return fail(`no fetch rule picked a module${hint ? ` (${hint})` : ''}: ${failures.join('; ')}`);
  }
  result.variant = picked.variant;
  result.wasmSha256 = picked.wasm === ownModule?.bytes ? ownModule.sha256 : sha256Hex(picked.wasm);
  result.wasmSize = picked.wasm.length;
  if (!looksLikeWasm(picked.wasm)) {
    result.module = `istio-agent refuses the ${picked.wasm.length}-byte module: it does not start with the wasm magic (00 61 73 6d) and version`;
    return fail(`the ${picked.variant} rule picked a module, but ${result.module}`);
  }
  result.module = `istio-agent accepts the ${picked.wasm.length}-byte module (wasm magic present)`;
  if (expectedSha256 && expectedSha256.replace(/^sha256:/, '') !== result.wasmSha256) {
    return fail(
      `plugin.wasm has sha256 ${result.wasmSha256}, but the build produced ${expectedSha256}`,
    );
  }
  result.ok = true;
  return result;
}

/** The verdict in the gateway's terms, one line each: index, every rule, the agent's check. */
export function explain(result: VerifyResult): string[] {
  const lines = [...(result.index ?? [])];
  for (const r of result.rules) {
    const state = !r.tried ? 'not tried' : r.ok ? 'PICKED the module' : 'did not apply';
    lines.push(`${RULE_TITLES[r.rule]}: ${state}: ${r.detail}`);
  }
  if (result.module) lines.push(result.module);
  return lines;
}

export interface VerifyOptions {
  credentials?: Credentials;
  /** The fetch the registry client uses (the CLI's node:http one). */
  fetch?: typeof fetch;
  insecure?: boolean;
  env?: NodeJS.ProcessEnv;
  log?: Log;
}

export function registrySource(ref: string, client: RegistryClient): ArtifactSource {
  const parsed = parseImageRef(ref);
  const reference = parsed.digest ?? parsed.tags[0]!;
  return {
    reference: ref,
    manifest: (digest) => client.getManifest(parsed.repository, digest ?? reference),
    blob: (digest, max) => client.getBlob(parsed.repository, digest, max),
  };
}

/** `DIR:TAG` (the last colon splits; a bare DIR means the only tag in it). */
export function layoutSource(spec: string): ArtifactSource {
  const colon = spec.lastIndexOf(':');
  const [dir, tag] = colon > 0 ? [spec.slice(0, colon), spec.slice(colon + 1)] : [spec, undefined];
  const layout = new OciLayout(dir);
  let name = tag;
  if (!name) {
    const tags = layout.tags();
    if (tags.length !== 1)
      throw new InputError(`'${spec}': name a tag as DIR:TAG (the layout has ${tags.length} tags)`);
    name = tags[0]!;
  }
  const found = name;
  return {
    reference: `${dir}:${found}`,
    manifest: async (digest) => {
      if (digest) return { bytes: layout.readManifest(digest), mediaType: '', digest };
      const d = layout.resolve(found);
      if (!d) throw new InputError(`tag '${found}' not found in OCI layout '${dir}'`);
      return { bytes: layout.readManifest(d.digest), mediaType: d.mediaType, digest: d.digest };
    },
    blob: async (digest, max) => layout.readBlob(digest, max),
  };
}

/** Verify a registry reference (`REGISTRY/REPO:TAG` or `@sha256:...`). */
export async function verifyArtifact(
  ref: string,
  expectedSha256: string | undefined,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const parsed = parseImageRef(ref);
  const credentials =
    options.credentials ?? (await dockerCredentials(parsed.registry, options.env));
  const client = new RegistryClient(parsed.registry, {
    credentials,
    insecure: options.insecure,
    log: options.log,
    fetch: options.fetch,
  });
  return verifySource(registrySource(ref, client), expectedSha256);
}
