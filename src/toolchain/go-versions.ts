/**
 * Go's own version names (go1.20, go1.24.4, go1.25rc1) and the go.dev listing
 * (`?mode=json&include=all`) they are resolved against.
 */
import semver from 'semver';
import { InputError } from '../common/errors.js';

export interface GoListingFile {
  filename: string;
  os: string;
  arch: string;
  version: string;
  sha256: string;
  size?: number;
  kind: string;
}

export interface GoRelease {
  version: string;
  stable: boolean;
  files: GoListingFile[];
}

interface ParsedGo {
  major: number;
  minor: number;
  patch: number;
  /** 'beta' < 'rc' < '' (final). */
  pre: '' | 'beta' | 'rc';
  preNum: number;
}

const GO_VERSION = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(beta|rc)(\d+))?$/;

export function parseGoVersion(text: string): ParsedGo | undefined {
  const m = GO_VERSION.exec(text.trim());
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3] ?? 0),
    pre: (m[4] as ParsedGo['pre']) ?? '',
    preNum: Number(m[5] ?? 0),
  };
}

const PRE_RANK = { beta: 0, rc: 1, '': 2 } as const;

export function compareGoVersions(a: string, b: string): number {
  const pa = parseGoVersion(a);
  const pb = parseGoVersion(b);
  if (!pa || !pb) throw new Error(`not Go versions: ${a}, ${b}`);
  return (
    pa.major - pb.major ||
    pa.minor - pb.minor ||
    pa.patch - pb.patch ||
    PRE_RANK[pa.pre] - PRE_RANK[pb.pre] ||
    pa.preNum - pb.preNum
  );
}

/** `go1.24.4` -> `1.24.4` (the form used in inputs, outputs and cache paths). */
export function bareGoVersion(version: string): string {
  return version.replace(/^go/, '');
}

/** The tool-cache directory name: semver, as actions/setup-go writes it (1.25.0-rc.1). */
export function goSemver(version: string): string {
  const p = parseGoVersion(version);
  if (!p) return bareGoVersion(version);
  const core = `${p.major}.${p.minor}.${p.patch}`;
  return p.pre ? `${core}-${p.pre}.${p.preNum}` : core;
}

/** Checks the shape of the listing: a foreign or broken answer must not pass for one. */
export function parseGoListing(text: string, source: string): GoRelease[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`Go release listing from ${source} is not JSON`);
  }
  if (
    !Array.isArray(data) ||
    !data.every((r) => typeof r?.version === 'string' && Array.isArray(r.files))
  ) {
    throw new Error(`Go release listing from ${source} is not a list of releases`);
  }
  return data as GoRelease[];
}

/**
 * Specs, as actions/setup-go reads them: `1.24.4` (exact), `1.24` / `1.24.x`
 * (newest 1.24 patch), `stable` (newest stable), `oldstable` (newest patch
 * of the line before), or a semver range (`^1.24`, `~1.24.1`, `>=1.23 <1.25`,
 * `1.x`).
 */
export type GoSpecKind = 'exact' | 'minor' | 'stable' | 'oldstable' | 'range';

export function classifyGoSpec(spec: string, where: string): { kind: GoSpecKind; prefix?: string } {
  const s = spec.trim().replace(/^go(?=\d)/, '');
  if (s === 'stable' || s === 'latest') return { kind: 'stable' };
  if (s === 'oldstable') return { kind: 'oldstable' };
  const minor = /^(\d+)\.(\d+)(?:\.x)?$/.exec(s);
  // Go 1.21+ names its first release 1.21.0, so "1.24" can only mean the line;
  // older lines (1.20) did name their first release without a patch number.
  if (minor && (s.endsWith('.x') || Number(minor[1]) > 1 || Number(minor[2]) >= 21)) {
    return { kind: 'minor', prefix: `${minor[1]}.${minor[2]}` };
  }
  if (parseGoVersion(s)) return { kind: 'exact' };
  if (/[\^~<>=*|xX ]/.test(s) && semver.validRange(s)) return { kind: 'range' };
  throw new InputError(
    `${where}: '${spec}' is not a Go version (want e.g. 1.24.4, 1.24.x, ^1.24, stable or oldstable)`,
  );
}

/** Does a spec that is not exact accept this version (1.24.4, go1.24.4)? Stable releases only. */
export function goSpecAccepts(spec: string, version: string, where: string): boolean {
  const { kind, prefix } = classifyGoSpec(spec, where);
  const p = parseGoVersion(version);
  if (!p || p.pre) return false;
  switch (kind) {
    case 'minor':
      return `${p.major}.${p.minor}` === prefix;
    case 'range':
      return semver.satisfies(goSemver(version), spec.trim());
    default:
      return false;
  }
}

/** Picks the release a spec means; exact versions must exist in the listing. */
export function resolveGoSpec(spec: string, releases: GoRelease[], where: string): GoRelease {
  const { kind } = classifyGoSpec(spec, where);
  const valid = releases.filter((r) => parseGoVersion(r.version));
  if (kind === 'exact') {
    const want = bareGoVersion(spec.trim());
    const found = valid.find((r) => bareGoVersion(r.version) === want);
    if (!found) throw new InputError(`${where}: Go ${want} is not in the Go release listing`);
    return found;
  }
  const stable = valid
    .filter((r) => r.stable)
    .sort((a, b) => compareGoVersions(b.version, a.version));
  let candidates = stable;
  if (kind === 'oldstable') {
    // The newest patch of the second-newest line, as setup-go reads oldstable.
    const lines = [
      ...new Set(stable.map((r) => bareGoVersion(r.version).split('.').slice(0, 2).join('.'))),
    ];
    candidates = stable.filter(
      (r) => lines[1] && bareGoVersion(r.version).startsWith(`${lines[1]}.`),
    );
  } else if (kind !== 'stable')
    candidates = stable.filter((r) => goSpecAccepts(spec, r.version, where));
  if (!candidates[0]) {
    throw new InputError(
      `${where}: no stable Go release matches '${spec}' in the Go release listing`,
    );
  }
  return candidates[0];
}

/** The archive of a release for one platform, with its published sha256. */
export function goArchiveFor(release: GoRelease, os: string, arch: string): GoListingFile {
  const file = release.files.find((f) => f.os === os && f.arch === arch && f.kind === 'archive');
  if (!file)
    throw new InputError(`Go ${bareGoVersion(release.version)} has no ${os}/${arch} archive`);
  if (!/^[0-9a-f]{64}$/.test(file.sha256)) {
    throw new Error(`Go release listing gives no usable sha256 for ${file.filename}`);
  }
  return file;
}
