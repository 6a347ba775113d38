import { describe, expect, it } from '@jest/globals';
import { MapType, BufferType, serializePairs, Status } from '../../../src/smoke/proxy/index.js';
import { harness, text, type Harness } from './harness.js';

const ROOT = 1;
const STREAM = 2;

async function onStream(overrides = {}): Promise<Harness> {
  const h = await harness(overrides);
  h.host.setEffectiveContext(ROOT);
  h.host.setEffectiveContext(STREAM);
  return h;
}

function pairsOf(h: Harness, map: number): { status: number; bytes: Uint8Array } {
  const p = h.slot();
  const s = h.slot();
  const status = h.call('proxy_get_header_map_pairs', map, p, s);
  return { status, bytes: h.returned(p, s) };
}

function valueOf(h: Harness, map: number, key: string): { status: number; value?: string } {
  const [k, ks] = h.put(key);
  const p = h.slot();
  const s = h.slot();
  const status = h.call('proxy_get_header_map_value', map, k, ks, p, s);
  return { status, value: status === Status.Ok ? text(h.returned(p, s)) : undefined };
}

function bufferOf(h: Harness, type: number, start = 0, max = 0xffffffff) {
  const p = h.slot();
  const s = h.slot();
  const status = h.call('proxy_get_buffer_bytes', type, start, max | 0, p, s);
  return { status, ptr: h.u32(p), size: h.u32(s), text: text(h.returned(p, s)) };
}

describe('header maps', () => {
  it('returns the stream request headers serialized, names lower-cased', async () => {
    const h = await onStream();
    const { status, bytes } = pairsOf(h, MapType.HttpRequestHeaders);
    expect(status).toBe(Status.Ok);
    expect(Buffer.from(bytes)).toEqual(
      Buffer.from(
        serializePairs([
          [':method', 'GET'],
          [':path', '/items?id=7'],
          [':authority', 'example.com'],
          [':scheme', 'https'],
          ['user-agent', 'smoke'],
        ]),
      ),
    );
    // The layout itself: count 5, first key length 7 (":method"), value length 3.
    const view = Buffer.from(bytes);
    expect([view.readUInt32LE(0), view.readUInt32LE(4), view.readUInt32LE(8)]).toEqual([5, 7, 3]);
    expect(view.subarray(4 + 5 * 8, 4 + 5 * 8 + 12).toString('latin1')).toBe(':method\0GET\0');
  });

  it('an unavailable map reads as empty: OK with pointer 0 and size 0', async () => {
    const h = await harness();
    h.host.setEffectiveContext(ROOT);
    const p = h.put(new Uint8Array([7, 7, 7, 7]))[0];
    const s = h.put(new Uint8Array([7, 7, 7, 7]))[0];
    expect(h.call('proxy_get_header_map_pairs', MapType.HttpRequestHeaders, p, s)).toBe(Status.Ok);
    expect([h.u32(p), h.u32(s)]).toEqual([0, 0]);
    expect(valueOf(h, MapType.HttpRequestHeaders, ':path').status).toBe(Status.BadArgument);
  });

  it('looks values up case-insensitively; NOT_FOUND for a missing name; BAD_ARGUMENT for map 8', async () => {
    const h = await onStream();
    expect(valueOf(h, MapType.HttpRequestHeaders, 'User-Agent')).toEqual({
      status: Status.Ok,
      value: 'smoke',
    });
    expect(valueOf(h, MapType.HttpResponseHeaders, ':status').value).toBe('404');
    expect(valueOf(h, MapType.HttpResponseTrailers, 'grpc-status').value).toBe('0');
    expect(valueOf(h, MapType.HttpRequestHeaders, 'x-missing').status).toBe(Status.NotFound);
    expect(valueOf(h, 8, ':path').status).toBe(Status.BadArgument);
  });

  it('adds, replaces, removes and sets pairs like Envoy', async () => {
    const h = await onStream();
    const put2 = (a: string, b: string) => [...h.put(a), ...h.put(b)];
    expect(h.call('proxy_add_header_map_value', 0, ...put2('X-Tag', 'a'))).toBe(Status.Ok);
    expect(h.call('proxy_add_header_map_value', 0, ...put2('x-tag', 'b'))).toBe(Status.Ok);
    expect(valueOf(h, 0, 'x-tag').value).toBe('a'); // first value only
    expect(h.call('proxy_replace_header_map_value', 0, ...put2('X-TAG', 'c'))).toBe(Status.Ok);
    expect(h.host.streamActions!(STREAM)!.requestHeaders.filter(([k]) => k === 'x-tag')).toEqual([
      ['x-tag', 'c'],
    ]);
    expect(h.call('proxy_remove_header_map_value', 0, ...h.put('x-tag'))).toBe(Status.Ok);
    expect(h.call('proxy_remove_header_map_value', 0, ...h.put('never-there'))).toBe(Status.Ok);
    expect(valueOf(h, 0, 'x-tag').status).toBe(Status.NotFound);

    const [ptr, size] = h.put(
      serializePairs([
        [':status', '201'],
        ['X-New', 'yes'],
      ]),
    );
    expect(h.call('proxy_set_header_map_pairs', MapType.HttpResponseHeaders, ptr, size)).toBe(
      Status.Ok,
    );
    expect(h.host.streamActions!(STREAM)!.responseHeaders).toEqual([
      [':status', '201'],
      ['x-new', 'yes'],
    ]);
    const sizeSlot = h.slot();
    expect(h.call('proxy_get_header_map_size', MapType.HttpResponseHeaders, sizeSlot)).toBe(
      Status.Ok,
    );
    expect(h.u32(sizeSlot)).toBe(':status'.length + 3 + 'x-new'.length + 3);
  });

  it('http call response maps are readable only while a response is prepared, never writable', async () => {
    const h = await onStream();
    expect(valueOf(h, MapType.HttpCallResponseHeaders, ':status').status).toBe(Status.BadArgument);
    expect(bufferOf(h, BufferType.HttpCallResponseBody).status).toBe(Status.NotFound);
    const [u, us] = h.put('auth_cluster');
    const [hd, hs] = h.put(
      serializePairs([
        [':method', 'GET'],
        [':path', '/check'],
        [':authority', 'auth'],
      ]),
    );
    const token = h.slot();
    expect(h.call('proxy_http_call', u, us, hd, hs, 0, 0, 0, 0, 5000, token)).toBe(Status.Ok);
    const [call] = h.host.takePendingHttpCalls();
    expect(h.host.prepareHttpCallResponse(call!)).toEqual({ headers: 2, bodySize: 7, trailers: 0 });
    expect(valueOf(h, MapType.HttpCallResponseHeaders, ':status').value).toBe('200');
    expect(pairsOf(h, MapType.HttpCallResponseTrailers).bytes).toHaveLength(0);
    expect(bufferOf(h, BufferType.HttpCallResponseBody).text).toBe('allowed');
    expect(
      h.call(
        'proxy_add_header_map_value',
        MapType.HttpCallResponseHeaders,
        ...h.put('a'),
        ...h.put('b'),
      ),
    ).toBe(Status.BadArgument);
    h.host.finishHttpCallResponse();
    expect(valueOf(h, MapType.HttpCallResponseHeaders, ':status').status).toBe(Status.BadArgument);
  });

  it('survives memory growth while the host allocates (re-reads the buffer)', async () => {
    const h = await onStream();
    const big = 'v'.repeat(300_000);
    const pagesBefore = h.memory.buffer.byteLength;
    expect(h.call('proxy_add_header_map_value', 0, ...h.put('x-big'), ...h.put(big))).toBe(
      Status.Ok,
    );
    expect(valueOf(h, 0, 'x-big').value).toBe(big);
    expect(h.memory.buffer.byteLength).toBeGreaterThan(pagesBefore);
  });

  it('reports INVALID_MEMORY_ACCESS for keys or return slots outside memory', async () => {
    const h = await onStream();
    const end = h.memory.buffer.byteLength;
    const p = h.slot();
    expect(h.call('proxy_get_header_map_value', 0, end - 2, 5, p, h.slot())).toBe(
      Status.InvalidMemoryAccess,
    );
    const [k, ks] = h.put(':path');
    expect(h.call('proxy_get_header_map_value', 0, k, ks, end, p)).toBe(Status.InvalidMemoryAccess);
    expect(h.call('proxy_set_header_map_pairs', 0, end - 1, 8)).toBe(Status.InvalidMemoryAccess);
  });
});

describe('buffers', () => {
  it('an empty VM configuration is OK and writes nothing (the guest keeps 0/0)', async () => {
    const h = await harness();
    h.host.setEffectiveContext(ROOT);
    expect(bufferOf(h, BufferType.VmConfiguration)).toMatchObject({
      status: Status.Ok,
      ptr: 0,
      size: 0,
    });
  });

  it('reads the plugin configuration whole or by range', async () => {
    const h = await harness();
    h.host.setEffectiveContext(ROOT);
    expect(bufferOf(h, BufferType.PluginConfiguration).text).toBe('{"deny":["/admin"]}');
    expect(bufferOf(h, BufferType.PluginConfiguration, 2, 4).text).toBe('deny');
    expect(bufferOf(h, BufferType.PluginConfiguration, 19, 4)).toMatchObject({
      status: Status.Ok,
      size: 0,
    });
    expect(bufferOf(h, BufferType.PluginConfiguration, 20, 4).status).toBe(Status.BadArgument);
    expect(bufferOf(h, 10).status).toBe(Status.BadArgument);
    // Type 9 is Higress-only.
    expect(bufferOf(h, BufferType.RedisCallResponse).status).toBe(Status.BadArgument);
    expect(bufferOf(h, BufferType.CallData).status).toBe(Status.NotFound);
  });

  it('edits a body with Envoy semantics: prepend, replace, append; inside is BAD_ARGUMENT', async () => {
    const h = await onStream();
    const set = (start: number, length: number, data: string) =>
      h.call('proxy_set_buffer_bytes', BufferType.HttpRequestBody, start, length, ...h.put(data));
    expect(bufferOf(h, BufferType.HttpRequestBody).text).toBe('hello');
    expect(set(0, 0, '>> ')).toBe(Status.Ok);
    expect(bufferOf(h, BufferType.HttpRequestBody).text).toBe('>> hello');
    expect(set(0, 3, '')).toBe(Status.Ok);
    expect(bufferOf(h, BufferType.HttpRequestBody).text).toBe('hello');
    expect(set(5, 0, ' world')).toBe(Status.Ok);
    expect(set(-1, 0, '!')).toBe(Status.Ok); // start = max u32 appends
    expect(bufferOf(h, BufferType.HttpRequestBody).text).toBe('hello world!');
    expect(set(3, 2, 'XX')).toBe(Status.BadArgument);
    expect(set(0, 100, 'replaced')).toBe(Status.Ok);
    expect(h.host.streamActions!(STREAM)!.requestBody).toBe('replaced');

    const status = h.slot();
    const flags = h.slot();
    expect(h.call('proxy_get_buffer_status', BufferType.HttpRequestBody, status, flags)).toBe(
      Status.Ok,
    );
    expect(h.u32(status)).toBe(8);
    expect(
      h.call('proxy_set_buffer_bytes', BufferType.PluginConfiguration, 0, 0, ...h.put('x')),
    ).toBe(Status.BadArgument);
  });
});

describe('stream control and local replies', () => {
  it('continue_stream resumes request/response, UNIMPLEMENTED for upstream, BAD_ARGUMENT past 3', async () => {
    const h = await onStream();
    expect(h.host.streamResumed(STREAM)).toBe(false);
    expect(h.call('proxy_continue_stream', 0)).toBe(Status.Ok);
    expect(h.host.streamResumed(STREAM)).toBe(true);
    expect(h.call('proxy_continue_response')).toBe(Status.Ok);
    expect(h.call('proxy_continue_stream', 3)).toBe(Status.Unimplemented);
    expect(h.call('proxy_continue_stream', 4)).toBe(Status.BadArgument);
    expect(h.call('proxy_close_stream', 1)).toBe(Status.Ok);
    expect(h.call('proxy_close_stream', 9)).toBe(Status.BadArgument);
    expect(h.host.streamActions!(STREAM)).toMatchObject({ continued: [0, 1], closed: [1] });
  });

  it('records proxy_send_local_response with its headers', async () => {
    const h = await onStream();
    const status = h.call(
      'proxy_send_local_response',
      403,
      ...h.put('denied_by_wasm'),
      ...h.put('denied'),
      ...h.put(serializePairs([['Content-Type', 'text/plain']])),
      -1,
    );
    expect(status).toBe(Status.Ok);
    expect(h.host.localResponses()).toEqual([
      {
        contextId: STREAM,
        status: 403,
        details: 'denied_by_wasm',
        body: 'denied',
        headers: [['Content-Type', 'text/plain']],
        grpcStatus: -1,
      },
    ]);
  });
});
