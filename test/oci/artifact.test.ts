import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildArtifact, encodeManifest, packWasm, parseLayout } from '../../src/oci/layouts.js';
import { selectWasmLayer } from '../../src/oci/gateway-rules.js';
import { goGunzip } from '../../src/oci/go-gunzip.js';
import { findModule } from '../../src/oci/go-tar.js';
import { EMPTY_JSON_DIGEST, MT } from '../../src/oci/media-types.js';
import { tarGzipOf } from '../../src/oci/targz.js';

const wasm = Buffer.concat([Buffer.from('0061736d01000000', 'hex'), Buffer.alloc(3000, 7)]);

describe('deterministic tar.gz', () => {
  it('gives the same bytes for the same wasm, with a timestamp-free gzip header', async () => {
    const a = await tarGzipOf([{ name: 'plugin.wasm', data: wasm }]);
    const b = await tarGzipOf([{ name: 'plugin.wasm', data: Buffer.from(wasm) }]);
    expect(a.equals(b)).toBe(true);
    expect(a.readUInt32LE(4)).toBe(0); // MTIME
    expect(a[9]).toBe(3); // OS: Unix, whatever the platform
    const other = await tarGzipOf([
      { name: 'plugin.wasm', data: Buffer.concat([wasm, Buffer.from([1])]) },
    ]);
    expect(other.equals(a)).toBe(false);
  });

  it('writes a ustar entry with fixed mode, owner and mtime that round-trips', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (data) => {
        const tar = gunzipSync(await tarGzipOf([{ name: 'plugin.wasm', data }]));
        const found = findModule({ data: tar, error: null });
        expect(found).toMatchObject({ found: true, index: 0, entry: { name: 'plugin.wasm' } });
        expect(found.found && found.data.equals(Buffer.from(data))).toBe(true);
        expect(found.seen).toHaveLength(1);
        const header = tar.subarray(0, 512);
        expect(header.toString('ascii', 100, 107)).toBe('0000644');
        expect(header.toString('ascii', 108, 115)).toBe('0000000'); // uid
        expect(header.toString('ascii', 136, 147)).toBe('00000000000'); // mtime
      }),
      { numRuns: 40 },
    );
  });
});

describe('layouts', () => {
  it('higress: docs as their own layers, plugin.tar.gz LAST, same digest twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-layout-'));
    writeFileSync(join(dir, 'README.md'), '# zh');
    writeFileSync(join(dir, 'README_EN.md'), '# en');
    writeFileSync(join(dir, 'spec.yaml'), 'spec: 1');
    writeFileSync(join(dir, 'icon.png'), Buffer.from([137, 80, 78, 71]));
    const meta = { created: '2026-01-02T03:04:05Z', revision: 'abc', version: '1.2.3' };
    const art = await buildArtifact({ layout: 'higress', wasm, pluginDir: dir, metadata: meta });
    expect(art.layers.map((l) => l.mediaType)).toEqual([
      'application/vnd.module.wasm.doc.v1.EN+markdown',
      MT.docMarkdown,
      MT.spec,
      MT.icon,
      MT.ociLayerTarGzip,
    ]);
    expect(art.layers.at(-1)!.annotations).toEqual({
      'org.opencontainers.image.title': 'plugin.tar.gz',
    });
    const again = await buildArtifact({ layout: 'higress', wasm, pluginDir: dir, metadata: meta });
    expect(encodeManifest(again, '1.1').digest).toBe(encodeManifest(art, '1.1').digest);
    expect(art.annotations['io.github.wasm-plugin-ci.wasm.sha256']).toBe(art.wasmSha256);
    expect(art.annotations['org.opencontainers.image.created']).toBe(meta.created);
  });

  it('takes a layer packed ahead (packWasm) as it is, giving the same artifact', async () => {
    const packed = await packWasm(wasm);
    const ahead = await buildArtifact({ layout: 'compat', wasm, pluginTarGz: packed.pluginTarGz });
    const inline = await buildArtifact({ layout: 'compat', wasm });
    expect(encodeManifest(ahead, '1.1').digest).toBe(encodeManifest(inline, '1.1').digest);
    // The given bytes are used, not recomputed.
    const other = Buffer.from('not really a layer');
    const used = await buildArtifact({ layout: 'compat', wasm, pluginTarGz: other });
    expect(used.layers.at(-1)!.data.equals(other)).toBe(true);
  });

  it('1.1 form has artifactType and the empty config; 1.0 form has neither', async () => {
    const art = await buildArtifact({ layout: 'compat', wasm });
    const m11 = JSON.parse(encodeManifest(art, '1.1').bytes.toString());
    const m10 = JSON.parse(encodeManifest(art, '1.0').bytes.toString());
    expect(m11.artifactType).toBe(MT.unknownArtifact);
    expect(m11.config).toEqual({ mediaType: MT.empty, digest: EMPTY_JSON_DIGEST, size: 2 });
    expect(m10.artifactType).toBeUndefined();
    expect(m10.config.mediaType).toBe(MT.unknownConfig);
    expect(m10.config.digest).toBe(EMPTY_JSON_DIGEST);
    expect(m10.layers).toEqual(m11.layers);
  });

  it('oci: exactly two layers, config json then raw wasm', async () => {
    const art = await buildArtifact({
      layout: 'oci',
      wasm,
      metadata: { abiVersion: 'proxy_abi_version_0_2_1' },
    });
    expect(art.layers.map((l) => l.mediaType)).toEqual([MT.wasmConfig, MT.wasmLayer]);
    expect(art.layers[1]!.data.equals(wasm)).toBe(true);
  });

  it('names a bad layout', () => {
    expect(() => parseLayout('tarball')).toThrow("unknown layout 'tarball'");
  });
});

describe('gateway fetch rules', () => {
  const d = (mediaType: string) => ({ mediaType, digest: `sha256:${'0'.repeat(64)}`, size: 1 });
  it('accepts the three loadable forms', () => {
    const docs = [d(MT.docMarkdown), d(MT.ociLayerTarGzip)];
    expect(selectWasmLayer({ mediaType: MT.ociManifest, layers: docs })).toMatchObject({
      ok: true,
      variant: 'compat',
    });
    expect(
      selectWasmLayer({ mediaType: MT.dockerManifest, layers: [d(MT.dockerLayer)] }),
    ).toMatchObject({ ok: true, variant: 'docker' });
    expect(selectWasmLayer({ layers: [d(MT.wasmConfig), d(MT.wasmLayer)] })).toMatchObject({
      ok: true,
      variant: 'oci',
    });
  });

  it('rejects a single application/wasm layer and a single raw wasm layer, saying why', () => {
    const cncf = selectWasmLayer({ mediaType: MT.ociManifest, layers: [d('application/wasm')] });
    expect(cncf.ok).toBe(false);
    expect(!cncf.ok && cncf.reason).toMatch(/application\/wasm.*cannot load/);
    const raw = selectWasmLayer({ mediaType: MT.ociManifest, layers: [d(MT.wasmLayer)] });
    expect(raw.ok).toBe(false);
    expect(!raw.ok && raw.reason).toMatch(/EXACTLY two layers.*#4528/);
  });

  it('rejects tar.gz that is not the LAST layer, and three-layer raw wasm', () => {
    expect(selectWasmLayer({ layers: [d(MT.ociLayerTarGzip), d(MT.docMarkdown)] }).ok).toBe(false);
    expect(
      selectWasmLayer({ layers: [d(MT.wasmConfig), d(MT.wasmLayer), d(MT.docMarkdown)] }).ok,
    ).toBe(false);
  });

  it('finds plugin.wasm by base name, first match wins, and says when it is missing', async () => {
    const search = async (tgz: Buffer) => {
      const stream = await goGunzip(tgz, 1 << 20);
      if ('headerError' in stream) return stream;
      return findModule(stream);
    };
    const tgz = await tarGzipOf([
      { name: 'README.md', data: Buffer.from('x') },
      { name: 'dist/plugin.wasm', data: wasm },
      { name: 'plugin.wasm', data: Buffer.from('second') },
    ]);
    const got = await search(tgz);
    expect(got).toMatchObject({ found: true, index: 1, entry: { name: 'dist/plugin.wasm' } });
    expect('data' in got && got.data.equals(wasm)).toBe(true);
    expect(await search(await tarGzipOf([{ name: 'main.wasm', data: wasm }]))).toMatchObject({
      found: false,
      error: null,
      seen: [{ name: 'main.wasm' }],
    });
    expect(await search(Buffer.from('not gzip at all'))).toEqual({
      headerError: 'gzip: invalid header',
    });
    // Shorter than a gzip header: Go's reader runs out first.
    expect(await search(Buffer.from('not gzip'))).toEqual({ headerError: 'unexpected EOF' });
  });
});
