/**
 * RegistryClient.checkBlob: the push's read-back of the layer this run holds
 * is hashed as it arrives and never kept, with the same checks getBlob makes:
 * the digest of what arrived, the size cap while it streams, a malformed
 * digest refused before any request. The body comes in many small writes so
 * the hash really is fed piece by piece.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import { digestOf } from '../../src/oci/digest.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { endlessAnswer, failure, startHostileNet, type HostileNet } from './hostile-server.js';

let net: HostileNet;
beforeAll(async () => {
  net = await startHostileNet();
});
afterAll(async () => net?.close());
beforeEach(() => net.reset());

const client = () =>
  new RegistryClient(net.registry.host, {
    retry: { attempts: 1, baseMs: 1, maxMs: 1 },
    timeoutMs: 2000,
  });

/** 1 MiB of varied bytes, so one wrong byte anywhere changes the digest. */
const layer = Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 131 + (i >> 9)) & 0xff));

/** Answers with `body` in 4 KiB writes. */
function inPieces(body: Buffer) {
  return (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
    });
    for (let at = 0; at < body.length; at += 4096) res.write(body.subarray(at, at + 4096));
    res.end();
  };
}

describe('checkBlob', () => {
  it('accepts a blob whose bytes hash to its digest, read from the blob URL', async () => {
    net.registry.handle(inPieces(layer));
    await expect(
      client().checkBlob('acme/p', digestOf(layer), layer.length),
    ).resolves.toBeUndefined();
    expect(net.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET /v2/acme/p/blobs/${digestOf(layer)}`,
    ]);
  });

  it('names the digest that arrived when one byte differs', async () => {
    const served = Buffer.from(layer);
    served[700_000] ^= 1;
    net.registry.handle(inPieces(served));
    const f = await failure(() => client().checkBlob('acme/p', digestOf(layer), layer.length));
    expect(f.message).toBe(`blob ${digestOf(layer)} arrived with digest ${digestOf(served)}`);
  });

  it('stops an endless body at the cap it was given', async () => {
    net.registry.handle(endlessAnswer(200, { 'content-type': 'application/octet-stream' }));
    const f = await failure(() => client().checkBlob('acme/p', digestOf(layer), 1 << 20));
    expect(f.message).toMatch(/over the 1 MiB limit/);
    expect(net.registry.bytesSent).toBeLessThan((1 << 20) + (8 << 20));
  });

  it('refuses a malformed digest without asking the registry', async () => {
    const f = await failure(() => client().checkBlob('acme/p', 'sha256:../../x', 10));
    expect(f.message).toMatch(/sha256:\.\.\/\.\.\/x/);
    expect(net.seen).toEqual([]);
  });
});
