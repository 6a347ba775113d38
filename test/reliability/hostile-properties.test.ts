/**
 * Hostile repositories, generated (fast-check): links in and out of the
 * plugin directory (to a canary secret outside the repository,
 * /proc/self/environ, /etc/passwd, /dev/zero, another plugin's file, nowhere,
 * themselves), named pipes, output directories that are links, odd names
 * (newlines, `::`, unicode, leading dashes, shell syntax), huge (sparse)
 * files, fuzzed .buildrc texts and go.mod oddities, thrown at `detect`,
 * `build` and `run` (in-process, the Go build real, with Go set up as on a
 * runner: GOTOOLCHAIN=auto and a module proxy that records every request).
 *
 * For every repository: nothing read the canary (its access time), no
 * secret appears in any output or file written, nothing was written outside
 * the repository, no command ran (the marker an injection would create is
 * never there), nothing was fetched, every command ended within its
 * deadline with exit 0, 1 or 2 and no stack trace.
 *
 * WPCI_HOSTILE_RUNS sets the number of repositories (default 25);
 * WPCI_FC_SEED replays a run.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { cli, type CliRun } from '../support/cli.js';
import { EXTENSIONS, TestRepo } from '../support/git-repo.js';
import { buildFixture } from '../support/go-fixtures.js';
import { cacheDir, fixturesDir } from '../support/paths.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { shellText } from './fuzz-inputs.js';
import { STACK_LINE, tempDir } from './helpers.js';
import { Canary, leaksOf, recordingProxy, treeOf, type RecordingProxy } from './hostile-repo.js';

const table = new ReliabilityTable('hostile-properties');
const FAMILY = '#12 hostile repositories (property test)';
const RUNS = Number(process.env.WPCI_HOSTILE_RUNS ?? 25);
const SEED = Number(process.env.WPCI_FC_SEED ?? Date.now() % 2 ** 31);
/** Deadlines per command: detect parses files; build and run also compile and load. */
const DEADLINE_MS = { detect: 15_000, build: 90_000, run: 90_000 };
const PLUGIN_DIR = `${EXTENSIONS}/victim`;

const tmp = tempDir('wpci-rel-hostile-');
let canary: Canary;
let outside: string;
let markerDir: string;
let proxy: RecordingProxy;
let healthyMain: string;
/** A value only this process's initial environment holds: what /proc/self/environ gives away. */
const environToken = process.env.WPCI_TEST_COUNTS;
const savedEnv: Record<string, string | undefined> = {};

/** What goes wrong in a repository; `kind` groups the table's rows. */
type Kind = 'link' | 'output link' | 'odd name' | 'huge file' | '.buildrc' | 'go.mod';
interface Hostile {
  kind: Kind;
  label: string;
  apply(r: TestRepo): void;
}

beforeAll(async () => {
  await buildFixture('healthy'); // the SDK in the module cache: builds need no network
  healthyMain = readFileSync(join(fixturesDir, 'plugins', 'healthy', 'main.go'), 'utf8');
  outside = join(tmp.dir, 'outside');
  markerDir = join(tmp.dir, 'markers');
  mkdirSync(outside);
  mkdirSync(markerDir);
  canary = new Canary(outside);
  mkdirSync(join(outside, 'module'));
  writeFileSync(join(outside, 'module', 'go.mod'), 'module example.com/evil\n\ngo 1.24\n');
  writeFileSync(join(outside, 'module', 'evil.go'), `package evil\n\n${canary.secret}\n`);
  proxy = await recordingProxy();
  // Go as a runner image has it: the default GOTOOLCHAIN=auto, a proxy we can watch.
  const env: Record<string, string> = {
    GOTOOLCHAIN: 'auto',
    GOPROXY: proxy.url,
    GOSUMDB: 'off',
    GOENV: 'off',
    GOFLAGS: '',
    GOCACHE: join(cacheDir, 'reliability-gocache'),
  };
  for (const [k, v] of Object.entries(env)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
}, 300_000);
afterAll(async () => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await proxy?.close();
  table.print();
  tmp.cleanup();
});

const marker = () => join(markerDir, 'PWNED');

// ---- what a hostile repository may hold ---------------------------------

const LINK_NAMES = [
  'README.md',
  'README_EN.md',
  'spec.yaml',
  'icon.png',
  '.buildrc',
  'VERSION',
  'smoke.yaml',
  'go.mod',
  'go.sum',
  'leak.go',
  'leak_test.go',
  'pkg',
];
type Target = (linkPath: string) => string;
const TARGETS: [string, Target][] = [
  ['the canary (absolute)', () => canary.file],
  ['the canary (relative)', (p) => relative(dirname(p), canary.file)],
  ['/proc/self/environ', () => '/proc/self/environ'],
  ['/etc/passwd', () => '/etc/passwd'],
  ['/dev/zero', () => '/dev/zero'],
  [
    "another plugin's file",
    (p) => relative(dirname(p), join(dirname(dirname(p)), 'other', 'spec.yaml')),
  ],
  ['a directory outside', () => outside],
  ['nothing (dangling)', () => 'no-such-file'],
  ['itself (a loop)', (p) => basename(p)],
];

/** Makes `path` anew: what an earlier mutation left there (a pipe, a link) goes first. */
function place(path: string, make: () => void): void {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { recursive: true, force: true });
  make();
}

/** Writes a file of the repository, replacing whatever was there. */
function put(r: TestRepo, rel: string, text: string): void {
  place(r.path(rel), () => writeFileSync(r.path(rel), text));
}

/** The text of a file an earlier mutation may have made a pipe or a link: the original then. */
function textOf(r: TestRepo, rel: string, original: string): string {
  return lstatSync(r.path(rel), { throwIfNoEntry: false })?.isFile() &&
    statSync(r.path(rel)).size < 1 << 20
    ? r.read(rel)
    : r.read(original);
}

const link: fc.Arbitrary<Hostile> = fc
  .tuple(fc.constantFrom(...LINK_NAMES), fc.constantFrom(...TARGETS))
  .map(([name, [what, target]]) => ({
    kind: 'link',
    label: `${name} -> ${what}`,
    apply: (r) => {
      const p = r.path(`${PLUGIN_DIR}/${name}`);
      place(p, () => symlinkSync(target(p), p));
    },
  }));

// Git cannot commit a named pipe, but a runner may have one: read as a file, it blocks.
const pipe: fc.Arbitrary<Hostile> = fc
  .constantFrom('README.md', 'spec.yaml', '.buildrc', 'VERSION', 'smoke.yaml', 'go.mod')
  .map((name) => ({
    kind: 'link',
    label: `${name} is a named pipe`,
    apply: (r) => {
      const p = r.path(`${PLUGIN_DIR}/${name}`);
      place(p, () => execFileSync('mkfifo', [p]));
    },
  }));

const outputLink: fc.Arbitrary<Hostile> = fc
  .constantFrom(
    '.wasm-plugin-ci',
    '.wasm-plugin-ci/build',
    '.wasm-plugin-ci/oci',
    '.wasm-plugin-ci/build/victim',
  )
  .map((rel) => ({
    kind: 'output link',
    label: `${rel} -> outside`,
    apply: (r) => {
      // An earlier link on the way would make this mkdir write outside: it goes.
      const parts = rel.split('/');
      for (let i = 1; i < parts.length; i++) {
        const up = r.path(parts.slice(0, i).join('/'));
        if (lstatSync(up, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(up);
      }
      place(r.path(rel), () => symlinkSync(outside, r.path(rel)));
    },
  }));

const ODD = [
  'new\nline',
  '::error::pwned',
  '\n::stop-commands::tok',
  'ünïcödé',
  '-rf',
  '--all',
  'a b',
  '$(touch MARKER)',
  '`touch MARKER`',
  'x'.repeat(200),
];
const oddName: fc.Arbitrary<Hostile> = fc
  .tuple(fc.constantFrom(...ODD), fc.boolean())
  .map(([raw, asPlugin]) => ({
    kind: 'odd name',
    label: `${asPlugin ? 'plugin directory' : 'file'} ${JSON.stringify(raw.slice(0, 24))}`,
    apply: (r) => {
      const name = raw.replaceAll('MARKER', marker());
      if (asPlugin) {
        // A second plugin with a name no image or matrix can take.
        const dir = `${EXTENSIONS}/${name.replaceAll('/', '_')}`;
        put(r, `${dir}/main.go`, healthyMain);
        put(r, `${dir}/go.mod`, r.read(`${PLUGIN_DIR}/.go.mod.orig`));
        put(r, `${dir}/go.sum`, r.read(`${PLUGIN_DIR}/.go.sum.orig`));
      } else {
        put(r, `${PLUGIN_DIR}/${name.replaceAll('/', '_')}`, `odd ${name}\n`);
        put(r, `${PLUGIN_DIR}/README_ZZ.md`, `# ${name}\n`);
      }
    },
  }));

const huge: fc.Arbitrary<Hostile> = fc
  .tuple(
    fc.constantFrom(
      'README.md',
      'spec.yaml',
      '.buildrc',
      'VERSION',
      'smoke.yaml',
      'go.mod',
      'big.go',
    ),
    fc.constantFrom(65 << 20, 2 ** 31, 5 * 2 ** 30),
  )
  .map(([name, size]) => ({
    kind: 'huge file',
    label: `${name} of ${Math.round(size / 2 ** 20)} MiB (sparse)`,
    apply: (r) => {
      const p = r.path(`${PLUGIN_DIR}/${name}`);
      place(p, () => {
        const head: Record<string, string> = {
          'go.mod': r.read(`${PLUGIN_DIR}/.go.mod.orig`),
          'big.go': 'package main\n',
        };
        writeFileSync(p, head[name] ?? '# big\n');
        truncateSync(p, size);
      });
    },
  }));

/** Flags an attacker would try, and a few honest ones. */
const FLAG_PIECES = [
  '-o OUT/pwned',
  '-o=OUT/pwned',
  'all=-o OUT/pwned',
  '@CANARY',
  '-X @CANARY',
  '-X main.v=1',
  '-s -w',
  '-extldflags=-Wl,OUT',
  '-tmpdir=OUT',
  '-toolexec=touch MARKER',
  '-exec=touch',
  '-overlay=CANARY',
  '-modfile=CANARY',
  '-pgo=CANARY',
  '-pkgdir=OUT',
  '-C OUT',
  '-gcflags=all=-cpuprofile=OUT/prof',
  '-gcflags=@CANARY',
  '-trimpath',
  '-p=2',
  '--o=OUT/x',
];
const buildrc: fc.Arbitrary<Hostile> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('LDFLAGS', 'BUILD_FLAGS'),
      fc.array(fc.constantFrom(...FLAG_PIECES), { minLength: 1, maxLength: 3 }),
    )
    .map(([key, pieces]) => ({
      kind: '.buildrc' as Kind,
      label: `${key}="${pieces.join(' ')}"`,
      apply: (r: TestRepo) =>
        put(
          r,
          `${PLUGIN_DIR}/.buildrc`,
          `${key}="${pieces
            .join(' ')
            .replaceAll('OUT', outside)
            .replaceAll('CANARY', canary.file)
            .replaceAll('MARKER', marker())}"\n`,
        ),
    })),
  shellText('MARKER').map((text) => ({
    kind: '.buildrc' as Kind,
    label: `shell text ${JSON.stringify(text.slice(0, 40))}`,
    apply: (r: TestRepo) => put(r, `${PLUGIN_DIR}/.buildrc`, text.replaceAll('MARKER', marker())),
  })),
);

const GOMOD_EDITS: [string, (text: string, r: TestRepo) => string][] = [
  ['toolchain go1.27.0', (t) => `${t}\ntoolchain go1.27.0\n`],
  ['go 1.99', (t) => t.replace(/^go .*$/m, 'go 1.99')],
  ['go 1.2.3.4', (t) => t.replace(/^go .*$/m, 'go 1.2.3.4')],
  ['toolchain default', (t) => `${t}\ntoolchain default\n`],
  [
    'replace into a module outside',
    (t, r) =>
      `${t}\nrequire example.com/evil v0.0.0\nreplace example.com/evil => ${relative(r.path(PLUGIN_DIR), join(outside, 'module'))}\n`,
  ],
  ['replace => /', (t) => `${t}\nreplace example.com/evil => /\n`],
  ['no module line', (t) => t.replace(/^module .*$/m, '')],
  ['CRLF line ends', (t) => t.replaceAll('\n', '\r\n')],
  ['a byte-order mark', (t) => `\uFEFF${t}`],
  ['an unterminated quote', (t) => t.replace(/^module .*$/m, 'module "example.com/x')],
  ['godebug line', (t) => `${t}\ngodebug default=go1.21\n`],
];
const gomod: fc.Arbitrary<Hostile> = fc.oneof(
  fc.constantFrom(...GOMOD_EDITS).map(([what, edit]) => ({
    kind: 'go.mod' as Kind,
    label: what,
    apply: (r: TestRepo) => {
      const f = `${PLUGIN_DIR}/go.mod`;
      put(r, f, edit(textOf(r, f, `${PLUGIN_DIR}/.go.mod.orig`), r));
    },
  })),
  fc.constant({
    kind: 'go.mod' as Kind,
    label: 'go.work using a directory outside',
    apply: (r: TestRepo) =>
      put(
        r,
        'go.work',
        `go 1.24\n\nuse (\n\t./${PLUGIN_DIR}\n\t${relative(r.dir, join(outside, 'module'))}\n)\n`,
      ),
  }),
);

const hostileRepo = fc.record({
  hostile: fc.array(fc.oneof(link, pipe, outputLink, oddName, huge, buildrc, gomod), {
    minLength: 1,
    maxLength: 4,
  }),
  command: fc.constantFrom<'build' | 'run'>('build', 'run'),
});

// ---- one repository, every command --------------------------------------

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

function makeRepo(hostile: Hostile[]): TestRepo {
  const r = TestRepo.create(
    [{ name: 'victim', files: { 'main.go': healthyMain, 'README.md': '# victim\n' } }],
    'wpci-rel-hostile-repo-',
  );
  r.write(`${EXTENSIONS}/other/spec.yaml`, 'other-plugin-spec: 1\n');
  r.write(`${PLUGIN_DIR}/.go.mod.orig`, r.read(`${PLUGIN_DIR}/go.mod`));
  r.write(`${PLUGIN_DIR}/.go.sum.orig`, r.read(`${PLUGIN_DIR}/go.sum`));
  // Applied after the commit: a 5 GiB sparse file needs no hashing by git.
  for (const h of hostile) h.apply(r);
  return r;
}

/** Everything that must hold after one command on a hostile repository; the failures. */
function violations(run: CliRun, r: TestRepo): string[] {
  const needles = [
    canary.secret,
    'root:x:0:0',
    'other-plugin-spec',
    ...(environToken ? [environToken] : []),
  ];
  const leaked = leaksOf(needles, { stdout: run.stdout, stderr: run.stderr }, [
    r.path('.wasm-plugin-ci'),
  ]);
  const outsideNow = treeOf(outside).filter(
    (p) => !['secret.txt', 'atime-probe', 'module', 'module/go.mod', 'module/evil.go'].includes(p),
  );
  return [
    ![0, 1, 2].includes(run.code) && `exit ${run.code}`,
    STACK_LINE.test(run.stderr) && 'a stack trace',
    run.code === 2 && !/error/.test(run.stderr) && 'exit 2 without an error line',
    leaked.length > 0 && `secret in ${leaked.join(', ')}`,
    canary.wasRead() && 'the canary was read',
    outsideNow.length > 0 && `written outside: ${outsideNow.slice(0, 5).join(', ')}`,
    existsSync(marker()) && 'a command ran (the marker exists)',
    proxy.requests.length > 0 && `fetched: ${proxy.requests.slice(0, 3).join(', ')}`,
  ].filter((v): v is string => typeof v === 'string');
}

describe('hostile repositories through detect, build and run', () => {
  it(`${RUNS} generated repositories: nothing read outside, leaked, written, run or fetched`, async () => {
    const tried = new Map<Kind, { tries: number; survived: number; labels: Set<string> }>();
    const codes = new Map<string, Set<number>>();
    let slowest = { ms: 0, what: '' };
    let cases = 0;
    let passed = 0;
    const body = async ({ hostile, command }: { hostile: Hostile[]; command: 'build' | 'run' }) => {
      cases++;
      const r = makeRepo(hostile);
      const problems: string[] = [];
      try {
        for (const cmd of ['detect', command] as const satisfies readonly (
          'detect' | 'build' | 'run'
        )[]) {
          const args =
            cmd === 'detect' ? ['detect', '--all'] : cmd === 'run' ? ['run', '--all'] : ['build'];
          canary.arm();
          proxy.requests.length = 0;
          const started = Date.now();
          let run: CliRun;
          try {
            run = await within(DEADLINE_MS[cmd], cmd, cli([...args, '--repo', r.dir], r.dir));
          } catch (err) {
            problems.push((err as Error).message);
            break;
          }
          const ms = Date.now() - started;
          if (ms > slowest.ms) slowest = { ms, what: cmd };
          if (!codes.has(cmd)) codes.set(cmd, new Set());
          codes.get(cmd)!.add(run.code);
          for (const v of violations(run, r))
            problems.push(`${cmd}: ${v}\n${run.stderr.slice(-1500)}`);
          if (run.code !== 0) break; // what failed detect fails build and run the same way
        }
      } finally {
        for (const h of hostile) {
          const t = tried.get(h.kind) ?? { tries: 0, survived: 0, labels: new Set<string>() };
          t.tries++;
          if (!problems.length) t.survived++;
          t.labels.add(h.label);
          tried.set(h.kind, t);
        }
        for (const name of readdirSync(outside))
          if (!['secret.txt', 'atime-probe', 'module'].includes(name))
            rmSync(join(outside, name), { recursive: true, force: true });
        rmSync(marker(), { force: true });
        r.cleanup();
      }
      if (problems.length)
        throw new Error(
          `${hostile.map((h) => h.label).join(' + ')} (${command}):\n${problems.join('\n')}`,
        );
      passed++;
    };
    try {
      await fc.assert(fc.asyncProperty(hostileRepo, body), {
        numRuns: RUNS,
        seed: SEED,
        endOnFailure: true,
      });
    } finally {
      for (const [kind, t] of tried) {
        table.add({
          fault: `hostile repository: ${kind} (${t.labels.size} distinct)`,
          family: FAMILY,
          breakdown: true,
          tries: t.tries,
          survived: t.survived,
          dataLost: 'none',
          leaked: t.survived === t.tries ? 'none' : 'see failure',
          note: [...t.labels].slice(0, 3).join('; ').slice(0, 90),
        });
      }
      table.add({
        fault: 'hostile repositories, all commands',
        family: FAMILY,
        tries: cases,
        survived: passed,
        dataLost: 'none',
        leaked: passed === cases ? 'none' : 'see failure',
        note: `seed ${SEED}; exits ${[...codes].map(([c, s]) => `${c} ${[...s].sort().join('/')}`).join(', ')}; slowest ${slowest.what} ${slowest.ms} ms`,
      });
    }
    expect(passed).toBe(RUNS);
  }, 900_000);
});
