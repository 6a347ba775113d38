import { describe, expect, it } from '@jest/globals';
import { Status } from '../../../src/smoke/proxy/index.js';
import { deserializePairs } from '../../../src/smoke/proxy/header-map.js';
import { decodeMessage } from '../../../src/smoke/proxy/protobuf.js';
import { ROUTED_REQUEST } from '../../../src/smoke/proxy/routed-request.js';
import { propertyOverrides } from '../../../src/smoke/config.js';
import { callForeign, defaultOptions, harness, text, type Harness } from './harness.js';

const ROOT = 1;
const STREAM = 2;

function get(h: Harness, path: string) {
  const [ptr, size] = h.put(path.split('.').join('\0'));
  const p = h.slot();
  const s = h.slot();
  const status = h.call('proxy_get_property', ptr, size, p, s);
  return { status, value: status === Status.Ok ? h.returned(p, s) : new Uint8Array() };
}
const i64 = (b: Uint8Array) => Buffer.from(b).readBigInt64LE();
const u64 = (b: Uint8Array) => Buffer.from(b).readBigUInt64LE();

/** Drives context 2 into a callback the way the lifecycle does. */
function enter(h: Harness, callback: string) {
  h.host.contextCreated?.(ROOT, 0);
  h.host.contextCreated?.(STREAM, ROOT);
  h.host.beginCallback?.(STREAM, callback);
}

describe('routed-request attributes', () => {
  it('connection attributes have Envoy types: addresses as ip:port text, ports as 8-byte ints', async () => {
    const h = await harness({ profile: 'envoy-2026' });
    enter(h, 'proxy_on_request_headers');
    expect(text(get(h, 'source.address').value)).toBe(
      `${ROUTED_REQUEST.sourceAddress}:${ROUTED_REQUEST.sourcePort}`,
    );
    const port = get(h, 'source.port').value;
    expect(port.length).toBe(8);
    expect(i64(port)).toBe(BigInt(ROUTED_REQUEST.sourcePort));
    expect(i64(get(h, 'destination.port').value)).toBe(80n);
    expect(u64(get(h, 'connection.id').value)).toBe(BigInt(ROUTED_REQUEST.connectionId));
    expect([...get(h, 'connection.mtls').value]).toEqual([0]);
    expect(text(get(h, 'request.protocol').value)).toBe('HTTP/1.1');
    const time = i64(get(h, 'request.time').value);
    expect(Number(time / 1_000_000n)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('the route and cluster exist from the first callback; the upstream only once it answered', async () => {
    const h = await harness({ profile: 'envoy-2026' });
    enter(h, 'proxy_on_request_headers');
    expect(text(get(h, 'xds.route_name').value)).toBe(ROUTED_REQUEST.routeName);
    expect(text(get(h, 'xds.cluster_name').value)).toBe(ROUTED_REQUEST.clusterName);
    expect(get(h, 'upstream.address').status).toBe(Status.NotFound);
    expect(u64(get(h, 'upstream.request_attempt_count').value)).toBe(0n);
    expect(get(h, 'response.code').status).toBe(Status.NotFound);
    expect(get(h, 'response.code_details').status).toBe(Status.NotFound);
    h.host.endCallback?.(STREAM, 'proxy_on_request_headers', 0);

    h.host.beginCallback?.(STREAM, 'proxy_on_response_headers');
    expect(i64(get(h, 'response.code').value)).toBe(404n);
    expect(text(get(h, 'response.code_details').value)).toBe('via_upstream');
    expect(text(get(h, 'upstream.address').value)).toBe(
      `${ROUTED_REQUEST.upstreamAddress}:${ROUTED_REQUEST.upstreamPort}`,
    );
    expect(u64(get(h, 'upstream.request_attempt_count').value)).toBe(1n);
    expect(get(h, 'request.duration').status).toBe(Status.NotFound);
    h.host.endCallback?.(STREAM, 'proxy_on_response_headers', 0);
    h.host.beginCallback?.(STREAM, 'proxy_on_log');
    expect(i64(get(h, 'request.duration').value)).toBe(ROUTED_REQUEST.requestDurationNs);
  });

  it('request.size counts body bytes from the body callback on (no content-length here)', async () => {
    const h = await harness({ profile: 'envoy' });
    enter(h, 'proxy_on_request_headers');
    expect(i64(get(h, 'request.size').value)).toBe(0n);
    h.host.endCallback?.(STREAM, 'proxy_on_request_headers', 0);
    h.host.beginCallback?.(STREAM, 'proxy_on_request_body');
    expect(i64(get(h, 'request.size').value)).toBe(BigInt('hello'.length));
  });

  it('top-level node / route_name / cluster_name exist on envoy-legacy and higress, not on envoy or envoy-2026', async () => {
    for (const profile of ['envoy-legacy', 'higress']) {
      const h = await harness({ profile });
      enter(h, 'proxy_on_request_headers');
      expect(text(get(h, 'route_name').value)).toBe(ROUTED_REQUEST.routeName);
      expect(text(get(h, 'cluster_name').value)).toBe(ROUTED_REQUEST.clusterName);
      expect(get(h, 'node.id').status).toBe(Status.Ok);
    }
    for (const profile of ['envoy', 'envoy-2026']) {
      const h = await harness({ profile });
      enter(h, 'proxy_on_request_headers');
      expect(get(h, 'route_name').status).toBe(Status.NotFound);
      expect(get(h, 'node').status).toBe(Status.NotFound);
      expect(get(h, 'xds.node.id').status).toBe(Status.Ok);
    }
  });

  it('node is a protobuf Node message; its metadata a map of pairs', async () => {
    const h = await harness({ profile: 'higress' });
    h.host.setEffectiveContext(ROOT);
    const node = decodeMessage(get(h, 'node').value)!;
    expect(text(node.find((f) => f.number === 1)!.bytes!)).toMatch(/^router~/);
    expect(text(node.find((f) => f.number === 2)!.bytes!)).toBe('higress-gateway.higress-system');
    const metadata = deserializePairs(get(h, 'node.metadata').value);
    expect(metadata).toContainEqual(['NAMESPACE', 'higress-system']);
    // No stream on the root context: request attributes do not exist there.
    expect(get(h, 'request.path').status).toBe(Status.NotFound);
    expect(get(h, 'route_name').status).toBe(Status.NotFound);
  });

  it('higress answers plugin_vm_memory with the VM memory size as a u64', async () => {
    const h = await harness({ profile: 'higress' });
    expect(u64(get(h, 'plugin_vm_memory').value)).toBe(BigInt(h.memory.buffer.byteLength));
    const e = await harness({ profile: 'envoy-2026' });
    expect(get(e, 'plugin_vm_memory').status).toBe(Status.NotFound);
  });

  it('maps serialize as pairs: request.headers joins repeated names with commas', async () => {
    const h = await harness({
      profile: 'envoy',
      stream: {
        ...defaultOptions().stream,
        requestHeaders: [
          [':path', '/a?b=1#frag'],
          ['x-tag', 'one'],
          ['x-tag', 'two'],
        ],
      },
    });
    enter(h, 'proxy_on_request_headers');
    expect(deserializePairs(get(h, 'request.headers').value)).toEqual([
      [':path', '/a?b=1#frag'],
      ['x-tag', 'one,two'],
    ]);
    expect(text(get(h, 'request.query').value)).toBe('b=1');
    expect(text(get(h, 'request.url_path').value)).toBe('/a');
    expect(deserializePairs(get(h, 'source').value)).toContainEqual([
      'address',
      `${ROUTED_REQUEST.sourceAddress}:${ROUTED_REQUEST.sourcePort}`,
    ]);
  });

  it('configured values win, are typed like the attribute, reach parent maps, and null removes', async () => {
    const h = await harness({
      profile: 'higress',
      properties: propertyOverrides({
        'source.address': '10.9.8.7:1234',
        'source.port': '1234',
        route_name: 'route-a',
        'response.code_details': null,
        'custom.flag': true,
      }),
    });
    enter(h, 'proxy_on_request_headers');
    expect(text(get(h, 'source.address').value)).toBe('10.9.8.7:1234');
    expect(i64(get(h, 'source.port').value)).toBe(1234n);
    expect(deserializePairs(get(h, 'source').value)).toContainEqual(['address', '10.9.8.7:1234']);
    expect(text(get(h, 'route_name').value)).toBe('route-a');
    expect([...get(h, 'custom.flag').value]).toEqual([1]);
    h.host.beginCallback?.(STREAM, 'proxy_on_response_headers');
    expect(get(h, 'response.code_details').status).toBe(Status.NotFound);
  });

  it('a local reply before the upstream answered sets the code and details and becomes the response', async () => {
    const h = await harness({ profile: 'higress' });
    enter(h, 'proxy_on_request_headers');
    const [d, ds] = h.put('ip-restriction.denied');
    const [b, bs] = h.put('denied');
    const [hp, hs] = h.put(new Uint8Array([0, 0, 0, 0]));
    expect(h.call('proxy_send_local_response', 403, d, ds, b, bs, hp, hs, -1)).toBe(Status.Ok);
    expect(h.host.repliedLocally?.(STREAM)).toBe(true);
    expect(h.host.responseFor?.(STREAM)).toEqual({
      responseHeaders: [
        [':status', '403'],
        ['content-length', '6'],
        ['content-type', 'text/plain'],
      ],
      responseBody: 'denied',
      responseTrailers: [],
    });
    h.host.endCallback?.(STREAM, 'proxy_on_request_headers', 1);
    h.host.beginCallback?.(STREAM, 'proxy_on_response_headers');
    expect(i64(get(h, 'response.code').value)).toBe(403n);
    expect(text(get(h, 'response.code_details').value)).toBe('ip-restriction.denied');
    expect(get(h, 'upstream.address').status).toBe(Status.NotFound);
    const activity = h.host.activity!(STREAM);
    expect(activity.localReplies).toEqual([
      {
        callback: 'proxy_on_request_headers',
        status: 403,
        details: 'ip-restriction.denied',
        body: 'denied',
        headers: [],
      },
    ]);
    expect(activity.callbacks).toEqual([
      { callback: 'proxy_on_request_headers', context: STREAM, result: 'pause' },
    ]);
    expect(activity.properties).toContainEqual({ path: 'response.code_details', found: true });
  });

  it('proxy_set_property values read back on the stream, also under filter_state', async () => {
    const h = await harness({ profile: 'higress' });
    enter(h, 'proxy_on_request_headers');
    const [k, ks] = h.put('x_request_id');
    const [v, vs] = h.put('abc');
    expect(h.call('proxy_set_property', k, ks, v, vs)).toBe(Status.Ok);
    expect(text(get(h, 'x_request_id').value)).toBe('abc');
    expect(deserializePairs(get(h, 'filter_state').value)).toEqual([['wasm.x_request_id', 'abc']]);
  });
});

describe('foreign functions', () => {
  const call = callForeign;

  it('higress answers get_log_level with the level as a little-endian u32', async () => {
    const h = await harness({ profile: 'higress', logLevel: 'warn' });
    const r = call(h, 'get_log_level', '');
    expect(r.status).toBe(Status.Ok);
    expect([...r.result]).toEqual([3, 0, 0, 0]);
    // Stock Envoy has no such function: the SDK falls back to trace.
    expect(call(await harness({ profile: 'envoy-2026' }), 'get_log_level', '').status).toBe(
      Status.NotFound,
    );
  });

  it('set_global_max_requests_per_io_cycle takes a u64; inject_encoded_data_* take their protobuf', async () => {
    const h = await harness({ profile: 'higress' });
    const eight = new Uint8Array(8);
    eight[0] = 20;
    expect(call(h, 'set_global_max_requests_per_io_cycle', eight).status).toBe(Status.Ok);
    expect(call(h, 'set_global_max_requests_per_io_cycle', 'x').status).toBe(Status.BadArgument);
    // Root context: no stream to inject into.
    h.host.setEffectiveContext(ROOT);
    const args = new Uint8Array([0x0a, 0x02, 0x68, 0x69, 0x10, 0x01]); // body "hi", endstream true
    expect(call(h, 'inject_encoded_data_to_filter_chain_on_header', args).status).toBe(
      Status.NotFound,
    );
    enter(h, 'proxy_on_response_headers');
    expect(call(h, 'inject_encoded_data_to_filter_chain_on_header', args).status).toBe(Status.Ok);
    expect(h.host.streamActions!(STREAM)!.injected).toEqual([{ data: 'hi', endStream: true }]);
    expect(call(h, 'inject_encoded_data_to_filter_chain', new Uint8Array([0xff])).status).toBe(
      Status.BadArgument,
    );
    const foreign = h.host.activity!(STREAM).foreignCalls;
    expect(foreign).toContainEqual({
      name: 'set_global_max_requests_per_io_cycle',
      status: 'OK',
      count: 1,
    });
    expect(foreign).toContainEqual({
      name: 'set_global_max_requests_per_io_cycle',
      status: 'BAD_ARGUMENT',
      count: 1,
    });
  });

  it('declare_property accepts a name once', async () => {
    const h = await harness({ profile: 'envoy' });
    const args = new Uint8Array([0x0a, 0x01, 0x61]); // name "a"
    expect(call(h, 'declare_property', args).status).toBe(Status.Ok);
    expect(call(h, 'declare_property', args).status).toBe(Status.BadArgument);
  });
});

describe('configured replies', () => {
  it('http calls are answered by the first matching rule, else the default', async () => {
    const h = await harness({
      httpCalls: [
        {
          upstream: 'auth',
          path: '/check',
          response: { headers: [[':status', '403']], body: 'no', trailers: [] },
        },
      ],
    });
    const answer = (upstream: string, path: string) => {
      h.host.prepareHttpCallResponse({
        token: 1,
        contextId: ROOT,
        upstream,
        headers: [[':path', path]],
      });
      const p = h.slot();
      const s = h.slot();
      h.call('proxy_get_buffer_bytes', 4, 0, 100, p, s);
      return text(h.returned(p, s));
    };
    expect(answer('auth', '/check?u=1')).toBe('no');
    expect(answer('auth', '/other')).toBe('allowed');
    expect(answer('billing', '/check')).toBe('allowed');
  });

  it('redis replies are RESP by command, +OK when no rule matches', async () => {
    const h = await harness({
      higressExtras: true,
      redisReplies: [
        { command: 'evalsha', reply: [1, 'x', null] },
        { command: 'GET', reply: { error: 'ERR nope' } },
      ],
    });
    const reply = (command: string[]) => {
      const query = `*${command.length}\r\n${command.map((w) => `$${w.length}\r\n${w}\r\n`).join('')}`;
      const size = h.host.prepareRedisCallResponse!({
        token: 1,
        contextId: ROOT,
        rootContextId: ROOT,
        upstream: 'redis',
        query: new Uint8Array(Buffer.from(query)),
      });
      const p = h.slot();
      const s = h.slot();
      h.call('proxy_get_buffer_bytes', 9, 0, size, p, s);
      return text(h.returned(p, s));
    };
    expect(reply(['EVALSHA', 'abc', '1'])).toBe('*3\r\n:1\r\n$1\r\nx\r\n$-1\r\n');
    expect(reply(['GET', 'k'])).toBe('-ERR nope\r\n');
    expect(reply(['SET', 'k', 'v'])).toBe('+OK\r\n');
  });
});
