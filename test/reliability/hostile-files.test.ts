/**
 * Hostile repository files (issue #12 items 1, 5, 6, 7), each through the
 * CLI: symlinked documents and settings files pointing at a canary secret
 * outside the repository, /proc/self/environ, /etc/passwd and /dev/zero;
 * Go sources and local replaces reaching outside; .buildrc flags that make
 * the compiler or linker write elsewhere; go.mod lines that would fetch a
 * toolchain; committed output directories that are symlinks. Each case
 * checks the exit code and message, that the canary was never read (its
 * access time) nor appears in any output or artifact, and that nothing was
 * written outside the repository.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { cli, type CliRun } from '../support/cli.js';
import { EXTENSIONS, TestRepo } from '../support/git-repo.js';
import { buildFixture } from '../support/go-fixtures.js';
import { cacheDir, fixturesDir } from '../support/paths.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { STACK_LINE, tempDir } from './helpers.js';
import { Canary, leaksOf, recordingProxy, treeOf, type RecordingProxy } from './hostile-repo.js';
import { spawnCli } from './spawn-cli.js';

const table = new ReliabilityTable('hostile-files');
const tmp = tempDir('wpci-rel-files-');
const GOCACHE = join(cacheDir, 'reliability-gocache');
/** A value only the CLI's environment holds: what /proc/self/environ would give away. */
const TOKEN = `TOKEN-${process.pid}-${Date.now().toString(36)}-environ`;
const PLUGIN = 'victim';
const PLUGIN_DIR = `${EXTENSIONS}/${PLUGIN}`;

let canary: Canary;
let outside: string;
let healthyMain: string;
const repos: TestRepo[] = [];

beforeAll(async () => {
  await buildFixture('healthy'); // the SDK in the module cache, for offline builds
  outside = join(tmp.dir, 'outside');
  mkdirSync(outside);
  canary = new Canary(outside);
  healthyMain = readFileSync(join(fixturesDir, 'plugins', 'healthy', 'main.go'), 'utf8');
}, 300_000);
// Each case starts with nothing outside but the canary, so what it wrote there shows.
beforeEach(() => {
  for (const name of readdirSync(outside))
    if (name !== 'secret.txt' && name !== 'atime-probe')
      rmSync(join(outside, name), { recursive: true, force: true });
});
afterAll(() => {
  table.print();
  for (const r of repos) r.cleanup();
  tmp.cleanup();
});

/** A repository with one plugin (and `other`, a second one), `setup` applied, committed. */
function repoWith(setup: (r: TestRepo, dir: string) => void, other = false): TestRepo {
  const r = TestRepo.create(
    [
      { name: PLUGIN, files: { 'main.go': healthyMain, 'README.md': '# victim\n' } },
      ...(other
        ? [
            {
              name: 'other',
              files: { 'main.go': healthyMain, 'spec.yaml': 'other-plugin-spec: 1\n' },
            },
          ]
        : []),
    ],
    'wpci-rel-files-repo-',
  );
  repos.push(r);
  setup(r, r.path(PLUGIN_DIR));
  r.commit('hostile');
  return r;
}

/** A link at `rel` (inside the plugin directory unless absolute-ish) to `target`. */
function link(dir: string, rel: string, target: string): void {
  rmSync(join(dir, rel), { force: true });
  symlinkSync(target, join(dir, rel));
}

/** The canary by a relative path from `dir`, as a committed link would name it. */
function toCanary(dir: string): string {
  return relative(dir, canary.file);
}

interface Expect {
  code: number | number[];
  /** Texts stderr must contain. */
  names?: string[];
  /** Directories whose files are scanned for the secrets. */
  outputs?: string[];
  /** Texts that must not appear anywhere (besides the canary and the token). */
  secrets?: string[];
}

/** Checks one run; returns what leaked (empty when nothing) after asserting it. */
function expectSafe(row: string, family: string, run: CliRun, want: Expect): void {
  const codes = [want.code].flat();
  const leaked = leaksOf(
    [canary.secret, TOKEN, ...(want.secrets ?? [])],
    { stdout: run.stdout, stderr: run.stderr },
    want.outputs ?? [],
  );
  const read = canary.wasRead();
  const outsideNow = treeOf(outside).filter((p) => p !== 'secret.txt' && p !== 'atime-probe');
  const ok =
    codes.includes(run.code) &&
    !STACK_LINE.test(run.stderr) &&
    (want.names ?? []).every((n) => run.stderr.includes(n)) &&
    leaked.length === 0 &&
    !read &&
    outsideNow.length === 0;
  table.add({
    fault: row,
    family,
    tries: 1,
    survived: ok ? 1 : 0,
    dataLost: 'none',
    leaked: leaked.length || read ? `canary ${read ? 'read' : ''} ${leaked.join(', ')}` : 'none',
    note: `exit ${run.code}`,
  });
  const failed = [
    !codes.includes(run.code) && `exit ${run.code}, want ${codes.join(' or ')}`,
    STACK_LINE.test(run.stderr) && 'a stack trace on stderr',
    ...(want.names ?? []).filter((n) => !run.stderr.includes(n)).map((n) => `stderr lacks '${n}'`),
    leaked.length > 0 && `the secret appears in: ${leaked.join(', ')}`,
    read && 'the canary file was read',
    outsideNow.length > 0 && `written outside the repository: ${outsideNow.join(', ')}`,
  ].filter(Boolean);
  if (failed.length)
    throw new Error(`${row}: ${failed.join('; ')}\nstderr:\n${run.stderr}\nstdout:\n${run.stdout}`);
  expect(ok).toBe(true);
}

/** The CLI in a child process with a token in its environment, killed after `ms`. */
async function spawned(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  ms = 60_000,
): Promise<CliRun> {
  canary.arm();
  const run = await spawnCli(args, {
    cwd,
    killAfterMs: ms,
    env: { ...process.env, GOCACHE, WPCI_TEST_TOKEN: TOKEN, ...env },
  });
  const stderr = run.stderr.replace(/\nWPCI_MAXRSS_KIB \d+\n?$/, '');
  return {
    code: run.signal ? -1 : (run.code ?? -1),
    stdout: run.stdout,
    stderr: run.signal ? `${stderr}\n(killed after ${ms} ms: ${run.signal})` : stderr,
  };
}

async function inProcess(args: string[], cwd: string): Promise<CliRun> {
  canary.arm();
  return cli(args, cwd, { ...process.env, GOCACHE });
}

const F1 = '#12.1 repository files read through links';
const F5 = '#12.5 build and linker flags';
const F6 = '#12.6 Go toolchain downloads';
const F7 = '#12.7 output directories that are links';

describe('#12.1 documents and settings files that are links', () => {
  it('a secret test scanner finds the canary, the token and a read', () => {
    expect(leaksOf([canary.secret], { log: `x ${canary.secret} y` }, [])).toEqual(['log']);
    expect(leaksOf([TOKEN], { log: 'nothing' }, [])).toEqual([]);
    canary.arm();
    expect(canary.wasRead()).toBe(false);
    if (canary.atimeWorks) {
      readFileSync(canary.file);
      expect(canary.wasRead()).toBe(true);
    }
    canary.arm();
  });

  it('README, README_EN, spec.yaml, icon.png linked to secrets are not published', async () => {
    const r = repoWith((_, dir) => {
      link(dir, 'README_EN.md', toCanary(dir));
      link(dir, 'README_ZH.md', canary.file);
      link(dir, 'spec.yaml', '/proc/self/environ');
      link(dir, 'icon.png', '/etc/passwd');
    }, true);
    link(r.path(PLUGIN_DIR), 'README.md', '../other/spec.yaml');
    r.commit('more links');
    const layout = join(r.dir, 'layout');
    const run = await spawned(['run', '--all', '--oci-layout', layout], r.dir);
    expectSafe('doc layers linked to a canary, /proc/self/environ, /etc/passwd', F1, run, {
      code: 0,
      names: ['README_EN.md', 'README_ZH.md', 'spec.yaml', 'icon.png', 'README.md'],
      // the other plugin's own artifact carries its spec.yaml, rightly
      outputs: [join(layout, PLUGIN), join(r.dir, '.wasm-plugin-ci')],
      secrets: ['root:x:0:0', 'other-plugin-spec'],
    });
  }, 120_000);

  it('a doc layer linked to /dev/zero is not read (the run ends)', async () => {
    const r = repoWith((_, dir) => link(dir, 'icon.png', '/dev/zero'));
    const layout = join(r.dir, 'layout');
    const run = await spawned(['run', '--all', '--oci-layout', layout], r.dir, {}, 30_000);
    expectSafe('doc layer linked to /dev/zero', F1, run, {
      code: 0,
      names: ['icon.png'],
      outputs: [layout],
    });
  }, 60_000);

  // A plugin's own bad input fails that plugin (exit 2 at the end of build
  // and run); detect keeps it and warns, naming the file.
  const settingsFiles: [string, (dir: string) => void, string[], number?][] = [
    ['.buildrc', (dir) => link(dir, '.buildrc', toCanary(dir)), ['build']],
    ['.buildrc', (dir) => link(dir, '.buildrc', toCanary(dir)), ['detect', '--all'], 0],
    ['VERSION', (dir) => link(dir, 'VERSION', canary.file), ['build']],
    ['smoke.yaml', (dir) => link(dir, 'smoke.yaml', toCanary(dir)), ['run', '--all']],
    [
      'smoke config named by .buildrc',
      (dir) => {
        writeFileSync(join(dir, '.buildrc'), 'SMOKE_CONFIG=conf/smoke.yaml\n');
        mkdirSync(join(dir, 'conf'));
        link(dir, 'conf/smoke.yaml', canary.file);
      },
      ['run', '--all'],
    ],
    [
      'go.mod',
      (dir) => link(dir, 'go.mod', toCanary(dir)),
      ['detect', '--plugins', `${PLUGIN_DIR}`],
    ],
  ];
  for (const [what, setup, args, code = 2] of settingsFiles) {
    it(`${what} linked to a secret outside (${args[0]}): exit ${code} naming it, never read`, async () => {
      const r = repoWith((_, dir) => setup(dir));
      const run = await inProcess([...args, '--repo', r.dir], r.dir);
      expectSafe(`${what} linked outside the plugin (${args[0]})`, F1, run, {
        code,
        names: [what === 'smoke config named by .buildrc' ? 'conf/smoke.yaml' : what],
        outputs: [join(r.dir, '.wasm-plugin-ci')],
      });
    });
  }

  it('a Go source linked to a secret is refused before the compiler reads it', async () => {
    const r = repoWith((_, dir) => link(dir, 'leak.go', toCanary(dir)));
    const run = await inProcess(['build', '--repo', r.dir], r.dir);
    expectSafe('Go source linked outside the repository', F1, run, {
      code: 2,
      names: ['leak.go'],
      outputs: [join(r.dir, '.wasm-plugin-ci')],
    });
  });

  it('setup --go-version-file linked to /proc/self/environ: exit 2, the environment not quoted', async () => {
    const r = repoWith((repo) => symlinkSync('/proc/self/environ', repo.path('.go-version')));
    const run = await spawned(['setup', '--go-version-file', '.go-version'], r.dir);
    expectSafe('go-version-file linked to /proc/self/environ', F1, run, {
      code: 2,
      names: ['.go-version', 'outside the repository'],
    });
  });

  it('a Go source of 3 GiB (sparse) does not stall or break discovery', async () => {
    const r = repoWith(() => undefined);
    // After the commit: git would hash every byte.
    writeFileSync(r.path(`${PLUGIN_DIR}/big.go`), 'package main\n');
    truncateSync(r.path(`${PLUGIN_DIR}/big.go`), 3 * 2 ** 30);
    const run = await inProcess(['detect', '--all', '--repo', r.dir], r.dir);
    expectSafe('Go source of 3 GiB (sparse): detect', F1, run, { code: 0, names: [] });
    expect(run.stdout).toContain(PLUGIN);
  });

  it('a local replace reaching outside the repository is refused', async () => {
    const mod = join(tmp.dir, 'outside-module');
    mkdirSync(mod, { recursive: true });
    writeFileSync(join(mod, 'go.mod'), 'module example.com/evil\n\ngo 1.24\n');
    writeFileSync(join(mod, 'evil.go'), `package evil\n\n${canary.secret}\n`);
    const r = repoWith((repo) => {
      const gomod = repo.read(`${PLUGIN_DIR}/go.mod`);
      repo.write(
        `${PLUGIN_DIR}/go.mod`,
        `${gomod}\nrequire example.com/evil v0.0.0\n\nreplace example.com/evil => ${relative(repo.path(PLUGIN_DIR), mod)}\n`,
      );
      repo.write(`${PLUGIN_DIR}/use.go`, 'package main\n\nimport _ "example.com/evil"\n');
    });
    const run = await inProcess(['build', '--repo', r.dir], r.dir);
    expectSafe('local replace outside the repository', F1, run, {
      code: 2,
      names: ['go.mod:', 'outside the repository'],
      secrets: [],
      outputs: [join(r.dir, '.wasm-plugin-ci')],
    });
  });

  it('push PLUGIN_DIR: a VERSION linked outside is refused, a linked README skipped', async () => {
    const r = repoWith((_, dir) => link(dir, 'VERSION', canary.file));
    const wasm = await buildFixture('healthy');
    const dir = r.path(PLUGIN_DIR);
    writeFileSync(join(dir, 'plugin.wasm'), readFileSync(wasm));
    const run = await inProcess(['push', dir, '--oci-layout', `${join(r.dir, 'l')}:1`], r.dir);
    expectSafe('push: VERSION linked outside', F1, run, { code: 2, names: ['VERSION'] });

    const r2 = repoWith((_, d) => link(d, 'README_EN.md', canary.file));
    const dir2 = r2.path(PLUGIN_DIR);
    writeFileSync(join(dir2, 'plugin.wasm'), readFileSync(wasm));
    const run2 = await inProcess(['push', dir2, '--oci-layout', `${join(r2.dir, 'l')}:1`], r2.dir);
    expectSafe('push: README linked outside', F1, run2, {
      code: 0,
      names: ['README_EN.md'],
      outputs: [join(r2.dir, 'l')],
    });
  });
});

describe('#12.5 .buildrc flags: an allow-list', () => {
  const cases: [string, string][] = [
    ['LDFLAGS="-o OUT"', `LDFLAGS="-s -w -o OUT/pwned"`],
    ['LDFLAGS="all=-o=OUT"', `LDFLAGS="all=-o=OUT/pwned"`],
    ['LDFLAGS="-X @FILE"', `LDFLAGS="-X @CANARY"`],
    ['LDFLAGS="@FILE"', `LDFLAGS="@CANARY"`],
    ['BUILD_FLAGS=-gcflags=-cpuprofile=OUT', `BUILD_FLAGS="-gcflags=all=-cpuprofile=OUT/prof"`],
    ['BUILD_FLAGS=-pgo=FILE', `BUILD_FLAGS="-pgo=CANARY"`],
    ['BUILD_FLAGS=-pkgdir=OUT', `BUILD_FLAGS="-pkgdir=OUT/pkg"`],
  ];
  for (const [name, text] of cases) {
    it(`${name}: exit 2 naming .buildrc:1 and the flag; nothing written outside`, async () => {
      const rc = text.replaceAll('OUT', outside).replaceAll('CANARY', canary.file);
      const r = repoWith((_, dir) => writeFileSync(join(dir, '.buildrc'), `${rc}\n`));
      const run = await inProcess(['build', '--repo', r.dir], r.dir);
      expectSafe(`.buildrc ${name}`, F5, run, {
        code: 2,
        names: [`${PLUGIN_DIR}/.buildrc:1`],
        outputs: [join(r.dir, '.wasm-plugin-ci')],
      });
    });
  }

  it('the flags real repositories use still build (-s -w -X, -trimpath, -gcflags=all=-N)', async () => {
    const r = repoWith((_, dir) =>
      writeFileSync(
        join(dir, '.buildrc'),
        'LDFLAGS="-s -w -X \'main.version=1.2 beta\' -X=main.commit=abc"\nBUILD_FLAGS="-trimpath -gcflags=all=-N -p=2"\n',
      ),
    );
    const run = await inProcess(['build', '--repo', r.dir], r.dir);
    expectSafe('.buildrc allowed flags build', F5, run, { code: 0 });
  });
});

describe('#12.6 go invocations never fetch a toolchain', () => {
  let proxy: RecordingProxy;
  beforeAll(async () => {
    proxy = await recordingProxy();
  });
  afterAll(() => proxy?.close());

  /** Go as a runner image has it: GOTOOLCHAIN=auto, a proxy that records. */
  const goEnv = () => ({
    GOTOOLCHAIN: 'auto',
    GOPROXY: proxy.url,
    GOSUMDB: 'off',
    GOENV: 'off',
    GOFLAGS: '',
  });

  it('detect (go list) with `toolchain go1.27.0` downloads nothing', async () => {
    const r = TestRepo.create([{ name: PLUGIN, shared: true }], 'wpci-rel-files-repo-');
    repos.push(r);
    const gomod = r
      .read(`${PLUGIN_DIR}/go.mod`)
      .replace(/^go 1\.24$/m, 'go 1.24\n\ntoolchain go1.27.0');
    r.write(`${PLUGIN_DIR}/go.mod`, gomod);
    const base = r.commit('toolchain line');
    r.write('plugins/wasm-go/pkg/shared/more.go', 'package shared\n');
    r.commit('shared changed');
    proxy.requests.length = 0;
    const run = await spawned(['detect', '--base', base, '--head', 'HEAD'], r.dir, goEnv());
    expectSafe('detect: go.mod toolchain go1.27.0 (GOTOOLCHAIN=auto around)', F6, run, {
      code: 0,
    });
    expect(run.stdout).toContain(PLUGIN);
    expect(proxy.requests).toEqual([]);
  }, 120_000);

  it('build with `toolchain go1.27.0`: built with the local Go, a warning, nothing fetched', async () => {
    const r = repoWith((repo) => {
      const gomod = repo.read(`${PLUGIN_DIR}/go.mod`);
      repo.write(
        `${PLUGIN_DIR}/go.mod`,
        gomod.replace(/^go 1\.24$/m, 'go 1.24\ntoolchain go1.27.0'),
      );
    });
    proxy.requests.length = 0;
    const run = await spawned(['build'], r.dir, goEnv());
    expectSafe('build: go.mod toolchain go1.27.0', F6, run, {
      code: 0,
      names: [`${PLUGIN_DIR}/go.mod:4`, 'go1.27.0'],
    });
    expect(proxy.requests).toEqual([]);
  }, 120_000);

  it('build --go-test with `toolchain go1.27.0`: go test fetches nothing either', async () => {
    // A plugin without the SDK, so the native test build compiles little.
    const r = repoWith((repo) => {
      repo.write('probe/go.mod', 'module example.com/probe\n\ngo 1.24\ntoolchain go1.27.0\n');
      repo.write('probe/main.go', 'package main\n\nfunc main() {}\n');
      repo.write(
        'probe/wasm_test.go',
        'package main\n\nimport (\n\t"os"\n\t"testing"\n)\n\nfunc TestWasm(t *testing.T) {\n\tif os.Getenv("WASM_FILE_PATH") == "" {\n\t\tt.Fatal("no wasm")\n\t}\n}\n',
      );
    });
    proxy.requests.length = 0;
    const run = await spawned(['build', '--plugins', 'probe', '--go-test'], r.dir, goEnv());
    expectSafe('build --go-test: go.mod toolchain go1.27.0', F6, run, {
      code: 0,
      names: ['probe/go.mod:4'],
    });
    expect(proxy.requests).toEqual([]);
  }, 120_000);

  it('build with `go 1.27`: a clear error naming go.mod:line and both versions, nothing fetched', async () => {
    const r = repoWith((repo) => {
      const gomod = repo.read(`${PLUGIN_DIR}/go.mod`);
      repo.write(`${PLUGIN_DIR}/go.mod`, gomod.replace(/^go 1\.24$/m, 'go 1.27'));
    });
    proxy.requests.length = 0;
    const run = await spawned(['build'], r.dir, goEnv());
    const local = execFileSync('go', ['env', 'GOVERSION'], {
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local' },
    }).trim();
    expectSafe('build: go.mod go 1.27 (newer than the Go in use)', F6, run, {
      code: 1,
      names: [`${PLUGIN_DIR}/go.mod:3`, '1.27', local],
    });
    expect(proxy.requests).toEqual([]);
  }, 120_000);
});

describe('#12.7 output directories that are links', () => {
  const cases: [string, (r: TestRepo) => void, (r: TestRepo) => string[]][] = [
    [
      '.wasm-plugin-ci committed as a link (run)',
      (r) => symlinkSync(relative(r.dir, outside), r.path('.wasm-plugin-ci')),
      () => ['run', '--all'],
    ],
    [
      '.wasm-plugin-ci/oci a link (run, default layout)',
      (r) => {
        mkdirSync(r.path('.wasm-plugin-ci'));
        symlinkSync(outside, r.path('.wasm-plugin-ci/oci'));
      },
      () => ['run', '--all'],
    ],
    [
      '.wasm-plugin-ci/build/<plugin> a link (build)',
      (r) => {
        mkdirSync(r.path('.wasm-plugin-ci/build'), { recursive: true });
        symlinkSync(outside, r.path(`.wasm-plugin-ci/build/${PLUGIN}`));
      },
      () => ['build'],
    ],
    [
      '--out through a committed link (build)',
      (r) => symlinkSync(outside, r.path('out')),
      () => ['build', '--out', 'out/wasm'],
    ],
    [
      '--oci-layout through a committed link (run)',
      (r) => symlinkSync(outside, r.path('layouts')),
      () => ['run', '--all', '--oci-layout', 'layouts'],
    ],
  ];
  for (const [name, setup, args] of cases) {
    it(`${name}: exit 2 naming the link, nothing written outside`, async () => {
      const r = repoWith((repo) => setup(repo));
      expect(existsSync(r.path(PLUGIN_DIR))).toBe(true);
      const run = await inProcess([...args(r), '--repo', r.dir], r.dir);
      expectSafe(name, F7, run, { code: 2, names: ['symbolic link'] });
    });
  }

  it('push --oci-layout through a committed link: exit 2', async () => {
    const r = repoWith((repo) => symlinkSync(outside, repo.path('lay')));
    const dir = r.path(PLUGIN_DIR);
    writeFileSync(join(dir, 'plugin.wasm'), readFileSync(await buildFixture('healthy')));
    const run = await inProcess(['push', dir, '--oci-layout', 'lay/x:1'], r.dir);
    expectSafe('push --oci-layout through a link', F7, run, { code: 2, names: ['lay'] });
  });
});
