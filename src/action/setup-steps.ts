/**
 * The setup/ action's main and post steps, kept importable without side
 * effects (setup.ts and setup-post.ts wrap them as steps; tests call these directly).
 * Inputs -> src/toolchain ->
 * PATH, env and outputs; the post step saves to the run cache what missed.
 */
import * as core from '@actions/core';
import { isAbsolute, resolve } from 'node:path';
import {
  findGoSums,
  goCacheDirs,
  moduleCacheSave,
  restoreModuleCache,
  savePending,
  setupToolchains,
  toolEnvironment,
  type ModuleCacheState,
  type PendingSave,
} from '../toolchain/index.js';
import { actionLog as coreLog, flagInput } from './common.js';
import { runnerEnvFromRunner, toolchainRequestFromInputs } from './toolchain-inputs.js';

const STATE = 'wasm-plugin-ci-setup';

function input(name: string): string | undefined {
  return core.getInput(name) || undefined;
}

function workspacePath(p: string): string {
  return isAbsolute(p) ? p : resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), p);
}

interface SavedState {
  pendingSaves: PendingSave[];
  moduleCache?: ModuleCacheState;
}

export async function setupMain(): Promise<void> {
  const request = toolchainRequestFromInputs(process.env.GITHUB_WORKSPACE ?? process.cwd());
  const env = await runnerEnvFromRunner(coreLog);
  const result = await core.group('Install toolchains', () =>
    setupToolchains(request, env, coreLog),
  );
  const environment = toolEnvironment(result);
  for (const dir of [...environment.path].reverse()) core.addPath(dir); // addPath prepends
  for (const [k, v] of Object.entries(environment.vars)) core.exportVariable(k, v);
  for (const [k, v] of Object.entries(environment.outputs)) core.setOutput(k, v);

  const state: SavedState = { pendingSaves: result.pendingSaves };
  const go = result.defaults.go;
  if (go && env.runCache && flagInput('cache-go-modules', true)) {
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
  const env = await runnerEnvFromRunner(coreLog);
  const saves = [...state.pendingSaves];
  const modules = state.moduleCache && moduleCacheSave(state.moduleCache);
  if (modules) saves.push(modules);
  await savePending(saves, env, coreLog);
}
