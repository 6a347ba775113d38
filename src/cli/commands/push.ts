/**
 * `wasm-plugin-ci push PLUGIN_DIR|FILE.wasm --ref REGISTRY/REPO:TAG[,TAG...]
 *  [--layout higress|compat|oci] [--oci-layout DIR[:TAG,...]] [--json]`
 * Credentials come from WPCI_REGISTRY_USERNAME / WPCI_REGISTRY_PASSWORD (or
 * the password on stdin) or docker's config.json, never from the command line.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../../common/errors.js';
import {
  checkContained,
  checkLayoutDir,
  checkoutRoot,
  FILE_LIMITS,
  inPlugin,
  readContainedIfPresent,
} from '../../common/files.js';
import { sha256Hex } from '../../oci/digest.js';
import { credentialsFor, credentialsFrom } from '../../oci/env-credentials.js';
import { packWasm, parseLayout, type PackedWasm } from '../../oci/layouts.js';
import type { PublishOutcome } from '../../oci/publish.js';
import { readModule } from '../../oci/read-module.js';
import { parseImageRef, isValidTag } from '../../oci/reference.js';
import type { Layout } from '../../model.js';
import { parseCommandArgs, printJson, type Command } from '../io.js';

const HELP = `usage: wasm-plugin-ci push PLUGIN_DIR|FILE.wasm --ref REGISTRY/REPO:TAG[,TAG...]
                          [--layout higress|compat|oci] [--oci-layout DIR[:TAG,...]]
                          [--image-spec auto|1.1|1.0] [--insecure] [--password-stdin]
                          [--mount-from REPO] [--version V] [--source URL] [--revision SHA]
                          [--created RFC3339] [--json]
Credentials: WPCI_REGISTRY_USERNAME with WPCI_REGISTRY_PASSWORD (or --password-stdin),
else docker's config.json. Never on the command line.
`;

/** The module and the directory its docs (README, spec.yaml, icon.png) live in. */
function locate(target: string, cwd: string): { wasm: string; dir: string; name: string } {
  const path = resolve(cwd, target);
  if (!existsSync(path)) throw new InputError(`push: '${target}' does not exist`);
  if (statSync(path).isDirectory()) {
    const wasm = ['plugin.wasm', 'main.wasm'].map((f) => join(path, f)).find(existsSync);
    if (!wasm)
      throw new InputError(
        `push: no plugin.wasm in '${target}' (build it first, or pass FILE.wasm)`,
      );
    // Found in the directory, not named by the user: the file rule applies.
    checkContained(wasm, inPlugin(path, join(target, basename(wasm)), FILE_LIMITS.wasm));
    return { wasm, dir: path, name: basename(path) };
  }
  if (!path.endsWith('.wasm'))
    throw new InputError(`push: '${target}' is neither a plugin directory nor a .wasm file`);
  const dir = dirname(path);
  const file = basename(path, '.wasm');
  return { wasm: path, dir, name: file === 'plugin' || file === 'main' ? basename(dir) : file };
}

// Kept here too: the run command imports it from this module.
export { credentialsFrom };

/**
 * The module read (synchronously: it is a millisecond from the page cache),
 * then hashed and, for the layouts that carry plugin.tar.gz, packed. Started
 * before the publish code loads: the gzip runs on libuv's thread pool while
 * the main thread hashes the module and compiles the registry client and the
 * gateway rules. A push is one short process, so this overlap is a real share of it.
 */
function startPacking(plugin: string, wasmPath: string, layout: Layout): Promise<PackedWasm> {
  const wasm = readModule(plugin, wasmPath);
  const packing =
    layout === 'oci' ? Promise.resolve({ wasm, sha256: sha256Hex(wasm) }) : packWasm(wasm);
  // Awaited below; until then a failure must not count as unhandled.
  packing.catch(() => undefined);
  return packing;
}

/** A repository on the same registry to cross-mount blobs from. */
function mountFrom(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[a-z0-9]+(?:[._/-][a-z0-9]+|__[a-z0-9]+)*$/.test(value)) {
    throw new InputError(`push: --mount-from '${value}' is not a repository name`);
  }
  return value;
}

const push: Command = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    'push',
    args,
    {
      ref: { type: 'string' },
      layout: { type: 'string', default: 'higress' },
      'oci-layout': { type: 'string' },
      'image-spec': { type: 'string', default: 'auto' },
      insecure: { type: 'boolean', default: false },
      'password-stdin': { type: 'boolean', default: false },
      'mount-from': { type: 'string' },
      version: { type: 'string' },
      source: { type: 'string' },
      revision: { type: 'string' },
      created: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new InputError(`push: expected one PLUGIN_DIR or FILE.wasm\n${HELP}`);
  const layout = parseLayout(values.layout!);
  const imageSpec = values['image-spec']!;
  if (!['auto', '1.1', '1.0'].includes(imageSpec))
    throw new InputError(`push: --image-spec '${imageSpec}' is not auto, 1.1 or 1.0`);
  if (!values.ref && !values['oci-layout'])
    throw new InputError('push: give --ref REGISTRY/REPO:TAG or --oci-layout DIR:TAG');
  if (values.created && Number.isNaN(Date.parse(values.created)))
    throw new InputError(`push: --created '${values.created}' is not a date`);
  const found = locate(positionals[0]!, io.cwd);
  const packing = startPacking(found.name, found.wasm, layout);
  // The publish code (registry client, gateway rules) loads while the module is packed.
  const publishing = Promise.all([
    import('../../oci/publish.js'),
    import('../../oci/http-transport.js'),
  ]);
  publishing.catch(() => undefined);
  const versionFile = join(found.dir, 'VERSION');
  const version =
    values.version ??
    readContainedIfPresent(versionFile, inPlugin(found.dir, versionFile, FILE_LIMITS.version))
      ?.toString('utf8')
      .trim();
  const ref = values.ref ? parseImageRef(values.ref, { multipleTags: true }) : undefined;
  if (ref && !ref.tags.length)
    throw new InputError(`push: --ref '${values.ref}' needs at least one tag`);
  const [{ publishPlugin }, { nodeHttpFetch }] = await publishing;
  const common = {
    plugin: found.name,
    wasm: found.wasm,
    packed: await packing,
    pluginDir: found.dir,
    layout,
    version,
    imageSpec: imageSpec as 'auto' | '1.1' | '1.0',
    metadata: {
      version,
      source: values.source,
      revision: values.revision,
      created: values.created,
      title: found.name,
    },
  };

  const results: PublishOutcome[] = [];
  if (ref) {
    results.push(
      await publishPlugin(
        {
          ...common,
          tags: ref.tags,
          target: {
            kind: 'registry',
            registry: ref.registry,
            repository: ref.repository,
            credentials: await credentialsFor(io.env, values['password-stdin']!),
            insecure: values.insecure,
            mountFrom: mountFrom(values['mount-from']),
            env: io.env,
            // Node's fetch costs ~0.17 s of CPU to load, more than a whole oras push.
            fetch: nodeHttpFetch,
          },
        },
        io.log,
      ),
    );
  }
  if (values['oci-layout']) {
    const spec = values['oci-layout'];
    const colon = spec.lastIndexOf(':');
    const dir = resolve(io.cwd, colon > 0 ? spec.slice(0, colon) : spec);
    const tags = colon > 0 ? spec.slice(colon + 1).split(',') : (ref?.tags ?? []);
    if (!tags.length)
      throw new InputError(`push: --oci-layout '${spec}' needs tags: DIR:TAG[,TAG...]`);
    for (const t of tags)
      if (!isValidTag(t)) throw new InputError(`push: '${t}' is not a valid tag`);
    checkLayoutDir(dir, [checkoutRoot(found.dir) ?? found.dir], '--oci-layout');
    results.push(await publishPlugin({ ...common, tags, target: { kind: 'layout', dir } }, io.log));
  }
  if (values.json) printJson(io, results.length === 1 ? results[0] : results);
  return 0;
};
export default push;
