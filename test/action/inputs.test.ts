/**
 * The action's inputs: action.yml declares exactly what the code reads and
 * sets, and a bad value fails the step with one `::error::` naming the
 * input, before any toolchain or build work and without a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestRepo, events } from '../support/git-repo.js';
import { repoRoot } from '../support/paths.js';
import { goJobEnv, healthyMain, wipeRunner } from './helpers.js';
import { actionYaml, ActionJob } from './runner.js';

const source = (f: string) => readFileSync(join(repoRoot, 'src', f), 'utf8');

describe('action.yml', () => {
  const action = actionYaml();
  const code = ['action/main.ts', 'action/common.ts', 'action/toolchain-inputs.ts']
    .map(source)
    .join('\n');

  it('declares every input the code reads, and the code reads every input it declares', () => {
    const read = new Set([
      ...[
        ...code.matchAll(
          /(?:getInput|getMultilineInput|flagInput|listInput|oneOfInput|positiveIntInput|opt)\(\s*'([a-z0-9-]+)'/g,
        ),
      ].map((m) => m[1]!),
      ...[...code.matchAll(/: '([a-z-]+-download-base-url)'/g)].map((m) => m[1]!),
    ]);
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, spec] of Object.entries(action.inputs)) {
      expect([name, spec.description?.length > 10]).toEqual([name, true]);
      expect(typeof (spec.default ?? '')).toBe('string'); // the runner passes strings
    }
  });

  it('declares every output the code sets', () => {
    const set = [...source('action/main.ts').matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]!);
    const perTool = ['go', 'tinygo', 'oras', 'wasm-opt'].flatMap((t) =>
      ['version', 'path', 'cache-hit'].map((o) => `${t}-${o}`),
    );
    expect(Object.keys(action.outputs).sort()).toEqual(
      [...new Set([...set, ...perTool, 'toolchains'])].sort(),
    );
  });

  it('runs main and post on node24, post also after a failure', () => {
    expect(parseRuns()).toEqual({
      using: 'node24',
      main: 'dist/main/index.js',
      post: 'dist/post/index.js',
      'post-if': 'success() || failure()',
    });
  });
});

function parseRuns(): unknown {
  return (actionYaml() as unknown as { runs: unknown }).runs;
}

describe('bad inputs fail the step, naming the input', () => {
  let repo: TestRepo;
  let runnerDir: string;
  beforeAll(() => {
    repo = TestRepo.create([{ name: 'delta', files: { 'main.go': healthyMain() } }]);
    runnerDir = mkdtempSync(join(tmpdir(), 'wpci-runner-'));
  });
  afterAll(() => {
    repo.cleanup();
    wipeRunner(runnerDir);
    rmSync(runnerDir, { recursive: true, force: true });
  });

  const cases: [Record<string, string>, string][] = [
    [{ host: 'nonsense' }, "input host: unknown profile 'nonsense'"],
    [{ jobs: '0' }, "input jobs: must be a positive integer, not '0'"],
    [{ jobs: 'many' }, "input jobs: must be a positive integer, not 'many'"],
    [{ 'smoke-timeout-ms': '-5' }, 'input smoke-timeout-ms: must be a positive integer'],
    [{ push: 'maybe', image: 'ghcr.io/acme/{{plugin}}' }, 'input push: must be one of'],
    [{ cache: 'yes' }, "input cache: must be true or false, not 'yes'"],
    [{ builder: 'rustc' }, "input builder: must be one of go, tinygo, not 'rustc'"],
    [
      { layout: 'docker', image: 'ghcr.io/acme/{{plugin}}' },
      "input layout: must be one of higress, compat, oci, not 'docker'",
    ],
    [{ image: 'ghcr.io/acme/{{plugin}}', 'oci-layout': 'out' }, 'inputs image and oci-layout'],
    [{ push: 'true' }, 'input push: true needs image or oci-layout'],
    [{ plugin: 'nope' }, "plugin 'nope' not found in the repository (found: delta)"],
  ];

  it('the post step after a refused input has nothing to save and passes', async () => {
    const j = new ActionJob({
      workspace: repo.dir,
      runnerDir,
      eventName: 'workflow_dispatch',
      event: events.workflowDispatch(),
      env: { ...goJobEnv(runnerDir), GITHUB_REF: 'refs/heads/main', GITHUB_SHA: repo.head() },
    });
    expect((await j.main({ jobs: '0' })).code).toBe(1);
    const post = await j.post({ jobs: '0' });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('run cache: nothing new to save');
    expect(post.stdout).not.toMatch(/::error/);
  }, 60_000);

  it.each(cases)(
    '%j',
    async (inputs, message) => {
      const r = await new ActionJob({
        workspace: repo.dir,
        runnerDir,
        eventName: 'workflow_dispatch',
        event: events.workflowDispatch(),
        env: { ...goJobEnv(runnerDir), GITHUB_REF: 'refs/heads/main', GITHUB_SHA: repo.head() },
      }).main({ smoke: 'false', ...inputs });
      expect(r.code).toBe(1);
      const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(message);
      expect(errors[0]).not.toMatch(/%0A\s+at /); // no stack trace in the annotation
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(r.outputs.artifacts).toBeUndefined();
      expect(r.stdout).not.toContain('go build'); // refused before any build
    },
    60_000,
  );
});
