/**
 * The setup/ action's glue as the runner drives it: INPUT_* variables and
 * file commands (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE), main
 * then post with the saved state, with the run cache served by the double.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { setupMain, setupPost } from '../../src/action/setup-steps.js';
import { startCacheService, type CacheService } from '../support/cache-service.js';
import { startMirror, type Mirror } from '../support/mirror.js';
import { repoRoot } from '../support/paths.js';
import { captureStdout, scratch, withEnv } from './helpers.js';

/** name=value lines and name<<DELIM heredocs, as @actions/core writes them. */
function fileCommands(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const end = lines.indexOf(m[2]!, i + 1);
    out[m[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return out;
}

describe('setup action', () => {
  let mirror: Mirror;
  let service: CacheService;
  const tmp = scratch();
  beforeAll(async () => {
    [mirror, service] = await Promise.all([startMirror({ go: 'trimmed' }), startCacheService()]);
  }, 240_000);
  afterAll(async () => {
    await Promise.all([mirror.close(), service.close()]);
    tmp.cleanup();
  });

  it('declares every input it reads and every output it sets', () => {
    const action = parse(readFileSync(join(repoRoot, 'setup', 'action.yml'), 'utf8'));
    expect(action.runs).toEqual({
      using: 'node24',
      main: '../dist/setup/index.js',
      post: '../dist/setup-post/index.js',
    });
    const src = ['setup-steps.ts', 'toolchain-inputs.ts']
      .map((f) => readFileSync(join(repoRoot, 'src', 'action', f), 'utf8'))
      .join('\n');
    const read = [
      ...src.matchAll(/(?:input|flagInput|opt)\('([a-z0-9-]+)'/g),
      ...src.matchAll(/'([a-z]+-download-base-url)'/g),
    ].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(12);
    for (const name of read) expect(Object.keys(action.inputs)).toContain(name);
    for (const spec of Object.values(action.inputs))
      expect((spec as { description: string }).description).toBeTruthy();
    for (const tool of ['go', 'tinygo', 'oras', 'wasm-opt']) {
      for (const o of ['version', 'path', 'cache-hit'])
        expect(action.outputs[`${tool}-${o}`].description).toBeTruthy();
    }
  });

  it('main sets PATH, GOROOT, GOTOOLCHAIN and outputs; post saves what missed', async () => {
    const files = Object.fromEntries(
      ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE'].map((k) => [
        k,
        join(tmp.dir, k.toLowerCase()),
      ]),
    );
    for (const f of Object.values(files)) writeFileSync(f, '');
    const workspace = join(tmp.dir, 'ws');
    mkdirSync(join(workspace, 'plugins', 'a'), { recursive: true });
    writeFileSync(join(workspace, 'plugins', 'a', 'go.sum'), 'example.com/x v1.0.0 h1:abc=\n');
    writeFileSync(
      join(workspace, 'go.mod'),
      `module x\n\ngo 1.21\n\ntoolchain go${mirror.goVersion}\n`,
    );
    const runnerTemp = join(tmp.dir, 'runner-temp');
    mkdirSync(runnerTemp, { recursive: true });
    const env = {
      ...files,
      ...service.env(runnerTemp),
      GITHUB_WORKSPACE: workspace,
      RUNNER_TOOL_CACHE: join(tmp.dir, 'hostedtoolcache'),
      HOME: join(tmp.dir, 'home'),
      GOPATH: join(tmp.dir, 'gopath'),
      GOCACHE: join(tmp.dir, 'gocache'),
      // The module cache under GOPATH above, never the caller's: post saves it.
      GOMODCACHE: undefined,
      'INPUT_GO-VERSION-FILE': 'go.mod',
      'INPUT_ORAS-VERSION': mirror.orasVersion,
      INPUT_MIRROR: mirror.url,
      'INPUT_ALLOW-UNVERIFIED-DOWNLOADS': 'false',
      INPUT_CACHE: 'true',
      'INPUT_CACHE-GO-MODULES': 'true',
      PATH: process.env.PATH,
      GOROOT: undefined,
      GOTOOLCHAIN: undefined,
    };
    const { out } = await captureStdout(() => withEnv(env, () => setupMain()));
    expect(out).not.toMatch(/::error::/);
    const outputs = fileCommands(files.GITHUB_OUTPUT!);
    const goRoot = join(tmp.dir, 'hostedtoolcache', 'go', mirror.goVersion!, 'x64');
    expect(outputs).toMatchObject({
      'go-version': mirror.goVersion,
      'go-path': goRoot,
      'go-cache-hit': 'false',
      'oras-version': mirror.orasVersion,
      'go-modules-cache-hit': 'false',
    });
    expect(JSON.parse(outputs.toolchains!).tools).toHaveLength(2);
    expect(fileCommands(files.GITHUB_ENV!)).toEqual({ GOROOT: goRoot, GOTOOLCHAIN: 'local' });
    expect(readFileSync(files.GITHUB_PATH!, 'utf8').trim().split('\n')).toEqual([
      join(tmp.dir, 'hostedtoolcache', 'oras', mirror.orasVersion!, 'x64'),
      join(goRoot, 'bin'),
      // $(go env GOPATH)/bin, as setup-go adds it
      join(tmp.dir, 'gopath', 'bin'),
    ]);

    // The runner hands saved state to the post step as STATE_<name>.
    const state = fileCommands(files.GITHUB_STATE!);
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    mkdirSync(join(tmp.dir, 'gopath', 'pkg', 'mod'), { recursive: true });
    mkdirSync(join(tmp.dir, 'gocache'), { recursive: true });
    await captureStdout(() => withEnv({ ...env, ...stateEnv }, () => setupPost()));
    const keys = service
      .entries()
      .filter((e) => e.finalized)
      .map((e) => e.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        `wasm-plugin-ci-v1-tool-go-${mirror.goVersion}-linux-amd64`,
        `wasm-plugin-ci-v1-tool-oras-${mirror.orasVersion}-linux-amd64`,
        expect.stringMatching(
          new RegExp(`^wasm-plugin-ci-v1-gomod-linux-amd64-go${mirror.goVersion}-[0-9a-f]{64}$`),
        ),
      ]),
    );
  });
});
