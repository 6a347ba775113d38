/**
 * Labels and annotations as docker/metadata-action gives them, per plugin:
 * the OCI keys (title, description, url, source, version, created,
 * revision, licenses) then the `labels` / `annotations` inputs (expressions
 * expanded, the later line wins on a key), sorted by key.
 *
 * How it combines with ours: each plugin's own name and version fill
 * `title` and `version` (metadata-action would put the repository's name
 * and the main tag); `created` is the commit time, so rebuilds keep their
 * digest. A wasm artifact has no image config to hold labels, so the
 * manifest's annotations are the labels, then the annotations (which win on
 * the same key), then this project's own `io.github.wasm-plugin-ci.*` keys,
 * which no input may set.
 */
import { InputError } from '../common/errors.js';
import type { ArtifactMetadata } from './layouts.js';
import { ANNOTATION } from './media-types.js';
import { CHECK_CONTEXTS, renderGlobalExpressions, type TagContext } from './tags.js';

export interface KeyValueLine {
  key: string;
  value: string;
  line: string;
  lineNo: number;
}

const OWN_PREFIX = 'io.github.wasm-plugin-ci.';
const KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** `key=value` lines (`#` comments); checked now, expanded per plugin later. */
export function parseKeyValueLines(text: string, input: string): KeyValueLine[] {
  const out: KeyValueLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const where = `${input} line ${i + 1} '${line}'`;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new InputError(`${where}: not key=value`);
    const key = line.slice(0, eq).trim();
    if (!KEY.test(key)) throw new InputError(`${where}: '${key}' is not an annotation key`);
    if (key.startsWith(OWN_PREFIX))
      throw new InputError(`${where}: keys under ${OWN_PREFIX} are set by wasm-plugin-ci itself`);
    out.push({ key, value: line.slice(eq + 1).trim(), line, lineNo: i + 1 });
  });
  return out;
}

export interface PluginMetadataInput {
  ctx: TagContext;
  /** The main tag (metadata-action's version) when the plugin has no version of its own. */
  mainTag?: string;
  /** Repository-level facts (source, revision, created, licenses, description, url). */
  base: ArtifactMetadata & { url?: string };
  labels: KeyValueLine[];
  annotations: KeyValueLine[];
}

export interface PluginMetadata {
  /** metadata-action's `labels`: the OCI keys, then the labels input. */
  labels: Record<string, string>;
  /** metadata-action's `annotations`: the OCI keys, then the annotations input. */
  annotations: Record<string, string>;
  /**
   * The keys the inputs set, for the manifest (labels, then annotations over
   * them); the OCI keys get there from ArtifactMetadata as before, so
   * that without these inputs a digest stays what it was.
   */
  manifest: Record<string, string>;
}

function sorted(map: Map<string, string>): Record<string, string> {
  return Object.fromEntries(
    [...map].filter(([, v]) => v !== '').sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** The labels and annotations of one plugin's artifact. */
export function pluginMetadata(input: PluginMetadataInput): PluginMetadata {
  const { ctx, base } = input;
  const oci: [string, string | undefined][] = [
    [ANNOTATION.title, ctx.plugin],
    [ANNOTATION.description, base.description],
    ['org.opencontainers.image.url', base.url ?? base.source],
    [ANNOTATION.source, base.source],
    [ANNOTATION.version, ctx.version ?? input.mainTag],
    [ANNOTATION.created, base.created],
    [ANNOTATION.revision, base.revision ?? ctx.sha],
    [ANNOTATION.licenses, base.licenses],
  ];
  const given = (lines: KeyValueLine[], name: string) =>
    new Map(
      lines.map((l) => [
        l.key,
        renderGlobalExpressions(l.value, ctx, `${name} line ${l.lineNo} '${l.line}'`),
      ]),
    );
  const labels = given(input.labels, 'labels');
  const annotations = given(input.annotations, 'annotations');
  const withOci = (own: Map<string, string>) =>
    sorted(new Map([...oci.map(([k, v]): [string, string] => [k, v ?? '']), ...own]));
  return {
    labels: withOci(labels),
    annotations: withOci(annotations),
    manifest: sorted(new Map([...labels, ...annotations])),
  };
}

/** `key=value` lines, as metadata-action's `labels` and `annotations` outputs print them. */
export function keyValueText(map: Record<string, string>, prefix = ''): string[] {
  return Object.entries(map).map(([k, v]) => `${prefix}${k}=${v}`);
}

/** Checks the `labels` and `annotations` inputs before any build (keys, expressions). */
export function checkMetadataInputs(
  labelsText: string,
  annotationsText: string,
): { labels: KeyValueLine[]; annotations: KeyValueLine[] } {
  const labels = parseKeyValueLines(labelsText, 'labels');
  const annotations = parseKeyValueLines(annotationsText, 'annotations');
  for (const ctx of CHECK_CONTEXTS) pluginMetadata({ ctx, base: {}, labels, annotations });
  return { labels, annotations };
}
