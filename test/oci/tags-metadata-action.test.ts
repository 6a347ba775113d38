/**
 * The acceptance table of issue #15: docker/metadata-action's documented
 * examples (its README tables and the cases of its own test suite), as
 * inputs -> expected tags, run through our tag rules. The contexts are the
 * events of those examples (same refs, shas, default branch and date); the
 * expected tags are metadata-action's. Where we differ on purpose the row
 * says so (see docs/publish.md, "Tags").
 */
import { describe, expect, it } from '@jest/globals';
import {
  checkTagInputs,
  computeTagSet,
  parseFlavor,
  renderImageName,
  type TagContext,
} from '../../src/oci/tags.js';

const DATE = new Date('2020-01-10T00:30:00.000Z');
const SHA_A = '860c1904a1ce19322e91ac35af1ab07466440c37';
const SHA_MASTER = '266574110acf203503badf966df2ea24b5d732d7';
const SHA_PR = 'a9c8c5828b91be19d9728548b24759e352367ef1';
/** metadata-action's default when `tags` is empty (ours differs: DEFAULT_TAGS_TEMPLATE). */
const THEIR_DEFAULT = 'type=schedule\ntype=ref,event=branch\ntype=ref,event=tag\ntype=ref,event=pr';

const base = { plugin: 'app', defaultBranch: 'master', date: DATE, commitDate: DATE };
const push = (branch: string, sha = SHA_A): TagContext => ({
  ...base,
  eventName: 'push',
  ref: `refs/heads/${branch}`,
  sha,
});
const tag = (name: string, extra: Partial<TagContext> = {}): TagContext => ({
  ...base,
  eventName: 'push',
  ref: `refs/tags/${name}`,
  sha: SHA_A,
  ...extra,
});
const EV = {
  pushDev: push('dev'),
  pushMaster: push('master', SHA_MASTER),
  pushInvalidChars: push('my/feature#1245', '983315b5e8d46e46fc4c49869e85e7ee5fb289ba'),
  pushReleasesV1: push('releases/v1'),
  pushMyBranch: push('my/branch'),
  dispatch: { ...push('master'), eventName: 'workflow_dispatch' },
  schedule: { ...push('master'), eventName: 'schedule' },
  pr: {
    ...base,
    eventName: 'pull_request',
    ref: 'refs/pull/15/merge',
    sha: SHA_PR,
    baseRef: 'master',
    pushPullRequests: true,
  },
  // metadata-action reads pull_request_target as the pull request's merge ref.
  prTarget: {
    ...base,
    eventName: 'pull_request_target',
    ref: 'refs/pull/15/merge',
    sha: SHA_MASTER,
    baseRef: 'master',
    pushPullRequests: true,
  },
  tagV111: tag('v1.1.1', { baseRef: 'master' }),
  tagV123: tag('v1.2.3'),
  tagBeta: tag('v2.0.8-beta.67'),
  tagRc: tag('20200110-RC2'),
  tagSome: tag('sometag'),
  tagRelease1: tag('release1'),
  tagP1: tag('p1/v1.0.0'),
  tag12: tag('1.2'),
  tag123: tag('1.2.3'),
  tag11beta2: tag('1.1beta2'),
  tag10dev4: tag('1.0dev4'),
  tag123rc2: tag('1.2.3rc2'),
  tagV123rc2: tag('v1.2.3rc2'),
  tag12post1: tag('1.2post1'),
  tag123post1: tag('1.2.3post1'),
  tag123beta2: tag('1.2.3beta2'),
  tagP1v123: tag('p1/v1.2.3'),
} satisfies Record<string, TagContext>;

type Row = [name: string, ctx: TagContext, tags: string, flavor: string, expected: string[]];

// prettier-ignore
const ROWS: Row[] = [
  // README "Basic" (metadata-action's default rules)
  ['basic pr', EV.pr, THEIR_DEFAULT, '', ['pr-15']],
  ['basic push master', EV.pushMaster, THEIR_DEFAULT, '', ['master']],
  ['basic push releases/v1', EV.pushReleasesV1, THEIR_DEFAULT, '', ['releases-v1']],
  ['basic tag v1.2.3', EV.tagV123, THEIR_DEFAULT, '', ['v1.2.3', 'latest']],
  ['basic tag v2.0.8-beta.67', EV.tagBeta, THEIR_DEFAULT, '', ['v2.0.8-beta.67', 'latest']],
  ['basic dispatch', EV.dispatch, THEIR_DEFAULT, '', ['master']],
  // README "Semver"
  ...((): Row[] => {
    const t = 'type=ref,event=branch\ntype=ref,event=pr\ntype=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}';
    return [
      ['semver pr', EV.pr, t, '', ['pr-15']],
      ['semver push master', EV.pushMaster, t, '', ['master']],
      ['semver tag v1.2.3', EV.tagV123, t, '', ['1.2.3', '1.2', 'latest']],
      ['semver tag prerelease', EV.tagBeta, t, '', ['2.0.8-beta.67']],
    ];
  })(),
  // README type=semver table
  ['semver {{raw}}', EV.tagV123, 'type=semver,pattern={{raw}}', 'latest=false', ['v1.2.3']],
  ['semver v{{major}}', EV.tagV123, 'type=semver,pattern=v{{major}}', 'latest=false', ['v1']],
  ['semver {{minor}}', EV.tagV123, 'type=semver,pattern={{minor}}', 'latest=false', ['2']],
  ['semver {{patch}}', EV.tagV123, 'type=semver,pattern={{patch}}', 'latest=false', ['3']],
  ['semver match p1/', EV.tagP1v123, 'type=semver,pattern={{version}},"match=v(\\d.\\d.\\d)$"', 'latest=false', ['1.2.3']],
  ['semver prerelease {{raw}}', EV.tagBeta, 'type=semver,pattern={{raw}}', '', ['v2.0.8-beta.67']],
  ['semver prerelease {{major}}', EV.tagBeta, 'type=semver,pattern={{major}}', '', ['2.0.8-beta.67']],
  ['semver value=', EV.pushMaster, 'type=semver,pattern={{version}},value=v1.2.3\ntype=pep440,pattern={{version}},value=v1.2.3\ntype=edge', '', ['1.2.3', 'edge', 'latest']],
  ['semver value= and match=', EV.pushMaster, 'type=semver,pattern={{version}},value=p1/v1.2.3,"match=v(\\d.\\d.\\d)$"\ntype=pep440,pattern={{version}},value=p1/v1.2.3,"match=v(\\d.\\d.\\d)$"\ntype=edge', '', ['1.2.3', 'edge', 'latest']],
  ['semver all three', EV.tagV111, 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}}', '', ['1.1.1', '1.1', '1', 'latest']],
  ['semver on a non-semver tag', EV.tagSome, 'type=ref,event=tag\ntype=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}', 'latest=false', ['sometag']],
  ['semver on a branch', EV.pushInvalidChars, 'type=semver,pattern={{version}}\ntype=pep440,pattern={{version}}\ntype=edge', '', []],
  // README type=pep440 table
  ['pep440 {{raw}}', EV.tag123, 'type=pep440,pattern={{raw}}', 'latest=false', ['1.2.3']],
  ['pep440 v1.2.3 {{version}}', EV.tagV123, 'type=pep440,pattern={{version}}', 'latest=false', ['1.2.3']],
  ['pep440 {{major}}.{{minor}}', EV.tag123, 'type=pep440,pattern={{major}}.{{minor}}', 'latest=false', ['1.2']],
  ['pep440 v{{major}}', EV.tag123, 'type=pep440,pattern=v{{major}}', 'latest=false', ['v1']],
  ['pep440 rc {{raw}}', EV.tagV123rc2, 'type=pep440,pattern={{raw}}\ntype=pep440,pattern={{major}}.{{minor}}', '', ['v1.2.3rc2', '1.2.3rc2']],
  ['pep440 rc {{version}}', EV.tag123rc2, 'type=pep440,pattern={{raw}}\ntype=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}', '', ['1.2.3rc2']],
  ['pep440 post', EV.tag123post1, 'type=pep440,pattern={{major}}.{{minor}}', '', ['1.2.3.post1']],
  ['pep440 beta', EV.tag123beta2, 'type=pep440,pattern={{major}}.{{minor}}', '', ['1.2.3b2']],
  ['pep440 dev', EV.tag10dev4, 'type=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}', '', ['1.0.dev4']],
  ['pep440 1.1beta2', EV.tag11beta2, 'type=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}', '', ['1.1b2']],
  ['pep440 1.2', EV.tag12, 'type=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}.{{minor}}', '', ['1.2', 'latest']],
  ['pep440 1.2post1', EV.tag12post1, 'type=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}', '', ['1.2.post1']],
  ['pep440 v1.1.1 all', EV.tagV111, 'type=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}.{{minor}}.{{patch}}\ntype=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}', '', ['1.1.1', '1.1', '1', 'latest']],
  ['pep440 {{raw}} and partial', EV.tagV111, 'type=pep440,pattern={{raw}}\ntype=pep440,pattern={{major}}.{{minor}}', '', ['v1.1.1', '1.1', 'latest']],
  // README type=match table and the match cases
  ['match \\d.\\d.\\d', EV.tagV123, 'type=match,pattern=\\d.\\d.\\d', 'latest=false', ['1.2.3']],
  ['match v(.*) group 1', EV.tagBeta, 'type=match,pattern=v(.*),group=1', 'latest=false', ['2.0.8-beta.67']],
  ['match v(\\d.\\d) group 1', EV.tagBeta, 'type=match,pattern=v(\\d.\\d),group=1', 'latest=false', ['2.0']],
  ['match \\d+', EV.tagRc, 'type=match,pattern=\\d+', 'latest=false', ['20200110']],
  ['match p1/v', EV.tagP1v123, 'type=match,pattern=p1/v(\\d.\\d.\\d),group=1', 'latest=false', ['1.2.3']],
  ['match \\d{8}', EV.tagRc, 'type=match,pattern=\\d{8}', 'latest=false', ['20200110']],
  ['match (.*)-RC', EV.tagRc, 'type=match,pattern=(.*)-RC,group=1', 'latest=false', ['20200110']],
  ['match quoted', EV.tagV111, 'type=match,"pattern=\\d.\\d.\\d"', '', ['1.1.1', 'latest']],
  ['match ^v()$', EV.tagV111, 'type=match,"pattern=^v(\\d.\\d.\\d)$",group=1', '', ['1.1.1', 'latest']],
  ['match prerelease', EV.tagBeta, 'type=match,"pattern=\\d.\\d.\\d-(alpha|beta).\\d+"', '', ['2.0.8-beta.67', 'latest']],
  ['match two groups', EV.tagBeta, 'type=match,"pattern=v(.*)-beta.(.*)",group=1\ntype=match,"pattern=v(.*)-beta.(.*)",group=2', '', ['2.0.8', '67', 'latest']],
  ['match no match', EV.tagSome, 'type=match,"pattern=\\d.\\d"', '', []],
  ['match /re/flags', EV.tagP1, 'type=match,"pattern=/^v(\\d.\\d.\\d)$/ig",group=1\ntype=match,pattern=\\d.\\d.\\d\ntype=match,pattern=\\d.\\d\ntype=ref,event=pr\ntype=sha', '', ['1.0.0', '1.0', 'sha-860c190', 'latest']],
  ['match missing group', EV.tagP1, 'type=match,pattern=p1/v(\\d.\\d.\\d),group=1\ntype=match,pattern=p1/v(\\d.\\d),group=1\ntype=match,pattern=p1/v(\\d.\\d),group=3\ntype=ref,event=pr\ntype=sha', '', ['1.0.0', '1.0', 'sha-860c190', 'latest']],
  ['match release1', EV.tagRelease1, 'type=match,"pattern=^release\\d{1,2}"', '', ['release1', 'latest']],
  ['match value= on a branch', EV.pushMaster, 'type=match,pattern=v(.*),group=1,value=v1.2.3\ntype=edge', '', ['1.2.3', 'edge', 'latest']],
  ['match enable=false', EV.pushMaster, 'type=match,enable=false,pattern=v(.*),group=1,value=v1.2.3\ntype=edge', '', ['edge']],
  // type=ref table
  ['ref push master', EV.pushMaster, 'type=ref,event=branch', '', ['master']],
  ['ref push my/branch', EV.pushMyBranch, 'type=ref,event=branch', '', ['my-branch']],
  ['ref tag', EV.tagV123, 'type=ref,event=tag', '', ['v1.2.3', 'latest']],
  ['ref tag prerelease', EV.tagBeta, 'type=ref,event=tag', '', ['v2.0.8-beta.67', 'latest']],
  ['ref tag latest=false', EV.tagV111, 'type=ref,event=tag', 'latest=false', ['v1.1.1']],
  ['ref pr', EV.pr, 'type=ref,event=pr', '', ['pr-15']],
  ['ref tag with a release-like tag', EV.tagRelease1, THEIR_DEFAULT, '', ['release1', 'latest']],
  // type=edge
  ['edge on the default branch', EV.pushMaster, 'type=edge', '', ['edge']],
  ['edge on dispatch', EV.dispatch, 'type=edge', '', ['edge']],
  ['edge and sha', EV.pushMaster, 'type=edge\ntype=sha', '', ['edge', 'sha-2665741']],
  ['edge branch=dev', EV.pushDev, 'type=edge,branch=dev\ntype=sha', '', ['edge', 'sha-860c190']],
  ['edge branch=dev on master', EV.pushMaster, 'type=edge,branch=dev\ntype=sha', '', ['sha-2665741']],
  ['edge on another branch', EV.pushInvalidChars, 'type=edge\ntype=sha', '', ['sha-983315b']],
  // type=sha, priority
  ['branch and sha', EV.pushDev, 'type=ref,event=branch\ntype=sha', '', ['dev', 'sha-860c190']],
  ['sha long', EV.pushDev, 'type=ref,event=branch\ntype=sha,format=long', '', ['dev', `sha-${SHA_A}`]],
  ['priority', EV.pushMaster, 'type=ref,priority=2000,event=branch\ntype=edge', '', ['master', 'edge']],
  ['raw priority on a tag', EV.tagBeta, 'type=raw,priority=2000,foo\ntype=semver,pattern={{version}}\ntype=match,"pattern=\\d.\\d"', '', ['foo', '2.0.8-beta.67', '2.0']],
  ['raw, ref tag, edge', EV.tagV111, 'type=raw,priority=2000,foo\ntype=ref,event=tag\ntype=edge', '', ['foo', 'v1.1.1']],
  ['sha priority on a pr', EV.pr, 'type=sha,priority=2000\ntype=ref,event=pr', '', ['sha-a9c8c58', 'pr-15']],
  ['pr and sha', EV.pr, 'type=ref,event=pr\ntype=sha', '', ['pr-15', 'sha-a9c8c58']],
  ['pr target sha', EV.prTarget, 'type=sha,priority=2000\ntype=ref,event=pr', '', ['sha-2665741', 'pr-15']],
  ['pr target all refs', EV.prTarget, 'type=ref,event=tag\ntype=ref,event=pr\ntype=ref,event=branch\ntype=sha\ntype=sha,format=long', '', ['pr-15', 'sha-2665741', `sha-${SHA_MASTER}`]],
  ['enable=false and is_default_branch', EV.pushDev, 'type=edge,branch=master\ntype=ref,event=branch,enable=false\ntype=sha,format=long\ntype=raw,value=defbranch,enable={{is_default_branch}}', '', [`sha-${SHA_A}`]],
  ['is_not_default_branch', EV.pushDev, 'type=edge,branch=master\ntype=sha,format=long\ntype=raw,value=notdefbranch,enable={{is_not_default_branch}}', '', ['notdefbranch', `sha-${SHA_A}`]],
  // global expressions
  ['expressions on master', EV.pushMaster, [
    'type=raw,value=mytag-{{branch}}',
    "type=raw,value=mytag-{{date 'YYYYMMDD'}}",
    "type=raw,value=mytag-cd-{{commit_date 'YYYYMMDD'}}",
    "type=raw,value=mytag-{{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}",
    'type=raw,value=mytag-tag-{{tag}}',
    'type=raw,value=mytag-baseref-{{base_ref}}',
    'type=raw,value=mytag-defbranch,enable={{is_default_branch}}',
  ].join('\n'), '', ['mytag-master', 'mytag-20200110', 'mytag-cd-20200110', 'mytag-20200110-093000', 'mytag-tag-', 'mytag-baseref-', 'mytag-defbranch']],
  ['expressions on a tag', EV.tagV111, 'type=raw,{{tag}}-{{sha}}-foo\ntype=raw,{{base_ref}}-foo\ntype=raw,defbranch-foo,enable={{is_default_branch}}', '', ['v1.1.1-860c190-foo', 'master-foo']],
  ['base_ref on a pr', EV.pr, 'type=raw,value=mytag-{{base_ref}}\ntype=raw,mytag-defbranch,enable={{is_default_branch}}', '', ['mytag-master']],
  ['sha prefix {{branch}}', EV.pushDev, 'type=sha,prefix={{branch}}-', '', ['dev-860c190']],
  // flavor
  ['flavor prefix/suffix on a pr', EV.pr, 'type=ref,event=pr', 'prefix=glo-\nsuffix=-bal', ['pr-15-bal']],
  // Ours differs on purpose (#12 item 8): metadata-action gives '15-bal', which a release
  // 15.0.0 with pattern {{major}} and this flavor would also give; a pr keeps its 'pr-'.
  ['flavor, rule prefix emptied', EV.pr, 'type=ref,event=pr,prefix=', 'prefix=glo-\nsuffix=-bal', ['pr-15-bal']],
  ['flavor suffix, rule suffix emptied', EV.tagP1, 'type=match,pattern=p1/v(\\d.\\d.\\d),group=1\ntype=match,pattern=p1/v(\\d.\\d),group=1,suffix=\ntype=ref,event=pr\ntype=sha', 'suffix=-dev', ['1.0.0-dev', '1.0', 'sha-860c190-dev', 'latest']],
  ['flavor onlatest suffix', EV.tagV111, 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}.{{patch}}', 'suffix=-dev,onlatest=true', ['1.1.1-dev', 'latest-dev']],
  ['flavor onlatest prefix and suffix', EV.tagV111, 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}.{{patch}}', 'prefix=foo-,onlatest=true\nsuffix=-dev,onlatest=true', ['foo-1.1.1-dev', 'foo-latest-dev']],
  ['flavor latest=true on a branch', EV.pushDev, 'type=ref,event=branch', 'latest=true', ['dev', 'latest']],
  ['flavor schedule', EV.schedule, 'type=schedule', 'prefix=glo-\nsuffix=-bal', ['glo-nightly-bal']],
  // type=schedule
  ['schedule default rules', EV.schedule, THEIR_DEFAULT, '', ['nightly', 'master']],
  ['schedule date patterns', EV.schedule, "type=schedule,pattern={{date 'YYYYMMDD'}}\ntype=schedule,pattern=source-date-{{commit_date 'YYYY-MM-DD'}}", '', ['20200110', 'source-date-2020-01-10']],
  ['schedule date with time', EV.schedule, "type=schedule,pattern={{date 'YYYYMMDD-HHmmss'}}", '', ['20200110-003000']],
  ['schedule tz', EV.schedule, "type=schedule,pattern={{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}\ntype=schedule,pattern=src-{{commit_date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}", '', ['20200110-093000', 'src-20200110-093000']],
  ['schedule and sha', EV.schedule, 'type=schedule\ntype=sha', '', ['nightly', 'sha-860c190']],
  ['schedule sha priority', EV.schedule, 'type=schedule\ntype=sha,priority=2000\ntype=raw,value=defbranch,enable={{is_default_branch}}', '', ['sha-860c190', 'nightly', 'defbranch']],
  ['schedule not on push', EV.pushMaster, 'type=schedule', '', []],
  // sanitising
  ['invalid characters', EV.pushInvalidChars, 'type=ref,event=branch', '', ['my-feature-1245']],
];

describe("docker/metadata-action's documented examples", () => {
  it.each(ROWS)('%s', (_name, ctx, tags, flavor, expected) => {
    expect(computeTagSet(ctx, tags, parseFlavor(flavor)).tags).toEqual(expected);
  });

  it('date formats of the README', () => {
    const ctx = EV.schedule;
    const one = (pattern: string) =>
      computeTagSet(ctx, `type=raw,"value=${pattern}"`, parseFlavor('')).tags[0];
    expect(one("{{date 'YYYYMMDD'}}")).toBe('20200110');
    // "Friday, January 10th 2020, 12:30:00 am", sanitised as a tag
    expect(one("{{date 'dddd, MMMM Do YYYY, h:mm:ss a'}}")).toBe(
      'Friday-January-10th-2020-12-30-00-am',
    );
    expect(one("{{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}")).toBe('20200110-093000');
    expect(one("{{commit_date 'YYYY-MM-DDTHH:mm:ss.SSS[Z]'}}")).toBe('2020-01-10T00-30-00.000Z');
  });

  it('lower-cases image names as metadata-action does', () => {
    expect(renderImageName('ghcr.io/Octo-Org/{{plugin}}', 'Key-Auth')).toBe(
      'ghcr.io/octo-org/key-auth',
    );
  });

  it('checks every rule before a build, naming the rule', () => {
    const bad: [string, string][] = [
      ['type=raw,value=y,bogus=1', "tags line 1 'type=raw,value=y,bogus=1': unknown key 'bogus'"],
      ['type=nope', "unknown type 'nope'"],
      ['type=sha,format=medium', "format must be one of short, long, not 'medium'"],
      ['type=semver', 'type=semver needs pattern='],
      ['type=ref,event=push', "event must be one of branch, tag, pr, not 'push'"],
      ['type=match,pattern=(', 'bad regular expression'],
      ['type=match,pattern=x,group=one', "group must be a number, not 'one'"],
      ['type=raw,value={{brnch}}', "unknown expression '{{brnch}}'"],
      ["type=raw,value={{date 'YYYY' tz='Mars/Olympus'}}", "unknown time zone 'Mars/Olympus'"],
      ["type=raw,value={{date 'Qo'}}", "date format token 'Qo' is not supported"],
      ['type=raw,value=x,enable=yes', "enable must be true or false, not 'yes'"],
      ['type=raw,value=x,priority=high', "priority must be a whole number, not 'high'"],
      ['type=raw,value=x,value=y', "'value' is given twice"],
      ['type=semver,pattern={{branch}}', "unknown expression '{{branch}}'"],
      ['ok\ntype=raw,"value=x', "tags line 2 'type=raw,\"value=x': unterminated quote"],
    ];
    for (const [tags, message] of bad) expect(() => checkTagInputs(tags)).toThrow(message);
    expect(() => checkTagInputs('', 'latest=maybe')).toThrow(
      "flavor line 1 'latest=maybe': latest must be auto, true or false",
    );
    expect(() => checkTagInputs('', 'onlatest=true')).toThrow('onlatest follows prefix=');
    expect(() => checkTagInputs('', 'bogus=1')).toThrow("unknown key 'bogus'");
    for (const [, , tags, flavor] of ROWS) expect(() => checkTagInputs(tags, flavor)).not.toThrow();
  });
});
