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
  GATEWAY_PLATFORM,
  isIndex,
  platformChild,
  extractWasm,
  looksLikeWasm,
  MAX_WASM_BYTES,
  selectWasmLayer,
  type ParsedManifest,
  type Variant,
} from './gateway-rules.js';
import { OciLayout } from './image-layout.js';
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
  /** When the reference is an index: the linux/amd64 manifest that was checked. */
  childDigest?: string;
}

/** Where the manifest and blobs come from: a registry or a local layout. */
export interface ArtifactSource {
  reference: string;
  /** The reference's manifest, or with `digest` a child manifest of an index. */
  manifest(digest?: string): Promise<{ bytes: Buffer; mediaType: string; digest: string }>;
  /** The blob's bytes; throws unless their sha256 is `digest`. */
  blob(digest: string, maxBytes: number): Promise<Buffer>;
}

/**
 * `packedLayers`: layers whose content the caller made itself, by digest, with
 * the wasm each holds (publish reading back what it just pushed). A blob that
 * comes back under one of these digests is those very bytes, so the gateway's
 * unpacking need not be repeated; anything else is unpacked as the gateway would.
 */
export async function verifySource(
  source: ArtifactSource,
  expectedSha256?: string,
  packedLayers?: ReadonlyMap<string, Buffer>,
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
  };
  const fail = (reason: string) => Object.assign(result, { ok: false, reason });
  let got = await source.manifest();
  result.digest = got.digest;
  const parse = (bytes: Buffer): ParsedManifest | undefined => {
    try {
      return JSON.parse(bytes.toString('utf8')) as ParsedManifest;
    } catch {
      return undefined;
    }
  };
  let manifest = parse(got.bytes);
  if (!manifest) return fail('the manifest is not JSON');
  if (isIndex(manifest, got.mediaType)) {
    // go-containerregistry's desc.Image(), which the gateway calls, resolves
    // an index to its linux/amd64 child.
    const child = platformChild(manifest);
    if (!child)
      return fail(
        `an image index without a ${GATEWAY_PLATFORM} manifest: the gateway resolves indexes to ${GATEWAY_PLATFORM}`,
      );
    got = await source.manifest(child.digest);
    result.childDigest = got.digest;
    manifest = parse(got.bytes);
    if (!manifest) return fail('the linux/amd64 manifest of the index is not JSON');
  }
  result.layers = (manifest.layers ?? []).map((l) => ({ mediaType: l.mediaType, size: l.size }));
  const sel = selectWasmLayer(manifest, got.mediaType);
  if (!sel.ok) return fail(sel.reason);
  result.variant = sel.variant;
  if (sel.layer.size > MAX_WASM_BYTES)
    return fail(`the wasm layer is ${sel.layer.size} bytes, over the 256 MiB limit`);
  const content = await source.blob(sel.layer.digest, MAX_WASM_BYTES);
  const known = packedLayers?.get(sel.layer.digest);
  const extracted = known ? { wasm: known } : extractWasm(content, sel.packed);
  if ('reason' in extracted) return fail(extracted.reason);
  result.wasmSha256 = sha256Hex(extracted.wasm);
  result.wasmSize = extracted.wasm.length;
  if (!looksLikeWasm(extracted.wasm))
    return fail('plugin.wasm is not a WebAssembly binary (bad magic)');
  if (expectedSha256 && expectedSha256.replace(/^sha256:/, '') !== result.wasmSha256) {
    return fail(
      `plugin.wasm has sha256 ${result.wasmSha256}, but the build produced ${expectedSha256}`,
    );
  }
  result.ok = true;
  return result;
}

export interface VerifyOptions {
  credentials?: Credentials;
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
  });
  return verifySource(registrySource(ref, client), expectedSha256);
}
