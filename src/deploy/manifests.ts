/**
 * The Kubernetes objects that deploy a published plugin, pinned by digest:
 * - Higress's WasmPlugin (extensions.higress.io/v1alpha1, `defaultConfig`);
 * - Istio's WasmPlugin (extensions.istio.io/v1alpha1, `pluginConfig`);
 * - Envoy Gateway's EnvoyExtensionPolicy (gateway.envoyproxy.io/v1alpha1).
 *
 * Pinning: Istio's fetcher (pkg/wasm) compares `sha256` with the digest of
 * the image manifest it pulled (ImageFetcher.PrepareFetch: img.Digest().Hex),
 * and a `@sha256:` URL must agree with it; Envoy Gateway's `image.sha256` is
 * likewise "the digest of the OCI image". So the URL names the manifest
 * digest that publish verified, and `sha256` is its hex.
 *
 * Phase and priority come from the plugin's spec.yaml (Higress's plugin
 * metadata: `spec.phase`, `spec.priority`) when present; the plugin's smoke
 * configuration becomes the plugin's configuration only when asked.
 */
import { join } from 'node:path';
import { InputError } from '../common/errors.js';
import { FILE_LIMITS, inPlugin, readContainedIfPresent } from '../common/files.js';
import { toYaml } from './yaml-text.js';

export const PHASES = ['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS'] as const;
export const PULL_POLICIES = ['UNSPECIFIED_POLICY', 'IfNotPresent', 'Always'] as const;
export type PullPolicy = (typeof PULL_POLICIES)[number];

export interface DeployOptions {
  /** Istio/Higress imagePullPolicy (default IfNotPresent). */
  imagePullPolicy?: PullPolicy;
  /** A docker-registry Secret in the plugin's namespace, for private registries. */
  imagePullSecret?: string;
  /** Namespaces; Higress's default is higress-system, the others none (kubectl's current). */
  higressNamespace?: string;
  istioNamespace?: string;
  envoyGatewayNamespace?: string;
  /** What the EnvoyExtensionPolicy attaches to: `Kind/name` (default Gateway/eg). */
  envoyGatewayTarget?: string;
  /** Put the plugin's smoke configuration in as its configuration. */
  withConfig?: boolean;
}

export interface DeployInput {
  plugin: string;
  /** registry/repository, as pushed. */
  image: string;
  /** The manifest digest publish verified (sha256:...). */
  digest: string;
  pluginDir: string;
  /** The smoke test's plugin configuration (bytes of JSON or YAML), when it has one. */
  smokeConfig?: Uint8Array | string;
}

export interface DeployManifest {
  /** Where it goes under an output directory: <plugin>/<gateway>.yaml. */
  file: string;
  gateway: 'higress' | 'istio' | 'envoy-gateway';
  object: Record<string, unknown>;
  yaml: string;
}

interface PluginSpec {
  phase?: (typeof PHASES)[number];
  priority?: number;
}

/** yaml loads on first use: most runs never write a manifest (bundle start-up, README). */
const yaml = () => import('yaml');

/** spec.yaml's phase and priority; a bad value is an input error naming the file. */
export async function readPluginSpec(pluginDir: string): Promise<PluginSpec> {
  const file = join(pluginDir, 'spec.yaml');
  // Under the file rule (src/common/files.ts): a spec.yaml linked out of the
  // plugin directory, or not a regular file, is refused naming it.
  const text = readContainedIfPresent(file, inPlugin(pluginDir, file, FILE_LIMITS.document));
  if (!text) return {};
  const { parse } = await yaml();
  let doc: unknown;
  try {
    doc = parse(text.toString('utf8'));
  } catch (err) {
    throw new InputError(`${file}: not YAML: ${(err as Error).message}`);
  }
  const root = (doc && typeof doc === 'object' ? doc : {}) as Record<string, unknown>;
  const spec = (root.spec && typeof root.spec === 'object' ? root.spec : root) as Record<
    string,
    unknown
  >;
  const out: PluginSpec = {};
  if (spec.phase !== undefined) {
    if (!PHASES.includes(spec.phase as PluginSpec['phase'] & string))
      throw new InputError(
        `${file}: spec.phase '${String(spec.phase)}' is not one of ${PHASES.join(', ')}`,
      );
    out.phase = spec.phase as PluginSpec['phase'];
  }
  if (spec.priority !== undefined) {
    const n = Number(spec.priority);
    if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31)
      throw new InputError(
        `${file}: spec.priority '${String(spec.priority)}' is not a 32-bit integer`,
      );
    out.priority = n;
  }
  return out;
}

async function parseJsonOrYaml(text: string): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch {
    return (await yaml()).parse(text);
  }
}

/** A smoke configuration as the object a WasmPlugin carries, or undefined when empty. */
async function configObject(
  config: Uint8Array | string | undefined,
  plugin: string,
): Promise<Record<string, unknown> | undefined> {
  if (config === undefined) return undefined;
  const text = typeof config === 'string' ? config : Buffer.from(config).toString('utf8');
  if (!text.trim()) return undefined;
  let value: unknown;
  try {
    // smoke.yaml's pluginConfig arrives as JSON; a file's own text may be YAML.
    value = await parseJsonOrYaml(text);
  } catch (err) {
    throw new InputError(
      `${plugin}: the smoke pluginConfig is not JSON or YAML: ${(err as Error).message}`,
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InputError(
      `${plugin}: the smoke pluginConfig is not an object; a WasmPlugin needs one`,
    );
  return value as Record<string, unknown>;
}

/** A plugin name as a Kubernetes object name (DNS-1123: no '_'). */
export function objectName(plugin: string): string {
  return plugin
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 253);
}

function metadata(name: string, namespace?: string): Record<string, unknown> {
  return namespace ? { name, namespace } : { name };
}

export function parseTargetRef(text: string): { group: string; kind: string; name: string } {
  const m =
    /^(Gateway|HTTPRoute|GRPCRoute|UDPRoute|TCPRoute|TLSRoute)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(
      text,
    );
  if (!m)
    throw new InputError(
      `envoy-gateway target '${text}' is not Kind/name (Gateway/eg, HTTPRoute/backend, ...)`,
    );
  return { group: 'gateway.networking.k8s.io', kind: m[1]!, name: m[2]! };
}

/** Checks the options before any build. */
export function checkDeployOptions(options: DeployOptions): void {
  if (options.imagePullPolicy && !PULL_POLICIES.includes(options.imagePullPolicy))
    throw new InputError(
      `image pull policy '${options.imagePullPolicy}' is not one of ${PULL_POLICIES.join(', ')}`,
    );
  parseTargetRef(options.envoyGatewayTarget ?? 'Gateway/eg');
  for (const [what, ns] of [
    ['higress namespace', options.higressNamespace],
    ['istio namespace', options.istioNamespace],
    ['envoy-gateway namespace', options.envoyGatewayNamespace],
    ['image pull secret', options.imagePullSecret],
  ] as const)
    if (ns !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns))
      throw new InputError(`${what} '${ns}' is not a Kubernetes name`);
}

export async function deployManifests(
  input: DeployInput,
  options: DeployOptions = {},
): Promise<DeployManifest[]> {
  if (!/^sha256:[0-9a-f]{64}$/.test(input.digest))
    throw new InputError(`${input.plugin}: '${input.digest}' is not a sha256 digest`);
  const hex = input.digest.slice('sha256:'.length);
  const pinned = `${input.image}@${input.digest}`;
  const name = objectName(input.plugin);
  const spec = await readPluginSpec(input.pluginDir);
  const config = options.withConfig
    ? await configObject(input.smokeConfig, input.plugin)
    : undefined;
  const pull = options.imagePullPolicy ?? 'IfNotPresent';

  const wasmPluginSpec = (configKey: 'defaultConfig' | 'pluginConfig') => {
    const s: Record<string, unknown> = {
      url: `oci://${pinned}`,
      sha256: hex,
      imagePullPolicy: pull,
    };
    if (options.imagePullSecret) s.imagePullSecret = options.imagePullSecret;
    if (spec.phase) s.phase = spec.phase;
    if (spec.priority !== undefined) s.priority = spec.priority;
    if (config) s[configKey] = config;
    return s;
  };
  const higress = {
    apiVersion: 'extensions.higress.io/v1alpha1',
    kind: 'WasmPlugin',
    metadata: metadata(name, options.higressNamespace ?? 'higress-system'),
    spec: {
      ...wasmPluginSpec('defaultConfig'),
      ...(config ? { defaultConfigDisable: false } : {}),
    },
  };
  const istio = {
    apiVersion: 'extensions.istio.io/v1alpha1',
    kind: 'WasmPlugin',
    metadata: metadata(name, options.istioNamespace),
    spec: wasmPluginSpec('pluginConfig'),
  };
  const wasm: Record<string, unknown> = {
    name,
    code: { type: 'Image', image: { url: pinned, sha256: hex } },
  };
  if (config) wasm.config = config;
  const envoyGateway = {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'EnvoyExtensionPolicy',
    metadata: metadata(name, options.envoyGatewayNamespace),
    spec: {
      targetRefs: [parseTargetRef(options.envoyGatewayTarget ?? 'Gateway/eg')],
      wasm: [wasm],
    },
  };
  const out = (gateway: DeployManifest['gateway'], object: Record<string, unknown>) => ({
    file: `${input.plugin}/${gateway}.yaml`,
    gateway,
    object,
    yaml: toYaml(object),
  });
  return [out('higress', higress), out('istio', istio), out('envoy-gateway', envoyGateway)];
}
