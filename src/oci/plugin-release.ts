/**
 * What one plugin's publish will be, decided before anything is built: its
 * tags (tags.ts), labels and annotations (metadata.ts) and image name. A bad
 * rule, a bad version or a bad image name is an input error now (exit 2),
 * not after every plugin was built and smoke-tested.
 */
import type { Log } from '../common/log.js';
import type { Plugin } from '../model.js';
import type { ArtifactMetadata } from './layouts.js';
import { pluginMetadata, type KeyValueLine, type PluginMetadata } from './metadata.js';
import { computeTagSet, type ComputedTags, type Flavor, type TagContext } from './tags.js';

export interface ReleaseRules {
  /** docker/metadata-action style rules; empty means DEFAULT_TAGS_TEMPLATE. */
  tagsTemplate?: string;
  flavor?: Flavor;
  /** The build's context; the plugin and its version are filled in per plugin. */
  tagContext: Omit<TagContext, 'plugin' | 'version'>;
  /** Publish a plugin that has a version as a release (`refs/tags/v<version>`), whatever the ref (the CLI's default). */
  releaseWhenVersioned?: boolean;
  /** With releaseWhenVersioned: a plugin without a version publishes nothing (CLI --event release). */
  onlyReleases?: boolean;
  /** Repository-level annotations (source, revision, created, licenses, url). */
  metadata?: ArtifactMetadata & { url?: string };
  labels?: KeyValueLine[];
  annotations?: KeyValueLine[];
}

export interface PluginRelease {
  context: TagContext;
  computed: ComputedTags;
  metadata: PluginMetadata;
}

/** The context the rules see for one plugin. */
export function pluginTagContext(plugin: Plugin, rules: ReleaseRules): TagContext {
  const ctx: TagContext = { ...rules.tagContext, plugin: plugin.name, version: plugin.version };
  if (rules.releaseWhenVersioned && plugin.version)
    return { ...ctx, eventName: 'push', ref: `refs/tags/v${plugin.version}` };
  return ctx;
}

export function planPluginRelease(plugin: Plugin, rules: ReleaseRules, log: Log): PluginRelease {
  const context = pluginTagContext(plugin, rules);
  const skip = rules.onlyReleases && !plugin.version;
  const { warnings, ...computed } = skip
    ? { warnings: [], version: { partial: [], latest: false }, tags: [] }
    : computeTagSet(context, rules.tagsTemplate, rules.flavor);
  for (const w of warnings) log.warn(`${plugin.name}: ${w}`);
  const metadata = pluginMetadata({
    ctx: context,
    mainTag: computed.version.main,
    base: rules.metadata ?? {},
    labels: rules.labels ?? [],
    annotations: rules.annotations ?? [],
  });
  return { context, computed, metadata };
}
