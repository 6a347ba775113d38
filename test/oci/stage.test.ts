import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLog } from '../../src/common/log.js';
import type { BuildResult } from '../../src/model.js';
import { publishBuild } from '../../src/oci/stage.js';
import { layoutSource, verifySource } from '../../src/oci/verify.js';

function fakeBuild(dir: string): BuildResult {
  const wasm = join(dir, 'plugin.wasm');
  writeFileSync(
    wasm,
    Buffer.concat([Buffer.from('0061736d01000000', 'hex'), Buffer.alloc(100, 1)]),
  );
  writeFileSync(join(dir, 'README.md'), '# demo\n');
  return {
    plugin: {
      name: 'demo',
      dir,
      relDir: 'demo',
      module: 'example.com/demo',
      builder: 'go',
      settings: { extraTags: [], buildFlags: [], values: {} },
      version: '1.2.0',
    },
    wasm,
    size: 108,
    sha256: '',
    ms: 1,
    command: [],
    env: {},
    toolchainVersion: 'go1.24.4',
  };
}

describe('publishBuild (the stage the pipeline calls)', () => {
  it('writes the local layout with build facts as annotations, and verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-stage-'));
    const layoutDir = join(dir, 'out');
    const [res] = await publishBuild(
      fakeBuild(dir),
      {
        ociLayoutDir: layoutDir,
        tags: ['1.2.0', 'latest'],
        abiVersion: 'proxy_abi_version_0_2_100',
        metadata: { revision: 'deadbeef' },
      },
      memoryLog(),
    );
    expect(res).toMatchObject({ plugin: 'demo', layout: 'higress', verified: true });
    const v = await verifySource(layoutSource(`${layoutDir}:latest`));
    expect(v.ok).toBe(true);
    const manifest = JSON.parse(
      readFileSync(join(layoutDir, 'blobs', 'sha256', res!.digest.slice(7)), 'utf8'),
    );
    expect(manifest.annotations).toMatchObject({
      'org.opencontainers.image.version': '1.2.0',
      'org.opencontainers.image.revision': 'deadbeef',
      'io.github.wasm-plugin-ci.builder': 'go',
      'io.github.wasm-plugin-ci.toolchain-version': 'go1.24.4',
      'io.github.wasm-plugin-ci.abi-version': 'proxy_abi_version_0_2_100',
    });
    expect(manifest.layers).toHaveLength(2); // README.md, then plugin.tar.gz
  });

  it('verify takes a layer it packed itself by digest, and unpacks any other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-stage-'));
    const layoutDir = join(dir, 'out');
    const build = fakeBuild(dir);
    await publishBuild(build, { ociLayoutDir: layoutDir, tags: ['latest'] }, memoryLog());
    const source = layoutSource(`${layoutDir}:latest`);
    const layers = (
      JSON.parse((await source.manifest()).bytes.toString()) as {
        layers: { digest: string }[];
      }
    ).layers;
    const built = readFileSync(build.wasm);
    const other = Buffer.concat([built, Buffer.from([9])]);
    const expected = createHash('sha256').update(built).digest('hex');
    // Under the packed layer's digest the given wasm is used, not unpacked again...
    const used = await verifySource(source, expected, new Map([[layers.at(-1)!.digest, other]]));
    expect(used.ok).toBe(false);
    expect(used.reason).toMatch(/but the build produced/);
    // ...and a map for some other digest leaves the gateway's unpacking in charge.
    const unpacked = await verifySource(source, expected, new Map([[layers[0]!.digest, other]]));
    expect(unpacked).toMatchObject({ ok: true, wasmSha256: expected });
  });

  it('no tags (a pull request) publishes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-stage-'));
    expect(
      await publishBuild(fakeBuild(dir), { ociLayoutDir: join(dir, 'out'), tags: [] }, memoryLog()),
    ).toEqual([]);
  });
});
