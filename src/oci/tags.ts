/**
 * Which tags a publish pushes, as docker/metadata-action computes them
 * (rules in tag-rules.ts, expressions in tag-expressions.ts): each enabled
 * rule, highest priority first, may give one value; the first value is the
 * main version, the others follow it, and `latest` comes last when the
 * flavor says so (`auto`: when the first value came from a stable semver or
 * pep440 release, a match, or a git tag).
 *
 * What is ours, per plugin (docs/publish.md, "Tags"):
 * - the release rules (semver, pep440, match) read the plugin's release: for
 *   a release ref (`<plugin>-vX.Y.Z`, `wasm-go-<plugin>-vX.Y.Z`, `vX.Y.Z`) the
 *   version part `vX.Y.Z`, else the plugin's VERSION, else the git tag itself;
 * - `{{plugin}}` expands anywhere; `{{is_release}}` / `{{is_not_release}}`;
 * - a branch (or pull request number) is never given a name that a release
 *   owns: one that looks like a version or is `latest` becomes
 *   `branch-<name>` (`pr-<n>`);
 * - pull requests push nothing unless asked.
 */
import pep440 from '@renovatebot/pep440';
import semver from 'semver';
import { InputError } from '../common/errors.js';
import { parseReleaseRef } from './release-ref.js';
import { parseImageRef } from './reference.js';
import { dateHelper, plain, renderExpressions, type Helpers } from './tag-expressions.js';
import {
  compileRegex,
  DEFAULT_FLAVOR,
  parseFlavor,
  parseTagRules,
  type Flavor,
  type TagRule,
} from './tag-rules.js';

export { parseReleaseRef, isPrerelease, type ReleaseRef } from './release-ref.js';
export { parseTagRules, parseFlavor, type TagRule, type Flavor } from './tag-rules.js';

/** What one build of one plugin is, for the rules; the GitHub context, per plugin. */
export interface TagContext {
  plugin: string;
  /** GITHUB_EVENT_NAME: push, pull_request, schedule, workflow_dispatch, ... */
  eventName: string;
  /** GITHUB_REF: refs/heads/B, refs/tags/T, refs/pull/N/merge (empty when unknown). */
  ref: string;
  /** The commit built (the pull request's head for pull requests). */
  sha?: string;
  /** The repository's default branch (the event payload's repository.default_branch). */
  defaultBranch?: string;
  /** A pull request's base branch; a tag push's base_ref. */
  baseRef?: string;
  /** The plugin's version: from a release ref, else its VERSION file. */
  version?: string;
  /** "Now" for {{date}}: one instant for the whole run, so every plugin agrees. */
  date?: Date;
  /** The commit's date for {{commit_date}} (falls back to `date`). */
  commitDate?: Date;
  /** Pull requests push nothing unless this is set. */
  pushPullRequests?: boolean;
  /** Length of a short sha (DOCKER_METADATA_SHORT_SHA_LENGTH; default 7). */
  shortShaLength?: number;
}

/** metadata-action's version: the main value, the others, and whether `latest` follows. */
export interface TagsVersion {
  main?: string;
  partial: string[];
  latest: boolean;
}

export interface ComputedTags {
  version: TagsVersion;
  /** main, partial..., latest: the tag names to push, in order. */
  tags: string[];
}

/** Our default: today's documented tags (docs/publish.md), written as metadata-action rules. */
export const DEFAULT_TAGS_TEMPLATE = [
  'type=semver,pattern={{version}}',
  'type=semver,pattern={{major}}.{{minor}}',
  'type=semver,pattern={{major}}',
  'type=ref,event=branch',
  'type=ref,event=pr',
  'type=sha,enable={{is_not_release}}',
].join('\n');

const RELEASE_LIKE = /^(?:v?\d|latest$)/i;

/**
 * A tag name: runs of characters a tag cannot hold become one '-' (as
 * metadata-action does), leading '.' and '-' are dropped, at most 128.
 */
export function sanitizeTag(value: string): string {
  return value
    .replace(/^refs\/heads\//, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
}

/** True for a name a release rule could give: a version-like name or `latest`. */
export function isReleaseLikeName(name: string): boolean {
  return RELEASE_LIKE.test(sanitizeTag(name));
}

const stripRef = (ref: string, prefix: string) =>
  ref.startsWith(prefix) ? ref.slice(prefix.length) : '';

/** The branch name as tags may use it: a release-like one gets `branch-` (issue #12, item 8). */
export function branchForTags(branch: string): string {
  return branch && isReleaseLikeName(branch) ? `branch-${branch}` : branch;
}

function shortSha(sha: string, length: number): string {
  return length >= sha.length ? sha : sha.slice(0, length);
}

/** Is this build a release of the plugin (a tag ref)? */
export function isRelease(ctx: TagContext): boolean {
  return ctx.ref.startsWith('refs/tags/');
}

/**
 * The text the release rules read when a rule gives no value=: for a release
 * ref naming this plugin (or a bare vX.Y.Z) its version part, else the
 * plugin's version, else the git tag. `fromPlugin` says the plugin's own
 * version was used (then it must parse: the error names it).
 */
function releaseInput(ctx: TagContext): { text: string; fromPlugin: boolean } | undefined {
  const tag = stripRef(ctx.ref, 'refs/tags/');
  if (!tag) return undefined;
  const release = parseReleaseRef(tag, [ctx.plugin]);
  if (release && (!release.plugin || release.plugin === ctx.plugin))
    return { text: `v${release.version}`, fromPlugin: false };
  if (ctx.version) return { text: ctx.version, fromPlugin: true };
  return { text: tag, fromPlugin: false };
}

function globalHelpers(ctx: TagContext, where: string): Helpers {
  const now = () => ctx.date ?? new Date();
  const branch = () => stripRef(ctx.ref, 'refs/heads/');
  const isDefault = () => {
    const b = branch();
    if (!b) return 'false';
    if (ctx.defaultBranch === b) return 'true';
    // These events always run on the default branch's last commit (metadata-action).
    return /create|discussion|issues|schedule/.test(ctx.eventName) ? 'true' : 'false';
  };
  const sha = () => shortSha(ctx.sha ?? '', ctx.shortShaLength ?? 7);
  return {
    branch: plain(() => branchForTags(branch()), 'branch', where),
    tag: plain(() => stripRef(ctx.ref, 'refs/tags/'), 'tag', where),
    sha: plain(sha, 'sha', where),
    base_ref: plain(() => branchForTags(ctx.baseRef ?? ''), 'base_ref', where),
    is_default_branch: plain(isDefault, 'is_default_branch', where),
    is_not_default_branch: plain(
      () => (isDefault() === 'true' ? 'false' : 'true'),
      'is_not_default_branch',
      where,
    ),
    is_release: plain(() => String(isRelease(ctx)), 'is_release', where),
    is_not_release: plain(() => String(!isRelease(ctx)), 'is_not_release', where),
    date: dateHelper(now, 'date', where),
    commit_date: dateHelper(() => ctx.commitDate ?? now(), 'commit_date', where),
    plugin: plain(() => ctx.plugin, 'plugin', where),
  };
}

/** Renders the global expressions ({{branch}}, {{date ...}}, ...) of `text` for `ctx`. */
export function renderGlobalExpressions(text: string, ctx: TagContext, where: string): string {
  return renderExpressions(text, globalHelpers(ctx, where), where);
}

/** The names a semver/pep440 pattern knows, from one parsed version. */
function versionHelpers(
  parts: { raw: string; version: string; major: number; minor: number; patch: number },
  plugin: string,
  where: string,
): Helpers {
  return {
    raw: plain(() => parts.raw, 'raw', where),
    version: plain(() => parts.version, 'version', where),
    major: plain(() => String(parts.major), 'major', where),
    minor: plain(() => String(parts.minor), 'minor', where),
    patch: plain(() => String(parts.patch), 'patch', where),
    plugin: plain(() => plugin, 'plugin', where),
  };
}

/** `{{raw}}` alone: metadata-action keeps the raw tag for prereleases then. */
function isRawPattern(pattern: string): boolean {
  return /^\{\{\s*raw\s*\}\}$/.test(pattern.trim());
}

class TagComputer {
  private readonly version: TagsVersion & { latestSet: boolean } = {
    partial: [],
    latest: false,
    latestSet: false,
  };
  readonly warnings: string[] = [];

  constructor(
    private readonly ctx: TagContext,
    private readonly flavor: Flavor,
  ) {}

  private where(rule: TagRule): string {
    return `tags line ${rule.lineNo} '${rule.line}'`;
  }

  private global(text: string, rule: TagRule): string {
    return renderGlobalExpressions(text, this.ctx, this.where(rule));
  }

  /** Adds the rule's (or else the flavor's) prefix and suffix. */
  private affix(value: string, rule: TagRule): string {
    const prefix = Object.hasOwn(rule.attrs, 'prefix')
      ? this.global(rule.attrs.prefix!, rule)
      : this.global(this.flavor.prefix, rule);
    const suffix = Object.hasOwn(rule.attrs, 'suffix')
      ? this.global(rule.attrs.suffix!, rule)
      : this.global(this.flavor.suffix, rule);
    return `${prefix}${value}${suffix}`;
  }

  private add(value: string, latest: boolean): void {
    if (!value) return;
    const tag = sanitizeTag(value);
    if (!tag) return;
    const v = this.version;
    if (v.main === undefined) v.main = tag;
    else if (tag !== v.main && !v.partial.includes(tag)) v.partial.push(tag);
    if (!v.latestSet) {
      v.latest = this.flavor.latest === 'auto' ? latest : this.flavor.latest === 'true';
      v.latestSet = true;
    }
  }

  /** Renders `enable` (it must give true or false); public for checkTagInputs. */
  checkEnable(rule: TagRule): boolean {
    return this.enabled(rule);
  }

  private enabled(rule: TagRule): boolean {
    const value = this.global(rule.attrs.enable ?? 'true', rule);
    if (value !== 'true' && value !== 'false')
      throw new InputError(`${this.where(rule)}: enable must be true or false, not '${value}'`);
    return value === 'true';
  }

  /** The input of a release rule: value=, else the plugin's release; `match=` narrows it. */
  private releaseText(rule: TagRule): { text: string; fromPlugin: boolean } | undefined {
    let found: { text: string; fromPlugin: boolean } | undefined;
    if (rule.attrs.value) found = { text: this.global(rule.attrs.value, rule), fromPlugin: false };
    else found = releaseInput(this.ctx);
    if (!found) return undefined;
    if (rule.type !== 'match' && rule.attrs.match) {
      const m = compileRegex(rule.attrs.match, this.where(rule)).exec(found.text);
      if (!m)
        this.warnings.push(`${this.where(rule)}: ${rule.attrs.match} does not match ${found.text}`);
      else found = { ...found, text: m[1] ?? m[0] };
    }
    // metadata-action turns '/' into '-' before reading a semver or pep440 version.
    return rule.type === 'match' ? found : { ...found, text: found.text.replace(/\//g, '-') };
  }

  private notAVersion(rule: TagRule, text: string, fromPlugin: boolean, kind: string): void {
    const message = `${this.where(rule)}: '${text}' is not a valid ${kind} version`;
    // The plugin's own version is ours to check: a release that gives no tag must not pass.
    if (fromPlugin) throw new InputError(`${message} (the version of ${this.ctx.plugin})`);
    this.warnings.push(message);
  }

  private semverRule(rule: TagRule): void {
    const input = this.releaseText(rule);
    if (!input) return;
    if (!semver.valid(input.text))
      return this.notAVersion(rule, input.text, input.fromPlugin, 'semver');
    const v = semver.parse(input.text, { loose: true })!;
    const where = this.where(rule);
    const helpers = versionHelpers(
      { raw: input.text, version: v.version, major: v.major, minor: v.minor, patch: v.patch },
      this.ctx.plugin,
      where,
    );
    // Prereleases get only {{version}} (or {{raw}}): partial versions move too often.
    const pre = v.prerelease.length > 0;
    const pattern = pre && !isRawPattern(rule.attrs.pattern!) ? '{{version}}' : rule.attrs.pattern!;
    this.add(this.affix(renderExpressions(pattern, helpers, where), rule), !pre);
  }

  private pep440Rule(rule: TagRule): void {
    const input = this.releaseText(rule);
    if (!input) return;
    if (!pep440.valid(input.text))
      return this.notAVersion(rule, input.text, input.fromPlugin, 'PEP 440');
    const e = pep440.explain(input.text)!;
    const special = e.is_prerelease || e.is_postrelease || e.is_devrelease;
    let value: string;
    if (special) value = isRawPattern(rule.attrs.pattern!) ? input.text : pep440.clean(input.text)!;
    else {
      const where = this.where(rule);
      const helpers = versionHelpers(
        {
          raw: input.text,
          version: pep440.clean(input.text)!,
          major: pep440.major(input.text),
          minor: pep440.minor(input.text),
          patch: pep440.patch(input.text),
        },
        this.ctx.plugin,
        where,
      );
      value = renderExpressions(rule.attrs.pattern!, helpers, where);
    }
    this.add(this.affix(value, rule), !special);
  }

  private matchRule(rule: TagRule): void {
    const input = this.releaseText(rule);
    if (!input) return;
    const m = compileRegex(rule.attrs.pattern!, this.where(rule)).exec(input.text);
    if (!m) {
      this.warnings.push(`${this.where(rule)}: ${rule.attrs.pattern} does not match ${input.text}`);
      return;
    }
    const group = m[Number(rule.attrs.group)];
    if (group === undefined) {
      this.warnings.push(`${this.where(rule)}: group ${rule.attrs.group} does not exist`);
      return;
    }
    this.add(this.affix(group, rule), true);
  }

  private refRule(rule: TagRule): void {
    const { ref } = this.ctx;
    switch (rule.attrs.event) {
      case 'branch': {
        const branch = stripRef(ref, 'refs/heads/');
        if (branch) this.add(this.affix(branchForTags(sanitizeTag(branch)), rule), false);
        return;
      }
      case 'tag': {
        const tag = stripRef(ref, 'refs/tags/');
        if (tag) this.add(this.affix(tag, rule), true);
        return;
      }
      case 'pr': {
        const pr = stripRef(ref, 'refs/pull/').replace(/\/merge$/, '');
        if (!pr) return;
        const value = this.affix(pr, rule);
        // `prefix=` emptied: a bare number would look like a release's `X`.
        this.add(isReleaseLikeName(value) ? `pr-${value}` : value, false);
        return;
      }
    }
  }

  private edgeRule(rule: TagRule): void {
    const branch = stripRef(this.ctx.ref, 'refs/heads/');
    const want = rule.attrs.branch || this.ctx.defaultBranch;
    if (branch && want && branch === want) this.add(this.affix('edge', rule), false);
  }

  private rawRule(rule: TagRule): void {
    const event = rule.attrs.event ?? 'always';
    const kind = isRelease(this.ctx)
      ? 'release'
      : this.ctx.ref.startsWith('refs/pull/') || this.ctx.eventName.startsWith('pull_request')
        ? 'pr'
        : 'branch';
    if (event !== 'always' && event !== kind) return;
    this.add(this.affix(this.global(rule.attrs.value!, rule), rule), false);
  }

  private shaRule(rule: TagRule): void {
    if (!this.ctx.sha) return;
    const length = Number(rule.attrs.length ?? this.ctx.shortShaLength ?? 7);
    const sha = rule.attrs.format === 'long' ? this.ctx.sha : shortSha(this.ctx.sha, length);
    this.add(this.affix(sha, rule), false);
  }

  private scheduleRule(rule: TagRule): void {
    if (!this.ctx.eventName.includes('schedule')) return;
    this.add(this.affix(this.global(rule.attrs.pattern!, rule), rule), false);
  }

  run(rules: TagRule[]): ComputedTags {
    for (const rule of rules) {
      if (!this.enabled(rule)) continue;
      switch (rule.type) {
        case 'schedule':
          this.scheduleRule(rule);
          break;
        case 'semver':
          this.semverRule(rule);
          break;
        case 'pep440':
          this.pep440Rule(rule);
          break;
        case 'match':
          this.matchRule(rule);
          break;
        case 'edge':
          this.edgeRule(rule);
          break;
        case 'ref':
          this.refRule(rule);
          break;
        case 'raw':
          this.rawRule(rule);
          break;
        case 'sha':
          this.shaRule(rule);
          break;
      }
    }
    const { main, partial, latest } = this.version;
    const version: TagsVersion = { main, partial, latest: main !== undefined && latest };
    const tags = main === undefined ? [] : [main, ...partial];
    if (version.latest) {
      const f = this.flavor;
      const name = sanitizeTag(
        `${f.prefixLatest ? f.prefix : ''}latest${f.suffixLatest ? f.suffix : ''}`,
      );
      if (!tags.includes(name)) tags.push(name);
    }
    return { version, tags };
  }
}

/**
 * Checks the `tags` and `flavor` inputs before any build: every rule is run,
 * enabled, against a release, a scheduled branch build and a pull request,
 * so that a bad expression, date format, zone or `enable` value is an input
 * error naming its line now, not after the plugins were built.
 */
const checkBase = {
  plugin: 'check',
  sha: '0'.repeat(40),
  date: new Date(0),
  pushPullRequests: true,
};
/** A release, a scheduled default-branch build and a pull request: every rule fires in one. */
export const CHECK_CONTEXTS: readonly TagContext[] = [
  { ...checkBase, eventName: 'push', ref: 'refs/tags/v1.2.3' },
  { ...checkBase, eventName: 'schedule', ref: 'refs/heads/main', defaultBranch: 'main' },
  { ...checkBase, eventName: 'pull_request', ref: 'refs/pull/1/merge', baseRef: 'main' },
];

export function checkTagInputs(template: string | undefined, flavorText = ''): void {
  const rules = parseTagRules(template || DEFAULT_TAGS_TEMPLATE);
  const flavor = parseFlavor(flavorText);
  for (const ctx of CHECK_CONTEXTS) {
    const computer = new TagComputer(ctx, flavor);
    for (const rule of rules) computer.checkEnable(rule);
    computer.run(rules.map((r) => ({ ...r, attrs: { ...r.attrs, enable: 'true' } })));
  }
}

/** The tags of one plugin's build. `template` empty means DEFAULT_TAGS_TEMPLATE. */
export function computeTagSet(
  ctx: TagContext,
  template?: string,
  flavor: Flavor = DEFAULT_FLAVOR,
): ComputedTags & { warnings: string[] } {
  if (ctx.eventName.startsWith('pull_request') && !ctx.pushPullRequests)
    return { version: { partial: [], latest: false }, tags: [], warnings: [] };
  const computer = new TagComputer(ctx, flavor);
  const result = computer.run(parseTagRules(template || DEFAULT_TAGS_TEMPLATE));
  return { ...result, warnings: computer.warnings };
}

/** The tag names of one plugin's build, in order (main version first). */
export function computeTags(ctx: TagContext, template?: string, flavor?: Flavor): string[] {
  return computeTagSet(ctx, template, flavor).tags;
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
    .filter((v): v is string => !!v && !semver.prerelease(v))
    .sort(semver.rcompare)[0];
  if (!highest || !semver.valid(version) || semver.gte(version, highest)) return tags;
  return tags.filter((t) => t !== 'latest');
}

/**
 * `ghcr.io/Acme/{{plugin}}` -> `ghcr.io/acme/key-auth`: lower-cased as
 * metadata-action does (an owner name may have capitals), then checked.
 */
export function renderImageName(template: string, plugin: string): string {
  const name = template.replaceAll('{{plugin}}', plugin).replace(/\/+$/, '').toLowerCase();
  parseImageRef(`${name}:x`); // throws InputError naming the value when invalid
  return name;
}
