/**
 * Publishing against a REAL distribution registry on 127.0.0.1, read back by
 * the REAL ORAS CLI, and checked with verify.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLog } from '../../src/common/log.js';
import { sha256Hex } from '../../src/oci/digest.js';
import { publishPlugin } from '../../src/oci/publish.js';
import { blobOf } from '../../src/oci/layouts.js';
import { MT } from '../../src/oci/media-types.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { tarGzipOf } from '../../src/oci/targz.js';
import { verifyArtifact } from '../../src/oci/verify.js';
import type { Layout } from '../../src/model.js';
import { cli } from '../support/cli.js';
import { buildFixture } from '../support/go-fixtures.js';
import { oras } from '../support/oras.js';
import { repoRoot } from '../support/paths.js';
import { startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../support/registry.js';
import { REFRESH_TOKEN } from '../support/token-server.js';

let wasmPath: string;
let wasmSha: string;
const scratch = () => mkdtempSync(join(tmpdir(), 'wpci-oci-'));

/** plugin.wasm as ORAS pulls it: raw for the oci layout, else out of plugin.tar.gz. */
async function orasPullWasm(
  ref: string,
  auth: string[] = [],
): Promise<{ sha: string; files: string[] }> {
  const dir = scratch();
  await oras(['pull', '--plain-http', ...auth, '-o', dir, ref], dir);
  const files = execFileSync('ls', [dir]).toString().trim().split('\n').sort();
  if (files.includes('plugin.tar.gz')) execFileSync('tar', ['xzf', 'plugin.tar.gz'], { cwd: dir });
  return { sha: sha256Hex(readFileSync(join(dir, 'plugin.wasm'))), files };
}

beforeAll(async () => {
  wasmPath = await buildFixture('healthy');
  wasmSha = sha256Hex(readFileSync(wasmPath));
}, 300_000);

describe('anonymous registry', () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry('anonymous');
  });
  afterAll(async () => reg?.stop());

  for (const layout of ['higress', 'compat', 'oci'] as Layout[]) {
    it(`${layout}: ORAS pulls the same plugin.wasm, the manifest matches, verify passes, a second push uploads nothing`, async () => {
      const repo = `plugins/healthy-${layout}`;
      const target = { kind: 'registry' as const, registry: reg.host, repository: repo };
      const first = await publishPlugin(
        { plugin: 'healthy', wasm: wasmPath, layout, tags: ['1.0.0', 'latest'], target },
        memoryLog(),
      );
      expect(first.references).toEqual([`${reg.host}/${repo}:1.0.0`, `${reg.host}/${repo}:latest`]);
      expect(first.uploadedBytes).toBeGreaterThan(0);

      const pulled = await orasPullWasm(`${reg.host}/${repo}:latest`);
      expect(pulled.sha).toBe(wasmSha);
      const manifest = await oras([
        'manifest',
        'fetch',
        '--plain-http',
        `${reg.host}/${repo}:1.0.0`,
      ]);
      expect(`sha256:${sha256Hex(Buffer.from(manifest))}`).toBe(first.digest);

      const v = await verifyArtifact(`${reg.host}/${repo}:1.0.0`, wasmSha);
      expect(v).toMatchObject({ ok: true, digest: first.digest, wasmSha256: wasmSha });

      const second = await publishPlugin(
        { plugin: 'healthy', wasm: wasmPath, layout, tags: ['1.0.0'], target },
        memoryLog(),
      );
      expect(second.digest).toBe(first.digest);
      expect(second.uploadedBytes).toBe(0);
    });
  }

  it('CLI push of a plugin dir with docs: Higress layer order, ORAS gets every file, verify --json passes', async () => {
    const dir = join(scratch(), 'key-auth');
    execFileSync('mkdir', ['-p', dir]);
    copyFileSync(wasmPath, join(dir, 'plugin.wasm'));
    writeFileSync(join(dir, 'README.md'), '# key-auth\n');
    writeFileSync(join(dir, 'README_EN.md'), '# key-auth (en)\n');
    writeFileSync(join(dir, 'spec.yaml'), 'name: key-auth\n');
    writeFileSync(join(dir, 'VERSION'), '1.4.0\n');
    const ref = `${reg.host}/plugins/key-auth:1.4.0,latest`;
    const r = await cli([
      'push',
      dir,
      '--ref',
      ref,
      '--json',
      '--revision',
      'abc123',
      '--created',
      '2026-01-01T00:00:00Z',
    ]);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ plugin: 'key-auth', layout: 'higress', verified: true });
    const manifest = JSON.parse(
      await oras(['manifest', 'fetch', '--plain-http', `${reg.host}/plugins/key-auth:1.4.0`]),
    );
    expect(manifest.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual([
      'application/vnd.module.wasm.doc.v1.EN+markdown',
      'application/vnd.module.wasm.doc.v1+markdown',
      'application/vnd.module.wasm.spec.v1+yaml',
      'application/vnd.oci.image.layer.v1.tar+gzip',
    ]);
    expect(manifest.annotations).toMatchObject({
      'org.opencontainers.image.version': '1.4.0',
      'org.opencontainers.image.revision': 'abc123',
      'org.opencontainers.image.created': '2026-01-01T00:00:00Z',
    });
    const pulled = await orasPullWasm(`${reg.host}/plugins/key-auth:latest`);
    expect(pulled.files).toEqual(['README.md', 'README_EN.md', 'plugin.tar.gz', 'spec.yaml']);
    expect(pulled.sha).toBe(wasmSha);
    const v = await cli([
      'verify',
      `${reg.host}/plugins/key-auth:1.4.0`,
      '--sha256',
      wasmSha,
      '--json',
    ]);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({
      ok: true,
      variant: 'compat',
      wasmSha256: wasmSha,
    });
  });

  it("verify accepts what Higress's own oras push produces", async () => {
    const dir = scratch();
    copyFileSync(wasmPath, join(dir, 'plugin.wasm'));
    execFileSync('tar', ['czf', 'plugin.tar.gz', 'plugin.wasm'], { cwd: dir });
    writeFileSync(join(dir, 'README.md'), '# x\n');
    const ref = `${reg.host}/higress/by-oras:1.0.0`;
    await oras(
      [
        'push',
        '--plain-http',
        ref,
        'README.md:application/vnd.module.wasm.doc.v1+markdown',
        'plugin.tar.gz:application/vnd.oci.image.layer.v1.tar+gzip',
      ],
      dir,
    );
    const v = await cli(['verify', ref, '--sha256', wasmSha]);
    expect(v.code).toBe(0);
  });

  it('verify REJECTS a single application/wasm layer and a single raw wasm layer, saying why (higress #4528)', async () => {
    const dir = scratch();
    copyFileSync(wasmPath, join(dir, 'plugin.wasm'));
    const cncf = `${reg.host}/broken/cncf:1`;
    const raw = `${reg.host}/broken/raw:1`;
    await oras(['push', '--plain-http', cncf, 'plugin.wasm:application/wasm'], dir);
    await oras(
      [
        'push',
        '--plain-http',
        raw,
        'plugin.wasm:application/vnd.module.wasm.content.layer.v1+wasm',
      ],
      dir,
    );
    const a = await cli(['verify', cncf, '--json']);
    expect(a.code).toBe(1);
    expect(JSON.parse(a.stdout)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/application\/wasm.*cannot load/),
    });
    expect(a.stderr).toContain('a gateway would not load this artifact');
    // ...and why each of the gateway's rules did not apply.
    expect(a.stderr).toMatch(
      /compat variant: .*: did not apply: the last layer is layer 1 of 1 \(application\/wasm/,
    );
    expect(a.stderr).toMatch(
      /oci variant: .*: did not apply: the manifest has 1 layers, not exactly 2/,
    );
    const b = await cli(['verify', raw, '--json']);
    expect(b.code).toBe(1);
    expect(JSON.parse(b.stdout).reason).toMatch(/single raw .* layer.*EXACTLY two layers/);
  });

  it('verify accepts a docker schema2 image, resolves an index to linux/amd64 like the gateway, refuses one without', async () => {
    const client = new RegistryClient(reg.host);
    const layer = blobOf(
      MT.dockerLayer,
      await tarGzipOf([{ name: 'plugin.wasm', data: readFileSync(wasmPath) }]),
    );
    const config = blobOf(
      'application/vnd.docker.container.image.v1+json',
      Buffer.from('{"architecture":"amd64","os":"linux"}'),
    );
    for (const b of [layer, config]) await client.pushBlob('docker/img', b);
    const strip = ({
      mediaType,
      digest,
      size,
    }: {
      mediaType: string;
      digest: string;
      size: number;
    }) => ({ mediaType, digest, size });
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MT.dockerManifest,
        config: strip(config),
        layers: [strip(layer)],
      }),
    );
    const digest = await client.putManifest('docker/img', '1', manifest, MT.dockerManifest);
    expect(await verifyArtifact(`${reg.host}/docker/img:1`, wasmSha)).toMatchObject({
      ok: true,
      variant: 'docker',
    });
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MT.ociIndex,
        manifests: [{ mediaType: MT.dockerManifest, digest, size: manifest.length }],
      }),
    );
    await client.putManifest('docker/img', 'index', index, MT.ociIndex);
    // A child without platform is linux/amd64 to go-containerregistry (issue #13).
    expect(await verifyArtifact(`${reg.host}/docker/img:index`, wasmSha)).toMatchObject({
      ok: true,
      childDigest: digest,
    });
    const arm64 = JSON.parse(index.toString());
    arm64.manifests[0].platform = { os: 'linux', architecture: 'arm64' };
    await client.putManifest(
      'docker/img',
      'arm64',
      Buffer.from(JSON.stringify(arm64)),
      MT.ociIndex,
    );
    const v = await verifyArtifact(`${reg.host}/docker/img:arm64`, undefined);
    expect(v.ok).toBe(false);
    expect(v.reason).toContain('an image index with no linux/amd64 child');
    // with a linux/amd64 child, the gateway (go-containerregistry) resolves to it
    const amd64 = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MT.ociIndex,
        manifests: [
          {
            mediaType: MT.dockerManifest,
            digest,
            size: manifest.length,
            platform: { os: 'linux', architecture: 'amd64' },
          },
        ],
      }),
    );
    await client.putManifest('docker/img', 'multi', amd64, MT.ociIndex);
    expect(await verifyArtifact(`${reg.host}/docker/img:multi`, wasmSha)).toMatchObject({
      ok: true,
      variant: 'docker',
      childDigest: digest,
    });
  });

  it('verify fails when plugin.wasm differs from the build', async () => {
    const r = await cli([
      'verify',
      `${reg.host}/plugins/healthy-compat:1.0.0`,
      '--sha256',
      'a'.repeat(64),
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reason).toContain('but the build produced');
  });

  it('latest never moves back to a lower release', async () => {
    const target = { kind: 'registry' as const, registry: reg.host, repository: 'plugins/mono' };
    const high = await publishPlugin(
      {
        plugin: 'mono',
        wasm: wasmPath,
        layout: 'compat',
        tags: ['2.0.0', 'latest'],
        version: '2.0.0',
        target,
      },
      memoryLog(),
    );
    const dir = scratch();
    const other = join(dir, 'other.wasm');
    writeFileSync(other, Buffer.concat([readFileSync(wasmPath), Buffer.from([0, 1, 2])]));
    const low = await publishPlugin(
      {
        plugin: 'mono',
        wasm: other,
        layout: 'compat',
        tags: ['1.9.0', 'latest'],
        version: '1.9.0',
        target,
      },
      memoryLog(),
    );
    expect(low.references).toEqual([`${reg.host}/plugins/mono:1.9.0`]);
    const latest = await verifyArtifact(`${reg.host}/plugins/mono:latest`, undefined);
    expect(latest.digest).toBe(high.digest);
    // only `latest` asked, and it would move back: pushed by digest, no tag touched
    const none = await publishPlugin(
      { plugin: 'mono', wasm: other, layout: 'compat', tags: ['latest'], version: '1.9.0', target },
      memoryLog(),
    );
    expect(none.references).toEqual([]);
    expect(none.verified).toBe(true);
    expect((await verifyArtifact(`${reg.host}/plugins/mono:latest`, undefined)).digest).toBe(
      high.digest,
    );
  });

  it('writes a local OCI image layout that ORAS reads and verify --oci-layout checks', async () => {
    const dir = join(scratch(), 'layout');
    const r = await cli([
      'push',
      wasmPath,
      '--oci-layout',
      `${dir}:1.0.0,latest`,
      '--layout',
      'compat',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'oci-layout'), 'utf8'))).toEqual({
      imageLayoutVersion: '1.0.0',
    });
    const out = scratch();
    await oras(['pull', '--oci-layout', `${dir}:latest`, '-o', out], out);
    execFileSync('tar', ['xzf', 'plugin.tar.gz'], { cwd: out });
    expect(sha256Hex(readFileSync(join(out, 'plugin.wasm')))).toBe(wasmSha);
    const v = await cli(['verify', '--oci-layout', `${dir}:1.0.0`, '--sha256', wasmSha]);
    expect(v.code).toBe(0);
    // a second write adds no blob bytes
    const again = await cli([
      'push',
      wasmPath,
      '--oci-layout',
      `${dir}:1.0.0`,
      '--layout',
      'compat',
      '--json',
    ]);
    expect(JSON.parse(again.stdout).uploadedBytes).toBe(0);
  });

  it('CLI --mount-from cross-mounts instead of uploading', async () => {
    expect(
      (await cli(['push', wasmPath, '--layout', 'compat', '--ref', `${reg.host}/mount/source:1`]))
        .code,
    ).toBe(0);
    const r = await cli([
      'push',
      wasmPath,
      '--layout',
      'compat',
      '--ref',
      `${reg.host}/mounted/healthy:1`,
      '--mount-from',
      'mount/source',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).uploadedBytes).toBe(0);
    const bad = await cli(['push', wasmPath, '--ref', `${reg.host}/x:1`, '--mount-from', 'Not/OK']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'Not/OK'");
  });

  it('bad input exits 2 and names the value', async () => {
    const a = await cli(['push', wasmPath, '--ref', `${reg.host}/Bad:1`]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("'Bad'");
    const b = await cli(['push', wasmPath, '--ref', `${reg.host}/x:1`, '--layout', 'zip']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("'zip'");
    const c = await cli(['push', '/nonexistent/dir', '--ref', `${reg.host}/x:1`]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("'/nonexistent/dir'");
  });
});

describe('htpasswd registry', () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry('htpasswd');
  });
  afterAll(async () => reg?.stop());

  it('pushes with credentials from the environment and never prints them', async () => {
    const env = {
      ...process.env,
      WPCI_REGISTRY_USERNAME: TEST_USER,
      WPCI_REGISTRY_PASSWORD: TEST_PASSWORD,
    };
    const r = await cli(
      ['push', wasmPath, '--ref', `${reg.host}/secure/healthy:1.0.0`, '--json'],
      process.cwd(),
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(TEST_PASSWORD);
    const pulled = await orasPullWasm(`${reg.host}/secure/healthy:1.0.0`, [
      '-u',
      TEST_USER,
      '-p',
      TEST_PASSWORD,
    ]);
    expect(pulled.sha).toBe(wasmSha);
  });

  it('takes the password on stdin (the real CLI process), never from argv', async () => {
    const { spawnSync } = await import('node:child_process');
    const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
    const run = (input: string) =>
      spawnSync(
        tsx,
        [
          join(repoRoot, 'src/cli/index.ts'),
          'push',
          wasmPath,
          '--ref',
          `${reg.host}/secure/stdin:1.0.0`,
          '--password-stdin',
          '--json',
        ],
        {
          input,
          env: {
            ...process.env,
            WPCI_REGISTRY_USERNAME: TEST_USER,
            WPCI_REGISTRY_PASSWORD: '',
            DOCKER_CONFIG: scratch(),
          },
          encoding: 'utf8',
        },
      );
    const ok = run(`${TEST_PASSWORD}\n`);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).references).toEqual([`${reg.host}/secure/stdin:1.0.0`]);
    const bad = run('nope\n');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('401');
  });

  it('pushes with credentials from docker config.json', async () => {
    const dockerDir = scratch();
    const auth = Buffer.from(`${TEST_USER}:${TEST_PASSWORD}`).toString('base64');
    writeFileSync(
      join(dockerDir, 'config.json'),
      JSON.stringify({ auths: { [reg.host]: { auth } } }),
    );
    const r = await cli(['push', wasmPath, '--ref', `${reg.host}/secure/dc:1.0.0`], process.cwd(), {
      ...process.env,
      DOCKER_CONFIG: dockerDir,
    });
    expect(r.code).toBe(0);
  });

  it('without credentials fails with exit 1 and says authentication failed', async () => {
    const r = await cli(
      ['push', wasmPath, '--ref', `${reg.host}/secure/nope:1.0.0`],
      process.cwd(),
      { ...process.env, DOCKER_CONFIG: scratch() },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP 401.*authentication failed/);
  });

  it('wrong password fails the same way, without the password in the message', async () => {
    const env = {
      ...process.env,
      WPCI_REGISTRY_USERNAME: TEST_USER,
      WPCI_REGISTRY_PASSWORD: 'wrong-Pa55',
    };
    const r = await cli(
      ['push', wasmPath, '--ref', `${reg.host}/secure/nope:1.0.0`],
      process.cwd(),
      env,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('401');
    expect(r.stderr).not.toContain('wrong-Pa55');
  });
});

describe('token-auth registry', () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry('token');
  });
  afterAll(async () => reg?.stop());

  it('gets a bearer token, caches it per scope, and ORAS pulls the result', async () => {
    const target = {
      kind: 'registry' as const,
      registry: reg.host,
      repository: 'tok/healthy',
      credentials: { username: TEST_USER, password: TEST_PASSWORD },
    };
    const out = await publishPlugin(
      { plugin: 'healthy', wasm: wasmPath, tags: ['1.0.0', '1.0', '1', 'latest'], target },
      memoryLog(),
    );
    expect(out.verified).toBe(true);
    const requests = reg.tokenServer!.requests;
    // One token, for push (pull,push): the read-back's pull of the same
    // repository reuses it, and no request asks for a token of its own.
    expect(requests.map((q) => q.scopes)).toEqual([['repository:tok/healthy:pull,push']]);
    expect(requests.every((q) => q.user === TEST_USER)).toBe(true);
    const pulled = await orasPullWasm(`${reg.host}/tok/healthy:1`, [
      '-u',
      TEST_USER,
      '-p',
      TEST_PASSWORD,
    ]);
    expect(pulled.sha).toBe(wasmSha);
  });

  it('uses an identity token from docker config.json (OAuth2 refresh-token grant)', async () => {
    const dockerDir = scratch();
    writeFileSync(
      join(dockerDir, 'config.json'),
      JSON.stringify({ auths: { [reg.host]: { identitytoken: REFRESH_TOKEN } } }),
    );
    const r = await cli(['push', wasmPath, '--ref', `${reg.host}/tok/idt:1.0.0`], process.cwd(), {
      ...process.env,
      DOCKER_CONFIG: dockerDir,
    });
    expect(r.stderr).not.toContain(REFRESH_TOKEN);
    expect(r.code).toBe(0);
  });

  it('anonymous push is refused with a clear error', async () => {
    const target = {
      kind: 'registry' as const,
      registry: reg.host,
      repository: 'tok/anon',
      env: { DOCKER_CONFIG: scratch() },
    };
    await expect(
      publishPlugin({ plugin: 'x', wasm: wasmPath, tags: ['1'], target }, memoryLog()),
    ).rejects.toThrow(/401/);
  });
});
