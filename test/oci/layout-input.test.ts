/**
 * A local OCI image layout is input like any other (issue #12 items 7 and
 * 13): digests are checked (`algorithm:hex` of the right length, sha256 or
 * sha512) before a path is built from them, so an index.json naming
 * `sha256:../../…` cannot make `verify` read outside blobs/; a malformed
 * index.json, oci-layout or manifest is exit 2 naming the file, never a raw
 * JavaScript error. Run through the CLI as a user would.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { STACK_LINE } from '../reliability/helpers.js';
import { spawnCli } from '../reliability/spawn-cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'wpci-layout-input-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
// The hostile cases are rows of #12.7 and #12.13 in docs/reliability.md.
const table = new ReliabilityTable('layout-input');
afterAll(() => table.save());

/** The smallest module a gateway would load: the wasm header. */
const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const CONFIG = Buffer.from('{}');

type Algorithm = 'sha256' | 'sha512';
const digest = (data: Buffer, alg: Algorithm = 'sha256') =>
  `${alg}:${createHash(alg).update(data).digest('hex')}`;

let n = 0;
/**
 * A valid layout holding one "oci variant" artifact (config + raw wasm
 * layer) tagged `v1`; a test then changes what it tries.
 */
function layout(alg: Algorithm = 'sha256'): { dir: string; manifest: Buffer } {
  const dir = join(scratch, `layout-${++n}`);
  const put = (data: Buffer) => {
    const d = digest(data, alg);
    mkdirSync(join(dir, 'blobs', alg), { recursive: true });
    const path = join(dir, 'blobs', alg, d.split(':')[1]!);
    writeFileSync(path, data);
    return { digest: d, path };
  };
  const layer = (mediaType: string, data: Buffer) => ({
    mediaType,
    digest: put(data).digest,
    size: data.length,
  });
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: layer('application/vnd.module.wasm.config.v1+json', CONFIG),
      layers: [
        layer('application/vnd.module.wasm.config.v1+json', CONFIG),
        layer('application/vnd.module.wasm.content.layer.v1+wasm', WASM),
      ],
    }),
  );
  const m = put(manifest);
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeIndex(dir, [
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: m.digest,
      size: manifest.length,
      annotations: { 'org.opencontainers.image.ref.name': 'v1' },
    },
  ]);
  return { dir, manifest };
}

function writeIndex(dir: string, manifests: unknown): void {
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
}

/** Stores `manifest` under its true sha256 and tags it `v1` alone; returns its path. */
function tagManifest(dir: string, manifest: Buffer): string {
  const d = digest(manifest);
  const path = join(dir, 'blobs', 'sha256', d.split(':')[1]!);
  writeFileSync(path, manifest);
  writeIndex(dir, [
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: d,
      size: manifest.length,
      annotations: { 'org.opencontainers.image.ref.name': 'v1' },
    },
  ]);
  return path;
}

const verify = (dir: string) => cli(['verify', '--oci-layout', `${dir}:v1`, '--json'], scratch);

/** Exit 2, one line naming `file` (and `value`), no stack trace, nothing on stdout. */
function expectInputError(
  run: { code: number; stdout: string; stderr: string },
  ...names: string[]
) {
  const context = `exit ${run.code}\n${run.stderr}`;
  expect({ code: run.code, context }).toEqual({ code: 2, context });
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.stdout).toBe('');
  for (const name of names) expect(run.stderr).toContain(name);
}

describe('a valid layout', () => {
  it('verifies (sha256)', async () => {
    const run = await verify(layout().dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).ok).toBe(true);
  });

  it('reads sha512 digests under blobs/sha512/, and says the gateway would refuse them', async () => {
    // The layout is read and its blobs checked; Istio's fetcher
    // (go-containerregistry's v1.NewHash) knows only sha256, so the verdict is no.
    const run = await verify(layout('sha512').dir);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(JSON.stringify(report)).toContain("unsupported hash 'sha512'");
  });
});

describe('digests are checked before a path is built from them', () => {
  const it = table.it('#12.7 digests in a local OCI layout');
  const entry = (d: string) => [
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: d,
      size: 2,
      annotations: { 'org.opencontainers.image.ref.name': 'v1' },
    },
  ];

  it('index.json naming sha256:../../outside never reads the file outside blobs/', async () => {
    const { dir, manifest } = layout();
    // a file outside the layout, reachable by a path escape from blobs/sha256/
    writeFileSync(join(scratch, 'outside.json'), manifest);
    writeIndex(dir, entry('sha256:../../../outside.json'));
    const run = await verify(dir);
    expectInputError(run, join(dir, 'index.json'), "'sha256:../../../outside.json'");
    expect(run.stderr).toMatch(/not a valid digest/);
  });

  it('sha256:../…/dev/zero ends at once with exit 2 (old code read the device forever)', async () => {
    const { dir } = layout();
    writeIndex(dir, entry(`sha256:${'../'.repeat(12)}dev/zero`));
    const run = await spawnCli(['verify', '--oci-layout', `${dir}:v1`], {
      cwd: scratch,
      killAfterMs: 20_000,
    });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a valid digest');
    expect(run.ms).toBeLessThan(15_000);
  }, 30_000);

  for (const [what, d] of [
    ['too short', 'sha256:abc123'],
    ['upper-case hex', `sha256:${'A'.repeat(64)}`],
    ['sha512 of sha256 length', `sha512:${'a'.repeat(64)}`],
    ['an algorithm we do not know', `md5:${'a'.repeat(32)}`],
    ['no algorithm', 'a'.repeat(64)],
  ] as const) {
    it(`a digest that is ${what} is exit 2 naming index.json`, async () => {
      const { dir } = layout();
      writeIndex(dir, entry(d));
      expectInputError(await verify(dir), join(dir, 'index.json'), d);
    });
  }

  it("a manifest's layer digest that escapes is exit 2 naming the manifest's file", async () => {
    const { dir } = layout();
    const m = {
      schemaVersion: 2,
      layers: [
        {
          mediaType: 'application/vnd.module.wasm.config.v1+json',
          digest: digest(CONFIG),
          size: 2,
        },
        {
          mediaType: 'application/vnd.module.wasm.content.layer.v1+wasm',
          digest: 'sha256:../../../../etc/passwd',
          size: 8,
        },
      ],
    };
    // stored under its true digest, so only the layer descriptor is wrong
    const path = tagManifest(dir, Buffer.from(JSON.stringify(m)));
    const run = await verify(dir);
    expectInputError(run, path, 'layers[1].digest');
  });
});

describe('malformed layout files are exit 2 naming the file', () => {
  const it = table.it('#12.13 malformed layout files');
  it('index.json that is not JSON', async () => {
    const { dir } = layout();
    writeFileSync(join(dir, 'index.json'), '{"schemaVersion": 2, "manifests": [');
    expectInputError(await verify(dir), join(dir, 'index.json'));
  });

  it('index.json whose manifests is not a list', async () => {
    const { dir } = layout();
    writeFileSync(join(dir, 'index.json'), '{"schemaVersion":2,"manifests":5}');
    expectInputError(await verify(dir), join(dir, 'index.json'), 'manifests');
  });

  it('index.json that is JSON but not an object', async () => {
    const { dir } = layout();
    writeFileSync(join(dir, 'index.json'), 'null');
    expectInputError(await verify(dir), join(dir, 'index.json'));
  });

  it('an index entry with a negative size', async () => {
    const { dir } = layout();
    writeIndex(dir, [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: digest(Buffer.from('x')),
        size: -1,
        annotations: { 'org.opencontainers.image.ref.name': 'v1' },
      },
    ]);
    expectInputError(await verify(dir), join(dir, 'index.json'), 'manifests[0].size');
  });

  it('no oci-layout file (as ORAS, we read only real layouts)', async () => {
    const { dir } = layout();
    rmSync(join(dir, 'oci-layout'));
    expectInputError(await verify(dir), join(dir, 'oci-layout'));
  });

  it('an oci-layout that is not JSON, or of another version', async () => {
    const a = layout();
    writeFileSync(join(a.dir, 'oci-layout'), 'imageLayoutVersion=1');
    expectInputError(await verify(a.dir), join(a.dir, 'oci-layout'));
    const b = layout();
    writeFileSync(join(b.dir, 'oci-layout'), '{"imageLayoutVersion":"2.0.0"}');
    expectInputError(await verify(b.dir), join(b.dir, 'oci-layout'), '2.0.0');
  });

  it('a manifest blob that is not JSON (stored under its true digest)', async () => {
    const { dir } = layout();
    const path = tagManifest(dir, Buffer.from('not a manifest'));
    expectInputError(await verify(dir), path);
  });

  it('a manifest whose layers is not a list', async () => {
    const { dir } = layout();
    const path = tagManifest(dir, Buffer.from('{"schemaVersion":2,"layers":{"0":1}}'));
    expectInputError(await verify(dir), path, 'layers');
  });

  it('push into a directory whose index.json is malformed is exit 2 and leaves it as it was', async () => {
    const { dir } = layout();
    writeFileSync(join(dir, 'index.json'), '[');
    const wasm = join(scratch, 'plugin.wasm');
    writeFileSync(wasm, WASM);
    const run = await cli(
      ['push', wasm, '--layout', 'oci', '--oci-layout', `${dir}:v2`, '--json'],
      scratch,
    );
    expectInputError(run, join(dir, 'index.json'));
  });
});
