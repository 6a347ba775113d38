/**
 * Release references (git tags) that say "publish plugin X at version Y".
 * Higress split its tags on the letter `v`, which broke plugin names that
 * contain a `v`; here the plugin part is matched against the known names,
 * longest first, so `nginx-v2-compat-v1.2.3` finds `nginx-v2-compat`.
 */
import semver from 'semver';

export interface ReleaseRef {
  /** Absent for a bare `vX.Y.Z`, which releases every selected plugin. */
  plugin?: string;
  version: string;
}

const HIGRESS_PREFIX = 'wasm-go-';

/** `vX.Y.Z[-pre][+build]` to `X.Y.Z[-pre][+build]`, or null when not a strict semver. */
function versionOf(text: string): string | null {
  if (!text.startsWith('v')) return null;
  const v = text.slice(1);
  return semver.valid(v) === v ? v : null;
}

/**
 * Parses a git ref (`refs/tags/...` or a bare tag name) as a release ref:
 * `vX.Y.Z`, `<plugin>-vX.Y.Z`, `<plugin>/vX.Y.Z` or `wasm-go-<plugin>-vX.Y.Z`.
 * Returns null when the ref is not a release of a known plugin.
 */
export function parseReleaseRef(
  ref: string,
  pluginNames: string[],
): { plugin?: string; version: string } | null {
  const tag = ref.replace(/^refs\/tags\//, '');
  const bare = versionOf(tag);
  if (bare) return { version: bare };

  // Longest names first, so a name that is a prefix of another never wins.
  const names = [...new Set(pluginNames)].sort((a, b) => b.length - a.length);
  const candidates = tag.startsWith(HIGRESS_PREFIX)
    ? [tag, tag.slice(HIGRESS_PREFIX.length)]
    : [tag];
  for (const candidate of candidates) {
    for (const name of names) {
      for (const sep of ['-', '/']) {
        const prefix = `${name}${sep}`;
        if (!candidate.startsWith(prefix)) continue;
        const version = versionOf(candidate.slice(prefix.length));
        if (version) return { plugin: name, version };
      }
    }
  }
  return null;
}

/** True for versions with a prerelease part (`1.0.0-alpha`): no aliases for those. */
export function isPrerelease(version: string): boolean {
  return (semver.prerelease(version)?.length ?? 0) > 0;
}
