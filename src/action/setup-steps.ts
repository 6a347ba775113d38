/**
 * The setup/ action's main and post steps, kept importable without side
 * effects (setup.ts and setup-post.ts wrap them as steps; tests call these directly).
 * Inputs -> src/toolchain ->
 * PATH, env and outputs; the post step saves to the run cache what missed.
 */
import * as core from '@actions/core';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../common/errors.js';
import { globMatcher } from '../repo/glob.js';
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
import {
  addGoBinToPath,
  runnerEnvFromRunner,
  toolchainRequestFromInputs,
} from './toolchain-inputs.js';

const STATE = 'wasm-plugin-ci-setup';

/**
 * setup-go's cache-dependency-path: files (globs, one per line, relative to
 * the workspace) whose content keys the Go module cache; go.sum files
 * usually. Empty: every go.sum under `go-sum-root` (the older name), else
 * under the workspace. A glob that matches nothing is an input error.
 */
export async function dependencyFilesFromInputs(
  workspace: string,
): Promise<{ files: string[]; root: string }> {
  const globs = core
    .getMultilineInput('cache-dependency-path')
    .map((g) => g.trim())
    .filter(Boolean);
  if (!globs.length) {
    const root = resolve(workspace, core.getInput('go-sum-root') || '.');
    return { files: await findGoSums(root), root };
  }
  const all = await findFiles(workspace);
  const files = new Set<string>();
  for (const glob of globs) {
    const match = globMatcher([glob]);
    const hits = all.filter((f) => match(relative(workspace, f).split(sep).join('/')));
    if (!hits.length)
      throw new InputError(
        `input cache-dependency-path: '${glob}' matches no file in the workspace`,
      );
    for (const h of hits) files.add(h);
  }
  return { files: [...files].sort(), root: workspace };
}

const SKIP = new Set(['.git', 'node_modules']);

async function findFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory() && !SKIP.has(e.name)) out.push(...(await findFiles(join(dir, e.name))));
    else if (e.isFile()) out.push(join(dir, e.name));
  }
  return out;
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
  await addGoBinToPath(go);
  if (go && env.runCache && flagInput('cache-go-modules', true)) {
    const { files, root } = await dependencyFilesFromInputs(workspacePath('.'));
    const dirs = await goCacheDirs(go);
    state.moduleCache = await restoreModuleCache(
      {
        goSumFiles: files,
        repoRoot: root,
        ...dirs,
        goVersion: go.version,
        os: env.os,
        arch: env.arch,
      },
      env.runCache,
      coreLog,
    );
    const hit = String(state.moduleCache.matchedKey === state.moduleCache.key);
    core.setOutput('cache-hit', hit); // setup-go's name
    core.setOutput('go-modules-cache-hit', hit);
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
