// Scheduling: the slot limiter and where the pipeline's publishes wait.
import { describe, expect, it } from '@jest/globals';
import { limiter } from '../../src/build/pool.js';
import { publishSlots } from '../../src/pipeline.js';

/** Runs `tasks` through their slots; returns the peak concurrency per label and overall. */
async function peaks(tasks: { label: string; slot: ReturnType<typeof limiter> }[]) {
  const active = new Map<string, number>();
  const peak = new Map<string, number>();
  let all = 0;
  let allPeak = 0;
  await Promise.all(
    tasks.map(({ label, slot }) =>
      slot(async () => {
        active.set(label, (active.get(label) ?? 0) + 1);
        peak.set(label, Math.max(peak.get(label) ?? 0, active.get(label)!));
        allPeak = Math.max(allPeak, ++all);
        await new Promise((r) => setTimeout(r, 5));
        active.set(label, active.get(label)! - 1);
        all--;
      }),
    ),
  );
  return { peak, allPeak };
}

describe('limiter', () => {
  it('runs at most its limit at once, in arrival order, and frees a slot on failure', async () => {
    const slot = limiter(2);
    const order: number[] = [];
    const { allPeak } = await peaks(
      Array.from({ length: 6 }, (_, i) => ({
        label: 'x',
        slot: (fn) => slot(() => (order.push(i), fn())),
      })),
    );
    expect(allPeak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    await expect(slot(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slot(async () => 'next')).toBe('next');
  });
});

describe('publishSlots', () => {
  it('one writer per layout directory, several layouts and registries in parallel, jobs in all', async () => {
    const slotFor = publishSlots(3);
    const layout = (dir: string) => ({ kind: 'layout' as const, dir });
    const registry = { kind: 'registry' as const, registry: 'r.example', repository: 'p' };
    const tasks = [
      ...Array.from({ length: 4 }, () => ({ label: 'shared', slot: slotFor(layout('/o/shared')) })),
      // the same directory named another way is the same layout
      { label: 'shared', slot: slotFor(layout('/o/x/../shared')) },
      ...Array.from({ length: 3 }, (_, i) => ({
        label: `own-${i}`,
        slot: slotFor(layout(`/o/p${i}`)),
      })),
      ...Array.from({ length: 4 }, () => ({ label: 'registry', slot: slotFor(registry) })),
    ];
    const { peak, allPeak } = await peaks(tasks);
    expect(peak.get('shared')).toBe(1);
    expect(allPeak).toBe(3);
    expect(peak.get('registry')).toBeGreaterThan(1);
  });
});
