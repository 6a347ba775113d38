/**
 * With callbacks bracketed (beginCallback/endCallback), data is available
 * only where Envoy has it.
 */
import { describe, expect, it } from '@jest/globals';
import { BufferType, MapType, Status } from '../../../src/smoke/proxy/index.js';
import { harness, text, type Harness } from './harness.js';

const ROOT = 1;
const STREAM = 2;
const CONTINUE = 0;
const PAUSE = 1;

function header(h: Harness, map: number, key: string): number {
  return h.call('proxy_get_header_map_value', map, ...h.put(key), h.slot(), h.slot());
}

function readBuffer(h: Harness, type: number): { status: number; text: string } {
  const p = h.slot();
  const s = h.slot();
  const status = h.call('proxy_get_buffer_bytes', type, 0, -1, p, s);
  return { status, text: text(h.returned(p, s)) };
}

async function tracked(): Promise<Harness> {
  const h = await harness();
  h.host.contextCreated!(ROOT, 0);
  h.host.contextCreated!(STREAM, ROOT);
  return h;
}

describe('availability once callbacks are bracketed', () => {
  it('the plugin configuration exists only inside proxy_on_configure', async () => {
    const h = await tracked();
    h.host.beginCallback!(ROOT, 'proxy_on_vm_start');
    expect(readBuffer(h, BufferType.PluginConfiguration).status).toBe(Status.NotFound);
    expect(readBuffer(h, BufferType.VmConfiguration).status).toBe(Status.Ok);
    h.host.endCallback!(ROOT, 'proxy_on_vm_start', 1);
    h.host.beginCallback!(ROOT, 'proxy_on_configure');
    expect(readBuffer(h, BufferType.PluginConfiguration).text).toBe('{"deny":["/admin"]}');
    const p = h.slot();
    const s = h.slot();
    h.call('proxy_get_configuration', p, s);
    expect(text(h.returned(p, s))).toBe('{"deny":["/admin"]}');
    h.host.endCallback!(ROOT, 'proxy_on_configure', 1);
    expect(readBuffer(h, BufferType.PluginConfiguration).status).toBe(Status.NotFound);
  });

  it('request headers live from proxy_on_request_headers until it returns CONTINUE', async () => {
    const h = await tracked();
    h.host.beginCallback!(STREAM, 'proxy_on_context_create');
    expect(header(h, MapType.HttpRequestHeaders, ':path')).toBe(Status.BadArgument);
    h.host.endCallback!(STREAM, 'proxy_on_context_create');
    h.host.beginCallback!(STREAM, 'proxy_on_request_headers');
    expect(header(h, MapType.HttpRequestHeaders, ':path')).toBe(Status.Ok);
    expect(h.call('proxy_add_header_map_value', 0, ...h.put('x-a'), ...h.put('1'))).toBe(Status.Ok);
    h.host.endCallback!(STREAM, 'proxy_on_request_headers', CONTINUE);
    h.host.beginCallback!(STREAM, 'proxy_on_response_headers');
    expect(header(h, MapType.HttpRequestHeaders, ':path')).toBe(Status.BadArgument);
    expect(header(h, MapType.HttpResponseHeaders, ':status')).toBe(Status.Ok);
    h.host.endCallback!(STREAM, 'proxy_on_response_headers', CONTINUE);
    // proxy_on_log reads the final headers, but cannot change them.
    h.host.beginCallback!(STREAM, 'proxy_on_log');
    expect(header(h, MapType.HttpRequestHeaders, 'x-a')).toBe(Status.Ok);
    expect(h.call('proxy_remove_header_map_value', 0, ...h.put('x-a'))).toBe(Status.BadArgument);
    expect(header(h, MapType.HttpRequestTrailers, 'x')).toBe(Status.BadArgument);
    h.host.endCallback!(STREAM, 'proxy_on_log');
  });

  it('a paused request keeps its headers until the plugin resumes it', async () => {
    const h = await tracked();
    h.host.beginCallback!(STREAM, 'proxy_on_request_headers');
    h.host.endCallback!(STREAM, 'proxy_on_request_headers', PAUSE);
    h.host.beginCallback!(ROOT, 'proxy_on_http_call_response');
    expect(h.call('proxy_set_effective_context', STREAM)).toBe(Status.Ok);
    expect(header(h, MapType.HttpRequestHeaders, ':path')).toBe(Status.Ok);
    expect(h.call('proxy_continue_stream', 0)).toBe(Status.Ok);
    expect(header(h, MapType.HttpRequestHeaders, ':path')).toBe(Status.BadArgument);
    expect(h.host.streamResumed(STREAM)).toBe(true);
  });

  it('a body reads as empty outside its callback and stays while buffered', async () => {
    const h = await tracked();
    h.host.beginCallback!(STREAM, 'proxy_on_request_headers');
    expect(readBuffer(h, BufferType.HttpRequestBody)).toEqual({ status: Status.Ok, text: '' });
    h.host.endCallback!(STREAM, 'proxy_on_request_headers', CONTINUE);
    h.host.beginCallback!(STREAM, 'proxy_on_request_body');
    expect(readBuffer(h, BufferType.HttpRequestBody).text).toBe('hello');
    h.host.endCallback!(STREAM, 'proxy_on_request_body', PAUSE);
    h.host.beginCallback!(STREAM, 'proxy_on_response_headers');
    expect(readBuffer(h, BufferType.HttpRequestBody).text).toBe('hello');
  });
});
