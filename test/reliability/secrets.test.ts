/**
 * Secrets: the whole CLI pipeline (`run --image`) against an htpasswd
 * registry with the credentials in WPCI_REGISTRY_USERNAME and
 * WPCI_REGISTRY_PASSWORD, verbose logging on; then pushes and verifies with
 * a wrong password (env and --password-stdin). Every stdout, stderr, JSON
 * document and file written under the output directories and HOME is scanned
 * for the password, in clear and in the forms a leaked header would take
 * (base64 of user:password and of the password).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TestRepo } from '../support/git-repo.js';
import { cacheDir, fixturesDir } from '../support/paths.js';
import { startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../support/registry.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { listTree, STACK_LINE, tempDir } from './helpers.js';
import { spawnCli, type SpawnedRun } from './spawn-cli.js';

const table = new ReliabilityTable('secrets');
const tmp = tempDir('wpci-rel-secret-');
const GOCACHE = join(cacheDir, 'reliability-gocache');

/** The password in every form a leak could take. */
function forms(user: string, password: string): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [
    ...new Set([password, b64(`${user}:${password}`), b64(password), encodeURIComponent(password)]),
  ];
}

/** Where the secret shows up in the texts (name -> text); [] when nowhere. */
function leaks(texts: Record<string, string>, secrets: string[]): string[] {
  const out: string[] = [];
  for (const [name, text] of Object.entries(texts))
    for (const s of secrets)
      if (text.includes(s))
        out.push(`${name} contains ${s === secrets[0] ? 'the password' : `'${s}'`}`);
  return out;
}

/** Every regular file under `dirs`, read as latin1 (binary files too). */
function filesUnder(dirs: string[]): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const d of dirs)
    for (const rel of listTree(d)) {
      const p = join(d, rel);
      if (rel.endsWith('/') || !statSync(p, { throwIfNoEntry: false })?.isFile()) continue;
      texts[p] = readFileSync(p).toString('latin1');
    }
  return texts;
}

function outputs(name: string, run: SpawnedRun): Record<string, string> {
  return { [`${name} stdout`]: run.stdout, [`${name} stderr`]: run.stderr };
}

let reg: TestRegistry;
let repo: TestRepo;
beforeAll(async () => {
  reg = await startRegistry('htpasswd');
  const main = readFileSync(join(fixturesDir, 'plugins', 'healthy', 'main.go'), 'utf8');
  repo = TestRepo.create(
    [{ name: 'secret-keeper', files: { 'main.go': main, VERSION: '1.2.3\n' } }],
    'wpci-rel-secret-repo-',
  );
}, 120_000);
afterAll(async () => {
  await reg?.stop();
  repo?.cleanup();
  table.print();
  tmp.cleanup();
});

describe('the password never appears anywhere', () => {
  it('the scanner finds a leaked password and a leaked Basic header', () => {
    const f = forms(TEST_USER, TEST_PASSWORD);
    expect(leaks({ log: `password=${TEST_PASSWORD}` }, f)).toHaveLength(1);
    expect(leaks({ log: `authorization: Basic ${f[1]}` }, f)).toHaveLength(1);
    expect(leaks({ log: 'nothing here' }, f)).toEqual([]);
  });

  it('run --image with credentials from the environment, verbose', async () => {
    const home = join(tmp.dir, 'home');
    const out = join(tmp.dir, 'out');
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      GOCACHE,
      GOMODCACHE: process.env.GOMODCACHE,
      GOPATH: process.env.GOPATH,
      RUNNER_DEBUG: '1',
      WPCI_REGISTRY_USERNAME: TEST_USER,
      WPCI_REGISTRY_PASSWORD: TEST_PASSWORD,
    } as NodeJS.ProcessEnv;
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const run = await spawnCli(
      [
        'run',
        '--repo',
        repo.dir,
        '--all',
        '--out',
        out,
        '--image',
        `${reg.host}/secrets/{{plugin}}`,
        '--json',
      ],
      { cwd: repo.dir, env, killAfterMs: 120_000 },
    );
    const texts = { ...outputs('run', run), ...filesUnder([out, home, repo.dir]) };
    const found = leaks(texts, forms(TEST_USER, TEST_PASSWORD));
    table.add({
      fault: 'secret: run --image (htpasswd, env credentials, RUNNER_DEBUG=1)',
      tries: Object.keys(texts).length,
      survived: Object.keys(texts).length - new Set(found.map((f) => f.split(' contains')[0])).size,
      dataLost: found.length ? found.join('; ') : 'none',
      note: `exit ${run.code}; ${Object.keys(texts).length} outputs and files scanned`,
    });
    if (run.code !== 0) throw new Error(`exit ${run.code}:\n${run.stderr.slice(-3000)}`);
    // it really pushed with the credentials: the JSON names the reference
    expect(run.stdout).toContain(`${reg.host}/secrets/secret-keeper:1.2.3`);
    expect(found).toEqual([]);
  }, 150_000);

  it('a wrong password (env and --password-stdin) fails cleanly without echoing it', async () => {
    const wrong = `Wr0ng-${TEST_PASSWORD}-zz9`;
    const home = join(tmp.dir, 'home2');
    const wasm = join(tmp.dir, 'out', 'secret-keeper', 'plugin.wasm');
    const base = { PATH: process.env.PATH, HOME: home, RUNNER_DEBUG: '1' };
    const runs: Record<string, SpawnedRun> = {
      'push env': await spawnCli(['push', wasm, '--ref', `${reg.host}/secrets/wrong:1`], {
        env: { ...base, WPCI_REGISTRY_USERNAME: TEST_USER, WPCI_REGISTRY_PASSWORD: wrong },
      }),
      'push stdin': await spawnCli(
        ['push', wasm, '--ref', `${reg.host}/secrets/wrong:1`, '--password-stdin', '--json'],
        {
          env: { ...base, WPCI_REGISTRY_USERNAME: TEST_USER },
          stdin: `${wrong}\n`,
        },
      ),
      'verify env': await spawnCli(['verify', `${reg.host}/secrets/secret-keeper:1.2.3`], {
        env: { ...base, WPCI_REGISTRY_USERNAME: TEST_USER, WPCI_REGISTRY_PASSWORD: wrong },
      }),
    };
    const texts: Record<string, string> = {};
    for (const [n, r] of Object.entries(runs)) Object.assign(texts, outputs(n, r));
    Object.assign(texts, filesUnder([home]));
    const found = leaks(texts, forms(TEST_USER, wrong));
    const codes = Object.values(runs).map((r) => r.code);
    table.add({
      fault: 'secret: wrong password (push env, push --password-stdin, verify)',
      tries: 3,
      survived: Object.values(runs).filter((r) => r.code === 1 && !STACK_LINE.test(r.stderr))
        .length,
      dataLost: found.length ? found.join('; ') : 'none',
      note: `exit ${codes.join('/')}`,
    });
    for (const r of Object.values(runs)) {
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stderr).toMatch(/401|authentication|unauthorized/i);
    }
    expect(codes).toEqual([1, 1, 1]);
    expect(found).toEqual([]);
  }, 90_000);
});
