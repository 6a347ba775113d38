/**
 * `wasm-plugin-ci run`: the main job on a laptop — setup (when versions are
 * pinned), detect, build, smoke and publish, in order. Publishing goes into a
 * local OCI image layout by default (no registry needed), or to a registry
 * with --image.
 */
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../../common/errors.js';
import type { Builder } from '../../model.js';
import { DEFAULT_OUT_DIR } from '../../build/summary.js';
import { parseLayout } from '../../oci/layouts.js';
import { writeDeployManifests } from '../../deploy/emit.js';
import { checkMetadataInputs } from '../../oci/metadata.js';
import { checkTagInputs, parseFlavor, renderImageName } from '../../oci/tags.js';
import {
  exitCodeOfResult,
  layoutTarget,
  runPipeline,
  type PipelineOptions,
  type PublishPlan,
} from '../../pipeline.js';
import { artifactsOf, summaryMarkdown, summaryText } from '../../report.js';
import { findProfile, PROFILES, smokeCaps } from '../../smoke/index.js';
import { hostPlatform, userCacheDir } from '../../toolchain/index.js';
import { parseCommandArgs, printJson, type Command } from '../io.js';
import { sourceOf } from './detect.js';
import { credentialsFrom } from './push.js';
import { parseImageRef } from '../../oci/reference.js';
import { nodeHttpFetch } from '../../oci/http-transport.js';

export const DEFAULT_OCI_LAYOUT_DIR = '.wasm-plugin-ci/oci';

const HELP = `usage: wasm-plugin-ci run [--repo DIR] [--plugins GLOB]... [--exclude GLOB]... [--plugin NAME]
                          [--base REF] [--head REF] [--all]
                          [--go V] [--tinygo V] [--oras V] [--mirror URL]
                          [--out DIR] [--jobs N] [--builder go|tinygo] [--wasm-opt] [--go-test]
                          [--host PROFILE] [--timeout-ms N] [--no-smoke]
                          [--max-timeout-ms N] [--max-memory-limit-mb N]
                          [--oci-layout DIR | --image REGISTRY/NS/{{plugin}}] [--insecure]
                          [--layout higress|compat|oci] [--tags RULES] [--flavor FLAVOR]
                          [--label K=V]... [--annotation K=V]... [--event release|branch]
                          [--no-publish] [--no-sbom] [--emit-manifests DIR [--deploy-config]]
                          [--format text|markdown|json] [--json]

Runs setup, detect, build, smoke and publish in order, like the action.
Toolchains: with --go/--tinygo/--oras the pinned, verified versions are
installed (cached under the user's cache directory); without, the tools on
PATH are used.
Publishing: into the OCI image layout DIR/<plugin> (default:
<repo>/${DEFAULT_OCI_LAYOUT_DIR}), or to a registry with --image (credentials from
WPCI_REGISTRY_USERNAME / WPCI_REGISTRY_PASSWORD or docker's config.json).
Tags: docker/metadata-action rules (--tags, one per line, and --flavor; see
docs/action.md). A plugin with a version (release tag or VERSION file) is
published as a release, as if tagged v<version> (X.Y.Z, X.Y, X, latest);
otherwise as a build of the checked-out branch (branch name, sha-<short>).
--event release|branch overrides.
Deploy: with --image, --emit-manifests DIR writes DIR/<plugin>/{higress,istio,
envoy-gateway}.yaml, pinned by the pushed digest (--deploy-config: the smoke
pluginConfig as their configuration).
Smoke limits: --timeout-ms applies to every plugin; otherwise a plugin's own
smoke.yaml may set timeoutMs and memoryLimitMb up to --max-timeout-ms
(default 60000) and --max-memory-limit-mb (default 1024); more is an error.
Output: progress and a table of results on stderr; on stdout, nothing
(--format text, the default), the job-summary Markdown (--format markdown,
e.g. >> "$GITHUB_STEP_SUMMARY"), or one JSON document (--json, --format json)
with the artifacts and that Markdown as "summary".
`;

const FORMATS = ['text', 'markdown', 'json'] as const;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(`run: ${flag} must be a positive integer, not '${value}'`);
  return n;
}

function git(repo: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return undefined; // not a git checkout: no sha or branch tags
  }
}

const run: Command = async (args, io) => {
  const { values } = parseCommandArgs('run', args, {
    repo: { type: 'string' },
    plugins: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    plugin: { type: 'string' },
    base: { type: 'string' },
    head: { type: 'string' },
    all: { type: 'boolean' },
    go: { type: 'string' },
    tinygo: { type: 'string' },
    oras: { type: 'string' },
    mirror: { type: 'string' },
    'allow-unverified-downloads': { type: 'boolean' },
    out: { type: 'string' },
    jobs: { type: 'string' },
    builder: { type: 'string' },
    'wasm-opt': { type: 'boolean' },
    'go-test': { type: 'boolean' },
    host: { type: 'string' },
    'timeout-ms': { type: 'string' },
    'max-timeout-ms': { type: 'string' },
    'max-memory-limit-mb': { type: 'string' },
    'no-smoke': { type: 'boolean' },
    'oci-layout': { type: 'string' },
    image: { type: 'string' },
    insecure: { type: 'boolean' },
    layout: { type: 'string', default: 'higress' },
    tags: { type: 'string' },
    flavor: { type: 'string' },
    label: { type: 'string', multiple: true },
    annotation: { type: 'string', multiple: true },
    event: { type: 'string' },
    'no-publish': { type: 'boolean' },
    'no-sbom': { type: 'boolean' },
    'emit-manifests': { type: 'string' },
    'deploy-config': { type: 'boolean' },
    format: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const builder = values.builder;
  if (builder !== undefined && builder !== 'go' && builder !== 'tinygo')
    throw new InputError(`run: --builder must be 'go' or 'tinygo', not '${builder}'`);
  if (values.host !== undefined && !findProfile(values.host))
    throw new InputError(
      `run: unknown --host '${values.host}' (known: ${Object.keys(PROFILES).join(', ')})`,
    );
  if (values.image && values['oci-layout'])
    throw new InputError('run: give --image or --oci-layout, not both');
  const event = values.event;
  if (event !== undefined && event !== 'release' && event !== 'branch')
    throw new InputError(`run: --event must be 'release' or 'branch', not '${event}'`);
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (!FORMATS.includes(format as (typeof FORMATS)[number]))
    throw new InputError(`run: --format must be one of ${FORMATS.join(', ')}, not '${format}'`);
  if (values.json && values.format && values.format !== 'json')
    throw new InputError(`run: --json and --format ${values.format} disagree; give one`);
  const layout = parseLayout(values.layout!);
  const jobs = positiveInt(values.jobs, '--jobs');
  const timeoutMs = positiveInt(values['timeout-ms'], '--timeout-ms');

  const repo = resolve(io.cwd, values.repo ?? '.');
  const options: PipelineOptions = {
    repoDir: repo,
    detect: {
      plugins: values.plugins,
      exclude: values.exclude,
      builder: builder as Builder | undefined,
      source: sourceOf(values, io.env),
    },
    plugin: values.plugin,
    build: {
      outDir: values.out ? resolve(io.cwd, values.out) : resolve(repo, DEFAULT_OUT_DIR),
      jobs,
      wasmOpt: values['wasm-opt'],
      goTest: values['go-test'],
      goCache: io.env.GOCACHE,
    },
    smoke: {
      enabled: !values['no-smoke'],
      host: values.host,
      timeoutMs,
      caps: smokeCaps(
        {
          maxTimeoutMs: positiveInt(values['max-timeout-ms'], '--max-timeout-ms'),
          maxMemoryLimitMb: positiveInt(values['max-memory-limit-mb'], '--max-memory-limit-mb'),
        },
        { maxMemoryLimitMb: 'run: --max-memory-limit-mb' },
      ),
    },
  };

  if (values.go || values.tinygo || values.oras) {
    const root = userCacheDir(io.env);
    const runner = {
      ...hostPlatform(),
      toolCacheDir: join(root, 'tools'),
      tempDir: join(root, 'tmp'),
    };
    await mkdir(runner.toolCacheDir, { recursive: true });
    await mkdir(runner.tempDir, { recursive: true });
    options.setup = {
      request: {
        go: values.go,
        tinygo: values.tinygo,
        oras: values.oras,
        mirror: values.mirror,
        allowUnverifiedDownloads: values['allow-unverified-downloads'] ?? false,
      },
      runner,
    };
  }

  // Tag rules, flavor, labels and annotations are checked before anything is built.
  checkTagInputs(values.tags, values.flavor);
  const { labels, annotations } = checkMetadataInputs(
    (values.label ?? []).join('\n'),
    (values.annotation ?? []).join('\n'),
  );
  if (!values['no-publish']) {
    const sha = git(repo, ['rev-parse', 'HEAD']);
    const branch = git(repo, ['rev-parse', '--abbrev-ref', 'HEAD']);
    const committed = git(repo, ['log', '-1', '--format=%cI']);
    const defaultBranch = git(repo, ['symbolic-ref', '--short', 'refs/remotes/origin/HEAD']);
    const plan: PublishPlan = {
      layout,
      tagsTemplate: values.tags,
      flavor: parseFlavor(values.flavor ?? ''),
      sbom: !values['no-sbom'],
      deploy: values['emit-manifests'] ? { withConfig: values['deploy-config'] } : undefined,
      labels,
      annotations,
      tagContext: {
        eventName: 'push',
        ref: branch && branch !== 'HEAD' ? `refs/heads/${branch}` : '',
        sha,
        defaultBranch: defaultBranch?.replace(/^origin\//, ''),
        date: new Date(),
        commitDate: committed ? new Date(committed) : undefined,
      },
      metadata: { revision: sha, created: committed },
      target: layoutTarget(
        resolve(io.cwd, values['oci-layout'] ?? join(repo, DEFAULT_OCI_LAYOUT_DIR)),
      ),
    };
    if (values.image) {
      const template = values.image;
      renderImageName(template, 'check'); // a bad template fails before any build
      const credentials = credentialsFrom(io.env);
      plan.target = (plugin) => {
        const ref = parseImageRef(`${renderImageName(template, plugin.name)}:x`);
        return {
          kind: 'registry',
          registry: ref.registry,
          repository: ref.repository,
          credentials,
          insecure: values.insecure,
          env: io.env,
          fetch: nodeHttpFetch,
        };
      };
    }
    // Releases come from a version (release tag or VERSION file) unless --event says otherwise.
    if (event !== 'branch') plan.releaseWhenVersioned = true;
    if (event === 'release') plan.onlyReleases = true;
    options.publish = plan;
  }

  if (values['emit-manifests'] && !values.image)
    throw new InputError('run: --emit-manifests needs --image (manifests name a registry)');
  const result = await runPipeline(options, io.log);
  if (values['emit-manifests']) {
    const deploys = result.plugins
      .filter((r) => r.deploy && r.publish)
      .map((r) => ({ plugin: r.plugin.name, digest: r.publish!.digest, manifests: r.deploy! }));
    const written = writeDeployManifests(resolve(io.cwd, values['emit-manifests']), deploys);
    io.stderr(`deploy manifests: ${written.length} file(s) in ${values['emit-manifests']}\n`);
  }
  io.stderr(`\n${summaryText(result, { color: io.terminal?.color })}`);
  if (format === 'markdown') io.stdout(summaryMarkdown(result));
  if (format === 'json') {
    printJson(io, {
      ok: result.ok,
      artifacts: artifactsOf(result),
      summary: summaryMarkdown(result),
    });
  }
  return exitCodeOfResult(result);
};

export default run;
