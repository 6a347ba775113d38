import { describe, expect, it } from '@jest/globals';
import { BufferType, serializePairs, Status } from '../../../src/smoke/proxy/index.js';
import { harness, text, type Harness } from './harness.js';

const ROOT = 1;
const STREAM = 2;

const CHECK_HEADERS: [string, string][] = [
  [':method', 'GET'],
  [':path', '/check'],
  [':authority', 'auth'],
];

function httpCall(
  h: Harness,
  upstream: string,
  headers: [string, string][],
  body = '',
  timeout = 5000,
) {
  const token = h.slot();
  const status = h.call(
    'proxy_http_call',
    ...h.put(upstream),
    ...h.put(serializePairs(headers)),
    ...h.put(body),
    ...h.put(serializePairs([['x-trailer', 't']])),
    timeout,
    token,
  );
  return { status, token: h.u32(token) };
}

describe('proxy_http_call', () => {
  it('records the call with a fresh token, the dispatching and root contexts', async () => {
    const h = await harness();
    h.host.setEffectiveContext(ROOT);
    h.host.setEffectiveContext(STREAM);
    const first = httpCall(h, 'auth_cluster', CHECK_HEADERS, 'payload');
    const second = httpCall(h, 'auth_cluster', CHECK_HEADERS);
    expect(first.status).toBe(Status.Ok);
    expect(second.token).not.toBe(first.token);
    const pending = h.host.takePendingHttpCalls();
    expect(pending[0]).toEqual({
      token: first.token,
      contextId: STREAM,
      rootContextId: ROOT,
      upstream: 'auth_cluster',
      headers: CHECK_HEADERS,
      body: 'payload',
      trailers: [['x-trailer', 't']],
      timeoutMs: 5000,
    });
    expect(h.host.takePendingHttpCalls()).toEqual([]);
  });

  it('refuses calls Envoy refuses: missing :path/:method/:authority, no cluster, negative timeout', async () => {
    const h = await harness();
    h.host.setEffectiveContext(ROOT);
    expect(
      httpCall(h, 'auth', [
        [':method', 'GET'],
        [':authority', 'a'],
      ]).status,
    ).toBe(Status.BadArgument);
    expect(h.logs.at(-1)).toEqual({
      level: 'warn',
      message: 'proxy_http_call to "auth" refused: missing :path',
    });
    expect(httpCall(h, '', CHECK_HEADERS).status).toBe(Status.BadArgument);
    expect(httpCall(h, 'auth', CHECK_HEADERS, '', -1).status).toBe(Status.BadArgument);
    // `host` stands for :authority.
    expect(
      httpCall(h, 'auth', [
        [':method', 'GET'],
        [':path', '/'],
        ['host', 'a'],
      ]).status,
    ).toBe(Status.Ok);
    expect(h.host.takePendingHttpCalls()).toHaveLength(1);
  });
});

describe('gRPC calls', () => {
  it('numbers calls odd and streams even; send only on streams; cancel/close known tokens', async () => {
    const h = await harness();
    h.host.setEffectiveContext(ROOT);
    const metadata = h.put(serializePairs([['x-id', '1']]));
    const callToken = h.slot();
    expect(
      h.call(
        'proxy_grpc_call',
        ...h.put('grpc_cluster'),
        ...h.put('pkg.Service'),
        ...h.put('Method'),
        ...metadata,
        ...h.put('msg'),
        1000,
        callToken,
      ),
    ).toBe(Status.Ok);
    const streamToken = h.slot();
    expect(
      h.call(
        'proxy_grpc_stream',
        ...h.put('grpc_cluster'),
        ...h.put('pkg.Service'),
        ...h.put('Watch'),
        ...metadata,
        streamToken,
      ),
    ).toBe(Status.Ok);
    const call = h.u32(callToken);
    const stream = h.u32(streamToken);
    expect(call % 2).toBe(1);
    expect(stream % 2).toBe(0);
    expect(h.call('proxy_grpc_send', stream, ...h.put('m1'), 0)).toBe(Status.Ok);
    expect(h.call('proxy_grpc_send', call, ...h.put('m1'), 0)).toBe(Status.BadArgument);
    expect(h.call('proxy_grpc_send', stream + 2, ...h.put('m1'), 0)).toBe(Status.NotFound);
    expect(h.call('proxy_grpc_cancel', call)).toBe(Status.Ok);
    expect(h.call('proxy_grpc_cancel', call)).toBe(Status.NotFound);
    expect(h.call('proxy_grpc_close', stream)).toBe(Status.Ok);
    const empty = h.slot();
    expect(
      h.call('proxy_grpc_stream', ...h.put(''), ...h.put('s'), ...h.put('m'), ...metadata, empty),
    ).toBe(Status.ParseFailure);
  });
});

describe('Higress extras', () => {
  it('are absent unless higressExtras is set', async () => {
    const stock = await harness();
    expect(Object.keys(stock.host.functions)).not.toContain('proxy_redis_call');
    const higress = await harness({ higressExtras: true });
    for (const name of [
      'proxy_redis_init',
      'proxy_redis_call',
      'proxy_inject_encoded_data_to_filter_chain',
      'proxy_set_upstream_override_host',
      'proxy_get_upstream_hosts',
    ]) {
      expect(higress.host.functions).toHaveProperty(name);
      expect(higress.host.signatures).toHaveProperty(name);
    }
  });

  it('redis calls need redis_init and are answered through buffer type 9', async () => {
    const h = await harness({ higressExtras: true });
    h.host.setEffectiveContext(ROOT);
    h.host.setEffectiveContext(STREAM);
    const token = h.slot();
    const query = '*2\r\n$3\r\nGET\r\n$1\r\nk\r\n';
    expect(h.call('proxy_redis_call', ...h.put('redis'), ...h.put(query), token)).toBe(
      Status.BadArgument,
    );
    expect(h.call('proxy_redis_init', ...h.put('redis'), ...h.put(''), ...h.put(''), 1000)).toBe(
      Status.Ok,
    );
    expect(h.call('proxy_redis_call', ...h.put('redis'), ...h.put(query), token)).toBe(Status.Ok);
    const [call] = h.host.takePendingRedisCalls!();
    expect(call).toMatchObject({
      token: h.u32(token),
      contextId: STREAM,
      rootContextId: ROOT,
      upstream: 'redis',
    });
    expect(text(call!.query)).toBe(query);

    const p = h.slot();
    const s = h.slot();
    expect(h.call('proxy_get_buffer_bytes', BufferType.RedisCallResponse, 0, 100, p, s)).toBe(
      Status.NotFound,
    );
    expect(
      h.host.prepareRedisCallResponse!(call!, new Uint8Array(Buffer.from('$1\r\nv\r\n'))),
    ).toBe(7);
    expect(h.call('proxy_get_buffer_bytes', BufferType.RedisCallResponse, 0, 100, p, s)).toBe(
      Status.Ok,
    );
    expect(text(h.returned(p, s))).toBe('$1\r\nv\r\n');
    h.host.finishRedisCallResponse!();
    expect(h.call('proxy_get_buffer_bytes', BufferType.RedisCallResponse, 0, 100, p, s)).toBe(
      Status.NotFound,
    );
  });

  it('records injected data and the upstream override; lists configured upstream hosts', async () => {
    const h = await harness({
      higressExtras: true,
      upstreamHosts: [['10.0.0.1:80', '{"healthy":true}']],
    });
    h.host.setEffectiveContext(ROOT);
    expect(h.call('proxy_set_upstream_override_host', ...h.put('10.0.0.1:80'))).toBe(
      Status.NotFound,
    );
    h.host.setEffectiveContext(STREAM);
    expect(h.call('proxy_inject_encoded_data_to_filter_chain', ...h.put('chunk'), 1)).toBe(
      Status.Ok,
    );
    expect(h.call('proxy_set_upstream_override_host', ...h.put('10.0.0.1:80'))).toBe(Status.Ok);
    expect(h.host.streamActions!(STREAM)).toMatchObject({
      injected: [{ data: 'chunk', endStream: true }],
      upstreamOverrideHost: '10.0.0.1:80',
    });
    const p = h.slot();
    const s = h.slot();
    expect(h.call('proxy_get_upstream_hosts', p, s)).toBe(Status.Ok);
    expect(Buffer.from(h.returned(p, s))).toEqual(
      Buffer.from(serializePairs([['10.0.0.1:80', '{"healthy":true}']])),
    );
  });
});
