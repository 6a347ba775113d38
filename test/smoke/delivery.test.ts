// What the lifecycle delivers between callbacks, and when the host lets the
// plugin read its data, as the gateway does.
import { describe, expect, it } from '@jest/globals';
import { runSmoke } from '../../src/smoke/index.js';
import { watFixture } from '../support/wat.js';

describe('lifecycle delivery', () => {
  it('delivers proxy_on_queue_ready for each enqueue to the thread-local VM', async () => {
    const r = await runSmoke(await watFixture('queue-and-config'), {
      pluginConfig: '{"a":1}',
      file: 'queue-and-config.wasm',
    });
    expect(r.ok).toBe(true);
    // the canary's enqueue and the worker's, both to the worker (SharedQueue::enqueue)
    expect(r.phases.filter((p) => p.name === 'queue_ready')).toHaveLength(2);
    expect(r.logs.filter((l) => l.message === 'queue ready')).toHaveLength(2);
  });

  it('offers the plugin configuration inside proxy_on_configure only', async () => {
    const r = await runSmoke(await watFixture('queue-and-config'), {
      pluginConfig: '{"a":1}',
      file: 'queue-and-config.wasm',
    });
    const messages = r.logs.map((l) => l.message);
    expect(messages).toContain('config status in configure: 0');
    expect(messages).not.toContain('config status in vm_start: 0');
  });
});
