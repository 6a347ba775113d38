/**
 * Higress's own plugins pass the smoke test for the right reason: each is
 * built with this project's build stage, run with the configuration its
 * README documents (fixtures/corpus/<plugin>/smoke.yaml), and the test
 * asserts the path it took on the gateway's routed request — the local reply
 * it sent or not, the headers it set, the calls it made — not only the
 * verdict. Variations (another client address, credentials, a redis answer)
 * change only what a real request would change.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SmokeActivity, SmokeReport } from '../../src/model.js';
import { loadSmokeConfig, smokeTest, type SmokeOptions } from '../../src/smoke/index.js';
import { fixturesDir } from '../support/paths.js';
import { buildCorpus, findCorpus, type CorpusBuild } from './corpus-build.js';

let build: CorpusBuild;
const timings: string[] = [];

beforeAll(async () => {
  build = await buildCorpus();
  timings.push(
    `corpus build (${build.cold ? 'cold: modules downloaded' : 'warm'}): ${build.plugins.length} plugins in ${(build.ms / 1000).toFixed(1)} s`,
  );
}, 1_800_000);

afterAll(() => {
  process.stdout.write(`${timings.join('\n')}\n`);
});

type Headers = [string, string][];
const header = (headers: Headers, name: string) =>
  headers.find(([k]) => k.toLowerCase() === name)?.[1];

/** The plugin's documented configuration, with a request or properties changed. */
async function smoke(
  plugin: string,
  change: {
    request?: Record<string, string>;
    body?: string;
    properties?: SmokeOptions['properties'];
    redisReplies?: SmokeOptions['redisReplies'];
    response?: Headers;
    /** Edits the documented configuration (to show what a fix changes). */
    config?: (config: Record<string, unknown>) => void;
    /** The run is expected to fail: return its report instead of throwing. */
    failing?: boolean;
    timeoutMs?: number;
  } = {},
): Promise<{ report: SmokeReport; a: SmokeActivity }> {
  const outcome = build.outcomes.get(plugin);
  if (!outcome?.result)
    throw new Error(`${plugin} did not build:\n${outcome?.output ?? 'not found'}`);
  const own = await loadSmokeConfig(join(fixturesDir, 'corpus', plugin));
  const request = { ...own.request };
  if (change.request) {
    const headers = new Map((request.requestHeaders ?? []).map(([k, v]) => [k, v]));
    for (const [k, v] of Object.entries(change.request)) headers.set(k, v);
    request.requestHeaders = [...headers];
  }
  if (change.body !== undefined) request.requestBody = change.body;
  if (change.response) request.responseHeaders = change.response;
  let pluginConfig = own.pluginConfig;
  if (change.config) {
    const config = JSON.parse(Buffer.from(pluginConfig as Uint8Array).toString('utf8')) as Record<
      string,
      unknown
    >;
    change.config(config);
    pluginConfig = JSON.stringify(config);
  }
  const options: SmokeOptions = {
    ...own,
    pluginConfig,
    request,
    properties: { ...own.properties, ...change.properties },
    redisReplies: change.redisReplies ?? own.redisReplies,
    timeoutMs: change.timeoutMs ?? own.timeoutMs,
    file: `${plugin}/plugin.wasm`,
  };
  const started = performance.now();
  const report = await smokeTest(outcome.result.wasm, options);
  timings.push(`smoke ${plugin}: ${(performance.now() - started).toFixed(0)} ms`);
  if (change.failing) return { report, a: report.activity! };
  if (!report.ok)
    throw new Error(`${plugin} failed: ${report.error?.phase}: ${report.error?.message}`);
  expect(report.activity).toBeDefined();
  return { report, a: report.activity! };
}

const replies = (a: SmokeActivity) =>
  a.localReplies.map((r) => ({ status: r.status, details: r.details, in: r.callback }));

describe('the corpus builds with the project build stage', () => {
  it('every plugin of the corpus builds', () => {
    expect(findCorpus()).toMatch(/shared[\\/]corpus[\\/]higress[\\/]extensions$/);
    const failed = [...build.outcomes.values()]
      .filter((o) => o.error)
      .map((o) => `${o.plugin.name}: ${o.error}\n${o.output.slice(-2000)}`);
    expect(failed).toEqual([]);
    expect([...build.outcomes.keys()].sort()).toEqual(build.plugins);
    expect(build.plugins).toHaveLength(20);
  });
});

describe('Higress plugins on their documented configuration', () => {
  it('hello-world answers every request itself', async () => {
    const { a } = await smoke('hello-world');
    expect(replies(a)).toEqual([
      { status: 200, details: 'hello-world', in: 'proxy_on_request_headers' },
    ]);
    expect(a.localReplies[0]!.body).toBe('hello world');
    expect(header(a.response.headers, ':status')).toBe('200');
  });

  it('ip-restriction lets an allowed address through and denies another, by source.address', async () => {
    const allowed = await smoke('ip-restriction', {
      properties: { 'source.address': '192.168.1.20:51234' },
    });
    expect(allowed.a.localReplies).toEqual([]);
    expect(allowed.a.properties).toContainEqual({ path: 'source.address', found: true });
    expect(allowed.a.callbacks.map((c) => c.callback)).toContain('proxy_on_response_headers');

    // The default client address (192.0.2.10) is in neither allowed range.
    const denied = await smoke('ip-restriction');
    expect(replies(denied.a)).toEqual([
      { status: 403, details: 'key-auth.ip_not_allowed', in: 'proxy_on_request_headers' },
    ]);
    // Without the attribute (the smoke host before #14) it denies for another reason.
    const blind = await smoke('ip-restriction', { properties: { 'source.address': null } });
    expect(replies(blind.a)[0]?.details).toBe('key-auth.get_ip_failed');
  });

  it('basic-auth with a route rule answers 401 without credentials on that route', async () => {
    const none = await smoke('basic-auth');
    expect(replies(none.a)).toEqual([
      { status: 401, details: 'basic-auth.no_auth_data', in: 'proxy_on_request_headers' },
    ]);
    expect(none.a.properties).toContainEqual({ path: 'route_name', found: true });
    expect(header(none.a.response.headers, 'www-authenticate')).toBe('Basic realm=MSE Gateway');

    const admin = await smoke('basic-auth', {
      request: { authorization: `Basic ${Buffer.from('admin:123456').toString('base64')}` },
    });
    expect(admin.a.localReplies).toEqual([]);
    expect(header(admin.a.request.headers, 'x-mse-consumer')).toBe('consumer1');

    const guest = await smoke('basic-auth', {
      request: { authorization: `Basic ${Buffer.from('guest:abc').toString('base64')}` },
    });
    expect(replies(guest.a)[0]).toMatchObject({ status: 403 });

    // Another route: the rule does not apply and global_auth is false.
    const elsewhere = await smoke('basic-auth', { properties: { route_name: 'route-z' } });
    expect(elsewhere.a.localReplies).toEqual([]);
  });

  it('key-auth cannot authenticate with its documented configuration (main.go rejects it)', async () => {
    const none = await smoke('key-auth');
    expect(replies(none.a)).toEqual([
      { status: 401, details: 'key-auth.no_key', in: 'proxy_on_request_headers' },
    ]);
    // README_EN: in_query and in_header default to true. parseGlobalConfig
    // instead refuses a configuration that sets neither; with `_rules_`
    // present the SDK keeps going without the global part, so no key is ever
    // looked for and a valid key is refused like a missing one.
    const main = readFileSync(join(findCorpus(), 'key-auth', 'main.go'), 'utf8').split('\n');
    expect(main[163 - 1]).toContain('if !in_query.Exists() && !in_header.Exists() {');
    expect(main[164 - 1]).toContain('return errors.New("must one of in_query/in_header required")');
    const keyed = await smoke('key-auth', {
      request: { 'x-api-key': '2bda943c-ba2b-11ec-ba07-00163e1250b5' },
    });
    expect(replies(keyed.a)[0]).toMatchObject({ status: 401, details: 'key-auth.no_key' });
    // Setting what the README says is the default makes the same key pass.
    const fixed = await smoke('key-auth', {
      request: { 'x-api-key': '2bda943c-ba2b-11ec-ba07-00163e1250b5' },
      config: (c) => (c.in_header = true),
    });
    expect(fixed.a.localReplies).toEqual([]);
    expect(header(fixed.a.request.headers, 'x-mse-consumer')).toBe('consumer1');
  });

  it('jwt-auth denies a request without a token and passes its own test token', async () => {
    const none = await smoke('jwt-auth');
    expect(replies(none.a)[0]).toMatchObject({
      status: 403,
      details: 'jwt-auth.not_allowed_by_default',
    });
    const jwts = JSON.parse(
      readFileSync(join(findCorpus(), 'jwt-auth', 'test', 'jwts.json'), 'utf8'),
    ) as { jwts: { token: string; type: string }[] };
    const token = jwts.jwts.find((j) => j.type === 'normal')!.token;
    const authed = await smoke('jwt-auth', { request: { authorization: `Bearer ${token}` } });
    expect(authed.a.localReplies).toEqual([]);
    expect(authed.report.logs.map((l) => l.message).join('\n')).toContain(
      'consumer "consumer1" authenticated',
    );
  });

  it('bot-detect blocks the documented crawler user agent only', async () => {
    const bot = await smoke('bot-detect');
    expect(replies(bot.a)).toEqual([
      { status: 403, details: 'bot-detect.blocked', in: 'proxy_on_request_headers' },
    ]);
    expect(bot.a.callbacks[0]).toEqual({
      callback: 'proxy_on_request_headers',
      context: 2,
      result: 'pause',
    });
    const human = await smoke('bot-detect', { request: { 'user-agent': 'curl/8.5.0' } });
    expect(human.a.localReplies).toEqual([]);
  });

  it('request-block blocks the documented URL keyword, case-insensitively', async () => {
    const blocked = await smoke('request-block');
    expect(replies(blocked.a)).toEqual([
      { status: 403, details: 'request-block.url_blocked.keyword', in: 'proxy_on_request_headers' },
    ]);
    const fine = await smoke('request-block', { request: { ':path': '/index.html' } });
    expect(fine.a.localReplies).toEqual([]);
  });

  it('cors adds the allow-origin header for an allowed origin and forbids another', async () => {
    const ok = await smoke('cors', { request: { origin: 'http://app.example.com' } });
    expect(ok.a.localReplies).toEqual([]);
    expect(header(ok.a.response.headers, 'access-control-allow-origin')).toBe(
      'http://app.example.com',
    );
    const bad = await smoke('cors', { request: { origin: 'http://evil.test' } });
    expect(replies(bad.a)).toEqual([
      { status: 403, details: 'cors.forbidden', in: 'proxy_on_request_headers' },
    ]);
  });

  it('custom-response replaces an upstream 404 and leaves a 500 alone', async () => {
    const missing = await smoke('custom-response');
    expect(replies(missing.a)).toEqual([
      { status: 200, details: 'custom-response', in: 'proxy_on_response_headers' },
    ]);
    expect(missing.a.localReplies[0]!.body).toBe('{"hello":"world 40x"}');
    const broken = await smoke('custom-response', { response: [[':status', '500']] });
    expect(broken.a.localReplies).toEqual([]);
  });

  it('sni-misdirect passes plaintext HTTP/1.1 and refuses an HTTP/2 request whose SNI differs', async () => {
    const plain = await smoke('sni-misdirect');
    expect(plain.a.localReplies).toEqual([]);
    expect(plain.a.properties).toContainEqual({ path: 'request.protocol', found: true });
    const h2 = await smoke('sni-misdirect', {
      request: { ':scheme': 'https', 'content-type': 'text/html' },
      properties: {
        'request.protocol': 'HTTP/2',
        'connection.requested_server_name': 'other.example.org',
      },
    });
    expect(replies(h2.a)).toEqual([
      {
        status: 421,
        details: 'sni-misdirect.mismatched.non_wildcard',
        in: 'proxy_on_request_headers',
      },
    ]);
  });

  it('http-call fetches the token and copies the answer into the request', async () => {
    const { a } = await smoke('http-call');
    expect(a.httpCalls).toHaveLength(1);
    expect(a.httpCalls[0]).toMatchObject({
      callback: 'proxy_on_request_headers',
      upstream: 'outbound|80||auth.dns',
      answered: 200,
    });
    expect(header(a.httpCalls[0]!.headers, ':path')).toBe('/token');
    expect(header(a.request.headers, 'x-http-call-body')).toBe('token-body');
    expect(header(a.request.headers, 'x-http-call-token')).toBe('t-123');
  });

  it("de-graphql posts the query to the route's cluster and answers with the result", async () => {
    const { a } = await smoke('de-graphql');
    expect(a.properties).toContainEqual({ path: 'cluster_name', found: true });
    expect(a.httpCalls[0]).toMatchObject({
      upstream: 'outbound|8080||backend.default.svc.cluster.local',
      answered: 200,
    });
    expect(JSON.parse(a.httpCalls[0]!.body)).toMatchObject({
      variables: { owner: 'alibaba', name: 'higress' },
    });
    expect(replies(a)).toEqual([
      { status: 200, details: 'de-graphql', in: 'proxy_on_http_call_response' },
    ]);
    expect(a.localReplies[0]!.body).toContain('"forkCount":500');
  });

  it('frontend-gray sends a beta user to the gray version and others to base', async () => {
    const beta = await smoke('frontend-gray');
    expect(header(beta.a.request.headers, 'x-higress-tag')).toBe('gray');
    expect(header(beta.a.response.headers, 'set-cookie')).toMatch(/^x-higress-tag=gray;/);
    const other = await smoke('frontend-gray', { request: { cookie: 'userid=00000099' } });
    expect(header(other.a.request.headers, 'x-higress-tag')).toBe('base');
  });

  it('transformer maps userId from the JSON body into x-user-id', async () => {
    const { a } = await smoke('transformer');
    expect(header(a.request.headers, 'x-user-id')).toBe('12');
    expect(a.callbacks.map((c) => `${c.callback}=${c.result}`)).toContain(
      'proxy_on_request_headers=pause',
    );
  });

  it('model-router puts the model into x-higress-llm-model', async () => {
    const { a } = await smoke('model-router');
    expect(header(a.request.headers, 'x-higress-llm-model')).toBe('qwen-long');
  });

  it('ai-proxy rewrites the request for the provider and runs its response handling', async () => {
    const { a } = await smoke('ai-proxy');
    expect(header(a.request.headers, ':authority')).toBe('api.groq.com');
    expect(header(a.request.headers, ':path')).toBe('/openai/v1/chat/completions');
    expect(header(a.request.headers, 'authorization')).toBe('Bearer YOUR_GROQ_API_TOKEN');
    // The response came from the upstream (response.code_details is via_upstream):
    // ai-proxy takes over the body, so the upstream's content-length goes.
    expect(a.properties).toContainEqual({ path: 'response.code_details', found: true });
    expect(header(a.response.headers, 'content-length')).toBeUndefined();
    expect(a.foreignCalls).toContainEqual(
      expect.objectContaining({ name: 'get_log_level', status: 'OK' }),
    );
    // Without the attribute it would skip all of that (main.go onHttpResponseHeaders).
    const blind = await smoke('ai-proxy', { properties: { 'response.code_details': null } });
    expect(header(blind.a.response.headers, 'content-length')).toBe('335');
  });

  it('ai-statistics writes the consumer and token usage into its log fields and metrics', async () => {
    const { a } = await smoke('ai-statistics');
    // as_separate_log_field: the consumer is its own filter state entry.
    expect(a.propertiesSet).toContainEqual({ path: 'consumer', value: 'consumer1' });
    const log = a.propertiesSet.find((p) => p.path === 'ai_log');
    expect(log).toBeDefined();
    const entry = JSON.parse(JSON.parse(`"${log!.value}"`) as string) as Record<string, unknown>;
    expect(entry).toMatchObject({ input_token: 8, output_token: 2, model: 'gpt-4o' });
    expect(a.metrics).toContainEqual({
      kind: 'counter',
      name: 'route.smoke-route.upstream.outbound|8080||backend.default.svc.cluster.local.model.gpt-4o.consumer.consumer1.metric.input_token',
      value: '8',
    });
  });

  it('ai-token-ratelimit asks redis and lets the request through, or answers 429 over the limit', async () => {
    const under = await smoke('ai-token-ratelimit');
    expect(under.a.redisCalls[0]).toMatchObject({
      callback: 'proxy_on_request_headers',
      upstream: 'outbound|80||redis.static',
      reply: '*3\r\n:1000\r\n:0\r\n:60\r\n',
    });
    expect(under.a.redisCalls[0]!.command[0]!.toUpperCase()).toBe('EVAL');
    expect(under.a.localReplies).toEqual([]);
    const over = await smoke('ai-token-ratelimit', {
      redisReplies: [{ command: 'EVAL', reply: [1000, 1200, 42] }],
    });
    expect(replies(over.a)).toEqual([
      { status: 429, details: 'ai-token-ratelimit.rejected', in: 'proxy_on_redis_call_response' },
    ]);
    expect(header(over.a.localReplies[0]!.headers, 'x-tokenratelimit-reset')).toBe('42');
  });

  it('cluster-key-rate-limit shows the remaining quota, and answers 429 over the limit', async () => {
    const under = await smoke('cluster-key-rate-limit');
    expect(header(under.a.response.headers, 'x-ratelimit-remaining')).toBe('999');
    const over = await smoke('cluster-key-rate-limit', {
      redisReplies: [{ command: 'EVAL', reply: [1000, 1001, 30] }],
    });
    expect(replies(over.a)).toEqual([
      {
        status: 429,
        details: 'cluster-key-rate-limit.rejected',
        in: 'proxy_on_redis_call_response',
      },
    ]);
  });

  it('waf cannot load the OWASP CRS of its documented configuration within the smoke limit', async () => {
    // useCRS: true adds `Include @owasp_crs/*.conf` (wasmplugin/plugin.go);
    // its regular expressions compile with go-re2, which main.go registers
    // (wasilibs.RegisterRX) and which runs RE2 in wazero's interpreter inside
    // the module: over a minute of CPU and more than 256 MiB here.
    const plugin = readFileSync(join(findCorpus(), 'waf', 'wasmplugin', 'plugin.go'), 'utf8');
    expect(plugin.split('\n')[43 - 1]).toContain('"Include @owasp_crs/*.conf"');
    const main = readFileSync(join(findCorpus(), 'waf', 'main.go'), 'utf8');
    expect(main).toContain('wasilibs.RegisterRX()');
    const crs = await smoke('waf', { failing: true });
    expect(crs.report.ok).toBe(false);
    expect(crs.report.error).toMatchObject({ phase: 'canary.configure' });
    expect(crs.report.error!.message).toMatch(
      /^Smoke test timed out after 10000 ms|linear memory at/,
    );
    // The documented custom rules alone: /admin is denied by rule 101. Even
    // without the CRS, go-re2's start takes seconds: a longer limit.
    const noCrs = { config: (c: Record<string, unknown>) => (c.useCRS = false), timeoutMs: 40_000 };
    const rules = await smoke('waf', noCrs);
    expect(replies(rules.a)).toEqual([
      { status: 403, details: 'waf', in: 'proxy_on_request_headers' },
    ]);
    expect(rules.a.properties).toContainEqual({ path: 'source.address', found: true });
    const fine = await smoke('waf', { ...noCrs, request: { ':path': '/index.html' } });
    expect(fine.a.localReplies).toEqual([]);
  }, 180_000);
});
