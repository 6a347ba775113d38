/**
 * The full action (action.yml): a thin adapter from inputs and the GitHub
 * event to runPipeline, and from its result to outputs, the job summary,
 * PATH/GOROOT for later steps, and the state the post step saves caches from.
 */
import * as core from '@actions/core';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../common/errors.js';
import type { Plugin } from '../model.js';
import { LAYOUTS } from '../oci/layouts.js';
import { parseImageRef } from '../oci/reference.js';
import { checkMetadataInputs } from '../oci/metadata.js';
import { checkTagInputs, parseFlavor, renderImageName, type TagContext } from '../oci/tags.js';
import { deploySummary, manifestsOutput, writeDeployManifests } from '../deploy/emit.js';
import { checkDeployOptions, PULL_POLICIES, type DeployOptions } from '../deploy/manifests.js';
import { runOutputs } from '../oci/publish-outputs.js';
import {
  exitCodeOfResult,
  layoutTarget,
  runPipeline,
  type PipelineOptions,
  type PluginReport,
  type PublishPlan,
} from '../pipeline.js';
import { pluginSummary } from '../repo/stage.js';
import { artifactsOf, summaryMarkdown } from '../report.js';
import { findProfile, PROFILES, smokeCaps } from '../smoke/index.js';
import {
  moduleCacheSave,
  restoreModuleCache,
  toolEnvironment,
  type ModuleCacheState,
  type PendingSave,
  type RunnerEnv,
} from '../toolchain/index.js';
import {
  actionLog,
  actionLogFor,
  changeSourceInput,
  flagInput,
  listInput,
  oneOfInput,
  positiveIntInput,
  runEntry,
} from './common.js';
import { nodeHttpFetch } from '../oci/http-transport.js';
import { POST_STATE } from './post-state.js';
import {
  addGoBinToPath,
  runnerEnvFromRunner,
  toolchainRequestFromInputs,
} from './toolchain-inputs.js';
import { goCommandEnv } from '../toolchain/go-env.js';

type Json = Record<string, unknown>;

function eventPayload(): Json {
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch (err) {
    throw new InputError(`GITHUB_EVENT_PATH ${file}: ${(err as Error).message}`);
  }
}

/** A pull request from a fork runs with the fork's code: it never gets to push. */
function isForkPullRequest(payload: Json): boolean {
  const pr = payload.pull_request as Json | undefined;
  const head = (pr?.head as Json | undefined)?.repo as Json | undefined;
  const base = (pr?.base as Json | undefined)?.repo as Json | undefined;
  if (!pr) return false;
  return head?.fork === true || (!!head && head.full_name !== base?.full_name);
}

/**
 * The GitHub context the tag rules read, as metadata-action reads it: a pull
 * request (pull_request_target too) is its merge ref, and its head commit is
 * the one built and named by type=sha.
 */
function tagContextFromEvent(
  payload: Json,
  committed: string | undefined,
): Omit<TagContext, 'plugin' | 'version'> {
  const eventName = process.env.GITHUB_EVENT_NAME ?? '';
  const pr = payload.pull_request as Json | undefined;
  const repository = payload.repository as Json | undefined;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const lengthEnv = process.env.DOCKER_METADATA_SHORT_SHA_LENGTH;
  if (lengthEnv !== undefined && !/^[1-9]\d*$/.test(lengthEnv))
    throw new InputError(`DOCKER_METADATA_SHORT_SHA_LENGTH: '${lengthEnv}' is not a number`);
  const ctx: Omit<TagContext, 'plugin' | 'version'> = {
    eventName,
    ref: process.env.GITHUB_REF ?? '',
    sha: process.env.GITHUB_SHA,
    defaultBranch: str(repository?.default_branch),
    baseRef: str(payload.base_ref)?.replace(/^refs\/heads\//, ''),
    date: new Date(),
    commitDate: committed ? new Date(committed) : undefined,
    shortShaLength: lengthEnv ? Number(lengthEnv) : undefined,
  };
  if (eventName.startsWith('pull_request')) {
    ctx.ref = `refs/pull/${String(payload.number ?? pr?.number ?? '')}/merge`;
    ctx.sha = str((pr?.head as Json | undefined)?.sha) ?? ctx.sha;
    ctx.baseRef = str((pr?.base as Json | undefined)?.ref);
    ctx.pushPullRequests = flagInput('push-pull-requests');
  }
  return ctx;
}

/**
 * The head commit's time (tags' {{date}}, the artifacts' created), asked of
 * git once and without waiting: main() starts it first and awaits it only
 * when the publish plan needs it. Undefined outside a repository.
 */
function commitTime(repo: string): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('git', ['-C', repo, 'log', '-1', '--format=%cI'], { encoding: 'utf8' }, (err, out) =>
      done(err ? undefined : out.trim()),
    );
  });
}

/** Where artifacts go: a registry repository from `image`, or a local `oci-layout`. */
function publishPlan(
  repo: string,
  payload: Json,
  committed: string | undefined,
): PublishPlan | undefined {
  // Checked whether or not anything is pushed: a bad rule fails before any build.
  const tagsTemplate = core.getInput('tags') || undefined;
  checkTagInputs(tagsTemplate, core.getInput('flavor'));
  const flavor = parseFlavor(core.getInput('flavor'));
  const { labels, annotations } = checkMetadataInputs(
    core.getInput('labels'),
    core.getInput('annotations'),
  );
  const deploy = deployOptionsFromInputs();
  const push = oneOfInput('push', ['auto', 'true', 'false'] as const) ?? 'auto';
  const image = core.getInput('image');
  const ociLayout = core.getInput('oci-layout');
  if (image && ociLayout) throw new InputError('inputs image and oci-layout: give one, not both');
  if (push === 'false' || (!image && !ociLayout)) {
    if (push === 'true') throw new InputError('input push: true needs image or oci-layout');
    return undefined;
  }
  if (isForkPullRequest(payload)) {
    actionLog.info('pull request from a fork: nothing is pushed');
    return undefined;
  }
  const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
  const tagContext = tagContextFromEvent(payload, committed);
  const plan: PublishPlan = {
    layout: oneOfInput('layout', LAYOUTS) ?? 'higress',
    tagsTemplate,
    flavor,
    labels,
    annotations,
    tagContext,
    sbom: flagInput('sbom', true),
    deploy,
    target: layoutTarget(resolve(repo, ociLayout || '.')),
    metadata: {
      source: process.env.GITHUB_REPOSITORY
        ? `${server}/${process.env.GITHUB_REPOSITORY}`
        : undefined,
      revision: process.env.GITHUB_SHA,
      created: committed,
      licenses: core.getInput('licenses') || undefined,
    },
  };
  if (image) {
    renderImageName(image, 'check'); // a bad template fails before any build
    const username = core.getInput('username');
    const password = core.getInput('password');
    if (password) core.setSecret(password);
    if (!!username !== !!password)
      throw new InputError('inputs username and password: give both or neither');
    const credentials = username ? { username, password } : undefined;
    const insecure = flagInput('insecure-registry');
    plan.target = (plugin: Plugin) => {
      const ref = parseImageRef(`${renderImageName(image, plugin.name)}:x`);
      return {
        kind: 'registry',
        registry: ref.registry,
        repository: ref.repository,
        credentials,
        insecure,
        // node:http, not fetch's undici: less CPU per request, and a run makes many.
        fetch: nodeHttpFetch,
      };
    };
  }
  return plan;
}

/** The deploy-* inputs (docs/action.md); checked before any build. */
function deployOptionsFromInputs(): DeployOptions | undefined {
  if (!flagInput('deploy-manifests', true)) return undefined;
  const ns = core.getInput('deploy-namespace') || undefined;
  const options: DeployOptions = {
    withConfig: flagInput('deploy-config'),
    imagePullPolicy: oneOfInput('deploy-pull-policy', PULL_POLICIES),
    imagePullSecret: core.getInput('deploy-pull-secret') || undefined,
    higressNamespace: ns,
    istioNamespace: ns,
    envoyGatewayNamespace: ns,
    envoyGatewayTarget: core.getInput('deploy-target') || undefined,
  };
  checkDeployOptions(options);
  return options;
}

/** The deploy manifests: an output, a collapsed section of the summary, files when asked. */
async function emitDeploy(reports: PluginReport[], workspace: string): Promise<void> {
  const deploys = reports
    .filter((r) => r.deploy && r.publish)
    .map((r) => ({ plugin: r.plugin.name, digest: r.publish!.digest, manifests: r.deploy! }));
  core.setOutput('manifests', JSON.stringify(manifestsOutput(deploys)));
  const dir = core.getInput('deploy-dir');
  if (dir && deploys.length) {
    const written = writeDeployManifests(resolve(workspace, dir), deploys);
    actionLog.info(`deploy manifests: ${written.length} file(s) under ${dir}`);
  }
  if (deploys.length) await core.summary.addRaw(deploySummary(deploys)).write();
}

/** metadata-action's and build-push-action's outputs, per plugin and for the run. */
function setPublishOutputs(
  reports: PluginReport[],
  plan: PublishPlan | undefined,
  portable: (ref: string) => string,
): void {
  const planned = (r: PluginReport) => {
    const t = plan?.target(r.plugin);
    return t && (t.kind === 'registry' ? `${t.registry}/${t.repository}` : portable(t.dir));
  };
  const out = runOutputs(reports, planned);
  for (const o of Object.values(out['by-plugin'])) {
    o.image = portable(o.image);
    o.tags = o.tags.map(portable);
    o.json.tags = o.tags;
    if (o.metadata) o.metadata['image.name'] = o.tags.join(',');
  }
  core.setOutput('tags', out.tags.split('\n').map(portable).join('\n'));
  core.setOutput('labels', out.labels);
  core.setOutput('annotations', out.annotations);
  core.setOutput('version', out.version);
  core.setOutput('image', portable(out.image));
  core.setOutput('digest', out.digest);
  core.setOutput('imageid', out.imageid);
  core.setOutput('metadata', out.metadata);
  core.setOutput('json', JSON.stringify({ ...out.json, tags: out.json.tags.map(portable) }));
  core.setOutput('by-plugin', JSON.stringify(out['by-plugin']));
}

function goEnv(name: string): string {
  return execFileSync('go', ['env', name], { encoding: 'utf8', env: goCommandEnv() }).trim();
}

async function main(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const repo = resolve(workspace, core.getInput('repo-dir') || '.');
  const committing = commitTime(repo);
  // Stages name files relative to the repository; annotations need them relative to the workspace.
  const log = actionLogFor(repo);
  const payload = eventPayload();
  const host = core.getInput('host') || undefined;
  if (host && !findProfile(host))
    throw new InputError(
      `input host: unknown profile '${host}' (known: ${Object.keys(PROFILES).join(', ')})`,
    );
  const builder = oneOfInput('builder', ['go', 'tinygo'] as const);
  const runner: RunnerEnv = await runnerEnvFromRunner(log);
  const pendingSaves: PendingSave[] = [];
  // Decided after the build: on a fresh runner GOMODCACHE and GOCACHE only exist once it ran.
  let moduleCache: ModuleCacheState | undefined;

  const committed = await committing;
  const options: PipelineOptions = {
    repoDir: repo,
    setup: {
      request: toolchainRequestFromInputs(workspace),
      runner,
      installed: async (result) => {
        const environment = toolEnvironment(result);
        for (const dir of [...environment.path].reverse()) core.addPath(dir);
        for (const [k, v] of Object.entries(environment.vars)) core.exportVariable(k, v);
        for (const [k, v] of Object.entries(environment.outputs)) core.setOutput(k, v);
        await addGoBinToPath(result.defaults.go);
        pendingSaves.push(...result.pendingSaves);
      },
    },
    detect: {
      plugins: listInput('plugins'),
      exclude: listInput('exclude'),
      builder,
      source: changeSourceInput(),
    },
    plugin: core.getInput('plugin') || undefined,
    build: {
      outDir: resolve(repo, core.getInput('out-dir') || '.wasm-plugin-ci/build'),
      jobs: positiveIntInput('jobs'),
      wasmOpt: flagInput('wasm-opt'),
      goTest: flagInput('go-test'),
    },
    beforeBuild: async (plugins) => {
      if (!runner.runCache || !plugins.length) return;
      const state = await restoreModuleCache(
        {
          goSumFiles: plugins.map((p) => join(p.dir, 'go.sum')),
          repoRoot: repo,
          gomodcache: goEnv('GOMODCACHE'),
          gocache: goEnv('GOCACHE'),
          // `go env GOVERSION` says go1.24.4; keys (like setup/'s) carry 1.24.4.
          goVersion: goEnv('GOVERSION').replace(/^go/, ''),
          os: runner.os,
          arch: runner.arch,
        },
        runner.runCache,
        log,
      );
      core.setOutput('cache-hit', String(state.matchedKey === state.key)); // setup-go's name
      core.setOutput('go-modules-cache-hit', String(state.matchedKey === state.key));
      moduleCache = state;
    },
    smoke: {
      enabled: flagInput('smoke', true),
      host,
      timeoutMs: positiveIntInput('smoke-timeout-ms'),
      caps: smokeCaps(
        {
          maxTimeoutMs: positiveIntInput('smoke-max-timeout-ms'),
          maxMemoryLimitMb: positiveIntInput('smoke-max-memory-limit-mb'),
        },
        { maxMemoryLimitMb: 'input smoke-max-memory-limit-mb' },
      ),
    },
    publish: publishPlan(repo, payload, committed),
  };

  try {
    const result = await runPipeline(options, log);
    const selected = options.plugin ? result.plugins.map((r) => r.plugin) : result.detect.selected;
    core.setOutput('matrix', JSON.stringify(result.detect.matrix));
    core.setOutput('plugins', JSON.stringify(selected.map(pluginSummary)));
    core.setOutput('any-changed', String(selected.length > 0));
    // A local layout's references name a directory: relative to the workspace,
    // so that a summary job on another machine reads the same thing.
    const portable = (ref: string) =>
      isAbsolute(ref) ? relative(workspace, ref).split(sep).join('/') : ref;
    const artifacts = artifactsOf(result).map((a) => ({
      ...a,
      ...(a.references && { references: a.references.map(portable) }),
    }));
    core.setOutput('artifacts', JSON.stringify(artifacts));
    setPublishOutputs(result.plugins, options.publish, portable);
    await core.summary.addRaw(summaryMarkdown(result)).write();
    await emitDeploy(result.plugins, workspace);
    if (!result.ok) {
      // Each failure already gave its one annotation: the step fails without another.
      const failed = result.plugins.filter((r) => r.failure);
      log.info(`failed: ${failed.map((r) => `${r.plugin.name} (${r.failure!.stage})`).join(', ')}`);
      process.exitCode = exitCodeOfResult(result);
    }
  } finally {
    // Even a failed run leaves its downloads for the post step to cache.
    const save = moduleCache && moduleCacheSave(moduleCache);
    if (save) pendingSaves.push(save);
    core.saveState(POST_STATE, JSON.stringify(pendingSaves));
  }
}

/** The step's work; a failure fails the step (entries/ call this, as @github/local-action does). */
export async function run(): Promise<void> {
  await runEntry(main);
}
