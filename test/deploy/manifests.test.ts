/**
 * Issue #15 item 4: the CLI (in process, as test/dist runs the bundles) builds a real Go plugin,
 * pushes it to the real registry and writes its deploy manifests
 * (`run --emit-manifests`); the manifests name the digest `verify` reports,
 * and they pass the validation kube-apiserver runs on create (structural
 * schema, unknown fields, CEL rules) against Istio's WasmPlugin CRD (Go
 * module istio.io/api) and Envoy Gateway's EnvoyExtensionPolicy CRD (Go
 * module github.com/envoyproxy/gateway), with test/support/crd-validate.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { deployManifests, readPluginSpec } from '../../src/deploy/manifests.js';
import { deploySummary } from '../../src/deploy/emit.js';
import { cli as runCli } from '../support/cli.js';
import { cacheDir, fixturesDir, repoRoot } from '../support/paths.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';

const run = promisify(execFile);
const ISTIO_API = 'istio.io/api@v1.32.0';
const ENVOY_GATEWAY = 'github.com/envoyproxy/gateway@v1.9.1';
const VALIDATOR_SRC = join(repoRoot, 'test', 'support', 'crd-validate');
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' };

let registry: TestRegistry;
let work: string;
let validator: string;
let crds: string[];

/** The CRD files, from the Go module proxy (module zips only, nothing built). */
async function crdFiles(): Promise<string[]> {
  const { stdout } = await run('go', ['mod', 'download', '-json', ISTIO_API, ENVOY_GATEWAY], {
    cwd: VALIDATOR_SRC,
    env: goEnv,
    maxBuffer: 8 << 20,
  });
  const dirs = [...stdout.matchAll(/"Dir": "([^"]+)"/g)].map((m) => m[1]!);
  expect(dirs).toHaveLength(2);
  return [
    join(dirs[0]!, 'kubernetes', 'customresourcedefinitions.gen.yaml'),
    join(
      dirs[1]!,
      'charts/gateway-helm/charts/crds/crds/generated/gateway.envoyproxy.io_envoyextensionpolicies.yaml',
    ),
  ];
}

async function validate(files: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(validator, [
      ...crds.flatMap((c) => ['-crd', c]),
      ...files,
    ]);
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(args, work, goEnv);
}

const SMOKE_CONFIG = { allowed: ['a', 'b'], header: 'x-key', strict: true };

beforeAll(async () => {
  registry = await startRegistry('anonymous');
  work = mkdtempSync(join(tmpdir(), 'wpci-deploy-'));
  const plugin = join(work, 'repo', 'plugins', 'key-auth');
  mkdirSync(plugin, { recursive: true });
  for (const f of ['main.go', 'go.mod', 'go.sum'])
    cpSync(join(fixturesDir, 'plugins', 'healthy', f), join(plugin, f));
  writeFileSync(join(plugin, 'VERSION'), '1.0.0\n');
  writeFileSync(
    join(plugin, 'spec.yaml'),
    'apiVersion: 1.0.0\ninfo:\n  name: key-auth\nspec:\n  phase: AUTHN\n  priority: 310\n',
  );
  writeFileSync(join(plugin, 'smoke.yaml'), stringify({ pluginConfig: SMOKE_CONFIG }));
  validator = join(cacheDir, 'crd-validate');
  mkdirSync(cacheDir, { recursive: true });
  [crds] = await Promise.all([
    crdFiles(),
    run('go', ['build', '-o', validator, '.'], { cwd: VALIDATOR_SRC, env: goEnv }),
  ]);
}, 600_000);

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('deploy manifests from `run --emit-manifests`', () => {
  let digest: string;
  let files: Record<string, string>;

  it('pushes, verifies, and writes the three manifests pinned by the verified digest', async () => {
    const r = await cli([
      'run',
      '--repo',
      'repo',
      '--image',
      `${registry.host}/plugins/{{plugin}}`,
      '--emit-manifests',
      'out',
      '--deploy-config',
      '--json',
    ]);
    expect(r.stderr).toContain('deploy manifests: 3 file(s) in out');
    expect(r.code).toBe(0);
    const v = await cli(['verify', `${registry.host}/plugins/key-auth:1.0.0`, '--json']);
    expect(v.code).toBe(0);
    digest = (JSON.parse(v.stdout) as { digest: string }).digest;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const hex = digest.slice(7);
    files = Object.fromEntries(
      ['higress', 'istio', 'envoy-gateway'].map((g) => [
        g,
        join(work, 'out', 'key-auth', `${g}.yaml`),
      ]),
    );
    const higress = parse(readFileSync(files.higress!, 'utf8'));
    const istio = parse(readFileSync(files.istio!, 'utf8'));
    const eg = parse(readFileSync(files['envoy-gateway']!, 'utf8'));
    const pinned = `${registry.host}/plugins/key-auth@${digest}`;
    for (const wp of [higress, istio]) {
      expect(wp.spec).toMatchObject({
        url: `oci://${pinned}`,
        sha256: hex,
        imagePullPolicy: 'IfNotPresent',
        phase: 'AUTHN',
        priority: 310,
      });
    }
    expect(higress.metadata).toEqual({ name: 'key-auth', namespace: 'higress-system' });
    expect(higress.spec.defaultConfig).toEqual(SMOKE_CONFIG);
    expect(istio.spec.pluginConfig).toEqual(SMOKE_CONFIG);
    expect(eg.spec.wasm[0]).toEqual({
      name: 'key-auth',
      code: { type: 'Image', image: { url: pinned, sha256: hex } },
      config: SMOKE_CONFIG,
    });
    expect(eg.spec.targetRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'eg' },
    ]);
  }, 300_000);

  it("the Istio WasmPlugin and the EnvoyExtensionPolicy pass their CRDs' validation", async () => {
    const r = await validate([files.istio!, files['envoy-gateway']!]);
    expect(r.out).toContain('2 object(s) checked, 0 problem(s)');
    expect(r.code).toBe(0);
  }, 120_000);

  it("the Higress WasmPlugin's Istio fields pass Istio's CRD (Higress's adds defaultConfig)", async () => {
    // Higress's WasmPlugin is Istio's plus defaultConfig/defaultConfigDisable/matchRules
    // (alibaba/higress api/extensions/v1alpha1/wasmplugin.proto); its CRD is not on the module proxy.
    const higress = parse(readFileSync(files.higress!, 'utf8'));
    expect(Object.keys(higress.spec).sort()).toEqual(
      [
        'defaultConfig',
        'defaultConfigDisable',
        'imagePullPolicy',
        'phase',
        'priority',
        'sha256',
        'url',
      ].sort(),
    );
    const { defaultConfig, defaultConfigDisable, ...istioFields } = higress.spec;
    expect(defaultConfigDisable).toBe(false);
    const asIstio = join(work, 'higress-as-istio.yaml');
    writeFileSync(
      asIstio,
      stringify({
        ...higress,
        apiVersion: 'extensions.istio.io/v1alpha1',
        spec: { ...istioFields, pluginConfig: defaultConfig },
      }),
    );
    const r = await validate([asIstio]);
    expect(r.code).toBe(0);
  }, 120_000);

  it('the validator is not a rubber stamp: it names what the CRDs refuse', async () => {
    const bad = join(work, 'bad.yaml');
    const istio = parse(readFileSync(files.istio!, 'utf8'));
    const eg = parse(readFileSync(files['envoy-gateway']!, 'utf8'));
    istio.spec.phase = 'EARLY';
    istio.spec.bogus = 1;
    eg.spec.wasm[0].code = { type: 'HTTP', image: eg.spec.wasm[0].code.image };
    writeFileSync(bad, `${stringify(istio)}---\n${stringify(eg)}`);
    const r = await validate([bad]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('spec.phase: Unsupported value: "EARLY"');
    expect(r.out).toContain('spec.bogus: unknown field');
    expect(r.out).toContain('If type is HTTP, http field needs to be set');
  }, 120_000);
});

describe('deploy manifests, as data', () => {
  it('names a bad spec.yaml and a bad digest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-spec-'));
    try {
      writeFileSync(join(dir, 'spec.yaml'), 'spec:\n  phase: EARLY\n');
      await expect(readPluginSpec(dir)).rejects.toThrow(
        `${join(dir, 'spec.yaml')}: spec.phase 'EARLY'`,
      );
      writeFileSync(join(dir, 'spec.yaml'), 'spec:\n  priority: high\n');
      await expect(readPluginSpec(dir)).rejects.toThrow(
        "spec.priority 'high' is not a 32-bit integer",
      );
      await expect(
        deployManifests({ plugin: 'p', image: 'r/p', digest: 'sha256:xyz', pluginDir: dir }),
      ).rejects.toThrow("'sha256:xyz' is not a sha256 digest");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the summary block survives a configuration holding a code fence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-spec-'));
    try {
      const manifests = await deployManifests(
        {
          plugin: 'p',
          image: 'r/p',
          digest: `sha256:${'a'.repeat(64)}`,
          pluginDir: dir,
          smokeConfig: '{"note": "```\\n::error::x"}',
        },
        { withConfig: true },
      );
      const md = deploySummary([{ plugin: 'p', digest: `sha256:${'a'.repeat(64)}`, manifests }]);
      expect(md).toContain('<details><summary>Deploy p (sha256:aaaaaaaaaaaa…)</summary>');
      expect(md).toContain('````yaml');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the YAML we write', () => {
  it('reads back as the value it was written from (any JSON value)', async () => {
    const fc = (await import('fast-check')).default;
    const { toYaml } = await import('../../src/deploy/yaml-text.js');
    const key = fc.oneof(
      fc.string(),
      fc.constantFrom('true', 'no', '1', '-1', '.5', '~', 'null', 'a: b', '#x', '- x', ' x', 'x '),
    );
    const leaf = fc.oneof(
      fc.string(),
      key,
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), (v) => {
        expect(parse(toYaml(v))).toEqual(v);
      }),
      { numRuns: 2000 },
    );
  });
});
