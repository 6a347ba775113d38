/**
 * Media types the gateways and Higress use (FACTS.md sections 1-3). The
 * gateway only looks at layer types; config type and artifactType are for
 * humans and registries.
 */
/** The file in a tar+gzip layer that the gateway takes as the module. */
export const MODULE_FILE_NAME = 'plugin.wasm';

export const MT = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociLayerTarGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  wasmLayer: 'application/vnd.module.wasm.content.layer.v1+wasm',
  wasmConfig: 'application/vnd.module.wasm.config.v1+json',
  /** CNCF wasm artifact: NOT loadable by Istio/Higress (higress #4528). */
  cncfWasm: 'application/wasm',
  empty: 'application/vnd.oci.empty.v1+json',
  /** What `oras push` uses without --artifact-type, as Higress's workflow does. */
  unknownArtifact: 'application/vnd.unknown.artifact.v1',
  /** The config type `oras push --image-spec v1.0` uses. */
  unknownConfig: 'application/vnd.unknown.config.v1+json',
  docMarkdown: 'application/vnd.module.wasm.doc.v1+markdown',
  spec: 'application/vnd.module.wasm.spec.v1+yaml',
  icon: 'application/vnd.module.wasm.icon.v1+png',
} as const;

/** `README_EN.md` -> `application/vnd.module.wasm.doc.v1.EN+markdown`. */
export function docMediaType(lang: string): string {
  return `application/vnd.module.wasm.doc.v1.${lang}+markdown`;
}

/** The empty JSON descriptor content `{}` (image-spec 1.1). */
export const EMPTY_JSON = Buffer.from('{}');
export const EMPTY_JSON_DIGEST =
  'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

export const ANNOTATION = {
  created: 'org.opencontainers.image.created',
  source: 'org.opencontainers.image.source',
  revision: 'org.opencontainers.image.revision',
  version: 'org.opencontainers.image.version',
  title: 'org.opencontainers.image.title',
  description: 'org.opencontainers.image.description',
  licenses: 'org.opencontainers.image.licenses',
  abi: 'io.github.wasm-plugin-ci.abi-version',
  builder: 'io.github.wasm-plugin-ci.builder',
  toolchain: 'io.github.wasm-plugin-ci.toolchain-version',
  wasmSha256: 'io.github.wasm-plugin-ci.wasm.sha256',
} as const;
