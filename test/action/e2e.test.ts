/**
 * The committed action bundle (dist/main, dist/post) run the way the runner
 * runs it, on a plugin repository with history: Go from the local mirror,
 * caches through the real @actions/cache against the cache double, artifacts
 * pushed to the real registry and read back with the real ORAS.
 *
 * The tests share one repository, registry, mirror and cache service and run
 * in order: the first run is cold, the ones after it are served from caches.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCacheService, type CacheService } from '../support/cache-service.js';
import { EXTENSIONS, SHARED, TestRepo, events } from '../support/git-repo.js';
import { startMirror, type Mirror } from '../support/mirror.js';
import { fixturesDir } from '../support/paths.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import {
  artifactsOf,
  fetchManifest,
  goJobEnv,
  healthyMain,
  pulledWasmSha256,
  registryTags,
  visible,
  wipeRunner,
  type Artifact,
} from './helpers.js';
import { ActionJob } from './runner.js';

let mirror: Mirror;
let cache: CacheService;
let registry: TestRegistry;
let repo: TestRepo;
let runnerDir: string;
let mainSha: string;
const GO_ARCHIVE = /^\/go\/go[\d.]+\.linux-amd64\.tar\.gz$/;

beforeAll(async () => {
  [mirror, cache, registry] = await Promise.all([
    startMirror({ go: 'full' }),
    startCacheService(),
    startRegistry('anonymous'),
  ]);
  repo = TestRepo.create([
    { name: 'alpha', shared: true, files: { 'main.go': healthyMain(true) } },
    { name: 'beta', files: { 'main.go': healthyMain(), VERSION: '1.2.3\n' } },
  ]);
  // Build output stays out of the commits the later tests make.
  repo.write('.gitignore', '.wasm-plugin-ci/\n');
  mainSha = repo.commit('ignore build output');
  runnerDir = mkdtempSync(join(tmpdir(), 'wpci-runner-'));
}, 300_000);

afterAll(async () => {
  await Promise.all([mirror?.close(), cache?.close(), registry?.stop()]);
  repo?.cleanup();
  if (runnerDir) {
    wipeRunner(runnerDir);
    rmSync(runnerDir, { recursive: true, force: true });
  }
});

function job(eventName: string, event: unknown, env: NodeJS.ProcessEnv): ActionJob {
  return new ActionJob({
    workspace: repo.dir,
    runnerDir,
    eventName,
    event,
    env: { ...cache.env(join(runnerDir, 'temp')), ...goJobEnv(runnerDir), ...env },
  });
}

const inputs = (extra: Record<string, string> = {}) => ({
  'go-version': mirror.goVersion!,
  mirror: mirror.url,
  image: `${registry.host}/plugins/{{plugin}}`,
  ...extra,
});

const goDownloads = () => mirror.requests.filter((p) => GO_ARCHIVE.test(p)).length;
const byName = (list: Artifact[]) => Object.fromEntries(list.map((a) => [a.plugin, a]));

describe('the action on a push to main', () => {
  let first: Record<string, Artifact>;

  it('installs Go from the mirror, builds, smokes and publishes sha-<short> and the branch', async () => {
    const push = () =>
      job('push', events.push({ after: mainSha }), {
        GITHUB_REF: 'refs/heads/main',
        GITHUB_REF_NAME: 'main',
        GITHUB_SHA: mainSha,
      });
    const j = push();
    const r = await j.main(inputs());
    expect(visible(r.stdout)).not.toMatch(/::error/);
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({
      'go-version': mirror.goVersion,
      'go-cache-hit': 'false',
      'go-modules-cache-hit': 'false',
      'any-changed': 'true',
    });
    expect(r.env).toMatchObject({ GOTOOLCHAIN: 'local' });
    // setup-go's order: $(go env GOPATH)/bin, then Go's own bin
    expect(r.path.slice(0, 2)).toEqual([
      join(runnerDir, 'gopath', 'bin'),
      join(runnerDir, 'tool-cache', 'go', mirror.goVersion!, 'x64', 'bin'),
    ]);
    expect(goDownloads()).toBe(1);

    first = byName(artifactsOf(r.outputs));
    const short = mainSha.slice(0, 7);
    for (const name of ['alpha', 'beta']) {
      const a = first[name]!;
      expect(a).toMatchObject({
        ok: true,
        smoke: { ok: true, host: 'higress' },
        layout: 'higress',
      });
      expect(a.wasmSha256).toMatch(/^[0-9a-f]{64}$/);
      const repoRef = `${registry.host}/plugins/${name}`;
      // metadata-action's order: the branch (priority 600) before sha-<short> (100)
      expect(a.references).toEqual([`${repoRef}:main`, `${repoRef}:sha-${short}`]);
      expect(await registryTags(repoRef)).toEqual(['main', `sha-${short}`]);
      // What a gateway would fetch: the manifest the output names, the wasm the build made.
      const { manifest, digest } = await fetchManifest(`${repoRef}:sha-${short}`);
      expect(digest).toBe(a.digest);
      expect(manifest.layers.at(-1)!.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
      expect(manifest.annotations?.['org.opencontainers.image.revision']).toBe(mainSha);
      expect(await pulledWasmSha256(`${repoRef}:main`)).toBe(a.wasmSha256);
    }
    expect(r.summary).toMatch(/\| alpha \| go \| \d+ KiB \| [\d.]+ s \| passed \(higress\) \|/);
    expect(r.summary).toContain(`main, sha-${short}`);
    expect(r.summary).toContain(first.beta!.digest!.slice(0, 19));

    // The post step saves the toolchain and the Go caches that missed.
    const post = await j.post(inputs());
    expect(post.code).toBe(0);
    const saved = cache
      .entries()
      .filter((e) => e.finalized)
      .map((e) => e.key);
    expect(saved).toEqual(
      expect.arrayContaining([
        `wasm-plugin-ci-v1-tool-go-${mirror.goVersion}-linux-amd64`,
        expect.stringMatching(
          new RegExp(`^wasm-plugin-ci-v1-gomod-linux-amd64-go${mirror.goVersion}-[0-9a-f]{64}$`),
        ),
      ]),
    );
  }, 240_000);

  it('a second run on a fresh machine is served from the caches', async () => {
    wipeRunner(runnerDir); // same paths, empty tool cache and module cache: a new VM
    const creates = cache.calls.filter((c) => c === 'CreateCacheEntry').length;
    const j = job('push', events.push({ after: mainSha }), {
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_SHA: mainSha,
    });
    const r = await j.main(inputs());
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ 'go-cache-hit': 'true', 'go-modules-cache-hit': 'true' });
    expect(goDownloads()).toBe(1); // the mirror saw no second download
    expect(r.stdout).not.toContain('go: downloading'); // modules came from the cache
    // Same sources, same artifacts: the wasm and the manifest digests repeat.
    for (const a of artifactsOf(r.outputs)) {
      expect(a.wasmSha256).toBe(first[a.plugin]!.wasmSha256);
      expect(a.digest).toBe(first[a.plugin]!.digest);
    }
    const post = await j.post(inputs());
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('nothing new to save');
    expect(cache.calls.filter((c) => c === 'CreateCacheEntry').length).toBe(creates);
  }, 180_000);
});

describe('the action on a pull request', () => {
  let base: string;
  let head: string;
  beforeAll(() => {
    base = repo.head();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write(`${EXTENSIONS}/beta/main.go`, `${healthyMain()}\n// a change in beta only\n`);
    head = repo.commit('change beta');
  });
  afterAll(() => {
    repo.git('checkout', '-q', 'main');
  });

  const prEnv = () => ({
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_REF_NAME: '7/merge',
    GITHUB_SHA: head,
    GITHUB_HEAD_REF: 'feature',
    GITHUB_BASE_REF: 'main',
  });

  it('builds and smokes only the plugin it touches, and pushes nothing', async () => {
    const before = await registryTags(`${registry.host}/plugins/beta`);
    const r = await job('pull_request', events.pullRequest({ base, head }), prEnv()).main(inputs());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs.matrix!)).toEqual({
      include: [{ plugin: 'beta', dir: `${EXTENSIONS}/beta` }],
    });
    const list = artifactsOf(r.outputs);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ plugin: 'beta', ok: true, smoke: { ok: true } });
    expect(list[0]!.references).toBeUndefined();
    expect(r.stdout).toMatch(/beta: no tags for this event; nothing to publish/);
    expect(r.stdout).not.toMatch(/go build alpha/);
    expect(await registryTags(`${registry.host}/plugins/beta`)).toEqual(before);
  }, 120_000);

  it('a pull request from a fork never pushes, even with push-pull-requests', async () => {
    const before = await registryTags(`${registry.host}/plugins/beta`);
    const payload = events.pullRequest({ base, head }) as {
      pull_request: { head: Record<string, unknown>; base: Record<string, unknown> };
    };
    payload.pull_request.head.repo = { full_name: 'mallory/plugins', fork: true };
    payload.pull_request.base.repo = { full_name: 'example/plugins', fork: false };
    const r = await job('pull_request', payload, prEnv()).main(
      inputs({ 'push-pull-requests': 'true', smoke: 'false' }),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pull request from a fork: nothing is pushed');
    expect(artifactsOf(r.outputs)[0]!.references).toBeUndefined();
    expect(await registryTags(`${registry.host}/plugins/beta`)).toEqual(before);
  }, 120_000);
});

describe('the action on a release tag', () => {
  it('<plugin>-vX.Y.Z publishes X.Y.Z, X.Y, X and latest of that plugin only', async () => {
    repo.git('tag', 'beta-v1.2.3', mainSha);
    const r = await job('push', events.tagPush('beta-v1.2.3', mainSha), {
      GITHUB_REF: 'refs/tags/beta-v1.2.3',
      GITHUB_REF_NAME: 'beta-v1.2.3',
      GITHUB_SHA: mainSha,
    }).main(inputs());
    expect(visible(r.stdout)).not.toMatch(/::error/);
    expect(r.code).toBe(0);
    const list = artifactsOf(r.outputs);
    expect(list.map((a) => a.plugin)).toEqual(['beta']);
    const repoRef = `${registry.host}/plugins/beta`;
    expect(list[0]!.references).toEqual(
      ['1.2.3', '1.2', '1', 'latest'].map((t) => `${repoRef}:${t}`),
    );
    const short = mainSha.slice(0, 7);
    expect(await registryTags(repoRef)).toEqual([
      '1',
      '1.2',
      '1.2.3',
      'latest',
      'main',
      `sha-${short}`,
    ]);
    const { manifest, digest } = await fetchManifest(`${repoRef}:latest`);
    expect(digest).toBe(list[0]!.digest);
    expect(manifest.annotations?.['org.opencontainers.image.version']).toBe('1.2.3');
    expect(await pulledWasmSha256(`${repoRef}:1.2`)).toBe(list[0]!.wasmSha256);
    // alpha has no release: nothing new in its repository
    expect(await registryTags(`${registry.host}/plugins/alpha`)).toEqual([
      'main',
      `sha-${mainSha.slice(0, 7)}`,
    ]);
  }, 120_000);
});

describe('the action with a local OCI layout', () => {
  it('writes one layout per plugin and names it relative to the workspace', async () => {
    const r = await job('push', events.push({ after: mainSha }), {
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_SHA: mainSha,
    }).main(inputs({ image: '', 'oci-layout': '.wasm-plugin-ci/oci', smoke: 'false' }));
    expect(r.code).toBe(0);
    const short = mainSha.slice(0, 7);
    for (const a of artifactsOf(r.outputs)) {
      expect(a.references).toEqual([
        `.wasm-plugin-ci/oci/${a.plugin}:main`,
        `.wasm-plugin-ci/oci/${a.plugin}:sha-${short}`,
      ]);
      const index = JSON.parse(repo.read(`.wasm-plugin-ci/oci/${a.plugin}/index.json`)) as {
        manifests: { digest: string; annotations?: Record<string, string> }[];
      };
      expect(index.manifests.map((m) => m.digest)).toContain(a.digest);
    }
  }, 120_000);
});

describe('a plugin that panics while it starts', () => {
  let sha: string;
  beforeAll(() => {
    repo.git('checkout', '-q', '-b', 'broken', mainSha);
    cpSync(join(fixturesDir, 'plugins', 'init-panic'), repo.path(`${EXTENSIONS}/panicky`), {
      recursive: true,
      filter: (src) => !src.endsWith('.wasm'),
    });
    repo.write(`${SHARED}/README.md`, 'unrelated\n');
    sha = repo.commit('add a plugin that panics in init');
  });
  afterAll(() => {
    repo.git('checkout', '-q', 'main');
  });

  it('fails the step with the Envoy-style message and the backtrace in the summary', async () => {
    const r = await job('workflow_dispatch', events.workflowDispatch('refs/heads/broken'), {
      GITHUB_REF: 'refs/heads/broken',
      GITHUB_REF_NAME: 'broken',
      GITHUB_SHA: sha,
    }).main(inputs({ plugin: 'panicky' }));
    expect(r.code).toBe(1);
    const out = visible(r.stdout);
    // One failure, one annotation: on the line that panicked, with the panic and the gateway's words.
    const errors = out.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^::error file=${EXTENSIONS}/panicky/main\\.go,line=17::panicky: smoke failed: canary\\.start: panic: init: PLUGIN_REQUIRED_SETTING is not set%0A.*Function: _initialize failed: Uncaught `,
      ),
    );
    expect(out).toContain('panic: init: PLUGIN_REQUIRED_SETTING is not set');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at .*\.js:\d+/m); // no stack trace of ours
    const [a] = artifactsOf(r.outputs);
    expect(a).toMatchObject({
      plugin: 'panicky',
      ok: false,
      failedStage: 'smoke',
      smoke: { ok: false, failedPhase: 'canary.start' },
    });
    expect(a!.references).toBeUndefined();
    expect(r.summary).toContain('FAILED in canary.start');
    expect(r.summary).toContain(
      `#### panicky: smoke failed (\`${EXTENSIONS}/panicky/main.go:17\`)\n\n\`\`\`\ncanary.start: panic: init: PLUGIN_REQUIRED_SETTING is not set\nat ${EXTENSIONS}/panicky/main.go:17 (main.mustEnv)\n\`\`\``,
    );
    expect(r.summary).toMatch(
      /```\nFunction: _initialize failed: .*\nProxy-Wasm plugin in-VM backtrace:\n( {2}\d+: 0x[0-9a-f]+ - .+\n)+```/,
    );
    expect(r.summary).toMatch(/ - main\.init/);
    expect(out).toContain('::group::smoke panicky (higress)'); // its log, grouped
    expect(await registryTags(`${registry.host}/plugins/panicky`)).toEqual([]);
  }, 120_000);
});

describe('a plugin that does not compile', () => {
  let sha: string;
  beforeAll(() => {
    repo.git('checkout', '-q', '-b', 'typo', mainSha);
    repo.write(
      `${EXTENSIONS}/beta/main.go`,
      healthyMain().replace(
        'return types.ActionContinue\n}',
        'return types.ActionContinue\n}\n\nfunc broken() int { return "x" }',
      ),
    );
    sha = repo.commit('break beta');
  });
  afterAll(() => {
    repo.git('checkout', '-q', 'main');
  });

  it('fails the step with an annotation on the file and line; the other plugin still ships', async () => {
    const r = await job(
      'push',
      events.push({ before: mainSha, after: sha, ref: 'refs/heads/typo' }),
      {
        GITHUB_REF: 'refs/heads/typo',
        GITHUB_REF_NAME: 'typo',
        GITHUB_SHA: sha,
      },
    ).main(inputs({ all: 'true' }));
    expect(r.code).toBe(1);
    expect(visible(r.stdout).match(/^::error/gm)).toHaveLength(1);
    const line =
      repo
        .read(`${EXTENSIONS}/beta/main.go`)
        .split('\n')
        .findIndex((l) => l.startsWith('func broken')) + 1;
    expect(visible(r.stdout)).toMatch(
      new RegExp(
        `^::error file=${EXTENSIONS}/beta/main\\.go,line=${line},col=\\d+::.*cannot use "x"`,
        'm',
      ),
    );
    const list = byName(artifactsOf(r.outputs));
    expect(list.beta).toMatchObject({ ok: false, failedStage: 'build' });
    expect(list.alpha).toMatchObject({ ok: true });
    expect(list.alpha!.references).toContain(`${registry.host}/plugins/alpha:typo`);
    expect(r.summary).toMatch(/\| beta \| go \| {2}\| FAILED \| not run \|/);
  }, 120_000);
});
