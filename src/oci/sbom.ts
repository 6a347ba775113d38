/**
 * An SPDX 2.3 JSON SBOM of one plugin module, built from the Go build
 * information the module carries (go-buildinfo.ts): the plugin's main module
 * (the package the document describes, with the wasm's sha256), the Go
 * standard library at the Go version that built it, and every dependency
 * with its version and go.sum hash. Deterministic: the same module and
 * inputs give the same bytes (the namespace is derived from the wasm's
 * sha256, the creation time is the commit time when known).
 */
import type { GoBuildInfo, GoModule } from './go-buildinfo.js';

export const SPDX_MEDIA_TYPE = 'application/spdx+json';

export interface SbomInput {
  plugin: string;
  /** Hex sha256 of plugin.wasm. */
  wasmSha256: string;
  info: GoBuildInfo;
  /** The plugin's release version, when it has one. */
  version?: string;
  /** SPDX license expression of the plugin (the `licenses` input). */
  licenses?: string;
  /** RFC 3339; defaults to the epoch so that the document stays reproducible. */
  created?: string;
  /** The repository URL, as the main package's download location. */
  source?: string;
  toolVersion?: string;
}

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  packageFileName?: string;
  downloadLocation: string;
  filesAnalyzed: false;
  checksums?: { algorithm: 'SHA256'; checksumValue: string }[];
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText: string;
  primaryPackagePurpose?: string;
  comment?: string;
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
}

export interface SpdxDocument {
  spdxVersion: 'SPDX-2.3';
  dataLicense: 'CC0-1.0';
  SPDXID: 'SPDXRef-DOCUMENT';
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
}

/** `pkg:golang/<path>@<version>` (package-url's golang type). */
export function goPurl(path: string, version: string): string {
  const enc = (s: string) => s.split('/').map(encodeURIComponent).join('/');
  return version
    ? `pkg:golang/${enc(path)}@${encodeURIComponent(version)}`
    : `pkg:golang/${enc(path)}`;
}

/** go.sum's `h1:` hash (base64 SHA-256 of the module's file list) as hex. */
function h1Hex(sum: string | undefined): string | undefined {
  if (!sum?.startsWith('h1:')) return undefined;
  const bytes = Buffer.from(sum.slice(3), 'base64');
  return bytes.length === 32 ? bytes.toString('hex') : undefined;
}

/** SPDX dates are `YYYY-MM-DDThh:mm:ssZ`, UTC, no fractions. */
function spdxDate(rfc3339: string | undefined): string {
  const d = rfc3339 ? new Date(rfc3339) : new Date(0);
  const t = Number.isNaN(d.getTime()) ? new Date(0) : d;
  return `${t.toISOString().slice(0, 19)}Z`;
}

const purlRef = (locator: string) => ({
  referenceCategory: 'PACKAGE-MANAGER',
  referenceType: 'purl',
  referenceLocator: locator,
});

function depPackage(dep: GoModule, id: string): SpdxPackage {
  const used = dep.replace ?? dep;
  const hex = h1Hex(used.sum);
  const pkg: SpdxPackage = {
    SPDXID: id,
    name: used.path,
    versionInfo: used.version || undefined,
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: 'LIBRARY',
    externalRefs: [purlRef(goPurl(used.path, used.version))],
  };
  if (hex) pkg.checksums = [{ algorithm: 'SHA256', checksumValue: hex }];
  const notes = [];
  if (hex) notes.push(`checksum: the go.sum hash ${used.sum}`);
  if (dep.replace) notes.push(`replaces ${dep.path} ${dep.version}`);
  if (notes.length) pkg.comment = notes.join('; ');
  return pkg;
}

export function spdxDocument(input: SbomInput): SpdxDocument {
  const { info } = input;
  const mainPath = info.main.path || info.path;
  const mainId = 'SPDXRef-Package-plugin';
  const goVersion = info.goVersion?.replace(/^go/, '');
  const main: SpdxPackage = {
    SPDXID: mainId,
    name: mainPath,
    versionInfo: input.version ?? (info.main.version !== '(devel)' ? info.main.version : undefined),
    packageFileName: 'plugin.wasm',
    downloadLocation: input.source ?? 'NOASSERTION',
    filesAnalyzed: false,
    checksums: [{ algorithm: 'SHA256', checksumValue: input.wasmSha256 }],
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: input.licenses || 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: 'APPLICATION',
    comment: `wasm-plugin-ci plugin ${input.plugin}; built with ${Object.entries(info.settings)
      .filter(([k]) => ['-buildmode', '-compiler', 'GOOS', 'GOARCH', '-tags'].includes(k))
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
    externalRefs: [purlRef(goPurl(mainPath, input.version ? `v${input.version}` : ''))],
  };
  const packages = [main];
  const relationships = [
    {
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: mainId,
    },
  ];
  if (goVersion) {
    packages.push({
      SPDXID: 'SPDXRef-Package-go-stdlib',
      name: 'stdlib',
      versionInfo: `go${goVersion}`,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'BSD-3-Clause',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'LIBRARY',
      comment: 'the Go standard library and runtime linked into the module',
      externalRefs: [purlRef(goPurl('stdlib', goVersion))],
    });
    relationships.push({
      spdxElementId: mainId,
      relationshipType: 'DEPENDS_ON',
      relatedSpdxElement: 'SPDXRef-Package-go-stdlib',
    });
  }
  info.deps.forEach((dep, i) => {
    const id = `SPDXRef-Package-go-module-${i + 1}`;
    packages.push(depPackage(dep, id));
    relationships.push({
      spdxElementId: mainId,
      relationshipType: 'DEPENDS_ON',
      relatedSpdxElement: id,
    });
  });
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${input.plugin} plugin.wasm`,
    documentNamespace: `https://wasm-plugin-ci.invalid/spdx/${encodeURIComponent(input.plugin)}/${input.wasmSha256}`,
    creationInfo: {
      created: spdxDate(input.created),
      creators: [`Tool: wasm-plugin-ci${input.toolVersion ? `-${input.toolVersion}` : ''}`],
    },
    packages,
    relationships,
  };
}
