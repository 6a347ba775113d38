import { describe, expect, it } from '@jest/globals';
import {
  computeTags,
  keepLatestMonotonic,
  renderImageName,
  sanitizeTag,
} from '../../src/oci/tags.js';
import { parseImageRef } from '../../src/oci/reference.js';
import { Authenticator, parseChallenge } from '../../src/oci/auth.js';

describe('computeTags', () => {
  it('releases get version, X.Y, X and latest', () => {
    expect(computeTags({ plugin: 'key-auth', event: 'release', version: '1.2.3' })).toEqual([
      '1.2.3',
      '1.2',
      '1',
      'latest',
    ]);
  });
  it('prereleases get only their exact version', () => {
    expect(computeTags({ plugin: 'p', event: 'release', version: '1.0.0-alpha' })).toEqual([
      '1.0.0-alpha',
    ]);
  });
  it('branch builds get sha-<short> and the branch name', () => {
    expect(
      computeTags({
        plugin: 'p',
        event: 'branch',
        branch: 'refs/heads/feature/x',
        sha: '0123456789abcdef',
        version: '1.0.0',
      }),
    ).toEqual(['sha-0123456', 'feature-x']);
  });
  it('pull requests push nothing unless asked', () => {
    const pr = { plugin: 'p', event: 'pull_request' as const, sha: 'abcdef0123', prNumber: 12 };
    expect(computeTags(pr)).toEqual([]);
    expect(computeTags({ ...pr, pushPullRequests: true })).toEqual(['sha-abcdef0', 'pr-12']);
  });
  it('follows a custom template with prefix/suffix and {{plugin}}', () => {
    const t =
      'type=semver,pattern=v{{version}}\ntype=raw,value={{plugin}}-stable,event=release\n# comment';
    expect(computeTags({ plugin: 'ai-proxy', event: 'release', version: '2.0.0' }, t)).toEqual([
      'v2.0.0',
      'ai-proxy-stable',
    ]);
  });
  it('names bad templates and versions', () => {
    expect(() =>
      computeTags({ plugin: 'p', event: 'release', version: '1.0.0' }, 'type=nope'),
    ).toThrow("unknown type 'nope'");
    expect(() => computeTags({ plugin: 'p', event: 'release', version: 'one' })).toThrow(
      "version 'one'",
    );
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
    expect(() => renderImageName('ghcr.io/ACME/{{plugin}}', 'x')).toThrow(InputErrorLike);
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
