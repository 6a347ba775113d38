import { describe, expect, it } from '@jest/globals';
import { Status } from '../../../src/smoke/proxy/index.js';
import { harness, text, type Harness } from './harness.js';

const ROOT = 1;
const STREAM = 2;

function getShared(h: Harness, key: string) {
  const p = h.slot();
  const s = h.slot();
  const cas = h.slot();
  const status = h.call('proxy_get_shared_data', ...h.put(key), p, s, cas);
  return { status, value: text(h.returned(p, s)), cas: h.u32(cas) };
}

describe('shared data through wasm', () => {
  it('hands out a cas per write and refuses a stale one with CAS_MISMATCH', async () => {
    const h = await harness();
    h.host.setEffectiveContext(ROOT);
    const set = (key: string, value: string, cas: number) =>
      h.call('proxy_set_shared_data', ...h.put(key), ...h.put(value), cas);
    expect(getShared(h, 'counter').status).toBe(Status.NotFound);
    expect(set('counter', '1', 0)).toBe(Status.Ok);
    const first = getShared(h, 'counter');
    expect(first).toMatchObject({ status: Status.Ok, value: '1' });
    expect(first.cas).not.toBe(0);
    expect(set('counter', '2', first.cas)).toBe(Status.Ok);
    const second = getShared(h, 'counter');
    expect(second.value).toBe('2');
    expect(second.cas).not.toBe(first.cas);
    expect(set('counter', '3', first.cas)).toBe(Status.CasMismatch);
    expect(getShared(h, 'counter').value).toBe('2');
    expect(set('counter', '4', 0)).toBe(Status.Ok); // cas 0: unconditional
    expect(getShared(h, 'counter').value).toBe('4');
  });
});

describe('shared queues through wasm', () => {
  it('registers, resolves, enqueues and dequeues; EMPTY and NOT_FOUND as the spec says', async () => {
    const h = await harness({ vmId: 'vm-a' });
    h.host.setEffectiveContext(ROOT);
    h.host.setEffectiveContext(STREAM);
    const token = h.slot();
    expect(h.call('proxy_register_shared_queue', ...h.put('jobs'), token)).toBe(Status.Ok);
    const id = h.u32(token);
    expect(id).not.toBe(0);

    const resolved = h.slot();
    expect(h.call('proxy_resolve_shared_queue', ...h.put('vm-a'), ...h.put('jobs'), resolved)).toBe(
      Status.Ok,
    );
    expect(h.u32(resolved)).toBe(id);
    expect(h.call('proxy_resolve_shared_queue', ...h.put('vm-b'), ...h.put('jobs'), resolved)).toBe(
      Status.NotFound,
    );

    const p = h.slot();
    const s = h.slot();
    expect(h.call('proxy_dequeue_shared_queue', id, p, s)).toBe(Status.Empty);
    expect(h.call('proxy_enqueue_shared_queue', id, ...h.put('job-1'))).toBe(Status.Ok);
    expect(h.call('proxy_enqueue_shared_queue', id, ...h.put('job-2'))).toBe(Status.Ok);
    expect(h.call('proxy_dequeue_shared_queue', id, p, s)).toBe(Status.Ok);
    expect(text(h.returned(p, s))).toBe('job-1');
    expect(h.call('proxy_enqueue_shared_queue', id + 100, ...h.put('x'))).toBe(Status.NotFound);
    expect(h.call('proxy_dequeue_shared_queue', id + 100, p, s)).toBe(Status.NotFound);
    // Registered from a stream, notified on its root context.
    expect(h.host.takeQueueReady!()).toEqual([
      { contextId: ROOT, token: id },
      { contextId: ROOT, token: id },
    ]);
    expect(h.host.takeQueueReady!()).toEqual([]);
  });
});

describe('metrics through wasm', () => {
  it('defines typed ids, increments, records and reads them like Envoy', async () => {
    const h = await harness();
    h.host.setEffectiveContext(ROOT);
    const define = (type: number, name: string) => {
      const slot = h.slot();
      const status = h.call('proxy_define_metric', type, ...h.put(name), slot);
      return { status, id: h.u32(slot) };
    };
    const get = (id: number) => {
      const slot = h.slot(8);
      const status = h.call('proxy_get_metric', id, slot);
      return { status, value: h.u64(slot) };
    };
    const counter = define(0, 'requests');
    const gauge = define(1, 'inflight');
    const histogram = define(2, 'latency');
    expect([counter.id & 3, gauge.id & 3, histogram.id & 3]).toEqual([0, 1, 2]);
    expect(define(3, 'bad').status).toBe(Status.BadArgument);

    expect(h.call('proxy_increment_metric', counter.id, 5n)).toBe(Status.Ok);
    expect(h.call('proxy_increment_metric', counter.id, -1n)).toBe(Status.BadArgument);
    expect(h.call('proxy_record_metric', counter.id, 2n)).toBe(Status.Ok);
    expect(get(counter.id)).toEqual({ status: Status.Ok, value: 7n });

    expect(h.call('proxy_record_metric', gauge.id, 10n)).toBe(Status.Ok);
    expect(h.call('proxy_increment_metric', gauge.id, -3n)).toBe(Status.Ok);
    expect(get(gauge.id).value).toBe(7n);

    expect(h.call('proxy_record_metric', histogram.id, 42n)).toBe(Status.Ok);
    expect(get(histogram.id).status).toBe(Status.BadArgument);
    expect(h.call('proxy_increment_metric', histogram.id, 1n)).toBe(Status.BadArgument);

    const unknownCounter = counter.id + 400;
    expect(get(unknownCounter).status).toBe(Status.NotFound);
    expect(h.call('proxy_record_metric', unknownCounter, 1n)).toBe(Status.NotFound);
    // The same name and type share one stat.
    const again = define(0, 'requests');
    expect(again.id).not.toBe(counter.id);
    expect(get(again.id).value).toBe(7n);
  });
});
