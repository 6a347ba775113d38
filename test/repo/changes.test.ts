import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { memoryLog } from '../../src/common/log.js';
import { explainChanges } from '../../src/repo/changes.js';
import { discoverPlugins } from '../../src/repo/discover.js';
import { changeSourceFromEvent } from '../../src/repo/event.js';
import {
  EXTENSIONS,
  SHARED,
  SHARED_MODULE,
  TestRepo,
  events,
  pluginGoMod,
  pluginMain,
} from '../support/git-repo.js';

const PLUGINS = [
  { name: 'alpha', shared: true },
  { name: 'beta', shared: true },
  { name: 'gamma' },
  { name: 'delta', buildrc: 'EXTRA_TAGS=foo\n' },
];

const repos: TestRepo[] = [];
function fresh(): TestRepo {
  const r = TestRepo.create(PLUGINS);
  repos.push(r);
  return r;
}
afterAll(() => repos.forEach((r) => r.cleanup()));

/** Names detect selects in `repo` for an event, plus the log. */
async function detectIn(repo: TestRepo, event: string, payload: unknown) {
  const log = memoryLog();
  const plugins = await discoverPlugins(repo.dir, {}, log);
  const result = await explainChanges(
    repo.dir,
    plugins,
    changeSourceFromEvent(event, payload),
    log,
  );
  return { names: result.plugins.map((p) => p.name), result, log };
}

describe('push: before..after, dependency-aware', () => {
  let repo: TestRepo;
  let c0: string;
  beforeAll(() => {
    repo = fresh();
    c0 = repo.head();
  });

  it('a change inside one plugin selects that plugin only', async () => {
    repo.write(
      `${EXTENSIONS}/gamma/main.go`,
      `${repo.read(`${EXTENSIONS}/gamma/main.go`)}\n// edit\n`,
    );
    const c1 = repo.commit('edit gamma');
    const { names } = await detectIn(repo, 'push', events.push({ before: c0, after: c1 }));
    expect(names).toEqual(['gamma']);
  });

  it('a change in the shared package selects exactly its dependents', async () => {
    const before = repo.head();
    repo.write(`${SHARED}/shared.go`, `${repo.read(`${SHARED}/shared.go`)}\n// edit\n`);
    const after = repo.commit('edit shared');
    const { names } = await detectIn(repo, 'push', events.push({ before, after }));
    expect(names).toEqual(['alpha', 'beta']);
  });

  it("a change in the shared module's go.mod selects its dependents", async () => {
    const before = repo.head();
    repo.write(`${SHARED}/go.mod`, `${repo.read(`${SHARED}/go.mod`)}\n// comment\n`);
    const after = repo.commit('edit shared go.mod');
    expect((await detectIn(repo, 'push', events.push({ before, after }))).names).toEqual([
      'alpha',
      'beta',
    ]);
  });

  it('a .buildrc change selects its plugin', async () => {
    const before = repo.head();
    repo.write(`${EXTENSIONS}/delta/.buildrc`, 'EXTRA_TAGS=bar\n');
    const after = repo.commit('edit delta .buildrc');
    expect((await detectIn(repo, 'push', events.push({ before, after }))).names).toEqual(['delta']);
  });

  it('a documentation-only change selects nothing', async () => {
    const before = repo.head();
    repo.write('README.md', '# changed\n');
    repo.write('docs/notes.md', 'notes\n');
    const after = repo.commit('docs');
    const { names, result } = await detectIn(repo, 'push', events.push({ before, after }));
    expect(names).toEqual([]);
    expect(result.files).toEqual(['README.md', 'docs/notes.md']);
  });

  it('a deleted plugin is not selected; a renamed one is, under its new name', async () => {
    const before = repo.head();
    repo.git('rm', '-rq', `${EXTENSIONS}/delta`);
    repo.git('mv', `${EXTENSIONS}/gamma`, `${EXTENSIONS}/gamma-two`);
    const after = repo.commit('delete delta, rename gamma');
    const { names, result } = await detectIn(repo, 'push', events.push({ before, after }));
    expect(names).toEqual(['gamma-two']);
    expect(result.files).toContain(`${EXTENSIONS}/delta/main.go`);
  });

  it('a force push whose before commit is gone selects everything, with a warning', async () => {
    const gone = 'f'.repeat(40);
    const { names, log } = await detectIn(
      repo,
      'push',
      events.push({ before: gone, after: repo.head(), forced: true }),
    );
    expect(names).toEqual(['alpha', 'beta', 'gamma-two']);
    expect(log.lines.join('\n')).toMatch(/base commit f{40} is gone/);
  });

  it('a first push to the default branch selects everything', async () => {
    const { names, result } = await detectIn(repo, 'push', events.push({ after: repo.head() }));
    expect(names).toEqual(['alpha', 'beta', 'gamma-two']);
    expect(result.reason).toMatch(/first push/);
  });

  it('a deleted branch selects nothing', async () => {
    const payload = { ...events.push({ before: repo.head(), after: events.zero }), deleted: true };
    expect((await detectIn(repo, 'push', payload)).names).toEqual([]);
  });
});

describe('pull request: three-dot against the merge base', () => {
  let origin: TestRepo;
  let baseTip: string;
  let featureTip: string;
  beforeAll(() => {
    origin = fresh();
    origin.git('checkout', '-qb', 'feature');
    origin.write(
      `${EXTENSIONS}/delta/main.go`,
      `${origin.read(`${EXTENSIONS}/delta/main.go`)}\n// feature\n`,
    );
    origin.commit('feature: delta');
    for (let i = 0; i < 5; i++) origin.commit(`feature: empty ${i}`);
    featureTip = origin.head();
    origin.git('checkout', '-q', 'main');
    // main moves on after the branch point: gamma must not show up in the PR.
    origin.write(
      `${EXTENSIONS}/gamma/main.go`,
      `${origin.read(`${EXTENSIONS}/gamma/main.go`)}\n// main\n`,
    );
    origin.commit('main: gamma');
    for (let i = 0; i < 5; i++) origin.commit(`main: empty ${i}`);
    baseTip = origin.head();
  });

  it('selects what the branch changed, not what the base gained since', async () => {
    const { names, result } = await detectIn(
      origin,
      'pull_request',
      events.pullRequest({ base: baseTip, head: featureTip }),
    );
    expect(names).toEqual(['delta']);
    expect(result.files).toEqual([`${EXTENSIONS}/delta/main.go`]);
  });

  it('deepens a shallow clone (depth 1) until the merge base appears', async () => {
    const clone = origin.clone({ depth: 1, branch: 'feature' });
    repos.push(clone);
    expect(clone.git('rev-parse', '--is-shallow-repository')).toBe('true');
    const { names } = await detectIn(
      clone,
      'pull_request',
      events.pullRequest({ base: baseTip, head: featureTip }),
    );
    expect(names).toEqual(['delta']);
    expect(clone.git('merge-base', baseTip, featureTip)).not.toBe('');
  });

  it('a new branch (all-zero before) compares with the default branch, fetching it into a shallow clone', async () => {
    const clone = origin.clone({ depth: 1, branch: 'feature' });
    repos.push(clone);
    const payload = events.push({ after: featureTip, ref: 'refs/heads/feature' });
    const { names, result } = await detectIn(clone, 'push', payload);
    expect(names).toEqual(['delta']);
    expect(result.reason).toMatch(/new branch feature/);
  });

  it('a push to a shallow clone fetches the before commit', async () => {
    const clone = origin.clone({ depth: 1, branch: 'main' });
    repos.push(clone);
    const before = origin.git('rev-parse', 'main~6');
    const { names } = await detectIn(clone, 'push', events.push({ before, after: baseTip }));
    expect(names).toEqual(['gamma']);
  });
});

describe('a go.work workspace instead of replace directives', () => {
  it('selects the workspace plugin that imports a changed package, and when go.work changes', async () => {
    const repo = fresh();
    // workspace/ws imports the shared package through go.work alone: no require, no replace.
    const main = pluginMain({ name: 'ws' });
    repo.write(
      'workspace/ws/main.go',
      main.replace('import (', `import (\n\t"${SHARED_MODULE}"`) + '\nvar _ = shared.Canonical\n',
    );
    repo.write('workspace/ws/go.mod', pluginGoMod({ name: 'ws' }));
    repo.write('workspace/ws/go.sum', repo.read(`${EXTENSIONS}/gamma/go.sum`));
    repo.write('workspace/go.work', `go 1.24\n\nuse (\n\t./ws\n\t../${SHARED}\n)\n`);
    const c0 = repo.commit('workspace');
    repo.write(`${SHARED}/shared.go`, `${repo.read(`${SHARED}/shared.go`)}\n// edit\n`);
    const c1 = repo.commit('edit shared');
    const shared = await detectIn(repo, 'push', events.push({ before: c0, after: c1 }));
    expect(shared.names).toEqual(['alpha', 'beta', 'ws']);
    repo.write('workspace/go.work', `${repo.read('workspace/go.work')}\n// edit\n`);
    const c2 = repo.commit('edit go.work');
    expect((await detectIn(repo, 'push', events.push({ before: c1, after: c2 }))).names).toEqual([
      'ws',
    ]);
  });
});

describe('events without a diff', () => {
  let repo: TestRepo;
  beforeAll(() => {
    repo = fresh();
  });

  it('a release tag push selects the plugin it names, with its version', async () => {
    const { result } = await detectIn(
      repo,
      'push',
      events.tagPush('wasm-go-gamma-v1.2.0', repo.head()),
    );
    expect(result.plugins.map((p) => [p.name, p.version])).toEqual([['gamma', '1.2.0']]);
  });

  it('a bare version tag selects every plugin', async () => {
    const { names } = await detectIn(repo, 'push', events.tagPush('v2.0.0', repo.head()));
    expect(names).toEqual(['alpha', 'beta', 'delta', 'gamma']);
  });

  it('workflow_dispatch and schedule select every plugin', async () => {
    expect(
      (await detectIn(repo, 'workflow_dispatch', events.workflowDispatch())).names,
    ).toHaveLength(4);
    expect((await detectIn(repo, 'schedule', events.schedule())).names).toHaveLength(4);
  });

  it('workflow_dispatch on a release tag selects the plugin it names', async () => {
    const { names } = await detectIn(
      repo,
      'workflow_dispatch',
      events.workflowDispatch('refs/tags/alpha-v0.1.0'),
    );
    expect(names).toEqual(['alpha']);
  });
});
