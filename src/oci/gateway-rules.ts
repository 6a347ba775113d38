/**
 * The gateway's fetch rules, as istio pkg/wasm (ImageFetcher.PrepareFetch,
 * which Higress and Envoy Gateway copy) applies them through
 * go-containerregistry, in order:
 * 1. "docker": a manifest whose own mediaType field is docker schema 2 is read
 *    by this rule only: its LAST layer must be a docker tar.gzip holding
 *    plugin.wasm.
 * 2. "compat": the LAST layer is an OCI tar+gzip; the first tar entry whose
 *    filepath.Base is plugin.wasm is the module. Any failure here, even a
 *    broken archive, falls through to rule 3.
 * 3. "oci": EXACTLY two layers; the first whose media type is the raw wasm
 *    layer type is the module, read as it is.
 * A layer's media type and size are looked up by digest the way
 * go-containerregistry does: the config descriptor first, then the first
 * layer with that digest. Then istio-agent checks the wasm magic.
 */
import type { GoDescriptor, GoManifest } from './go-json.js';
import type { TarEntryInfo } from './go-tar.js';
import type { Descriptor } from './layouts.js';
import { MODULE_FILE_NAME, MT } from './media-types.js';

/** istio's MaxWasmBinarySizeBytes default (ISTIO_WASM_MAX_BINARY_SIZE_BYTES). */
export const MAX_WASM_BYTES = 256 << 20;

export type Variant = 'docker' | 'compat' | 'oci';

/** How one rule fared, in the gateway's terms. */
export interface RuleReport {
  rule: Variant;
  /** Whether the gateway got as far as trying this rule. */
  tried: boolean;
  ok: boolean;
  detail: string;
}

export const RULE_TITLES: Record<Variant, string> = {
  docker: `docker image: the last layer is ${MT.dockerLayer} holding ${MODULE_FILE_NAME}`,
  compat: `compat variant: the last layer is ${MT.ociLayerTarGzip} holding ${MODULE_FILE_NAME}`,
  oci: `oci variant: exactly two layers, one ${MT.wasmLayer}`,
};

export interface Picked {
  variant: Variant;
  /** The layer descriptor as go-containerregistry resolved it. */
  layer: GoDescriptor;
  layerIndex: number;
  wasm: Buffer;
  /** For tar layers: the entry that was taken. */
  entry?: TarEntryInfo;
}

export interface RulesOutcome {
  rules: RuleReport[];
  picked?: Picked;
}

/** The bytes of a layer as the gateway reads them; throws with the fetch error. */
export type LayerReader = (layer: GoDescriptor, maxBytes: number) => Promise<Buffer>;

/** partial.BlobDescriptor: config first, then the first layer with the digest. */
function resolve(m: GoManifest, digest: string): GoDescriptor {
  if (m.config.digest === digest) return m.config;
  return m.layers.find((l) => l.digest === digest)!;
}

function layerName(m: GoManifest, index: number, d: GoDescriptor): string {
  const shared = m.config.digest === d.digest ? ' (shares its digest with the config)' : '';
  return `layer ${index + 1} of ${m.layers.length} (${d.mediaType || 'no media type'}, ${d.digest.slice(0, 19)}…)${shared}`;
}

type TarResult = { ok: true; picked: Picked; detail: string } | { ok: false; detail: string };

async function fromTarLayer(
  m: GoManifest,
  variant: 'docker' | 'compat',
  want: string,
  read: LayerReader,
  known?: ReadonlyMap<string, Buffer>,
): Promise<TarResult> {
  if (!m.layers.length) return { ok: false, detail: 'the manifest has no layers' };
  const index = m.layers.length - 1;
  const layer = resolve(m, m.layers[index]!.digest);
  const name = layerName(m, index, layer);
  if (layer.mediaType !== want) return { ok: false, detail: `the last layer is ${name}` };
  let content: Buffer;
  try {
    content = await read(layer, 2 * MAX_WASM_BYTES);
  } catch (err) {
    return { ok: false, detail: `${name} could not be fetched: ${(err as Error).message}` };
  }
  // A layer this run packed came back under its digest: it holds this wasm.
  const ours = known?.get(layer.digest);
  if (ours) {
    const picked = { variant, layer, layerIndex: index, wasm: ours };
    return {
      ok: true,
      picked,
      detail: `${name} is the ${MODULE_FILE_NAME} archive this run packed`,
    };
  }
  // Go's gzip and tar readers load only when an archive must be unpacked.
  // One after the other: go-tar imports go-gunzip, and two imports linking the
  // same module at once is a race in Jest's VM-module loader (the second is
  // then a cache hit either way).
  const { findModule } = await import('./go-tar.js');
  const { goGunzip } = await import('./go-gunzip.js');
  const stream = await goGunzip(content, MAX_WASM_BYTES);
  if ('headerError' in stream)
    return { ok: false, detail: `${name} is not gzip (${stream.headerError})` };
  const search = findModule(stream);
  const listed = search.seen.map((e) => `'${e.name}'`).join(', ');
  if (!search.found) {
    const where = search.seen.length ? ` after the entries ${listed}` : '';
    return {
      ok: false,
      detail: search.error
        ? `reading ${name} failed${where}: ${search.error}`
        : `${MODULE_FILE_NAME} not found in the archive of ${name} (entries: ${listed || 'none'}; matched by base name)`,
    };
  }
  const e = search.entry;
  const how = e.namedBy ? `, named by its ${e.namedBy}` : '';
  const kind = e.type === '0' ? '' : `, a tar entry of type '${e.type}' with no data`;
  return {
    ok: true,
    picked: { variant, layer, layerIndex: index, wasm: search.data, entry: e },
    detail: `tar entry ${search.index + 1} '${e.name}' of ${name}${how}${e.type === '0' || search.data.length ? '' : kind}`,
  };
}

async function fromRawLayer(m: GoManifest, read: LayerReader): Promise<TarResult> {
  if (m.layers.length !== 2)
    return { ok: false, detail: `the manifest has ${m.layers.length} layers, not exactly 2` };
  const index = m.layers.findIndex((l) => resolve(m, l.digest).mediaType === MT.wasmLayer);
  if (index < 0) {
    const types = m.layers.map((l) => resolve(m, l.digest).mediaType || 'no media type');
    return { ok: false, detail: `neither layer is ${MT.wasmLayer} (${types.join(', ')})` };
  }
  const layer = resolve(m, m.layers[index]!.digest);
  const name = layerName(m, index, layer);
  let wasm: Buffer;
  try {
    wasm = await read(layer, MAX_WASM_BYTES);
  } catch (err) {
    return { ok: false, detail: `${name} could not be fetched: ${(err as Error).message}` };
  }
  return {
    ok: true,
    picked: { variant: 'oci', layer, layerIndex: index, wasm },
    detail: `${name} is the raw module`,
  };
}

/** Apply the rules in the gateway's order; `known`: layers this run packed, by digest. */
export async function applyFetchRules(
  m: GoManifest,
  read: LayerReader,
  known?: ReadonlyMap<string, Buffer>,
): Promise<RulesOutcome> {
  const rules: RuleReport[] = [];
  const notTried = (rule: Variant, detail: string) =>
    rules.push({ rule, tried: false, ok: false, detail });
  if (m.mediaType === MT.dockerManifest) {
    const docker = await fromTarLayer(m, 'docker', MT.dockerLayer, read, known);
    rules.push({ rule: 'docker', tried: true, ok: docker.ok, detail: docker.detail });
    const why = 'a docker schema 2 manifest is read by the docker rule only';
    notTried('compat', why);
    notTried('oci', why);
    return { rules, picked: docker.ok ? docker.picked : undefined };
  }
  notTried(
    'docker',
    `the manifest's mediaType field is ${m.mediaType ? `'${m.mediaType}'` : 'absent'}, not ${MT.dockerManifest}`,
  );
  const compat = await fromTarLayer(m, 'compat', MT.ociLayerTarGzip, read, known);
  rules.push({ rule: 'compat', tried: true, ok: compat.ok, detail: compat.detail });
  if (compat.ok) {
    notTried('oci', 'the compat rule already picked the module');
    return { rules, picked: compat.picked };
  }
  const oci = await fromRawLayer(m, read);
  rules.push({ rule: 'oci', tried: true, ok: oci.ok, detail: oci.detail });
  return { rules, picked: oci.ok ? oci.picked : undefined };
}

/** A hint for the two forms people publish by mistake (higress #4528). */
export function knownMistake(m: GoManifest): string | undefined {
  if (m.layers.length !== 1) return undefined;
  const type = resolve(m, m.layers[0]!.digest).mediaType;
  if (type === MT.cncfWasm)
    return `a single-layer ${MT.cncfWasm} artifact (CNCF wasm form): Istio/Higress gateways cannot load it; publish with the higress, compat or oci layout (higress #4528)`;
  if (type === MT.wasmLayer)
    return `a single raw ${MT.wasmLayer} layer: the gateway needs EXACTLY two layers (config + wasm) for raw wasm, or a tar+gzip LAST layer holding plugin.wasm; this is the form that broke 43 Higress plugins (higress #4528)`;
  return undefined;
}

/** The manifest fields the push gate looks at (our own manifests). */
export interface ParsedManifest {
  mediaType?: string;
  layers?: Descriptor[];
}

/** Structural gate for an artifact we built: which rule would read it. */
export type Selection = { ok: true; variant: Variant } | { ok: false; reason: string };

export function selectWasmLayer(m: ParsedManifest): Selection {
  const layers = m.layers ?? [];
  const last = layers.at(-1);
  if (m.mediaType === MT.dockerManifest)
    return last?.mediaType === MT.dockerLayer
      ? { ok: true, variant: 'docker' }
      : { ok: false, reason: `a docker manifest whose last layer is not ${MT.dockerLayer}` };
  if (last?.mediaType === MT.ociLayerTarGzip) return { ok: true, variant: 'compat' };
  if (layers.length === 2 && layers.some((l) => l.mediaType === MT.wasmLayer))
    return { ok: true, variant: 'oci' };
  const asGo: GoManifest = {
    mediaType: m.mediaType ?? '',
    config: { mediaType: '', digest: '', size: 0 },
    layers: layers.map((l) => ({ ...l, data: undefined })),
  };
  return {
    ok: false,
    reason:
      knownMistake(asGo) ??
      `no rule applies: the last layer is ${last?.mediaType ?? 'missing'} (the gateway needs a ${MT.ociLayerTarGzip} last layer holding ${MODULE_FILE_NAME}, or exactly two layers with one ${MT.wasmLayer})`,
  };
}

const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);

/** istio-agent's isValidWasmBinary: 8 bytes at least, starting with the magic. */
export function looksLikeWasm(data: Buffer): boolean {
  return data.length >= 8 && data.subarray(0, 4).equals(WASM_MAGIC);
}
