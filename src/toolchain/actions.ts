/**
 * GitHub Actions glue for the setup stage, kept importable without side
 * effects: the setup/ action's entry (src/action/setup.ts) and the full
 * action's main and post entries call these. Inputs -> src/toolchain ->
 * PATH, env and outputs; the post step saves to the run cache what missed.
 */
import * as core from '@actions/core';
import { isAbsolute, join, resolve } from 'node:path';
import { describeError } from '../common/errors.js';
import type { Log } from '../common/log.js';
import {
  actionsRunCache,
  findGoSums,
  goCacheDirs,
  hostPlatform,
  moduleCacheSave,
  restoreModuleCache,
  savePending,
  setupToolchains,
  toolEnvironment,
  userCacheDir,
  type ModuleCacheState,
  type PendingSave,
  type RunnerEnv,
  type ToolchainRequest,
} from './index.js';

const STATE = 'wasm-plugin-ci-setup';

/** Our Log on the runner's log: warnings become annotations, groups fold. */
export const coreLog: Log = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warn: (m, where) =>
    core.warning(
      m,
      where ? { file: where.file, startLine: where.line, startColumn: where.column } : {},
    ),
  error: (m, where) =>
    core.error(
      m,
      where ? { file: where.file, startLine: where.line, startColumn: where.column } : {},
    ),
  group: (name, fn) => core.group(name, fn),
};

function input(name: string): string | undefined {
  return core.getInput(name) || undefined;
}

/** A boolean input; absent (e.g. in an action.yml that does not declare it) means `fallback`. */
function flag(name: string, fallback: boolean): boolean {
  return input(name) === undefined ? fallback : core.getBooleanInput(name);
}

function workspacePath(p: string): string {
  return isAbsolute(p) ? p : resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), p);
}

export function requestFromInputs(): ToolchainRequest {
  const versionFile = input('go-version-file');
  return {
    go: input('go-version'),
    tinygo: input('tinygo-version'),
    oras: input('oras-version'),
    wasmOpt: input('wasm-opt-version'),
    goVersionFile: versionFile ? workspacePath(versionFile) : undefined,
    sha256: { tinygo: input('tinygo-sha256'), 'wasm-opt': input('wasm-opt-sha256') },
    allowUnverifiedDownloads: flag('allow-unverified-downloads', false),
    mirror: input('mirror'),
    baseUrls: {
      go: input('go-download-base-url'),
      tinygo: input('tinygo-download-base-url'),
      oras: input('oras-download-base-url'),
      'wasm-opt': input('binaryen-download-base-url'),
    },
  };
}

export function runnerEnvFromActions(useRunCache: boolean): RunnerEnv {
  const toolCacheDir = process.env.RUNNER_TOOL_CACHE || join(userCacheDir(), 'tools');
  const tempDir = process.env.RUNNER_TEMP || join(userCacheDir(), 'tmp');
  return {
    ...hostPlatform(),
    toolCacheDir,
    tempDir,
    runCache: useRunCache ? actionsRunCache(coreLog) : undefined,
  };
}

interface SavedState {
  pendingSaves: PendingSave[];
  moduleCache?: ModuleCacheState;
}

export async function setupMain(): Promise<void> {
  const request = requestFromInputs();
  const env = runnerEnvFromActions(flag('cache', true));
  const result = await core.group('Install toolchains', () =>
    setupToolchains(request, env, coreLog),
  );
  const environment = toolEnvironment(result);
  for (const dir of [...environment.path].reverse()) core.addPath(dir); // addPath prepends
  for (const [k, v] of Object.entries(environment.vars)) core.exportVariable(k, v);
  for (const [k, v] of Object.entries(environment.outputs)) core.setOutput(k, v);

  const state: SavedState = { pendingSaves: result.pendingSaves };
  const go = result.defaults.go;
  if (go && env.runCache && flag('cache-go-modules', true)) {
    const root = workspacePath(input('go-sum-root') ?? '.');
    const dirs = await goCacheDirs(go);
    state.moduleCache = await restoreModuleCache(
      {
        goSumFiles: await findGoSums(root),
        repoRoot: root,
        ...dirs,
        goVersion: go.version,
        os: env.os,
        arch: env.arch,
      },
      env.runCache,
      coreLog,
    );
    core.setOutput(
      'go-modules-cache-hit',
      String(state.moduleCache.matchedKey === state.moduleCache.key),
    );
  }
  core.saveState(STATE, JSON.stringify(state));
}

/** The post step: save what missed (tools and, when the key missed, the Go caches). */
export async function setupPost(): Promise<void> {
  const raw = core.getState(STATE);
  if (!raw) return; // main failed before deciding anything
  const state = JSON.parse(raw) as SavedState;
  const env = runnerEnvFromActions(true);
  const saves = [...state.pendingSaves];
  const modules = state.moduleCache && moduleCacheSave(state.moduleCache);
  if (modules) saves.push(modules);
  await savePending(saves, env, coreLog);
}

/** The setup/ action's whole life: main, then (same bundle, told apart by state) post. */
export async function runSetupAction(): Promise<void> {
  const isPost = core.getState('isPost') === 'true';
  try {
    if (!isPost) core.saveState('isPost', 'true');
    await (isPost ? setupPost() : setupMain());
  } catch (err) {
    if (isPost) core.warning(`post step: ${describeError(err)}`);
    else core.setFailed(describeError(err));
  }
}
