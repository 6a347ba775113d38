/**
 * The read-back after a push downloads the layer the gateway reads again and
 * checks it against its digest, even though the download now starts beside
 * the manifest PUT and verify is handed this run's own buffer: a registry
 * that serves other bytes (same length) under the layer's digest fails the
 * push, in both layouts. A pass-through proxy in front of the real registry
 * flips one byte of every GET of the layer when told to.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { memoryLog } from '../../src/common/log.js';
import { publishPlugin } from '../../src/oci/publish.js';
import type { Layout } from '../../src/model.js';
import { buildFixture } from '../support/go-fixtures.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';

let reg: TestRegistry;
let proxy: Server;
let proxyHost: string;
let wasmPath: string;
/** Blob GETs answered with a flipped byte while set. */
let corrupt = false;
const corrupted: string[] = [];

beforeAll(async () => {
  wasmPath = await buildFixture('healthy');
  reg = await startRegistry('anonymous');
  const upstream = new URL(reg.url);
  proxy = createServer((req, res) => {
    const blobGet = req.method === 'GET' && /\/blobs\/sha256:[0-9a-f]{64}$/.test(req.url ?? '');
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        if (!(corrupt && blobGet && answer.statusCode === 200)) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const parts: Buffer[] = [];
        answer.on('data', (d: Buffer) => parts.push(d));
        answer.on('end', () => {
          const body = Buffer.concat(parts);
          // Past the wasm magic and any gzip/tar header: the bytes still look right.
          body[body.length - 1]! ^= 0xff;
          corrupted.push(req.url!);
          res.writeHead(200, answer.headers);
          res.end(body);
        });
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyHost = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((r) => proxy?.close(() => r()));
  await reg?.stop();
});

const push = (layout: Layout, repository: string) =>
  publishPlugin(
    {
      plugin: 'healthy',
      wasm: wasmPath,
      layout,
      tags: ['1.0.0'],
      target: { kind: 'registry', registry: proxyHost, repository, env: {} },
    },
    memoryLog(),
  );

describe('the read-back checks the layer the registry serves', () => {
  it.each(['oci', 'higress'] as const)(
    '%s layout: a layer served with other bytes fails the push; served as pushed, it verifies',
    async (layout) => {
      corrupt = false;
      await expect(push(layout, `rb/${layout}-good`)).resolves.toMatchObject({ verified: true });

      corrupt = true;
      corrupted.length = 0;
      try {
        await expect(push(layout, `rb/${layout}-bad`)).rejects.toThrow(
          /verify of .*failed: .*arrived with digest sha256:[0-9a-f]{64}.*references that were pushed/,
        );
      } finally {
        corrupt = false;
      }
      expect(corrupted.length).toBeGreaterThan(0);
    },
    60_000,
  );
});
