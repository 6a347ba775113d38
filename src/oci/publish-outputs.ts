/**
 * The outputs a workflow uses without parsing, in the shapes the tools it
 * already knows give them: docker/metadata-action's `tags`, `labels`,
 * `annotations`, `json`, `version`, and docker/build-push-action's `digest`,
 * `imageid`, `metadata`; plus `image` (registry/repository), so that
 * actions/attest-build-provenance takes `subject-name: image` and
 * `subject-digest: digest` as they are.
 *
 * Per plugin (`by-plugin`), and for the run as a whole: `tags` lists every
 * plugin's references; `labels`/`annotations` are the ones every plugin
 * shares; `digest`, `imageid`, `metadata`, `image` and `version` name the
 * artifact when the run published exactly one (a matrix leg), else are empty.
 */
import type { PluginReport } from '../pipeline.js';
import { keyValueText } from './metadata.js';

export interface MetadataJson {
  tags: string[];
  'tag-names': string[];
  labels: Record<string, string>;
  /** `manifest:key=value`, as metadata-action's json lists annotations with their level. */
  annotations: string[];
}

/** build-push-action's `metadata` (buildx's metadata file), for our artifact. */
export interface BuildMetadata {
  'containerimage.digest': string;
  'containerimage.config.digest': string;
  'containerimage.descriptor': { mediaType: string; digest: string; size: number };
  'image.name': string;
}

export interface PluginOutputs {
  plugin: string;
  /** registry/repository (or the layout directory); empty when nothing was planned. */
  image: string;
  version: string;
  tags: string[];
  'tag-names': string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  json: MetadataJson;
  /** Set once pushed and verified. */
  digest?: string;
  imageid?: string;
  metadata?: BuildMetadata;
  /** The SPDX SBOM referrer attached to it. */
  sbom?: { digest: string; artifactType: string; listedBy: string };
  /** YAML of the manifests that deploy it (src/deploy/), by gateway. */
  manifests?: Record<string, string>;
}

function metadataJson(
  tags: string[],
  names: string[],
  labels: Record<string, string>,
  annotations: Record<string, string>,
): MetadataJson {
  return {
    tags,
    'tag-names': names,
    labels,
    annotations: keyValueText(annotations, 'manifest:'),
  };
}

/** One plugin's outputs; `image` is where its tags were (or would have been) pushed. */
export function pluginOutputs(report: PluginReport, plannedImage?: string): PluginOutputs | null {
  const { release, publish } = report;
  if (!release) return null;
  const image = publish?.image ?? plannedImage ?? '';
  const names = publish
    ? publish.references.map((r) => r.slice(r.lastIndexOf(':') + 1))
    : release.computed.tags;
  const tags = publish ? publish.references : names.map((t) => (image ? `${image}:${t}` : t));
  const { labels, annotations } = release.metadata;
  const out: PluginOutputs = {
    plugin: report.plugin.name,
    image,
    version: release.computed.version.main ?? '',
    tags,
    'tag-names': names,
    labels,
    annotations,
    json: metadataJson(tags, names, labels, annotations),
  };
  if (publish) {
    out.digest = publish.digest;
    out.imageid = publish.configDigest;
    out.metadata = {
      'containerimage.digest': publish.digest,
      'containerimage.config.digest': publish.configDigest,
      'containerimage.descriptor': publish.manifest,
      'image.name': publish.references.join(','),
    };
  }
  if (report.deploy)
    out.manifests = Object.fromEntries(report.deploy.map((m) => [m.gateway, m.yaml]));
  if (report.sbom)
    out.sbom = {
      digest: report.sbom.digest,
      artifactType: 'application/spdx+json',
      listedBy: report.sbom.listedBy,
    };
  return out;
}

/** The keys (with their values) that every map has alike. */
function shared(maps: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(
    Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)),
  );
}

export interface RunOutputs {
  'by-plugin': Record<string, PluginOutputs>;
  tags: string;
  labels: string;
  annotations: string;
  json: MetadataJson;
  version: string;
  image: string;
  digest: string;
  imageid: string;
  metadata: string;
}

/** Outputs for the run: see the module comment for what "as a whole" means. */
export function runOutputs(
  reports: PluginReport[],
  plannedImage: (report: PluginReport) => string | undefined,
): RunOutputs {
  const each = reports
    .map((r) => pluginOutputs(r, plannedImage(r)))
    .filter((o): o is PluginOutputs => o !== null);
  const labels = shared(each.map((o) => o.labels));
  const annotations = shared(each.map((o) => o.annotations));
  const tags = each.flatMap((o) => o.tags);
  const names = [...new Set(each.flatMap((o) => o['tag-names']))];
  const published = each.filter((o) => o.digest);
  const single = published.length === 1 && each.length === 1 ? published[0] : undefined;
  return {
    'by-plugin': Object.fromEntries(each.map((o) => [o.plugin, o])),
    tags: tags.join('\n'),
    labels: keyValueText(labels).join('\n'),
    annotations: keyValueText(annotations).join('\n'),
    json: metadataJson(tags, names, labels, annotations),
    version: each.length === 1 ? each[0]!.version : '',
    image: single?.image ?? '',
    digest: single?.digest ?? '',
    imageid: single?.imageid ?? '',
    metadata: single?.metadata ? JSON.stringify(single.metadata, null, 2) : '',
  };
}
