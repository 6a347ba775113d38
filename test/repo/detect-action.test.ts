import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';
import { EXTENSIONS, SHARED, TestRepo, eventEnv, events } from '../support/git-repo.js';

let repo: TestRepo;
let scratch: string;
beforeAll(() => {
  repo = TestRepo.create([{ name: 'alpha', shared: true }, { name: 'beta' }]);
  scratch = mkdtempSync(join(tmpdir(), 'wpci-action-'));
});
afterAll(() => {
  repo.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs the action entry the way a runner does: inputs and files through the environment. */
function runAction(env: NodeJS.ProcessEnv): {
  code: number | null;
  outputs: Record<string, string>;
  stdout: string;
} {
  const out = join(scratch, `output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(out, '');
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'src/action/entries/detect.ts')],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GITHUB_OUTPUT: out,
        GITHUB_WORKSPACE: repo.dir,
        ...env,
      },
      encoding: 'utf8',
    },
  );
  const outputs: Record<string, string> = {};
  const re = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm;
  for (const m of readFileSync(out, 'utf8').matchAll(re)) outputs[m[1]] = m[3];
  return { code: r.status, outputs, stdout: r.stdout };
}

describe('detect/ action entry', () => {
  it('sets matrix, plugins and any-changed from a push event', () => {
    const before = repo.head();
    repo.write(`${SHARED}/shared.go`, `${repo.read(`${SHARED}/shared.go`)}\n// edit\n`);
    const after = repo.commit('edit shared');
    const r = runAction(eventEnv('push', events.push({ before, after })));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs.matrix)).toEqual({
      include: [{ plugin: 'alpha', dir: `${EXTENSIONS}/alpha` }],
    });
    expect(JSON.parse(r.outputs.plugins)).toMatchObject([{ name: 'alpha', builder: 'go' }]);
    expect(r.outputs['any-changed']).toBe('true');
  }, 60_000);

  it('honours the all and exclude inputs', () => {
    const r = runAction({
      ...eventEnv('schedule', events.schedule()),
      INPUT_ALL: 'true',
      INPUT_EXCLUDE: '**/alpha',
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs.matrix).include.map((e: { plugin: string }) => e.plugin)).toEqual([
      'beta',
    ]);
  }, 60_000);

  it('fails the step on a bad input, naming it', () => {
    const r = runAction({ ...eventEnv('schedule', events.schedule()), INPUT_BUILDER: 'rustc' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("::error::input builder: must be 'go' or 'tinygo', not 'rustc'");
  }, 60_000);
});
