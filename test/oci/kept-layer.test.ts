/**
 * plugin.tar.gz kept beside the Go build cache (src/oci/kept-layer.ts): a
 * warm re-run reads the archive an earlier run packed from the same module
 * instead of compressing again, and gets the very bytes a fresh packing
 * gives. An entry is used only for the module, packer and archive its sum
 * names; a damaged or foreign entry packs again. A push from a kept archive
 * publishes the same artifact a fresh packing does (same layer digest).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLog } from '../../src/common/log.js';
import { keepLayer, packerId, readKeptLayer } from '../../src/oci/kept-layer.js';
import { packWasm } from '../../src/oci/layouts.js';
import { publishPlugin } from '../../src/oci/publish.js';
import { GZIP_LEVEL } from '../../src/oci/targz.js';
import { buildFixture } from '../support/go-fixtures.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const packer = packerId(GZIP_LEVEL);

let dir: string;
let healthy: Buffer;
let other: Buffer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wpci-kept-layer-'));
  healthy = readFileSync(await buildFixture('healthy'));
  other = readFileSync(await buildFixture('http-call'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the kept archive', () => {
  it('is packed once, then read back as the very bytes a fresh packing gives', async () => {
    const file = join(dir, 'a.tar.gz');
    const first = await packWasm(healthy, sha(healthy), file);
    expect(first.kept).toBeUndefined();
    expect(existsSync(file)).toBe(true);
    const again = await packWasm(healthy, sha(healthy), file);
    expect(again.kept).toBe(true);
    const fresh = await packWasm(healthy);
    expect(sha(again.pluginTarGz!)).toBe(sha(fresh.pluginTarGz!));
    expect(sha(first.pluginTarGz!)).toBe(sha(fresh.pluginTarGz!));
  });

  it('is not used for another module, another packer, or bytes its sum does not name', async () => {
    const file = join(dir, 'b.tar.gz');
    const archive = (await packWasm(healthy)).pluginTarGz!;
    await keepLayer(file, { bytes: archive, sha256: sha(archive) }, sha(healthy), packer);
    expect(sha(readKeptLayer(file, sha(healthy), packer)!.archive)).toBe(sha(archive));
    expect(readKeptLayer(file, sha(other), packer)).toBeUndefined();
    expect(readKeptLayer(file, sha(healthy), 'gzip9-zlib0')).toBeUndefined();
    const damaged = Buffer.from(archive);
    damaged[damaged.length >> 1]! ^= 1;
    writeFileSync(file, damaged);
    expect(readKeptLayer(file, sha(healthy), packer)).toBeUndefined();
    // Packing again replaces the damaged entry.
    const repacked = await packWasm(healthy, sha(healthy), file);
    expect(repacked.kept).toBeUndefined();
    expect(sha(readKeptLayer(file, sha(healthy), packer)!.archive)).toBe(sha(archive));
  });

  it('is not followed through a link', async () => {
    const target = join(dir, 'c-target.tar.gz');
    const file = join(dir, 'c.tar.gz');
    const archive = (await packWasm(healthy)).pluginTarGz!;
    await keepLayer(target, { bytes: archive, sha256: sha(archive) }, sha(healthy), packer);
    symlinkSync(target, file);
    writeFileSync(`${file}.sum`, readFileSync(`${target}.sum`));
    expect(sha(readKeptLayer(target, sha(healthy), packer)!.archive)).toBe(sha(archive));
    expect(readKeptLayer(file, sha(healthy), packer)).toBeUndefined();
  });
});

describe('a push from a kept archive', () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry('anonymous');
  }, 60_000);
  afterAll(async () => reg?.stop());

  it('pushes and verifies when it holds the module', async () => {
    const file = join(dir, 'true.tar.gz');
    await packWasm(healthy, sha(healthy), file);
    const packed = await packWasm(healthy, sha(healthy), file);
    expect(packed.kept).toBe(true);
    const outcome = await publishPlugin(
      {
        plugin: 'healthy',
        wasm: '(packed)',
        packed,
        layout: 'higress',
        tags: ['1.0.0'],
        target: { kind: 'registry', registry: reg.host, repository: 'kept/true', env: {} },
      },
      memoryLog(),
    );
    expect(outcome.verified).toBe(true);
    expect(outcome.verification.wasmSha256).toBe(sha(healthy));
    const freshly = await publishPlugin(
      {
        plugin: 'healthy',
        wasm: '(packed)',
        packed: await packWasm(healthy),
        layout: 'higress',
        tags: ['1.0.0'],
        target: { kind: 'registry', registry: reg.host, repository: 'kept/fresh', env: {} },
      },
      memoryLog(),
    );
    expect(outcome.digest).toBe(freshly.digest);
  }, 60_000);
});
