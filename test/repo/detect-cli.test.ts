import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cli } from '../support/cli.js';
import { EXTENSIONS, TestRepo, eventEnv, events } from '../support/git-repo.js';

let repo: TestRepo;
let c0: string;
let c1: string;
beforeAll(() => {
  repo = TestRepo.create([{ name: 'alpha', shared: true }, { name: 'beta' }]);
  c0 = repo.head();
  repo.write(`${EXTENSIONS}/beta/main.go`, `${repo.read(`${EXTENSIONS}/beta/main.go`)}\n// edit\n`);
  c1 = repo.commit('edit beta');
});
afterAll(() => repo.cleanup());

const noEvent = { ...process.env, GITHUB_EVENT_NAME: '', GITHUB_EVENT_PATH: '' };

describe('wasm-plugin-ci detect', () => {
  it('--base/--head --json prints one document: plugins, matrix, anyChanged', async () => {
    const r = await cli(
      ['detect', '--repo', repo.dir, '--base', c0, '--head', c1, '--json'],
      repo.dir,
      noEvent,
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.matrix).toEqual({ include: [{ plugin: 'beta', dir: `${EXTENSIONS}/beta` }] });
    expect(doc.plugins).toEqual([
      {
        name: 'beta',
        dir: `${EXTENSIONS}/beta`,
        module: 'example.com/plugins/beta',
        builder: 'go',
      },
    ]);
    expect(doc.anyChanged).toBe(true);
    expect(r.stderr).toContain('1 of 2 plugin(s) selected');
  });

  it('--all selects everything; plain output lists names on stdout', async () => {
    const r = await cli(['detect', '--all'], repo.dir, noEvent);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`alpha\t${EXTENSIONS}/alpha\nbeta\t${EXTENSIONS}/beta\n`);
  });

  it('reads the GitHub event from the environment', async () => {
    const env = { ...process.env, ...eventEnv('push', events.push({ before: c1, after: c1 })) };
    const r = await cli(['detect', '--json'], repo.dir, env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      plugins: [],
      anyChanged: false,
      matrix: { include: [] },
    });
  });

  it('an unknown --base ref is an input error naming it, not a reason to build everything', async () => {
    const r = await cli(['detect', '--base', 'no-such-branch', '--json'], repo.dir, noEvent);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('base commit no-such-branch');
  });

  it('exits 2 on bad usage', async () => {
    expect((await cli(['detect', '--head', c1], repo.dir, noEvent)).code).toBe(2);
    expect((await cli(['detect', '--builder', 'rustc'], repo.dir, noEvent)).code).toBe(2);
    const r = await cli(['detect', '--plugins', 'nope/*'], repo.dir, noEvent);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("plugins glob 'nope/*'");
  });
});
