/**
 * A cached bearer token serves a request whose scopes it covers (the push
 * token, `pull,push`, for the read-back's `pull` of the same repository),
 * and nothing else: never another repository, never more actions than it
 * holds. A covering token the registry refuses is replaced by one for
 * exactly the scopes asked, and a refused exact token is not retried.
 * The token realm is a fake fetch that records what it was asked.
 */
import { describe, expect, it } from '@jest/globals';
import { Authenticator } from '../../src/oci/auth.js';

const CHALLENGE = 'Bearer realm="http://127.0.0.1:9/token",service="registry.test"';
const PUSH_A = ['repository:team/a:pull,push'];
const PULL_A = ['repository:team/a:pull'];
const PULL_B = ['repository:team/b:pull'];

function realm() {
  const asked: string[][] = [];
  const fetchFn = (async (input: string | URL | Request) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const scopes = url.searchParams.getAll('scope');
    asked.push(scopes);
    return new Response(JSON.stringify({ token: `t${asked.length}`, expires_in: 300 }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  const auth = new Authenticator({ username: 'ci', password: 'pw' }, fetchFn);
  return { auth, asked };
}

describe('a cached token serves the scopes it covers, and only those', () => {
  it("the push token serves the read-back's pull of the same repository: one token request", async () => {
    const { auth, asked } = realm();
    expect(await auth.onUnauthorized(CHALLENGE, PUSH_A, undefined)).toBe(true);
    expect(await auth.headerFor(PUSH_A)).toBe('Bearer t1');
    expect(await auth.headerFor(PULL_A)).toBe('Bearer t1');
    expect(asked).toEqual([PUSH_A]);
  });

  it('never serves another repository, nor an action it does not hold', async () => {
    const { auth, asked } = realm();
    await auth.onUnauthorized(CHALLENGE, PUSH_A, undefined);
    expect(await auth.headerFor(PULL_B)).toBe('Bearer t2');
    expect(asked[1]).toEqual(PULL_B);

    const other = realm();
    await other.auth.onUnauthorized(CHALLENGE, PULL_A, undefined);
    // A pull token does not cover a push to the same repository.
    expect(await other.auth.headerFor(PUSH_A)).toBe('Bearer t2');
    expect(other.asked).toEqual([PULL_A, PUSH_A]);
  });

  it('a covering token the registry refuses gives way to one for exactly the scopes asked, once', async () => {
    const { auth, asked } = realm();
    await auth.onUnauthorized(CHALLENGE, PUSH_A, undefined);
    expect(await auth.headerFor(PULL_A)).toBe('Bearer t1');
    // The registry refuses the wider token for the pull: ask for exactly `pull`.
    expect(await auth.onUnauthorized(CHALLENGE, PULL_A, 'Bearer t1')).toBe(true);
    expect(asked).toEqual([PUSH_A, PULL_A]);
    expect(await auth.headerFor(PULL_A)).toBe('Bearer t2');
    // That one refused too: no further token, no loop.
    expect(await auth.onUnauthorized(CHALLENGE, PULL_A, 'Bearer t2')).toBe(false);
    expect(asked).toHaveLength(2);
  });
});
