/**
 * The gateway's fetch rules (istio pkg/wasm imagefetcher, which Higress
 * shares; FACTS.md section 2), applied to a manifest and its blobs:
 * 1. docker schema2: the last layer is a docker tar.gzip holding plugin.wasm;
 * 2. "compat": the LAST layer is an OCI tar+gzip; the first entry whose base
 *    name is plugin.wasm is the module; only the last layer is opened;
 * 3. "oci": EXACTLY two layers, one of them the raw wasm layer.
 * Anything else is refused, with the reason, as the gateway would refuse it.
 */
import { MT } from './media-types.js';
import { gunzipCapped, tarEntries } from './targz.js';
import type { Descriptor } from './layouts.js';

/** Higress's fork caps the tar read at 256 MiB. */
export const MAX_WASM_BYTES = 256 << 20;

export type Variant = 'docker' | 'compat' | 'oci';

export interface ParsedManifest {
  mediaType?: string;
  artifactType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: (Descriptor & { platform?: { os?: string; architecture?: string } })[];
}

/** Why the gateway would not load this manifest, or which layer holds the module. */
export type Selection =
  | { ok: true; variant: Variant; layer: Descriptor; packed: boolean }
  | { ok: false; reason: string };

export const GATEWAY_PLATFORM = 'linux/amd64';

export function isIndex(m: ParsedManifest, headerMediaType?: string): boolean {
  const mediaType = m.mediaType ?? headerMediaType;
  return !!m.manifests || mediaType === MT.ociIndex || mediaType === MT.dockerManifestList;
}

/** The child go-containerregistry picks by default: platform linux/amd64. */
export function platformChild(m: ParsedManifest): Descriptor | undefined {
  return m.manifests?.find(
    (d) => d.platform?.os === 'linux' && d.platform.architecture === 'amd64',
  );
}

export function selectWasmLayer(m: ParsedManifest, headerMediaType?: string): Selection {
  if (isIndex(m, headerMediaType)) {
    return {
      ok: false,
      reason: 'the reference is an image index, not a single manifest with layers',
    };
  }
  // Like the gateway, only the manifest's own mediaType field says "docker".
  const mediaType = m.mediaType;
  const layers = m.layers ?? [];
  if (!layers.length) return { ok: false, reason: 'the manifest has no layers' };
  const last = layers[layers.length - 1]!;
  if (mediaType === MT.dockerManifest) {
    if (last.mediaType === MT.dockerLayer)
      return { ok: true, variant: 'docker', layer: last, packed: true };
    return {
      ok: false,
      reason: `docker manifest whose last layer is ${last.mediaType}, not ${MT.dockerLayer}`,
    };
  }
  if (last.mediaType === MT.ociLayerTarGzip)
    return { ok: true, variant: 'compat', layer: last, packed: true };
  if (layers.length === 2) {
    const wasm = layers.find((l) => l.mediaType === MT.wasmLayer);
    if (wasm) return { ok: true, variant: 'oci', layer: wasm, packed: false };
  }
  if (layers.length === 1 && last.mediaType === MT.cncfWasm) {
    return {
      ok: false,
      reason: `a single-layer ${MT.cncfWasm} artifact (CNCF wasm form): Istio/Higress gateways cannot load it; publish with the higress, compat or oci layout (higress #4528)`,
    };
  }
  if (layers.length === 1 && last.mediaType === MT.wasmLayer) {
    return {
      ok: false,
      reason: `a single raw ${MT.wasmLayer} layer: the gateway needs EXACTLY two layers (config + wasm) for raw wasm, or a tar+gzip LAST layer holding plugin.wasm; this is the form that broke 43 Higress plugins (higress #4528)`,
    };
  }
  return {
    ok: false,
    reason: `the last layer is ${last.mediaType}: the gateway needs a ${MT.ociLayerTarGzip} last layer holding plugin.wasm, or exactly two layers with one ${MT.wasmLayer}`,
  };
}

/** The module bytes from the selected layer's content (null + reason when absent). */
export function extractWasm(
  layerContent: Buffer,
  packed: boolean,
): { wasm: Buffer } | { reason: string } {
  if (!packed) return { wasm: layerContent };
  let tar: Buffer;
  try {
    tar = gunzipCapped(layerContent, MAX_WASM_BYTES);
  } catch (err) {
    return { reason: `the last layer is not valid gzip: ${(err as Error).message}` };
  }
  try {
    // Any entry type, as the gateway does: a non-file then fails the magic check.
    for (const entry of tarEntries(tar)) {
      if (entry.name.split('/').pop() === 'plugin.wasm') {
        return { wasm: Buffer.from(entry.data) };
      }
    }
  } catch (err) {
    return { reason: `the last layer is not a valid tar archive: ${(err as Error).message}` };
  }
  return { reason: 'plugin.wasm not found in the archive' };
}

const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);

export function looksLikeWasm(data: Buffer): boolean {
  return data.length >= 8 && data.subarray(0, 4).equals(WASM_MAGIC);
}
