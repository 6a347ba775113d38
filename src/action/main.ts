/**
 * The full action (action.yml): a thin adapter from inputs and the GitHub
 * event to runPipeline, and from its result to outputs, the job summary,
 * PATH/GOROOT for later steps, and the state the post step saves caches from.
 */
import * as core from '@actions/core';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../common/errors.js';
import type { Plugin } from '../model.js';
import { LAYOUTS } from '../oci/layouts.js';
import { parseImageRef } from '../oci/reference.js';
import { renderImageName, type TagContext } from '../oci/tags.js';
import {
  exitCodeOfResult,
  layoutTarget,
  runPipeline,
  type PipelineOptions,
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
import { POST_STATE } from './post-state.js';
import { runnerEnvFromRunner, toolchainRequestFromInputs } from './toolchain-inputs.js';

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

function tagContextFromEvent(payload: Json): Omit<TagContext, 'plugin' | 'version'> {
  const name = process.env.GITHUB_EVENT_NAME ?? '';
  const ref = process.env.GITHUB_REF ?? '';
  const sha = process.env.GITHUB_SHA;
  if (name.startsWith('pull_request')) {
    const pr = payload.pull_request as Json | undefined;
    const headSha = ((pr?.head as Json | undefined)?.sha as string | undefined) ?? sha;
    return {
      event: 'pull_request',
      sha: headSha,
      prNumber: Number(payload.number ?? pr?.number),
      pushPullRequests: flagInput('push-pull-requests'),
    };
  }
  if (ref.startsWith('refs/tags/')) return { event: 'release', sha };
  return { event: 'branch', sha, branch: process.env.GITHUB_REF_NAME };
}

function commitTime(repo: string): string | undefined {
  try {
    return execFileSync('git', ['-C', repo, 'log', '-1', '--format=%cI'], {
      encoding: 'utf8',
      stdio: 'pipe',
    }).trim();
  } catch {
    return undefined;
  }
}

/** Where artifacts go: a registry repository from `image`, or a local `oci-layout`. */
function publishPlan(repo: string, payload: Json): PublishPlan | undefined {
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
  const plan: PublishPlan = {
    layout: oneOfInput('layout', LAYOUTS) ?? 'higress',
    tagsTemplate: core.getInput('tags') || undefined,
    tagContext: tagContextFromEvent(payload),
    target: layoutTarget(resolve(repo, ociLayout || '.')),
    metadata: {
      source: process.env.GITHUB_REPOSITORY
        ? `${server}/${process.env.GITHUB_REPOSITORY}`
        : undefined,
      revision: process.env.GITHUB_SHA,
      created: commitTime(repo),
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
      };
    };
  }
  return plan;
}

function goEnv(name: string): string {
  return execFileSync('go', ['env', name], { encoding: 'utf8' }).trim();
}

async function main(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const repo = resolve(workspace, core.getInput('repo-dir') || '.');
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

  const options: PipelineOptions = {
    repoDir: repo,
    setup: {
      request: toolchainRequestFromInputs(workspace),
      runner,
      installed: (result) => {
        const environment = toolEnvironment(result);
        for (const dir of [...environment.path].reverse()) core.addPath(dir);
        for (const [k, v] of Object.entries(environment.vars)) core.exportVariable(k, v);
        for (const [k, v] of Object.entries(environment.outputs)) core.setOutput(k, v);
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
    publish: publishPlan(repo, payload),
  };

  try {
    const result = await runPipeline(options, log);
    const selected = options.plugin ? result.plugins.map((r) => r.plugin) : result.detect.selected;
    core.setOutput('matrix', JSON.stringify(result.detect.matrix));
    core.setOutput('plugins', JSON.stringify(selected.map(pluginSummary)));
    core.setOutput('any-changed', String(selected.length > 0));
    // A local layout's references name a directory: relative to the workspace,
    // so that a summary job on another machine reads the same thing.
    const artifacts = artifactsOf(result).map((a) => ({
      ...a,
      ...(a.references && {
        references: a.references.map((ref) =>
          isAbsolute(ref) ? relative(workspace, ref).split(sep).join('/') : ref,
        ),
      }),
    }));
    core.setOutput('artifacts', JSON.stringify(artifacts));
    await core.summary.addRaw(summaryMarkdown(result)).write();
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

await runEntry(main);
