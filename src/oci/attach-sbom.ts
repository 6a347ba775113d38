/**
 * After a plugin's artifact is pushed: its SPDX SBOM (sbom.ts, from the Go
 * build information in the module) attached to it as a referrer
 * (referrers.ts), so that `oras discover` lists it.
 */
import type { Log } from '../common/log.js';
import { dockerCredentials } from './docker-config.js';
import { readGoBuildInfo } from './go-buildinfo.js';
import type { PublishOutcome, PublishTarget } from './publish.js';
import { attachReferrer, type AttachedReferrer } from './referrers.js';
import { RegistryClient } from './registry-client.js';
import { SPDX_MEDIA_TYPE, spdxDocument } from './sbom.js';

export interface SbomOutcome extends AttachedReferrer {
  /** Packages the document lists: the plugin, the Go standard library, each dependency. */
  packages: number;
  dependencies: string[];
}

export interface AttachSbomInput {
  plugin: string;
  target: Extract<PublishTarget, { kind: 'registry' }>;
  /** The artifact the SBOM describes (its manifest is the referrer's subject). */
  published: Pick<PublishOutcome, 'manifest'>;
  wasm: Buffer;
  wasmSha256: string;
  toolchainVersion?: string;
  version?: string;
  licenses?: string;
  created?: string;
  source?: string;
}

/** Undefined when the module carries no Go build information (TinyGo builds). */
export async function attachSbom(
  input: AttachSbomInput,
  log: Log,
): Promise<SbomOutcome | undefined> {
  const info = readGoBuildInfo(input.wasm, input.toolchainVersion);
  if (!info) {
    log.warn(`${input.plugin}: the module carries no Go build information; no SBOM attached`);
    return undefined;
  }
  const doc = spdxDocument({
    plugin: input.plugin,
    wasmSha256: input.wasmSha256,
    info,
    version: input.version,
    licenses: input.licenses,
    created: input.created,
    source: input.source,
  });
  const t = input.target;
  const client = new RegistryClient(t.registry, {
    credentials: t.credentials ?? (await dockerCredentials(t.registry, t.env)),
    insecure: t.insecure,
    log,
    timeoutMs: t.timeoutMs,
    fetch: t.fetch,
  });
  const attached = await attachReferrer(
    client,
    t.repository,
    {
      subject: input.published.manifest,
      artifactType: SPDX_MEDIA_TYPE,
      content: Buffer.from(`${JSON.stringify(doc, null, 2)}\n`),
      title: `${input.plugin}.spdx.json`,
      annotations: input.created ? { 'org.opencontainers.image.created': input.created } : {},
    },
    log,
  );
  const dependencies = info.deps.map((d) => `${d.path}@${d.version}`);
  log.info(
    `${input.plugin}: SBOM (SPDX 2.3, ${doc.packages.length} packages) attached as ${attached.digest} (${attached.listedBy === 'referrers-api' ? 'referrers API' : `referrers tag ${attached.indexTag}`})`,
  );
  return { ...attached, packages: doc.packages.length, dependencies };
}
