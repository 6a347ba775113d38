/**
 * Issue #15 item 5 on the real registry: a Go plugin built by the machine's
 * Go is published, its SPDX SBOM attached as a referrer, and the REAL
 * `oras discover` finds it, through the referrers API and, behind a proxy
 * that hides that API (as registries without it answer), through the
 * referrers tag schema. The SBOM lists the module's Go dependencies with
 * the versions and go.sum hashes of the fixture's go.sum.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { attachSbom } from '../../src/oci/attach-sbom.js';
import { parseBuildInfoText, readGoBuildInfo } from '../../src/oci/go-buildinfo.js';
import { publishPlugin, type PublishOutcome } from '../../src/oci/publish.js';
import { referrersTag } from '../../src/oci/referrers.js';
import type { SpdxDocument } from '../../src/oci/sbom.js';
import { buildFixture } from '../support/go-fixtures.js';
import { oras } from '../support/oras.js';
import { fixturesDir } from '../support/paths.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';

const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  group: <T>(_: string, fn: () => Promise<T>) => fn(),
};

let registry: TestRegistry;
let wasmPath: string;
let proxy: Server;
let proxyHost: string;
let claiming: Server;
let claimingHost: string;
/** The subject the claiming proxy names in OCI-Subject (set by the test). */
let claimed: string | undefined;

/**
 * In front of the registry: `hide` answers as a registry without the
 * referrers API (no OCI-Subject, the endpoint a 404); `claim` adds the
 * OCI-Subject header a registry with the API sends.
 */
function referrersProxy(target: string, mode: 'hide' | 'claim'): Promise<Server> {
  const server = createServer((req, res) => {
    if (mode === 'hide' && /^\/v2\/.+\/referrers\//.test(req.url ?? '')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNSUPPORTED"}]}');
      return;
    }
    const [host, port] = target.split(':');
    const up = request(
      { host, port: Number(port), method: req.method, path: req.url, headers: req.headers },
      (r) => {
        const headers = { ...r.headers };
        delete headers['oci-subject'];
        const subject = (req.headers['x-test-subject'] as string | undefined) ?? claimed;
        if (
          mode === 'claim' &&
          req.method === 'PUT' &&
          subject &&
          /manifests\/sha256:/.test(req.url ?? '')
        )
          headers['oci-subject'] = subject;
        res.writeHead(r.statusCode ?? 502, headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

beforeAll(async () => {
  [registry, wasmPath] = await Promise.all([startRegistry('anonymous'), buildFixture('healthy')]);
  proxy = await referrersProxy(registry.host, 'hide');
  proxyHost = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  claiming = await referrersProxy(registry.host, 'claim');
  claimingHost = `127.0.0.1:${(claiming.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  proxy?.close();
  claiming?.close();
  await registry?.stop();
});

/** go.sum's h1 hashes of the fixture's modules (not the /go.mod lines). */
function goSumOf(plugin: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of readFileSync(join(fixturesDir, 'plugins', plugin, 'go.sum'), 'utf8').split(
    '\n',
  )) {
    const [path, version, sum] = line.split(' ');
    if (path && version && sum && !version.endsWith('/go.mod')) sums.set(`${path}@${version}`, sum);
  }
  return sums;
}

async function publishWithSbom(
  host: string,
  repo: string,
): Promise<PublishOutcome & { listedBy?: string }> {
  const wasm = readFileSync(wasmPath);
  const target = { kind: 'registry' as const, registry: host, repository: repo };
  const published = await publishPlugin(
    { plugin: 'healthy', wasm: wasmPath, layout: 'compat', tags: ['1.0.0'], target },
    quiet,
  );
  const sbom = await attachSbom(
    {
      plugin: 'healthy',
      target,
      published,
      wasm,
      wasmSha256: published.verification.wasmSha256!,
      version: '1.0.0',
      created: '2026-01-02T03:04:05Z',
    },
    quiet,
  );
  expect(sbom).toBeDefined();
  return { ...published, listedBy: sbom?.listedBy };
}

interface Discovered {
  referrers?: { digest: string; artifactType: string }[];
  manifests?: { digest: string; artifactType: string }[];
}

/** What `oras discover` lists for `ref` (auto, or one way), and its SPDX referrers. */
async function discover(
  ref: string,
  spec?: 'v1.1-referrers-tag',
): Promise<{ all: { digest: string; artifactType: string }[]; sbom: { digest: string }[] }> {
  const way = spec ? ['--distribution-spec', spec] : [];
  const found = JSON.parse(
    await oras(['discover', '--plain-http', ...way, '--format', 'json', ref]),
  ) as Discovered;
  const all = found.referrers ?? found.manifests ?? [];
  return { all, sbom: all.filter((r) => r.artifactType === 'application/spdx+json') };
}

async function sbomOf(ref: string, digest: string): Promise<SpdxDocument> {
  const manifest = JSON.parse(
    await oras([
      'manifest',
      'fetch',
      '--plain-http',
      `${ref.split(':').slice(0, -1).join(':')}@${digest}`,
    ]),
  ) as {
    layers: { digest: string; mediaType: string }[];
  };
  expect(manifest.layers[0]!.mediaType).toBe('application/spdx+json');
  const repo = ref.slice(0, ref.lastIndexOf(':'));
  return JSON.parse(
    await oras([
      'blob',
      'fetch',
      '--plain-http',
      '--output',
      '-',
      `${repo}@${manifest.layers[0]!.digest}`,
    ]),
  ) as SpdxDocument;
}

function expectGoDeps(doc: SpdxDocument): void {
  expect(doc.spdxVersion).toBe('SPDX-2.3');
  const sums = goSumOf('healthy');
  const gomod = readFileSync(join(fixturesDir, 'plugins', 'healthy', 'go.mod'), 'utf8');
  const required = [...gomod.matchAll(/^(?:require\s+|\t)(\S+) (v\S+)/gm)].map(
    (m) => `${m[1]}@${m[2]}`,
  );
  expect(required.length).toBeGreaterThan(0);
  const deps = doc.packages.filter(
    (p) => p.primaryPackagePurpose === 'LIBRARY' && p.name !== 'stdlib',
  );
  for (const want of required) {
    const [path, version] = want.split('@');
    const pkg = deps.find((p) => p.name === path);
    expect(pkg?.versionInfo).toBe(version);
    const h1 = sums.get(want)!;
    expect(pkg?.checksums?.[0]?.checksumValue).toBe(
      Buffer.from(h1.slice(3), 'base64').toString('hex'),
    );
    expect(pkg?.externalRefs?.[0]?.referenceLocator).toBe(`pkg:golang/${path}@${version}`);
  }
  const main = doc.packages.find((p) => p.SPDXID === 'SPDXRef-Package-plugin')!;
  expect(main.name).toBe('example.com/fixtures/healthy');
  const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
  expect(doc.packages.find((p) => p.name === 'stdlib')?.versionInfo).toBe(goVersion);
}

describe('SBOM referrer', () => {
  it('reads the build information go version -m prints for native binaries', () => {
    const info = readGoBuildInfo(readFileSync(wasmPath))!;
    expect(info.path).toBe('example.com/fixtures/healthy');
    expect(info.settings).toMatchObject({
      GOOS: 'wasip1',
      GOARCH: 'wasm',
      '-buildmode': 'c-shared',
    });
    expect(info.deps.map((d) => `${d.path}@${d.version}`)).toEqual(
      [...goSumOf('healthy').keys()].filter((k) =>
        info.deps.some((d) => k === `${d.path}@${d.version}`),
      ),
    );
    for (const d of info.deps) expect(d.sum).toBe(goSumOf('healthy').get(`${d.path}@${d.version}`));
    // Same text format as go version -m: a replaced module
    expect(
      parseBuildInfoText('path\ta\nmod\ta\t(devel)\t\ndep\tb\tv1.0.0\n=>\t../b\t(devel)\t\n')
        ?.deps[0],
    ).toEqual({
      path: 'b',
      version: 'v1.0.0',
      replace: { path: '../b', version: '(devel)' },
    });
    expect(readGoBuildInfo(Buffer.from('\0asm\x01\0\0\0'))).toBeUndefined();
  });

  it('on the real registry, oras discover finds it and it lists the Go dependencies', async () => {
    const published = await publishWithSbom(registry.host, 'plugins/healthy');
    // distribution 3.1 sends no OCI-Subject: the referrers tag schema is what it gets
    expect(published.listedBy).toBe('tag-schema');
    const ref = `${registry.host}/plugins/healthy:1.0.0`;
    const { sbom } = await discover(ref);
    expect(sbom).toHaveLength(1);
    expectGoDeps(await sbomOf(ref, sbom[0]!.digest));
  }, 120_000);

  it('a registry that answers OCI-Subject gets no tag schema index', async () => {
    const wasm = readFileSync(wasmPath);
    const target = { kind: 'registry' as const, registry: claimingHost, repository: 'plugins/api' };
    const published = await publishPlugin(
      { plugin: 'healthy', wasm: wasmPath, layout: 'compat', tags: ['1.0.0'], target },
      quiet,
    );
    claimed = published.digest;
    const sbom = await attachSbom(
      {
        plugin: 'healthy',
        target,
        published,
        wasm,
        wasmSha256: published.verification.wasmSha256!,
      },
      quiet,
    );
    claimed = undefined;
    expect(sbom?.listedBy).toBe('referrers-api');
    const tags = await oras(['repo', 'tags', '--plain-http', `${registry.host}/plugins/api`]);
    expect(tags.split('\n').filter(Boolean)).toEqual(['1.0.0']);
  }, 120_000);

  it('without a referrers API: the tag schema index, found by oras discover', async () => {
    const published = await publishWithSbom(proxyHost, 'plugins/healthy-tagschema');
    const tag = referrersTag(published.digest);
    expect(tag).toBe(published.digest.replace('sha256:', 'sha256-'));
    const ref = `${registry.host}/plugins/healthy-tagschema:1.0.0`;
    const { sbom } = await discover(ref, 'v1.1-referrers-tag');
    expect(sbom).toHaveLength(1);
    expectGoDeps(await sbomOf(ref, sbom[0]!.digest));
    // A second attach of the same SBOM does not list it twice.
    await publishWithSbom(proxyHost, 'plugins/healthy-tagschema');
    expect((await discover(ref, 'v1.1-referrers-tag')).all).toHaveLength(1);
  }, 120_000);

  it('a registry that refuses image-spec 1.1 gets the 1.0 form, still found by oras discover', async () => {
    const faults = await startFaultProxy(registry.url);
    try {
      faults.setFaults([{ action: 'reject-image-spec-1.1' }]);
      const published = await publishWithSbom(faults.host, 'plugins/healthy-v10');
      expect(published.manifestForm).toBe('1.0');
      const ref = `${registry.host}/plugins/healthy-v10:1.0.0`;
      const { sbom } = await discover(ref);
      expect(sbom).toHaveLength(1);
      const manifest = JSON.parse(
        await oras([
          'manifest',
          'fetch',
          '--plain-http',
          `${registry.host}/plugins/healthy-v10@${sbom[0]!.digest}`,
        ]),
      ) as { artifactType?: string; config: { mediaType: string }; subject: { digest: string } };
      expect(manifest.artifactType).toBeUndefined();
      expect(manifest.config.mediaType).toBe('application/spdx+json');
      expect(manifest.subject.digest).toBe(published.digest);
      expectGoDeps(await sbomOf(ref, sbom[0]!.digest));
    } finally {
      await faults.close();
    }
  }, 120_000);
});
