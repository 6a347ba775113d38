/**
 * The repository's workflows: actionlint (built from tools/go.mod into
 * .tools/bin) finds nothing in any of them, and the reusable workflow keeps
 * its contract: typed inputs, registry secrets, detect -> one job per plugin
 * -> summary, third-party actions pinned by commit, and every `with:` it
 * gives our actions is an input they declare.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot, toolsBin } from '../support/paths.js';
import { actionYaml } from './runner.js';

const workflowsDir = join(repoRoot, '.github', 'workflows');
const workflowFiles = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { 'fail-fast'?: boolean; matrix?: unknown };
  steps: Step[];
  outputs?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const load = (f: string) => parse(readFileSync(join(workflowsDir, f), 'utf8')) as Workflow;

const PINNED: Record<string, string> = {
  'actions/checkout': '11bd71901bbe5b1630ceea73d27597364c9af683',
  'actions/upload-artifact': 'ea165f8d65b6e75b540449e92b4886f43607fa02',
  'actions/download-artifact': 'd3f86a106a0bac45b974a628896c90dbdf5c8093',
};

/** actionlint runs shellcheck on every `run:` script only when shellcheck is on PATH. */
function shellcheckOnPath(): boolean {
  return spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('workflows', () => {
  it('shellcheck is on PATH, as on GitHub ubuntu runners (.ci/run installs it)', () => {
    expect(shellcheckOnPath()).toBe(true);
  });

  it('actionlint reports nothing', () => {
    expect(workflowFiles).toEqual(
      expect.arrayContaining(['ci.yml', 'check-dist.yml', 'wasm-plugins.yml', 'self-test.yml']),
    );
    const r = spawnSync(
      join(toolsBin, 'actionlint'),
      ['-no-color', ...workflowFiles.map((f) => join('.github', 'workflows', f))],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(r.error).toBeUndefined();
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });

  /** actionlint on a one-step workflow whose step runs `run`. */
  const lintStep = (run: string) =>
    spawnSync(join(toolsBin, 'actionlint'), ['-no-color', '-'], {
      cwd: repoRoot,
      input: `on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ${run}\n`,
      encoding: 'utf8',
    });

  it('actionlint does find a broken workflow (the check is live)', () => {
    const r = lintStep('echo ${{ matrix.nope }}');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('matrix');
  });

  it('actionlint runs shellcheck on run: scripts (SC2016 is found)', () => {
    const r = lintStep("echo '$HOME'");
    expect(r.stdout).toContain('SC2016');
    expect(r.status).toBe(1);
  });

  it('third-party actions are pinned by commit; ours by @v1 or a local path', () => {
    for (const f of workflowFiles) {
      for (const job of Object.values(load(f).jobs)) {
        for (const step of job.steps ?? []) {
          if (!step.uses) continue;
          const [name, ref] = step.uses.split('@');
          if (step.uses.startsWith('./')) continue;
          if (name!.startsWith('wasm-plugin-ci/wasm-plugin-ci')) {
            expect([f, ref]).toEqual([f, 'v1']);
            continue;
          }
          expect([f, name, ref]).toEqual([f, name, expect.stringMatching(/^[0-9a-f]{40}$/)]);
          if (PINNED[name!]) expect([f, name, ref]).toEqual([f, name, PINNED[name!]]);
        }
      }
    }
  });
});

describe('the reusable workflow', () => {
  const wf = load('wasm-plugins.yml');
  const call = (wf.on as { workflow_call: Record<string, Record<string, Record<string, unknown>>> })
    .workflow_call;

  it('is called with typed inputs, registry secrets, and gives outputs', () => {
    for (const name of [
      'plugins',
      'exclude',
      'host',
      'layout',
      'image',
      'tags',
      'go-version',
      'tinygo-version',
      'push',
    ]) {
      expect(call.inputs![name]).toMatchObject({ type: 'string', description: expect.any(String) });
    }
    expect(call.inputs!.all).toMatchObject({ type: 'boolean', default: false });
    expect(Object.keys(call.secrets!)).toEqual(['registry-username', 'registry-password']);
    expect(Object.keys(call.outputs!)).toEqual([
      'matrix',
      'any-changed',
      'artifacts',
      'by-plugin',
      'tags',
    ]);
  });

  it('detect -> one fail-fast-off job per plugin -> summary of every result', () => {
    const { detect, plugin, summary } = wf.jobs;
    expect(detect!.steps.map((s) => s.uses?.split('@')[0])).toContain(
      'wasm-plugin-ci/wasm-plugin-ci/detect',
    );
    expect(plugin!.needs).toBe('detect');
    expect(plugin!.strategy).toEqual({
      'fail-fast': false,
      matrix: '${{ fromJSON(needs.detect.outputs.matrix) }}',
    });
    const run = plugin!.steps.find((s) => s.uses === 'wasm-plugin-ci/wasm-plugin-ci@v1')!;
    expect(run.with).toMatchObject({
      plugin: '${{ matrix.plugin }}',
      username: '${{ secrets.registry-username }}',
      password: '${{ secrets.registry-password }}',
    });
    expect(plugin!.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
    expect(summary!.needs).toEqual(['detect', 'plugin']);
    expect(summary!.if).toMatch(/^always\(\)/); // a failed plugin still gets its row
    expect(summary!.steps[0]!.uses).toMatch(/^actions\/download-artifact@/);
  });

  it('passes our actions only inputs they declare, and secrets never through run: lines', () => {
    const main = Object.keys(actionYaml().inputs);
    const detect = Object.keys(actionYaml('detect').inputs);
    for (const f of workflowFiles) {
      for (const job of Object.values(load(f).jobs)) {
        for (const step of job.steps ?? []) {
          const declared =
            step.uses === 'wasm-plugin-ci/wasm-plugin-ci@v1' || step.uses === './'
              ? main
              : step.uses?.startsWith('wasm-plugin-ci/wasm-plugin-ci/detect@') ||
                  step.uses === './detect'
                ? detect
                : step.uses === './setup'
                  ? Object.keys(actionYaml('setup').inputs)
                  : undefined;
          for (const key of declared ? Object.keys(step.with ?? {}) : [])
            expect([f, key, declared!.includes(key)]).toEqual([f, key, true]);
          // Expressions in scripts are injection points; values go through env.
          expect([f, step.run ?? '']).toEqual([f, expect.not.stringMatching(/\$\{\{/)]);
        }
      }
    }
  });
});
