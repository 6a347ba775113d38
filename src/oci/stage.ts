/**
 * The publish stage as the pipeline calls it: a BuildResult in, the plugin's
 * PublishOutcome(s) out. Maps build facts (builder, toolchain, version) to
 * annotations and the image-name template to a target; the work is publishPlugin's.
 */
import { InputError } from '../common/errors.js';
import type { Log } from '../common/log.js';
import type { BuildResult, Layout } from '../model.js';
import type { Credentials } from './docker-config.js';
import type { ArtifactMetadata, ManifestForm } from './layouts.js';
import { publishPlugin, type PublishOutcome } from './publish.js';
import { parseImageRef } from './reference.js';
import { renderImageName } from './tags.js';

export interface PublishStageOptions {
  /** e.g. `ghcr.io/acme/{{plugin}}`; absent means the local layout only. */
  imageName?: string;
  /** Also (or only) write to this local OCI image layout. */
  ociLayoutDir?: string;
  /** From computeTags; empty means nothing to push (e.g. a pull request). */
  tags: string[];
  layout?: Layout;
  credentials?: Credentials;
  insecure?: boolean;
  imageSpec?: 'auto' | ManifestForm;
  metadata?: Pick<ArtifactMetadata, 'source' | 'revision' | 'created' | 'licenses' | 'description'>;
  /** From the smoke report, when it ran. */
  abiVersion?: string;
  env?: NodeJS.ProcessEnv;
}

export async function publishBuild(
  build: BuildResult,
  options: PublishStageOptions,
  log: Log,
): Promise<PublishOutcome[]> {
  const { plugin } = build;
  if (!options.tags.length) {
    log.info(`${plugin.name}: no tags for this build; nothing to publish`);
    return [];
  }
  if (!options.imageName && !options.ociLayoutDir)
    throw new InputError('publish: give an image name or an OCI layout directory');
  const common = {
    plugin: plugin.name,
    wasm: build.wasm,
    pluginDir: plugin.dir,
    layout: options.layout,
    tags: options.tags,
    imageSpec: options.imageSpec,
    version: plugin.version,
    metadata: {
      ...options.metadata,
      title: plugin.name,
      version: plugin.version,
      abiVersion: options.abiVersion,
      builder: plugin.builder,
      toolchainVersion: build.toolchainVersion,
    },
  };
  const out: PublishOutcome[] = [];
  if (options.imageName) {
    const ref = parseImageRef(
      `${renderImageName(options.imageName, plugin.name)}:${options.tags[0]}`,
    );
    out.push(
      await publishPlugin(
        {
          ...common,
          target: {
            kind: 'registry',
            registry: ref.registry,
            repository: ref.repository,
            credentials: options.credentials,
            insecure: options.insecure,
            env: options.env,
          },
        },
        log,
      ),
    );
  }
  if (options.ociLayoutDir)
    out.push(
      await publishPlugin(
        { ...common, target: { kind: 'layout', dir: options.ociLayoutDir } },
        log,
      ),
    );
  return out;
}
