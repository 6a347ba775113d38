/**
 * publishPlugin's onManifest: told the manifest's descriptor once the
 * registry holds it under the first tag, and before the other tags and the
 * read-back, so that an SBOM referrer can go up beside them. Told nothing
 * when the manifest never made it. Requests are recorded by the fetch the
 * registry client is given, against the real registry.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { memoryLog } from '../../src/common/log.js';
import { publishPlugin, type PublishOutcome } from '../../src/oci/publish.js';
import { buildFixture } from '../support/go-fixtures.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';

let reg: TestRegistry;
let wasm: string;
beforeAll(async () => {
  wasm = await buildFixture('healthy');
  reg = await startRegistry('anonymous');
}, 120_000);
afterAll(async () => reg?.stop());

function recording() {
  const seen: string[] = [];
  const recorder: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    seen.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    return fetch(input, init);
  };
  return { seen, recorder };
}

describe('onManifest', () => {
  it('comes after the first tag is in and before the other tags and the read-back', async () => {
    const { seen, recorder } = recording();
    let told: { at: string[]; manifest: PublishOutcome['manifest'] } | undefined;
    const outcome = await publishPlugin(
      {
        plugin: 'healthy',
        wasm,
        tags: ['1.0.0', '1.0', 'latest'],
        target: {
          kind: 'registry',
          registry: reg.host,
          repository: 'hook/ok',
          env: {},
          fetch: recorder,
        },
        onManifest: (manifest) => {
          told = { at: [...seen], manifest };
        },
      },
      memoryLog(),
    );
    expect(told?.manifest).toEqual(outcome.manifest);
    expect(told?.at.at(-1)).toBe('PUT /v2/hook/ok/manifests/1.0.0');
    expect(told?.at.filter((r) => r.includes('/manifests/'))).toEqual([
      'PUT /v2/hook/ok/manifests/1.0.0',
    ]);
    const after = seen.slice(told!.at.length);
    expect(after).toEqual(
      expect.arrayContaining([
        'PUT /v2/hook/ok/manifests/1.0',
        'PUT /v2/hook/ok/manifests/latest',
        'GET /v2/hook/ok/manifests/1.0.0',
      ]),
    );
  }, 60_000);

  it('is not called when the manifest is refused', async () => {
    let called = false;
    const refusing: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (init?.method === 'PUT' && url.pathname.includes('/manifests/'))
        return Promise.resolve(new Response('{"errors":[{"code":"DENIED"}]}', { status: 403 }));
      return fetch(input, init);
    };
    await expect(
      publishPlugin(
        {
          plugin: 'healthy',
          wasm,
          tags: ['1.0.0'],
          target: {
            kind: 'registry',
            registry: reg.host,
            repository: 'hook/refused',
            env: {},
            fetch: refusing,
          },
          onManifest: () => {
            called = true;
          },
        },
        memoryLog(),
      ),
    ).rejects.toThrow(/no reference was pushed/);
    expect(called).toBe(false);
  }, 60_000);
});
