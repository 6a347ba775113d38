/**
 * Digests and descriptors that come from a registry are checked before a URL
 * is built from them (issue #12 item 7, registry half): a manifest naming a
 * layer `sha256:../../../token` must not turn into a request for another
 * path of the registry (with the credentials), and a malformed manifest is a
 * clear registry error, not a JavaScript one.
 */
import { afterAll, beforeAll, beforeEach, describe, expect } from '@jest/globals';
import { digestOf } from '../../src/oci/digest.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { registrySource, verifySource } from '../../src/oci/verify.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { json, startHostileNet, type HostileNet } from './hostile-server.js';

let net: HostileNet;
beforeAll(async () => {
  net = await startHostileNet();
});
afterAll(async () => net?.close());
beforeEach(() => net.reset());
// Each test is a row of #12.7 in docs/reliability.md.
const table = new ReliabilityTable('registry-digests');
afterAll(() => table.save());

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** A registry serving `manifest` for every manifest request; blobs 404. */
function serve(manifest: unknown): void {
  const bytes = Buffer.from(JSON.stringify(manifest));
  net.registry.handle((req, res) => {
    if (/\/manifests\//.test(req.url!))
      return void res
        .writeHead(200, {
          'content-type': OCI_MANIFEST,
          'docker-content-digest': digestOf(bytes),
          'content-length': bytes.length,
        })
        .end(bytes);
    json(res, 404, { errors: [{ code: 'BLOB_UNKNOWN' }] });
  });
}

async function verifyRef(): Promise<string> {
  const client = new RegistryClient(net.registry.host, {
    credentials: { username: 'ci', password: 'pw' },
    retry: { attempts: 1, baseMs: 1, maxMs: 1 },
    timeoutMs: 2000,
  });
  try {
    const v = await verifySource(registrySource(`${net.registry.host}/acme/p:1.0.0`, client));
    return `verdict: ${v.reason}`;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Paths requested outside the repository's own API. */
const strayPaths = () =>
  net.seen
    .map((s) => new URL(s.url, 'http://x').pathname)
    .filter((p) => !p.startsWith('/v2/acme/p/'));

describe('digests from a registry', () => {
  const it = table.it('#12.7 digests from a registry');
  it("a layer digest with '..' never becomes a request for another path", async () => {
    serve({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      layers: [
        {
          mediaType: 'application/vnd.module.wasm.config.v1+json',
          digest: digestOf(Buffer.from('{}')),
          size: 2,
        },
        {
          mediaType: 'application/vnd.module.wasm.content.layer.v1+wasm',
          digest: 'sha256:../../../../../token',
          size: 8,
        },
      ],
    });
    const message = await verifyRef();
    expect(message).toMatch(
      /layers\[1\]\.digest 'sha256:\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/token' is not a valid digest/,
    );
    expect(strayPaths()).toEqual([]);
  });

  it("an index child's digest with '..' is refused the same way", async () => {
    serve({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          digest: 'sha256:../../../../v2/other/manifests/latest',
          size: 10,
          platform: { os: 'linux', architecture: 'amd64' },
        },
      ],
    });
    const message = await verifyRef();
    expect(message).toMatch(/manifests\[0\]\.digest .* is not a valid digest/);
    expect(strayPaths()).toEqual([]);
  });

  it('a manifest whose layers is not a list is a clear registry error', async () => {
    serve({ schemaVersion: 2, mediaType: OCI_MANIFEST, layers: 'plugin.wasm' });
    const message = await verifyRef();
    expect(message).toMatch(/manifest .*acme\/p.*layers is not a list/);
  });

  it('a blob digest the caller passes is checked before a URL is built', async () => {
    const client = new RegistryClient(net.registry.host, {
      retry: { attempts: 1, baseMs: 1, maxMs: 1 },
    });
    await expect(client.getBlob('acme/p', 'sha256:../../../token', 100)).rejects.toThrow(
      /not a valid digest/,
    );
    await expect(client.getManifest('acme/p', 'sha256:../x')).rejects.toThrow(/not a valid digest/);
    expect(net.seen).toEqual([]);
  });
});
