/**
 * The toolchain inputs shared by the full action and setup/: versions,
 * checksums, mirrors, and the runner's tool cache and run cache.
 */
import * as core from '@actions/core';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { ToolInstall } from '../model.js';
import { InputError } from '../common/errors.js';
import type { Log } from '../common/log.js';
import { actionsRunCache, hostPlatform } from '../toolchain/index.js';
import type { RunnerEnv, ToolchainRequest, ToolName } from '../toolchain/index.js';
import { flagInput } from './common.js';

const run = promisify(execFile);

const BASE_URL_INPUTS: Record<ToolName, string> = {
  go: 'go-download-base-url',
  tinygo: 'tinygo-download-base-url',
  oras: 'oras-download-base-url',
  'wasm-opt': 'binaryen-download-base-url',
};

export function toolchainRequestFromInputs(workspace: string): ToolchainRequest {
  const opt = (name: string) => core.getInput(name) || undefined;
  const baseUrls: Partial<Record<ToolName, string>> = {};
  for (const [tool, input] of Object.entries(BASE_URL_INPUTS) as [ToolName, string][]) {
    const url = opt(input);
    if (url) baseUrls[tool] = url;
  }
  const versionFile = opt('go-version-file');
  return {
    go: opt('go-version'),
    tinygo: opt('tinygo-version'),
    oras: opt('oras-version'),
    wasmOpt: opt('wasm-opt-version'),
    goVersionFile: versionFile ? resolve(workspace, versionFile) : undefined,
    sha256: { tinygo: opt('tinygo-sha256'), 'wasm-opt': opt('wasm-opt-sha256') },
    allowUnverifiedDownloads: flagInput('allow-unverified-downloads'),
    mirror: opt('mirror'),
    baseUrls,
    // setup-go's default: a cached Go that satisfies a line or range is used as is.
    checkLatest: flagInput('check-latest', false),
  };
}

/** setup-go puts $(go env GOPATH)/bin on PATH (tools from `go install`); so do we. */
export async function addGoBinToPath(go: ToolInstall | undefined): Promise<void> {
  if (!go) return;
  const { stdout } = await run(join(go.binDir, 'go'), ['env', 'GOPATH'], {
    env: { ...process.env, GOROOT: go.dir, GOTOOLCHAIN: 'local' },
  });
  const gopath = stdout.trim().split(delimiter)[0];
  if (!gopath) return;
  const bin = join(gopath, 'bin');
  mkdirSync(bin, { recursive: true });
  core.addPath(bin);
}

/** The runner's tool cache and temp directory, and @actions/cache unless `cache: false`. */
export async function runnerEnvFromRunner(log: Log): Promise<RunnerEnv> {
  const toolCacheDir = process.env.RUNNER_TOOL_CACHE;
  const temp = process.env.RUNNER_TEMP;
  if (!toolCacheDir || !temp)
    throw new InputError('RUNNER_TOOL_CACHE and RUNNER_TEMP must be set (run this on a runner)');
  const tempDir = join(temp, 'wasm-plugin-ci');
  mkdirSync(tempDir, { recursive: true });
  return {
    ...hostPlatform(),
    toolCacheDir,
    tempDir,
    runCache: flagInput('cache', true) ? await actionsRunCache(log) : undefined,
  };
}
