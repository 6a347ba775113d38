/**
 * Which tags a publish pushes. Release refs are parsed in release-ref.ts
 * (re-exported here: the detect stage imports parseReleaseRef from this
 * module). Tags come from a template in the spirit of docker/metadata-action,
 * one rule a line (docs/publish.md):
 *
 *   type=semver,pattern={{version}}          1.2.3   (releases)
 *   type=semver,pattern={{major}}.{{minor}}  1.2     (releases, never prereleases)
 *   type=semver,pattern={{major}}            1       (releases, never prereleases)
 *   type=raw,value=latest,event=release      latest  (never prereleases, never backwards)
 *   type=sha,prefix=sha-                     sha-0123abc (branch builds)
 *   type=ref,event=branch                    main    (branch builds)
 *   type=ref,event=pr                        pr-12   (pull requests, only when asked)
 *
 * Every rule takes `prefix=` and `suffix=`; `{{plugin}}` expands anywhere.
 */
import semver from 'semver';
import { InputError } from '../common/errors.js';
import { isPrerelease } from './release-ref.js';
import { isValidTag, parseImageRef } from './reference.js';

export { parseReleaseRef, isPrerelease, type ReleaseRef } from './release-ref.js';

export type BuildEvent = 'release' | 'branch' | 'pull_request';

export interface TagContext {
  plugin: string;
  event: BuildEvent;
  /** The release version (from the release ref or the VERSION file). */
  version?: string;
  branch?: string;
  sha?: string;
  prNumber?: number;
  /** Pull requests push nothing unless this is set. */
  pushPullRequests?: boolean;
}

export const DEFAULT_TAGS_TEMPLATE = [
  'type=semver,pattern={{version}}',
  'type=semver,pattern={{major}}.{{minor}}',
  'type=semver,pattern={{major}}',
  'type=raw,value=latest,event=release',
  'type=sha,prefix=sha-',
  'type=ref,event=branch',
  'type=ref,event=pr',
].join('\n');

interface Rule {
  line: string;
  attrs: Record<string, string>;
}

function parseRules(template: string): Rule[] {
  return template
    .split(/\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const attrs: Record<string, string> = {};
      for (const part of line.split(',')) {
        const eq = part.indexOf('=');
        if (eq <= 0) throw new InputError(`tags template: '${part}' in '${line}' is not key=value`);
        attrs[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
      }
      if (!['semver', 'raw', 'sha', 'ref'].includes(attrs.type ?? '')) {
        throw new InputError(
          `tags template: unknown type '${attrs.type ?? ''}' in '${line}' (semver, raw, sha or ref)`,
        );
      }
      return { line, attrs };
    });
}

/** A branch name as a tag: invalid characters become '-', at most 128 characters. */
export function sanitizeTag(value: string): string {
  const s = value
    .replace(/^refs\/heads\//, '')
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[.-]+/, '');
  return s.slice(0, 128);
}

function eventMatches(want: string | undefined, event: BuildEvent): boolean {
  if (!want || want === 'always') return true;
  return (want === 'pr' ? 'pull_request' : want) === event;
}

/** The tags for one plugin in this build, in template order, without duplicates. */
export function computeTags(ctx: TagContext, template = DEFAULT_TAGS_TEMPLATE): string[] {
  if (ctx.event === 'pull_request' && !ctx.pushPullRequests) return [];
  const parsed = ctx.version ? semver.parse(ctx.version) : null;
  if (ctx.version && !parsed)
    throw new InputError(`version '${ctx.version}' of ${ctx.plugin} is not semver (X.Y.Z)`);
  const pre = ctx.version ? isPrerelease(ctx.version) : false;
  const out: string[] = [];
  for (const { line, attrs } of parseRules(template)) {
    let value: string | undefined;
    switch (attrs.type) {
      case 'semver': {
        if (ctx.event !== 'release' || !parsed) break;
        const pattern = attrs.pattern ?? '{{version}}';
        // metadata-action's rule: partial versions only for stable releases
        if (pre && pattern !== '{{version}}') break;
        value = pattern
          .replaceAll('{{version}}', parsed.version)
          .replaceAll('{{major}}', String(parsed.major))
          .replaceAll('{{minor}}', String(parsed.minor))
          .replaceAll('{{patch}}', String(parsed.patch));
        break;
      }
      case 'raw':
        if (!eventMatches(attrs.event, ctx.event)) break;
        if (attrs.value === 'latest' && (pre || ctx.event !== 'release')) break;
        value = attrs.value;
        break;
      case 'sha':
        if (ctx.event === 'release' || !ctx.sha) break;
        value = `${attrs.prefix ?? 'sha-'}${ctx.sha.slice(0, Number(attrs.length ?? 7))}`;
        attrs.prefix = '';
        break;
      case 'ref':
        if (attrs.event === 'branch' && ctx.event === 'branch' && ctx.branch)
          value = sanitizeTag(ctx.branch);
        if (attrs.event === 'pr' && ctx.event === 'pull_request' && ctx.prNumber !== undefined)
          value = `pr-${ctx.prNumber}`;
        break;
    }
    if (value === undefined || value === '') continue;
    const tag = `${attrs.prefix ?? ''}${value}${attrs.suffix ?? ''}`.replaceAll(
      '{{plugin}}',
      ctx.plugin,
    );
    if (!isValidTag(tag))
      throw new InputError(`tags template: '${line}' gives '${tag}', which is not a valid tag`);
    if (!out.includes(tag)) out.push(tag);
  }
  return out;
}

/**
 * Drops `latest` when the registry already holds a higher stable release:
 * re-running an old release must not move `latest` backwards.
 */
export function keepLatestMonotonic(
  tags: string[],
  version: string,
  existingTags: string[],
): string[] {
  const highest = existingTags
    .map((t) => semver.valid(t.replace(/^v/, '')))
    .filter((v): v is string => !!v && !isPrerelease(v))
    .sort(semver.rcompare)[0];
  if (!highest || !semver.valid(version) || semver.gte(version, highest)) return tags;
  return tags.filter((t) => t !== 'latest');
}

/** `ghcr.io/acme/{{plugin}}` -> `ghcr.io/acme/key-auth`, checked as an image name. */
export function renderImageName(template: string, plugin: string): string {
  const name = template.replaceAll('{{plugin}}', plugin).replace(/\/+$/, '');
  parseImageRef(`${name}:x`); // throws InputError naming the value when invalid
  return name;
}
