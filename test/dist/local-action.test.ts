/**
 * The actions through @github/local-action, the way action authors run an
 * action on their machine: it loads the TypeScript source of each step's
 * module (src/action/<step>.ts), swaps @actions/core and @actions/cache for
 * its own stand-ins (inputs from a .env file and the action.yml defaults, a
 * cache kept in a local directory), and calls the module's exported run(),
 * then the post step's run(). Runs under the dist node (Node 24 in CI's
 * second pass) with that node first on PATH.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { visible } from '../action/helpers.js';
import { distNode } from '../support/dist.js';
import { events, git } from '../support/git-repo.js';
import { startMirror, type Mirror } from '../support/mirror.js';
import { repoRoot } from '../support/paths.js';
import { distGoEnv, exampleWorkspace, examplePlugins } from './helpers.js';

const LOCAL_ACTION = join(repoRoot, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js');

let scratch: string;
let ws: { dir: string; sha: string };

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'wpci-local-action-'));
  ws = exampleWorkspace();
});

afterAll(() => {
  for (const dir of [scratch, ws?.dir]) {
    if (!dir) continue;
    // Go writes its module cache read-only.
    execFileSync('chmod', ['-R', 'u+w', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** local-action starts `npm exec tsx`, so the node it runs the action with is the first on PATH. */
const localActionEnv = (): NodeJS.ProcessEnv => ({
  PATH: [dirname(distNode), process.env.PATH].join(':'),
  HOME: process.env.HOME,
});

interface LocalRun {
  code: number | null;
  /** What the step printed, main and post, without local-action's banners and tables. */
  log: string;
  /** Everything after local-action's "Running Post Step" banner. */
  postLog: string;
  outputs: Record<string, string>;
  summary: string;
  cacheFiles: string[];
}

/**
 * `local-action run <action dir> <entry> <.env> [--post <entry>]`: inputs and
 * the runner's variables go in the .env file, as local-action's README says.
 */
async function localAction(
  action: string,
  entry: string,
  post: string | undefined,
  vars: Record<string, string>,
): Promise<LocalRun> {
  const dir = mkdtempSync(join(scratch, 'step-'));
  const runner = join(dir, 'runner');
  for (const d of ['tool-cache', 'temp', 'cache', 'local-workspace'])
    mkdirSync(join(runner, d), { recursive: true });
  const summaryFile = join(dir, 'summary.md');
  writeFileSync(summaryFile, '');
  const all: Record<string, string> = {
    GITHUB_WORKSPACE: ws.dir,
    RUNNER_TOOL_CACHE: join(runner, 'tool-cache'),
    RUNNER_TEMP: join(runner, 'temp'),
    GITHUB_STEP_SUMMARY: summaryFile,
    LOCAL_ACTION_WORKSPACE: join(runner, 'local-workspace'),
    LOCAL_ACTION_CACHE_PATH: join(runner, 'cache'),
    ...vars,
  };
  const envFile = join(dir, '.env');
  writeFileSync(
    envFile,
    Object.entries(all)
      .map(([k, v]) => `${k}='${v}'\n`)
      .join(''),
  );
  const go = distGoEnv(runner);
  const env: NodeJS.ProcessEnv = {
    ...localActionEnv(),
    ...Object.fromEntries(Object.entries(go).filter(([, v]) => v !== undefined)),
  };
  // Entries as absolute paths: local-action resolves --post before it knows the action's directory.
  const args = ['run', join(repoRoot, action), join(repoRoot, entry), envFile];
  if (post) args.push('--post', join(repoRoot, post));
  const child = spawn(distNode, [LOCAL_ACTION, ...args], { cwd: repoRoot, env });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((done) => child.on('close', done));

  const steps = out.split(/^\s*Running Action\s*$/m)[1] ?? '';
  const [mainLog, postLog = ''] = steps.split(/^\s*Running Post Step\s*$/m);
  const log = `${mainLog}${postLog}`.split(/^\s*Action Outputs\s*$/m)[0]!;
  const outputs: Record<string, string> = {};
  for (const m of log.matchAll(/^::set-output name=([^:]+)::(.*)$/gm)) outputs[m[1]!] = m[2]!;
  if (!steps) throw new Error(`local-action did not run the action:\n${out}`);
  return {
    code,
    log,
    postLog: postLog.split(/^\s*Action Outputs\s*$/m)[0]!,
    outputs,
    summary: readFileSync(summaryFile, 'utf8'),
    cacheFiles: readdirSync(join(runner, 'cache')),
  };
}

function pushVars(after: string, before?: string): Record<string, string> {
  const eventPath = join(mkdtempSync(join(scratch, 'event-')), 'event.json');
  writeFileSync(eventPath, JSON.stringify(events.push({ after, before })));
  return {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_SHA: after,
  };
}

describe('@github/local-action', () => {
  it('runs the action with the dist node (the first node on its PATH)', () => {
    const version = (node: string) =>
      execFileSync(node, ['-p', 'process.versions.node'], { env: localActionEnv(), encoding: 'utf8' });
    expect(version('node')).toBe(version(distNode));
  });

  it('the full action: main builds, smokes and publishes every example; post saves the Go caches', async () => {
    const r = await localAction('.', 'src/action/main.ts', 'src/action/post.ts', {
      ...pushVars(ws.sha),
      'INPUT_REPO-DIR': 'plugins',
      INPUT_ALL: 'true',
      'INPUT_OCI-LAYOUT': '.wasm-plugin-ci/oci',
      INPUT_PUSH: 'true',
      INPUT_TAGS: 'type=raw,value=local',
    });
    expect(visible(r.log)).not.toMatch(/::error::/);
    const artifacts = JSON.parse(r.outputs.artifacts ?? '[]') as {
      plugin: string;
      ok: boolean;
      smoke?: { ok: boolean };
      references?: string[];
    }[];
    expect(artifacts.map((a) => a.plugin).sort()).toEqual(examplePlugins());
    for (const a of artifacts) {
      expect(a).toMatchObject({ ok: true, smoke: { ok: true } });
      // The layout is under repo-dir; references name it from the workspace.
      expect(a.references).toEqual([`plugins/.wasm-plugin-ci/oci/${a.plugin}:local`]);
      expect(r.summary).toContain(`| ${a.plugin} | go |`);
    }
    expect(r.postLog).toMatch(/run cache: saving wasm-plugin-ci-v1-gomod-linux-amd64-go/);
    expect(r.cacheFiles).toEqual([
      expect.stringMatching(/^wasm-plugin-ci-v1-gomod-linux-amd64-go.*\.cache$/),
    ]);
    expect(r.code).toBe(0);
  }, 300_000);

  describe('setup/', () => {
    let mirror: Mirror;
    beforeAll(async () => {
      mirror = await startMirror({ go: 'trimmed', oras: true });
    }, 240_000);
    afterAll(async () => mirror?.close());

    it('main installs Go and ORAS from a mirror; post saves them to the cache', async () => {
      const r = await localAction('setup', 'src/action/setup.ts', 'src/action/setup-post.ts', {
        'INPUT_GO-VERSION': mirror.goVersion!,
        'INPUT_ORAS-VERSION': mirror.orasVersion!,
        INPUT_MIRROR: mirror.url,
        'INPUT_GO-SUM-ROOT': 'plugins',
      });
      expect(visible(r.log)).not.toMatch(/::(error|warning)::/);
      expect(r.outputs).toMatchObject({
        'go-version': mirror.goVersion,
        'oras-version': mirror.orasVersion,
        'go-cache-hit': 'false',
      });
      for (const tool of [`go-${mirror.goVersion}`, `oras-${mirror.orasVersion}`]) {
        expect(r.postLog).toContain(`run cache: saving wasm-plugin-ci-v1-tool-${tool}-linux-amd64`);
        expect(r.cacheFiles).toContainEqual(
          expect.stringMatching(new RegExp(`^wasm-plugin-ci-v1-tool-${tool}-linux-amd64.*\\.cache$`)),
        );
      }
      expect(r.code).toBe(0);
    }, 240_000);
  });

  it('detect/: a push that changes one plugin selects that plugin alone', async () => {
    const before = ws.sha;
    appendFileSync(join(ws.dir, 'plugins', 'wasm-go', 'extensions', 'add-header', 'main.go'), '\n// a change\n');
    git(ws.dir, 'commit', '-q', '-am', 'change add-header');
    const after = git(ws.dir, 'rev-parse', 'HEAD');
    const r = await localAction('detect', 'src/action/detect.ts', undefined, {
      ...pushVars(after, before),
      'INPUT_REPO-DIR': 'plugins',
    });
    expect(visible(r.log)).not.toMatch(/::error::/);
    expect(JSON.parse(r.outputs.matrix ?? '{}')).toEqual({
      include: [{ plugin: 'add-header', dir: 'wasm-go/extensions/add-header' }],
    });
    expect(r.outputs['any-changed']).toBe('true');
    expect(r.code).toBe(0);
  }, 120_000);
});
