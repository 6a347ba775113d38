import { describe, expect, it } from '@jest/globals';
import { inflateSync } from 'node:zlib';
import { Status } from '../../../src/smoke/proxy/index.js';
import { callForeign, harness, text } from './harness.js';

const ROOT = 1;
const STREAM = 2;

describe('logging, time and contexts', () => {
  it('proxy_log passes each level 0..5 to options.log and refuses others', async () => {
    const h = await harness();
    const [ptr, size] = h.put('hello from wasm');
    for (let level = 0; level <= 5; level++)
      expect(h.call('proxy_log', level, ptr, size)).toBe(Status.Ok);
    expect(h.logs.map((l) => l.level)).toEqual([
      'trace',
      'debug',
      'info',
      'warn',
      'error',
      'critical',
    ]);
    expect(h.logs[0]!.message).toBe('hello from wasm');
    expect(h.call('proxy_log', 6, ptr, size)).toBe(Status.BadArgument);
    expect(h.call('proxy_log', 2, h.memory.buffer.byteLength - 2, 10)).toBe(
      Status.InvalidMemoryAccess,
    );
    // A negative i32 is a huge u32 pointer, not an index from the end.
    expect(h.call('proxy_log', 2, -1, 1)).toBe(Status.InvalidMemoryAccess);
    expect(h.logs).toHaveLength(6);
  });

  it('proxy_get_log_level reports the configured level (info by default)', async () => {
    const h = await harness();
    const slot = h.slot();
    expect(h.call('proxy_get_log_level', slot)).toBe(Status.Ok);
    expect(h.u32(slot)).toBe(2);
    const d = await harness({ logLevel: 'debug' });
    const s = d.slot();
    d.call('proxy_get_log_level', s);
    expect(d.u32(s)).toBe(1);
  });

  it('proxy_get_current_time_nanoseconds writes the clock as u64', async () => {
    const h = await harness({ now: () => 1_700_000_000_123_456_789n });
    const slot = h.slot(8);
    expect(h.call('proxy_get_current_time_nanoseconds', slot)).toBe(Status.Ok);
    expect(h.u64(slot)).toBe(1_700_000_000_123_456_789n);
    expect(h.call('proxy_get_current_time_nanoseconds', h.memory.buffer.byteLength - 4)).toBe(
      Status.InvalidMemoryAccess,
    );
  });

  it('keeps the tick period per root context, also when a stream sets it', async () => {
    const h = await harness();
    h.host.setEffectiveContext(ROOT);
    expect(h.call('proxy_set_tick_period_milliseconds', 5000)).toBe(Status.Ok);
    expect(h.host.tickPeriodMs(ROOT)).toBe(5000);
    h.host.setEffectiveContext(STREAM);
    h.call('proxy_set_tick_period_milliseconds', 250);
    expect(h.host.tickPeriodMs(ROOT)).toBe(250);
    expect(h.host.tickPeriodMs(STREAM)).toBe(0);
  });

  it('proxy_set_effective_context accepts known contexts only, until the next callback', async () => {
    const h = await harness();
    h.host.setEffectiveContext(ROOT);
    h.host.setEffectiveContext(STREAM);
    expect(h.call('proxy_set_effective_context', 99)).toBe(Status.BadArgument);
    h.host.setEffectiveContext(ROOT);
    expect(h.call('proxy_set_effective_context', STREAM)).toBe(Status.Ok);
    // Now acting on the stream: its request headers are readable.
    const [k, ks] = h.put(':path');
    const p = h.slot();
    const s = h.slot();
    expect(h.call('proxy_get_header_map_value', 0, k, ks, p, s)).toBe(Status.Ok);
    h.host.setEffectiveContext(ROOT);
    expect(h.call('proxy_get_header_map_value', 0, k, ks, p, s)).toBe(Status.BadArgument);
  });

  it('proxy_done is NOT_FOUND unless proxy_on_done returned false for the context', async () => {
    const h = await harness();
    h.host.setEffectiveContext(ROOT);
    h.host.setEffectiveContext(STREAM);
    expect(h.call('proxy_done')).toBe(Status.NotFound);
    h.host.expectDone!(STREAM);
    expect(h.call('proxy_done')).toBe(Status.Ok);
    expect(h.call('proxy_done')).toBe(Status.NotFound);
    expect(h.host.doneContexts!()).toEqual([STREAM]);
  });
});

describe('configuration, properties, status, foreign functions', () => {
  it('proxy_get_configuration (ABI 0.1.0) returns the plugin configuration', async () => {
    const h = await harness();
    const p = h.slot();
    const s = h.slot();
    expect(h.call('proxy_get_configuration', p, s)).toBe(Status.Ok);
    expect(text(h.returned(p, s))).toBe('{"deny":["/admin"]}');
  });

  const getProperty = (h: Awaited<ReturnType<typeof harness>>, path: string[]) => {
    const [ptr, size] = h.put(path.join('\0'));
    const p = h.slot();
    const s = h.slot();
    const status = h.call('proxy_get_property', ptr, size, p, s);
    return { status, value: status === Status.Ok ? h.returned(p, s) : undefined };
  };

  it('answers plugin identity and request/response attributes of the stream', async () => {
    const h = await harness({ pluginName: 'auth', rootId: 'root-a', vmId: 'vm-1' });
    h.host.setEffectiveContext(ROOT);
    expect(text(getProperty(h, ['plugin_name']).value!)).toBe('auth');
    expect(text(getProperty(h, ['plugin_root_id']).value!)).toBe('root-a');
    expect(text(getProperty(h, ['plugin_vm_id']).value!)).toBe('vm-1');
    // No stream on the root context.
    expect(getProperty(h, ['request', 'path']).status).toBe(Status.NotFound);

    h.host.setEffectiveContext(STREAM);
    expect(text(getProperty(h, ['request', 'path']).value!)).toBe('/items?id=7');
    expect(text(getProperty(h, ['request', 'url_path']).value!)).toBe('/items');
    expect(text(getProperty(h, ['request', 'query']).value!)).toBe('id=7');
    expect(text(getProperty(h, ['request', 'host']).value!)).toBe('example.com');
    expect(text(getProperty(h, ['request', 'method']).value!)).toBe('GET');
    expect(text(getProperty(h, ['request', 'useragent']).value!)).toBe('smoke');
    expect(text(getProperty(h, ['request', 'headers', 'USER-AGENT']).value!)).toBe('smoke');
    // The response code exists once the upstream answered (properties.test.ts).
    expect(getProperty(h, ['response', 'code']).status).toBe(Status.NotFound);
    expect(getProperty(h, ['request', 'nope']).status).toBe(Status.NotFound);
    expect(getProperty(h, ['upstream', 'address']).status).toBe(Status.NotFound);
  });

  it('configured properties win, and proxy_set_property values are readable on the stream only', async () => {
    const h = await harness({
      properties: {
        route_name: new Uint8Array(Buffer.from('r1')),
        'request\0path': new Uint8Array([1]),
      },
    });
    h.host.setEffectiveContext(ROOT);
    expect(text(getProperty(h, ['route_name']).value!)).toBe('r1');
    const [k, ks] = h.put('my_state');
    const [v, vs] = h.put('v1');
    expect(h.call('proxy_set_property', k, ks, v, vs)).toBe(Status.NotFound);
    h.host.setEffectiveContext(STREAM);
    expect([...getProperty(h, ['request', 'path']).value!]).toEqual([1]);
    expect(h.call('proxy_set_property', k, ks, v, vs)).toBe(Status.Ok);
    expect(text(getProperty(h, ['my_state']).value!)).toBe('v1');
  });

  it('proxy_get_status reports code 0 and an empty message', async () => {
    const h = await harness();
    const code = h.slot();
    const p = h.put(new Uint8Array([9, 9, 9, 9]))[0];
    const s = h.put(new Uint8Array([9, 9, 9, 9]))[0];
    expect(h.call('proxy_get_status', code, p, s)).toBe(Status.Ok);
    expect([h.u32(code), h.u32(p), h.u32(s)]).toEqual([0, 0, 0]);
  });

  it('proxy_call_foreign_function runs compress/uncompress and refuses unknown names', async () => {
    const h = await harness();
    const call = (name: string, args: Uint8Array | string) => callForeign(h, name, args);
    const compressed = call('compress', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(compressed.status).toBe(Status.Ok);
    expect(text(inflateSync(compressed.result))).toBe('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    const back = call('uncompress', compressed.result);
    expect(text(back.result)).toBe('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(call('uncompress', 'not zlib').status).toBe(Status.SerializationFailure);
    expect(call('clear_route_cache', '').status).toBe(Status.Ok);
    expect(call('no_such_function', '').status).toBe(Status.NotFound);
  });
});
