import { afterAll, describe, expect, it } from '@jest/globals';
import {
  computeTags,
  keepLatestMonotonic,
  renderImageName,
  sanitizeTag,
  type TagContext,
} from '../../src/oci/tags.js';
import { parseImageRef } from '../../src/oci/reference.js';
import { Authenticator, parseChallenge } from '../../src/oci/auth.js';
import { ReliabilityTable } from '../support/reliability-table.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const release = (plugin: string, ref: string, version?: string): TagContext => ({
  plugin,
  eventName: 'push',
  ref: `refs/tags/${ref}`,
  sha: SHA,
  version,
});
const branch = (name: string): TagContext => ({
  plugin: 'p',
  eventName: 'push',
  ref: `refs/heads/${name}`,
  sha: SHA,
  version: '1.0.0',
});

describe('computeTags: the default rules keep the documented tags', () => {
  it('releases get version, X.Y, X and latest, for every release ref form', () => {
    for (const ref of ['v1.2.3', 'key-auth-v1.2.3', 'key-auth/v1.2.3', 'wasm-go-key-auth-v1.2.3'])
      expect(computeTags(release('key-auth', ref, '1.2.3'))).toEqual([
        '1.2.3',
        '1.2',
        '1',
        'latest',
      ]);
  });
  it('a plugin named like a prefix of another reads only its own release', () => {
    expect(computeTags(release('nginx-v2-compat', 'nginx-v2-compat-v2.0.0', '2.0.0'))[0]).toBe(
      '2.0.0',
    );
  });
  it('prereleases get only their exact version', () => {
    expect(computeTags(release('p', 'p-v1.0.0-alpha', '1.0.0-alpha'))).toEqual(['1.0.0-alpha']);
  });
  it('a tag that is no release ref releases the plugin at its VERSION', () => {
    expect(computeTags(release('p', 'sometag', '2.1.0'))).toEqual(['2.1.0', '2.1', '2', 'latest']);
  });
  it('branch builds get the branch name and sha-<short>, never latest', () => {
    expect(computeTags(branch('feature/x'))).toEqual(['feature-x', 'sha-0123456']);
  });
  it('pull requests push nothing unless asked', () => {
    const pr: TagContext = {
      plugin: 'p',
      eventName: 'pull_request',
      ref: 'refs/pull/12/merge',
      sha: 'abcdef0123',
    };
    expect(computeTags(pr)).toEqual([]);
    expect(computeTags({ ...pr, pushPullRequests: true })).toEqual(['pr-12', 'sha-abcdef0']);
  });
  it('follows a custom template with prefix/suffix and {{plugin}}', () => {
    const t =
      'type=semver,pattern=v{{version}}\ntype=raw,value={{plugin}}-stable,event=release\n# comment';
    expect(computeTags(release('ai-proxy', 'ai-proxy-v2.0.0', '2.0.0'), t)).toEqual([
      'v2.0.0',
      'ai-proxy-stable',
      'latest',
    ]);
    expect(computeTags(branch('main'), t)).toEqual([]);
  });
  it('names bad templates and a bad plugin version', () => {
    expect(() => computeTags(release('p', 'v1.0.0'), 'type=nope')).toThrow("unknown type 'nope'");
    expect(() => computeTags(release('p', 'sometag', 'one'))).toThrow(
      "'one' is not a valid semver version (the version of p)",
    );
  });
  it("enable=false, format=long and bogus keys (the issue's cases)", () => {
    expect(computeTags(branch('main'), 'type=raw,value=y,enable=false\ntype=raw,value=z')).toEqual([
      'z',
    ]);
    expect(computeTags(branch('main'), 'type=sha,format=long')).toEqual([`sha-${SHA}`]);
    expect(() => computeTags(branch('main'), 'type=raw,value=y,bogus=1')).toThrow(
      "unknown key 'bogus'",
    );
    expect(
      computeTags(
        branch('main'),
        'type=edge,branch=main\ntype=match,pattern=v(.*),group=1,value=v3.0.0',
      ),
    ).toEqual(['3.0.0', 'edge', 'latest']);
  });
});

// The #12 item 8 tests are rows of #12.8 in docs/reliability.md.
const table = new ReliabilityTable('tags');
afterAll(() => table.save());

describe('branch and pull request tags never take a release name (#12 item 8)', () => {
  const it = table.it('#12.8 branch tags taking release names');
  const defaults = (name: string) => computeTags(branch(name));
  it('a branch named like a version or latest becomes branch-<name>', () => {
    expect(defaults('1.0.0')).toEqual(['branch-1.0.0', 'sha-0123456']);
    expect(defaults('v2')).toEqual(['branch-v2', 'sha-0123456']);
    expect(defaults('latest')).toEqual(['branch-latest', 'sha-0123456']);
    expect(defaults('1.x')).toEqual(['branch-1.x', 'sha-0123456']);
    expect(defaults('release/1.0')).toEqual(['release-1.0', 'sha-0123456']);
    expect(defaults('version-two')).toEqual(['version-two', 'sha-0123456']);
  });
  it('{{branch}} and base_ref say branch-<name> too; a bare pr number keeps pr-', () => {
    expect(computeTags(branch('1.2.3'), 'type=sha,prefix={{branch}}-')).toEqual([
      'branch-1.2.3-0123456',
    ]);
    expect(computeTags(branch('1.2.3'), 'type=raw,value={{branch}}')).toEqual(['branch-1.2.3']);
    const pr: TagContext = {
      plugin: 'p',
      eventName: 'pull_request',
      ref: 'refs/pull/7/merge',
      baseRef: 'latest',
      pushPullRequests: true,
    };
    expect(computeTags(pr, 'type=ref,event=pr,prefix=\ntype=raw,value={{base_ref}}-x')).toEqual([
      'pr-7',
      'branch-latest-x',
    ]);
  });
  it('whatever the branch, no tag of a branch build is one a release of any version gives', () => {
    const releaseTags = new Set(
      ['0.1.0', '1.0.0', '1.2.3', '2.0.0-rc.1', '10.20.30'].flatMap((v) =>
        computeTags(release('p', `v${v}`)),
      ),
    );
    for (const name of ['1.0.0', '1', '1.2', 'latest', 'v1.2.3', '2.0.0-rc.1', '10.20.30', 'main'])
      for (const t of defaults(name)) expect(releaseTags.has(t)).toBe(false);
  });
});

describe('latest never moves back', () => {
  it('drops latest when the registry has a higher stable release', () => {
    expect(keepLatestMonotonic(['1.0.1', 'latest'], '1.0.1', ['1.0.0', '2.0.0', 'latest'])).toEqual(
      ['1.0.1'],
    );
    expect(keepLatestMonotonic(['2.1.0', 'latest'], '2.1.0', ['2.0.0', '3.0.0-rc.1'])).toEqual([
      '2.1.0',
      'latest',
    ]);
    expect(keepLatestMonotonic(['1.0.0', 'latest'], '1.0.0', [])).toEqual(['1.0.0', 'latest']);
  });
});

describe('references', () => {
  it('parses registry, repository and several tags', () => {
    expect(parseImageRef('127.0.0.1:5000/plugins/a:1.0.0,latest', { multipleTags: true })).toEqual({
      registry: '127.0.0.1:5000',
      repository: 'plugins/a',
      tags: ['1.0.0', 'latest'],
    });
    expect(parseImageRef('nginx:1')).toMatchObject({
      registry: 'docker.io',
      repository: 'library/nginx',
    });
    expect(parseImageRef(`ghcr.io/a/b@sha256:${'a'.repeat(64)}`).digest).toBe(
      `sha256:${'a'.repeat(64)}`,
    );
  });
  it('names the offending value', () => {
    expect(() => parseImageRef('ghcr.io/Bad/Name:1')).toThrow("'Bad/Name'");
    expect(() => parseImageRef('ghcr.io/a/b:1,bad tag', { multipleTags: true })).toThrow(
      "'bad tag'",
    );
    expect(() => parseImageRef('ghcr.io/a/b')).toThrow('a tag or a digest is required');
  });
  it('renders image-name templates', () => {
    expect(renderImageName('ghcr.io/acme/{{plugin}}', 'key-auth')).toBe('ghcr.io/acme/key-auth');
    expect(renderImageName('ghcr.io/ACME/{{plugin}}', 'x')).toBe('ghcr.io/acme/x');
    expect(() => renderImageName('ghcr.io/a b/{{plugin}}', 'x')).toThrow(InputErrorLike);
    expect(sanitizeTag('refs/heads/release/1.x')).toBe('release-1.x');
  });
});
const InputErrorLike = /invalid image reference/;

describe('WWW-Authenticate', () => {
  it('parses bearer and basic challenges', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example/token",service="reg",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.example/token',
        service: 'reg',
        scope: 'repository:a/b:pull,push',
      },
    });
    expect(parseChallenge('Basic realm="x"')).toEqual({ scheme: 'basic', params: { realm: 'x' } });
  });
});

describe('token realm', () => {
  it('never sends credentials to a plain-HTTP realm on another host', async () => {
    const calls: string[] = [];
    const fakeFetch = (async (url: URL) => {
      calls.push(String(url));
      return new Response('{"token":"t"}');
    }) as unknown as typeof fetch;
    const auth = new Authenticator({ username: 'u', password: 'p' }, fakeFetch);
    const challenge = 'Bearer realm="http://auth.example/token",service="reg"';
    await expect(auth.onUnauthorized(challenge, ['repository:a:pull'], undefined)).rejects.toThrow(
      'refusing to send credentials to the plain-HTTP token realm http://auth.example',
    );
    expect(calls).toEqual([]);
    const loopback = new Authenticator({ username: 'u', password: 'p' }, fakeFetch);
    await loopback.onUnauthorized(
      'Bearer realm="http://127.0.0.1:9/token"',
      ['repository:a:pull'],
      undefined,
    );
    expect(await loopback.headerFor(['repository:a:pull'])).toBe('Bearer t');
  });
});
