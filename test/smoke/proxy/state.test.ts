import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Status } from '../../../src/smoke/proxy/abi.js';
import { bufferSlice, ConstBuffer, MutableBuffer } from '../../../src/smoke/proxy/buffers.js';
import { Metrics } from '../../../src/smoke/proxy/metrics.js';
import { SharedQueues } from '../../../src/smoke/proxy/queues.js';
import { SharedData } from '../../../src/smoke/proxy/shared-data.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s));
const str = (b: Uint8Array) => Buffer.from(b).toString();

describe('SharedData', () => {
  it('only a write carrying the current cas (or cas 0) succeeds', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), (useFreshCas) => {
        const data = new SharedData();
        data.set('k', bytes('0'), 0);
        for (const [i, fresh] of useFreshCas.entries()) {
          const before = data.get('k')!;
          const cas = fresh ? before.cas : (before.cas + 1) >>> 0;
          const status = data.set('k', bytes(String(i + 1)), cas);
          expect(status).toBe(fresh ? Status.Ok : Status.CasMismatch);
          const after = data.get('k')!;
          expect(str(after.value)).toBe(fresh ? String(i + 1) : str(before.value));
          expect(after.cas === before.cas).toBe(!fresh);
        }
      }),
    );
  });

  it('creates a missing key whatever the cas, and never hands out cas 0', () => {
    const data = new SharedData();
    expect(data.set('new', bytes('v'), 12345)).toBe(Status.Ok);
    expect(data.get('new')!.cas).not.toBe(0);
    expect(data.get('missing')).toBeUndefined();
  });
});

describe('SharedQueues', () => {
  it('is FIFO per queue, EMPTY when drained, NOT_FOUND for unknown tokens', () => {
    const queues = new SharedQueues();
    const a = queues.register('', 'a', 1);
    const b = queues.register('', 'b', 1);
    expect(a).not.toBe(b);
    expect(queues.register('', 'a', 3)).toBe(a);
    queues.enqueue(a, bytes('1'));
    queues.enqueue(b, bytes('x'));
    queues.enqueue(a, bytes('2'));
    expect(str(queues.dequeue(a).value!)).toBe('1');
    expect(str(queues.dequeue(a).value!)).toBe('2');
    expect(queues.dequeue(a).status).toBe(Status.Empty);
    expect(queues.dequeue(999).status).toBe(Status.NotFound);
    expect(queues.resolve('', 'b')).toBe(b);
    expect(queues.resolve('other-vm', 'b')).toBeUndefined();
    // Re-registering moved the notifications of `a` to context 3.
    expect(queues.takeReady()).toEqual([
      { contextId: 3, token: a },
      { contextId: 1, token: b },
      { contextId: 3, token: a },
    ]);
  });
});

describe('Metrics', () => {
  it('ids carry their type in the low two bits and step by 4', () => {
    const m = new Metrics();
    expect([
      m.define(0, 'a').id,
      m.define(0, 'b').id,
      m.define(1, 'g').id,
      m.define(2, 'h').id,
    ]).toEqual([0, 4, 1, 2]);
    expect(m.define(7, 'x').status).toBe(Status.BadArgument);
  });

  it('a counter never goes down; a gauge may', () => {
    const m = new Metrics();
    const c = m.define(0, 'c').id!;
    const g = m.define(1, 'g').id!;
    expect(m.increment(c, 0n)).toBe(Status.BadArgument);
    expect(m.increment(g, -5n)).toBe(Status.Ok);
    expect(m.get(g).value).toBe(BigInt.asUintN(64, -5n));
    expect(m.snapshot().map((s) => s.name)).toEqual(['c', 'g']);
  });
});

describe('buffers', () => {
  it('MutableBuffer.copyFrom follows Envoy for any start/length', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.nat(20),
        fc.nat(20),
        fc.string({ maxLength: 6 }),
        (initial, start, length, data) => {
          const buf = new MutableBuffer(bytes(initial));
          const before = Buffer.from(bytes(initial));
          const status = buf.copyFrom(start, length, bytes(data));
          const after = Buffer.from(buf.bytes());
          if (start === 0) {
            expect(status).toBe(Status.Ok);
            expect(after).toEqual(Buffer.concat([bytes(data), before.subarray(length)]));
          } else if (start >= before.length) {
            expect(status).toBe(Status.Ok);
            expect(after).toEqual(Buffer.concat([before, bytes(data)]));
          } else {
            expect(status).toBe(Status.BadArgument);
            expect(after).toEqual(before);
          }
        },
      ),
    );
  });

  it('ConstBuffer refuses writes; bufferSlice clips to the end', () => {
    expect(new ConstBuffer(bytes('abc')).copyFrom()).toBe(Status.BadArgument);
    expect(str(bufferSlice(bytes('abcdef'), 2, 100)!)).toBe('cdef');
    expect(bufferSlice(bytes('abc'), 3, 1)!.length).toBe(0);
    expect(bufferSlice(bytes('abc'), 4, 1)).toBeUndefined();
  });
});
