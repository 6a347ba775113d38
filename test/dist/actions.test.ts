/**
 * The three actions as the runner runs them: dist/setup then dist/setup-post,
 * dist/detect, and dist/main then dist/post, each a separate `node` process
 * (the dist node: Node 24 in CI's second pass) with inputs at their
 * action.yml defaults, the file commands and the state between main and
 * post. The run cache is the real @actions/cache against the local double,
 * toolchains come from the local mirror, and the full action runs on the
 * example repository the way .github/workflows/self-test.yml runs it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactsOf, visible, wipeRunner } from '../action/helpers.js';
import { withDefaults } from '../action/runner.js';
import { SimulatedJob } from '../support/action-runner.js';
import { startCacheService, type CacheService } from '../support/cache-service.js';
import { isolatedDist, runNode } from '../support/dist.js';
import { events, git } from '../support/git-repo.js';
import { startMirror, type Mirror } from '../support/mirror.js';
import { distGoEnv, exampleWorkspace, examplePlugins } from './helpers.js';

let mirror: Mirror;
let cache: CacheService;
let runnerDir: string;
let ws: { dir: string; sha: string };

beforeAll(async () => {
  [mirror, cache] = await Promise.all([
    startMirror({ go: 'trimmed', oras: true }),
    startCacheService(),
  ]);
  runnerDir = mkdtempSync(join(tmpdir(), 'wpci-runner-'));
  ws = exampleWorkspace();
}, 240_000);

afterAll(async () => {
  await Promise.all([mirror?.close(), cache?.close()]);
  if (runnerDir) {
    wipeRunner(runnerDir);
    rmSync(runnerDir, { recursive: true, force: true });
  }
  if (ws) rmSync(ws.dir, { recursive: true, force: true });
});

/**
 * A job after a push of `after` to main, on a fresh runner at the same paths
 * (as GitHub's runners: RUNNER_TOOL_CACHE is the same directory every run,
 * which run-cache entries depend on).
 */
function job(after = ws.sha, before?: string): SimulatedJob {
  wipeRunner(runnerDir);
  return new SimulatedJob({
    workspace: ws.dir,
    runnerDir,
    eventName: 'push',
    event: events.push({ after, before }),
    env: {
      ...cache.env(join(runnerDir, 'temp')),
      ...distGoEnv(runnerDir),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_SHA: after,
    },
  });
}

const savedKeys = () =>
  cache
    .entries()
    .filter((e) => e.finalized)
    .map((e) => e.key);

describe('the full action (dist/main, then dist/post) on examples/plugins', () => {
  it('installs ORAS, builds, smoke-tests and publishes every example; post saves ORAS and the Go caches', async () => {
    const j = job();
    const inputs = withDefaults({
      'repo-dir': 'plugins',
      all: 'true',
      'oci-layout': '.wasm-plugin-ci/oci',
      push: 'true',
      tags: 'type=raw,value=self-test',
      // Downloaded and unpacked by this bundle's own http-client and tar chunks.
      'oras-version': mirror.orasVersion!,
      mirror: mirror.url,
    });
    const main = await j.step('main', inputs);
    expect(visible(main.stdout)).not.toMatch(/::error/);
    expect(main.code).toBe(0);
    expect(main.outputs).toMatchObject({ 'oras-version': mirror.orasVersion, 'oras-cache-hit': 'false' });
    const artifacts = artifactsOf(main.outputs);
    expect(artifacts.map((a) => a.plugin).sort()).toEqual(examplePlugins());
    const dist = isolatedDist();
    try {
      for (const a of artifacts) {
        expect(a).toMatchObject({ ok: true, smoke: { ok: true }, digest: expect.any(String) });
        expect(a.references).toHaveLength(1);
        expect(main.summary).toContain(`| ${a.plugin} | go |`);
        // What a gateway would fetch from the layout is the wasm that was built.
        const v = await runNode(dist.cli, ['verify', '--oci-layout', a.references![0]!, '--json'], {
          cwd: ws.dir,
        });
        expect(v.code).toBe(0);
        expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, wasmSha256: a.wasmSha256 });
      }
    } finally {
      rmSync(dist.dir, { recursive: true, force: true });
    }

    const post = await j.step('post', inputs, true);
    expect(visible(post.stdout)).not.toMatch(/::(error|warning)/);
    expect(post.code).toBe(0);
    expect(savedKeys()).toEqual(
      expect.arrayContaining([
        `wasm-plugin-ci-v1-tool-oras-${mirror.orasVersion}-linux-amd64`,
        expect.stringMatching(/^wasm-plugin-ci-v1-gomod-linux-amd64-go/),
      ]),
    );
  }, 300_000);
});

describe('setup/ (dist/setup, then dist/setup-post)', () => {
  it('installs Go from the mirror and ORAS from the run cache; the post step saves Go', async () => {
    const j = job();
    const inputs = withDefaults(
      {
        'go-version': mirror.goVersion!,
        'oras-version': mirror.orasVersion!,
        mirror: mirror.url,
        'go-sum-root': 'plugins',
      },
      'setup',
    );
    const main = await j.step('setup', inputs);
    expect(visible(main.stdout)).not.toMatch(/::error/);
    expect(main.code).toBe(0);
    expect(main.outputs).toMatchObject({
      'go-version': mirror.goVersion,
      'oras-version': mirror.orasVersion,
      'go-cache-hit': 'false',
      'oras-cache-hit': 'true', // saved by the full action's post step
    });
    expect(main.path.some((p) => p.endsWith(join('go', mirror.goVersion!, 'x64', 'bin')))).toBe(
      true,
    );

    const post = await j.step('setup-post', inputs, true);
    expect(visible(post.stdout)).not.toMatch(/::(error|warning)/);
    expect(post.code).toBe(0);
    expect(savedKeys()).toContain(`wasm-plugin-ci-v1-tool-go-${mirror.goVersion}-linux-amd64`);
  }, 240_000);
});

describe('detect/ (dist/detect)', () => {
  it('a push that changes one plugin selects that plugin alone', async () => {
    const file = join(ws.dir, 'plugins', 'wasm-go', 'extensions', 'request-id', 'main.go');
    expect(existsSync(file)).toBe(true);
    const before = git(ws.dir, 'rev-parse', 'HEAD');
    appendFileSync(file, '\n// a change\n');
    git(ws.dir, 'commit', '-q', '-am', 'change request-id');
    const after = git(ws.dir, 'rev-parse', 'HEAD');

    const r = await job(after, before).step('detect', withDefaults({ 'repo-dir': 'plugins' }, 'detect'));
    expect(visible(r.stdout)).not.toMatch(/::error/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs.matrix!)).toEqual({
      include: [{ plugin: 'request-id', dir: 'wasm-go/extensions/request-id' }],
    });
    expect(r.outputs['any-changed']).toBe('true');
  }, 120_000);
});
