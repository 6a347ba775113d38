import { describe, expect, it } from '@jest/globals';
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

  it('no tags (a pull request) publishes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-stage-'));
    expect(
      await publishBuild(fakeBuild(dir), { ociLayoutDir: join(dir, 'out'), tags: [] }, memoryLog()),
    ).toEqual([]);
  });
});
