/**
 * Registry failures, injected by a proxy in front of the REAL registry:
 * what a push does about each, and what it reports.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLog } from '../../src/common/log.js';
import { sha256Hex } from '../../src/oci/digest.js';
import { publishPlugin, type PublishInput } from '../../src/oci/publish.js';
import { verifyArtifact } from '../../src/oci/verify.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { buildFixture } from '../support/go-fixtures.js';
import { oras } from '../support/oras.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';

let reg: TestRegistry;
let proxy: FaultProxy;
let wasmPath: string;
let wasmSha: string;
let counter = 0;

/** A fresh repository each time, so no test sees another's blobs. */
function input(extra: Partial<PublishInput> = {}): PublishInput {
  counter++;
  return {
    plugin: 'healthy',
    wasm: wasmPath,
    layout: 'compat',
    tags: ['1.0.0', 'latest'],
    target: { kind: 'registry', registry: proxy.host, repository: `faults/p${counter}`, env: {} },
    ...extra,
  };
}

beforeAll(async () => {
  wasmPath = await buildFixture('healthy');
  wasmSha = sha256Hex(readFileSync(wasmPath));
  reg = await startRegistry('anonymous');
  proxy = await startFaultProxy(reg.url);
}, 300_000);
afterAll(async () => {
  await proxy?.close();
  await reg?.stop();
});
beforeEach(() => proxy.reset());

describe('through a fault-injecting proxy', () => {
  it('500 then success on the blob upload: retried, pushed, pullable', async () => {
    proxy.setFaults([
      { action: 'server-error', method: 'PUT', path: /\/blobs\/uploads\//, times: 1 },
    ]);
    const log = memoryLog();
    const out = await publishPlugin(input(), log);
    expect(out.verified).toBe(true);
    expect(proxy.seen.filter((s) => s.fault === 'server-error')).toHaveLength(1);
    expect(log.lines.join('\n')).toMatch(/starting over/);
    const dir = mkdtempSync(join(tmpdir(), 'wpci-f-'));
    await oras(['pull', '--plain-http', '-o', dir, out.references[0]!], dir);
  });

  it('429 and 500 on HEAD and manifest PUT are retried', async () => {
    proxy.setFaults([
      { action: 'too-many', method: 'HEAD', path: /\/blobs\//, times: 2 },
      { action: 'server-error', method: 'PUT', path: /\/manifests\/latest/, times: 2 },
    ]);
    const out = await publishPlugin(input(), memoryLog());
    expect(out.references).toHaveLength(2);
    expect(proxy.seen.filter((s) => s.fault).length).toBe(4);
  });

  it('a stalled request is timed out and retried instead of hanging', async () => {
    proxy.setFaults([{ action: 'stall', method: 'PUT', path: /\/manifests\/latest$/, times: 1 }]);
    const i = input();
    const log = memoryLog();
    const started = Date.now();
    const out = await publishPlugin(
      { ...i, target: { ...(i.target as object), timeoutMs: 2000 } as PublishInput['target'] },
      log,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(out.references).toHaveLength(2);
    expect(log.lines.join('\n')).toMatch(/no answer within/);
  });

  it('a connection reset mid-upload starts the upload over and succeeds', async () => {
    proxy.setFaults([
      { action: 'reset', method: 'PUT', path: /\/blobs\/uploads\//, minBodyBytes: 4096, times: 1 },
    ]);
    const out = await publishPlugin(input(), memoryLog());
    expect(proxy.seen.some((s) => s.fault === 'reset' && s.bodyBytes > 1024)).toBe(true);
    const v = await verifyArtifact(out.references[1]!, wasmSha);
    expect(v.ok).toBe(true);
  });

  it('a chunked upload survives a reset of one chunk', async () => {
    proxy.setFaults([{ action: 'reset', method: 'PATCH', times: 1 }]);
    const out = await publishPlugin(input({ chunkSize: 256 << 10 }), memoryLog());
    expect(
      proxy.seen.filter((s) => s.method === 'PATCH' && s.status === 202).length,
    ).toBeGreaterThan(3);
    expect((await verifyArtifact(out.references[0]!, wasmSha)).ok).toBe(true);
  });

  it('401 on the manifest: fails, says no reference was pushed, and none exists', async () => {
    proxy.setFaults([{ action: 'unauthorized', method: 'PUT', path: /\/manifests\// }]);
    const i = input();
    await expect(publishPlugin(i, memoryLog())).rejects.toThrow(
      /HTTP 401.*no reference was pushed/s,
    );
    proxy.reset();
    const repo = (i.target as { repository: string }).repository;
    await expect(verifyArtifact(`${proxy.host}/${repo}:1.0.0`, undefined)).rejects.toThrow(/404/);
  });

  it('404 on one tag: fails and names exactly the references that were pushed', async () => {
    proxy.setFaults([{ action: 'not-found', method: 'PUT', path: /\/manifests\/latest$/ }]);
    const i = input();
    const repo = (i.target as { repository: string }).repository;
    await expect(publishPlugin(i, memoryLog())).rejects.toThrow(
      `references that were pushed: ${proxy.host}/${repo}:1.0.0`,
    );
  });

  it('a registry that rejects image-spec 1.1 gets the 1.0 form, which ORAS reads', async () => {
    proxy.setFaults([{ action: 'reject-image-spec-1.1' }]);
    const log = memoryLog();
    const out = await publishPlugin(input({ layout: 'higress' }), log);
    expect(out.manifestForm).toBe('1.0');
    expect(log.lines.join('\n')).toContain('falling back to the 1.0 form');
    expect(proxy.seen.some((s) => s.fault === 'reject-image-spec-1.1' && s.status === 400)).toBe(
      true,
    );
    const manifest = JSON.parse(
      await oras(['manifest', 'fetch', '--plain-http', out.references[0]!]),
    );
    expect(manifest.artifactType).toBeUndefined();
    expect(manifest.config.mediaType).toBe('application/vnd.unknown.config.v1+json');
    const dir = mkdtempSync(join(tmpdir(), 'wpci-f-'));
    await oras(['pull', '--plain-http', '-o', dir, out.references[0]!], dir);
  });

  it('idempotence: the second push has the same digest and sends zero blob bytes', async () => {
    const i = input();
    const first = await publishPlugin(i, memoryLog());
    const sentFirst = proxy.uploadedBlobBytes();
    expect(sentFirst).toBeGreaterThan(0);
    proxy.reset();
    const second = await publishPlugin(i, memoryLog());
    expect(second.digest).toBe(first.digest);
    expect(second.uploadedBytes).toBe(0);
    expect(proxy.uploadedBlobBytes()).toBe(0);
    expect(proxy.seen.some((s) => /\/blobs\/uploads\//.test(s.path))).toBe(false);
  });

  it('cross-repository mount: no blob bytes for a plugin already in a sibling repository', async () => {
    const a = input();
    await publishPlugin(a, memoryLog());
    proxy.reset();
    const from = (a.target as { repository: string }).repository;
    const b = input();
    const out = await publishPlugin(
      { ...b, target: { ...(b.target as object), mountFrom: from } as PublishInput['target'] },
      memoryLog(),
    );
    expect(out.uploadedBytes).toBe(0);
    expect(proxy.seen.some((s) => s.method === 'POST' && s.status === 201)).toBe(true);
  });

  it('a file that is not wasm is stopped by the layout gate before anything is pushed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-f-'));
    const notWasm = join(dir, 'plugin.wasm');
    writeFileSync(notWasm, 'not a wasm module');
    await expect(publishPlugin(input({ wasm: notWasm }), memoryLog())).rejects.toThrow(
      /bad magic.*nothing was pushed/,
    );
    expect(proxy.seen).toEqual([]);
  });
});
