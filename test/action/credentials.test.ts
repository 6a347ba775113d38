/**
 * Registry credentials through the username/password inputs, against the real
 * registry with htpasswd auth: the push works, and the password shows up in
 * nothing the runner keeps (log, outputs, summary, state, env) except the one
 * `::add-mask::` command that tells the runner to hide it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepResult } from '../support/action-runner.js';
import { TestRepo, events } from '../support/git-repo.js';
import { startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../support/registry.js';
import { artifactsOf, goJobEnv, healthyMain, REFERRERS_TAG, wipeRunner } from './helpers.js';
import { ActionJob } from './runner.js';

let registry: TestRegistry;
let repo: TestRepo;
let runnerDir: string;

beforeAll(async () => {
  registry = await startRegistry('htpasswd');
  repo = TestRepo.create([{ name: 'gamma', files: { 'main.go': healthyMain() } }]);
  repo.write('.gitignore', '.wasm-plugin-ci/\n');
  repo.commit('ignore build output');
  runnerDir = mkdtempSync(join(tmpdir(), 'wpci-runner-'));
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  repo?.cleanup();
  if (runnerDir) {
    wipeRunner(runnerDir);
    rmSync(runnerDir, { recursive: true, force: true });
  }
});

/** Push to main with the Go on PATH (no toolchain install, no run cache). */
async function run(extra: Record<string, string>): Promise<{ main: StepResult; post: StepResult }> {
  const sha = repo.head();
  const j = new ActionJob({
    workspace: repo.dir,
    runnerDir,
    eventName: 'push',
    event: events.push({ after: sha }),
    env: {
      ...goJobEnv(runnerDir),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_SHA: sha,
    },
  });
  const inputs = {
    image: `${registry.host}/plugins/{{plugin}}`,
    cache: 'false',
    smoke: 'false',
    ...extra,
  };
  const main = await j.main(inputs);
  const post = await j.post(inputs);
  return { main, post };
}

/** Everything a step leaves behind, minus the masking command itself. */
function kept(r: StepResult): string {
  const log = `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  return [
    log,
    JSON.stringify(r.outputs),
    JSON.stringify(r.env),
    JSON.stringify(r.state),
    r.summary,
  ].join('\n');
}

async function tagsWithAuth(repository: string): Promise<string[]> {
  const res = await fetch(`${registry.url}/v2/${repository}/tags/list`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${TEST_USER}:${TEST_PASSWORD}`).toString('base64')}`,
    },
  });
  if (res.status !== 200) throw new Error(`tags/list: ${res.status}`);
  return ((await res.json()) as { tags: string[] }).tags
    .filter((t) => !REFERRERS_TAG.test(t))
    .sort();
}

describe('registry credentials', () => {
  it('pushes with username/password and never lets the password out', async () => {
    const { main, post } = await run({ username: TEST_USER, password: TEST_PASSWORD });
    expect(main.code).toBe(0);
    const [a] = artifactsOf(main.outputs);
    expect(a!.references).toEqual([
      `${registry.host}/plugins/gamma:main`,
      `${registry.host}/plugins/gamma:sha-${repo.head().slice(0, 7)}`,
    ]);
    expect(await tagsWithAuth('plugins/gamma')).toEqual(['main', `sha-${repo.head().slice(0, 7)}`]);
    // Masked before anything could print it.
    expect(
      main.stdout.split('\n').filter((l) => l === `::add-mask::${TEST_PASSWORD}`),
    ).toHaveLength(1);
    for (const r of [main, post]) expect(kept(r)).not.toContain(TEST_PASSWORD);
  }, 180_000);

  it('a wrong password fails the publish with the registry refusal, still unprinted', async () => {
    const wrong = 'not-the-Pa55word';
    const { main, post } = await run({ username: TEST_USER, password: wrong });
    expect(main.code).toBe(1);
    expect(main.stdout).toMatch(
      /::error::gamma: publish failed: .*(401|unauthori[sz]ed|authenticat)/i,
    );
    expect(artifactsOf(main.outputs)[0]).toMatchObject({ ok: false, failedStage: 'publish' });
    for (const r of [main, post]) {
      expect(kept(r)).not.toContain(wrong);
      expect(kept(r)).not.toContain(TEST_PASSWORD);
    }
  }, 180_000);

  it('a username without a password is refused before anything is built', async () => {
    const { main } = await run({ username: TEST_USER });
    expect(main.code).toBe(1);
    expect(main.stdout).toContain('::error::inputs username and password: give both or neither');
    expect(main.outputs.artifacts).toBeUndefined();
  }, 60_000);
});
