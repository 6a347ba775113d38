/**
 * Where each tool is downloaded from (FACTS.md section 5), and how its archive
 * is laid out. Base URLs are replaceable per tool for mirrors and GHES.
 */
import { InputError } from '../common/errors.js';
import type { ArchName, OsName, ToolName, ToolchainRequest } from './types.js';

export const DEFAULT_BASE_URLS: Record<ToolName, string> = {
  go: 'https://go.dev/dl',
  tinygo: 'https://github.com/tinygo-org/tinygo/releases/download',
  oras: 'https://github.com/oras-project/oras/releases/download',
  'wasm-opt': 'https://github.com/WebAssembly/binaryen/releases/download',
};

/** Sub-directory of a `--mirror` root per tool (docs/setup.md). */
const MIRROR_DIRS: Record<ToolName, string> = {
  go: 'go',
  tinygo: 'tinygo',
  oras: 'oras',
  'wasm-opt': 'binaryen',
};

function checkUrl(url: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`${what}: '${url}' is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new InputError(`${what}: '${url}' is not an http(s) URL`);
  }
  return url.replace(/\/+$/, '');
}

export function baseUrlFor(tool: ToolName, request: ToolchainRequest): string {
  const own = request.baseUrls?.[tool];
  if (own) return checkUrl(own, `${tool} download base URL`);
  if (request.mirror) return `${checkUrl(request.mirror, 'mirror')}/${MIRROR_DIRS[tool]}`;
  return DEFAULT_BASE_URLS[tool];
}

export function goListingUrl(base: string): string {
  return `${base}/?mode=json&include=all`;
}

export function goArchiveUrl(base: string, filename: string): string {
  return `${base}/${filename}`;
}

export function tinygoArchiveName(version: string, os: OsName, arch: ArchName): string {
  return `tinygo${version}.${os}-${arch}.tar.gz`;
}

export function tinygoArchiveUrl(
  base: string,
  version: string,
  os: OsName,
  arch: ArchName,
): string {
  return `${base}/v${version}/${tinygoArchiveName(version, os, arch)}`;
}

export function orasArchiveName(version: string, os: OsName, arch: ArchName): string {
  return `oras_${version}_${os}_${arch}.tar.gz`;
}

export function orasArchiveUrl(base: string, version: string, os: OsName, arch: ArchName): string {
  return `${base}/v${version}/${orasArchiveName(version, os, arch)}`;
}

export function orasChecksumsUrl(base: string, version: string): string {
  return `${base}/v${version}/oras_${version}_checksums.txt`;
}

export function binaryenArchiveName(version: string, os: OsName, arch: ArchName): string {
  const platform =
    os === 'linux'
      ? `${arch === 'amd64' ? 'x86_64' : 'aarch64'}-linux`
      : `${arch === 'amd64' ? 'x86_64' : 'arm64'}-macos`;
  return `binaryen-version_${version}-${platform}.tar.gz`;
}

export function binaryenArchiveUrl(
  base: string,
  version: string,
  os: OsName,
  arch: ArchName,
): string {
  return `${base}/version_${version}/${binaryenArchiveName(version, os, arch)}`;
}

/** Exact versions only for the GitHub-released tools: a typo must not become "latest". */
const VERSION_SHAPES: Record<Exclude<ToolName, 'go'>, RegExp> = {
  tinygo: /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/,
  oras: /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/,
  'wasm-opt': /^\d+$/,
};

export function normaliseExactVersion(
  tool: Exclude<ToolName, 'go'>,
  spec: string,
  where: string,
): string {
  let v = spec.trim().replace(/^v/, '');
  if (tool === 'wasm-opt') v = v.replace(/^version_/, '');
  if (!VERSION_SHAPES[tool].test(v)) {
    const want =
      tool === 'wasm-opt' ? 'a binaryen release number, e.g. 123' : 'an exact version, e.g. 0.33.0';
    throw new InputError(`${where}: '${spec}' is not ${want}`);
  }
  return v;
}
