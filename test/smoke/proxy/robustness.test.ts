/**
 * Whatever a guest passes, a host function answers with a proxy_status_t and
 * never throws: a host exception would surface as a trap the real host never
 * raises.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Status } from '../../../src/smoke/proxy/index.js';
import { harness } from './harness.js';

const STATUSES = new Set<number>(Object.values(Status));

/** Pointers and sizes: small in-bounds values, values near the end of memory, anything. */
const i32 = fc.oneof(
  fc.integer({ min: 0, max: 16 }),
  fc.integer({ min: 0, max: 70_000 }),
  fc.constant(-1),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
);
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

describe('every host function on arbitrary arguments', () => {
  it('returns a known status and never throws', async () => {
    const h = await harness({ higressExtras: true });
    h.host.setEffectiveContext(1);
    h.host.setEffectiveContext(2);
    for (const [name, sig] of Object.entries(h.host.signatures)) {
      const args = fc.tuple(...sig.params.map((t) => (t === 'i64' ? i64 : i32)));
      fc.assert(
        fc.property(args, fc.constantFrom(1, 2), (values, context) => {
          h.host.setEffectiveContext(context);
          const status = h.call(name, ...(values as (number | bigint)[]));
          expect({ name, ok: STATUSES.has(status) }).toEqual({ name, ok: true });
        }),
        { numRuns: 60 },
      );
    }
  });
});
