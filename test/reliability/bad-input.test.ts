/**
 * Bad input at every CLI entry point (in-process): malformed flags, missing
 * files, malformed wasm, smoke configs, .buildrc injection attempts, plugin
 * names, event payloads, image references and hostile toolchain archives.
 * Each must exit 2 (1 for a failing plugin) with a message naming the value,
 * no stack trace, and nothing half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { cli, type CliRun } from '../support/cli.js';
import { EXTENSIONS, TestRepo } from '../support/git-repo.js';
import { buildFixture } from '../support/go-fixtures.js';
import { startMirror, tarGz, type Mirror } from '../support/mirror.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import {
  expectClean,
  halfWrittenToolCache,
  listTree,
  stagingLeft,
  STACK_LINE,
  tempDir,
  type Clean,
} from './helpers.js';

const table = new ReliabilityTable('bad-input');
const tmp = tempDir('wpci-rel-input-');
let wasm: Buffer;
let wasmFile: string;

beforeAll(async () => {
  wasmFile = await buildFixture('healthy');
  wasm = readFileSync(wasmFile);
}, 300_000);
afterAll(() => {
  table.print();
  tmp.cleanup();
});

/** Runs every case, asserting each is clean, and adds one table row. */
async function cases(
  row: string,
  list: { args: string[]; want: Clean; cwd?: string; env?: NodeJS.ProcessEnv }[],
  after?: () => string,
): Promise<void> {
  let survived = 0;
  const codes = new Set<number>();
  for (const c of list) {
    const run = await cli(c.args, c.cwd ?? tmp.dir, c.env ?? process.env);
    codes.add(run.code);
    try {
      expectClean(run, c.want);
    } catch (err) {
      table.add({ fault: row, tries: list.length, survived, dataLost: 'n/a', note: 'FAILED' });
      throw new Error(`${c.args.join(' ')}: ${(err as Error).message}`);
    }
    survived++;
  }
  const lost = after?.() ?? 'none';
  table.add({
    fault: row,
    tries: list.length,
    survived,
    dataLost: lost,
    note: `exit ${[...codes].join('/')}`,
  });
  expect(lost).toBe('none');
}

describe('malformed flags, every command', () => {
  it('unknown flags and bad flag values exit 2 naming the flag or value', async () => {
    const unknown = ['setup', 'detect', 'build', 'smoke', 'push', 'verify', 'run'].map((cmd) => ({
      args: [cmd, '--no-such-flag-xyz'],
      want: { code: 2, names: 'no-such-flag-xyz' },
    }));
    await cases('unknown flag (each of 7 commands)', unknown);

    const values: [string[], string][] = [
      [['build', '--jobs', 'many'], "'many'"],
      [['build', '--jobs', '0'], "'0'"],
      [['build', '--builder', 'rustc'], "'rustc'"],
      [['detect', '--builder', 'gcc'], "'gcc'"],
      [['detect', '--head', 'HEAD'], '--head needs --base'],
      [['run', '--jobs=-3'], "'-3'"],
      [['run', '--timeout-ms', '1.5'], "'1.5'"],
      [['run', '--host', 'envoy-0.0'], "'envoy-0.0'"],
      [['run', '--event', 'tuesday'], "'tuesday'"],
      [['run', '--layout', 'zip'], 'zip'],
      // (capitals are lower-cased, as metadata-action does: issue #15)
      [['run', '--image', 'reg.example/a b/{{plugin}}'], "'a b/check'"],
      [
        ['run', '--image', 'r.example/a/{{plugin}}', '--oci-layout', 'x'],
        '--image or --oci-layout',
      ],
      [['smoke', wasmFileArg(), '--timeout-ms', '10ms'], "'10ms'"],
      [['smoke', wasmFileArg(), '--memory-limit-mb', '0'], "'0'"],
      [['smoke', wasmFileArg(), '--host', 'nginx'], "'nginx'"],
      [['smoke'], 'expected one FILE.wasm'],
      [['smoke', 'a.wasm', 'b.wasm'], 'expected one FILE.wasm'],
      [['push', wasmFileArg(), '--ref', 'r.example/a:1', '--layout', 'tarball'], 'tarball'],
      [['push', wasmFileArg(), '--ref', 'r.example/a:1', '--image-spec', '2.0'], "'2.0'"],
      [['push', wasmFileArg(), '--ref', 'r.example/a:1', '--created', 'yesterday'], 'yesterday'],
      [['push', wasmFileArg()], '--ref'],
      [['verify', 'r.example/a:1', '--sha256', 'xyz'], "'xyz'"],
      [['verify'], 'exactly one REF'],
      [['setup', '--go', '1.x.y'], "'1.x.y'"],
      [['setup', '--tinygo', '0.30.0', '--tinygo-sha256', 'nothex'], "'nothex'"],
      [['setup', '--go', '1.24.4', '--mirror', 'file:///etc'], "'file:///etc'"],
      [['no-such-command'], "'no-such-command'"],
    ];
    await cases(
      'bad flag value (27 cases)',
      values.map(([args, names]) => ({ args, want: { code: 2, names } })),
    );
  });
});

/** The healthy fixture's path; resolved lazily since beforeAll builds it. */
function wasmFileArg(): string {
  return join(tmp.dir, 'healthy.wasm');
}

describe('missing files', () => {
  it('exit 2 naming the missing path', async () => {
    writeFileSync(wasmFileArg(), wasm);
    const missing = join(tmp.dir, 'nowhere');
    await cases('missing file or directory (8 cases)', [
      { args: ['smoke', `${missing}.wasm`], want: { code: 2, names: `${missing}.wasm` } },
      {
        args: ['smoke', wasmFileArg(), '--plugin-config', `${missing}.json`],
        // not a file: taken as inline YAML, a plain string is not a JSON object
        want: { code: [0, 1, 2] },
      },
      {
        args: ['push', `${missing}.wasm`, '--ref', 'r.example/a:1'],
        want: { code: 2, names: 'nowhere' },
      },
      {
        args: ['push', missing, '--oci-layout', `${tmp.dir}/l:1`],
        want: { code: 2, names: 'nowhere' },
      },
      { args: ['verify', '--oci-layout', `${missing}:1`], want: { code: 2, names: 'nowhere' } },
      { args: ['build', '--repo', missing], want: { code: 2, names: missing } },
      { args: ['detect', '--repo', missing], want: { code: 2, names: missing } },
      { args: ['run', '--repo', missing, '--no-publish'], want: { code: 2, names: missing } },
    ]);
  });

  it('setup with a missing --go-version-file exits 2 naming it', async () => {
    await cases('missing --go-version-file', [
      {
        args: ['setup', '--go-version-file', 'no/go.mod', '--cache-dir', join(tmp.dir, 'c0')],
        want: { code: 2, names: 'go.mod' },
      },
    ]);
  });
});

describe('malformed wasm', () => {
  it('random bytes and every kind of truncation: smoke exits 2 naming the file, push pushes nothing', async () => {
    const dir = join(tmp.dir, 'wasm');
    mkdirSync(dir, { recursive: true });
    const samples = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 64 }), {
      numRuns: 8,
      seed: 7,
    });
    const truncations = [0, 4, 8, 9, 11, 64, 1000, wasm.length >> 1, wasm.length - 1];
    const files: string[] = [];
    samples.forEach((s, i) => {
      const f = join(dir, `random-${i}.wasm`);
      writeFileSync(f, s);
      files.push(f);
    });
    for (const n of truncations) {
      const f = join(dir, `trunc-${n}.wasm`);
      writeFileSync(f, wasm.subarray(0, n));
      files.push(f);
    }
    // Cut at 8 bytes, the module is the empty (valid) module: it loads, and
    // fails as a plugin (no ABI version), exit 1. Every other cut is bad input.
    await cases(
      `malformed wasm to smoke (${files.length} files: random, truncated)`,
      files.map((f) => ({
        args: ['smoke', f, '--json'],
        want: f.endsWith('trunc-8.wasm')
          ? { code: 1, names: 'ABI' }
          : { code: 2, names: f.split('/').pop()! },
      })),
    );
    const layout = join(tmp.dir, 'layout-bad-wasm');
    await cases(
      'malformed wasm to push --oci-layout',
      files.slice(0, 4).map((f) => ({
        args: ['push', f, '--oci-layout', `${layout}:1.0.0`],
        // PluginFailure (1) today; 2 would be as right: the file is bad input
        want: { code: [1, 2], names: 'nothing was pushed' },
      })),
      () => (existsSync(join(layout, 'index.json')) ? 'an index.json was written' : 'none'),
    );
  });

  it('smoke --json prints nothing on stdout when the input is bad', async () => {
    const f = join(tmp.dir, 'empty.wasm');
    writeFileSync(f, '');
    const run = await cli(['smoke', f, '--json'], tmp.dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
  });
});

describe('malformed smoke configs', () => {
  it('bad JSON and YAML files and inline values exit 2 naming them', async () => {
    const files: Record<string, string> = {
      'bad.json': '{"a": ',
      'trailing.json': '{"a": 1}}',
      'bad.yaml': 'a: [\n',
      'tabs.yaml': 'a:\n\t- b\n',
      'dup.yaml': 'a: 1\na: 2\n',
    };
    for (const [n, t] of Object.entries(files)) writeFileSync(join(tmp.dir, n), t);
    const list = Object.keys(files).flatMap((n) => [
      { args: ['smoke', wasmFileArg(), '--plugin-config', n], want: { code: 2, names: n } },
      { args: ['smoke', wasmFileArg(), '--vm-config', n], want: { code: 2, names: n } },
    ]);
    list.push(
      {
        args: ['smoke', wasmFileArg(), '--plugin-config', '{bad'],
        want: { code: 2, names: '{bad' },
      },
      { args: ['smoke', wasmFileArg(), '--plugin-config', '[1,'], want: { code: 2, names: '[1,' } },
    );
    await cases(`malformed smoke config (${list.length} cases)`, list);
  });
});

describe('.buildrc injection and plugin names', () => {
  let repo: TestRepo;
  const marker = () => join(tmp.dir, 'INJECTED');
  const attempts = () => [
    `EXTRA_TAGS=$(touch ${marker()})`,
    `EXTRA_TAGS=\`touch ${marker()}\``,
    `EXTRA_TAGS="$(touch ${marker()})"`,
    `EXTRA_TAGS="\`touch ${marker()}\`"`,
    `EXTRA_TAGS=x; touch ${marker()}`,
    `EXTRA_TAGS=x && touch ${marker()}`,
    `EXTRA_TAGS=x | touch ${marker()}`,
    `touch ${marker()}`,
    `EXTRA_TAGS=\${IFS}$(touch ${marker()})`,
    `EXTRA_TAGS=x\\\ntouch ${marker()}`,
  ];

  afterAll(() => repo?.cleanup());

  it('never runs anything: build and run exit 2 naming the file and line, detect warns', async () => {
    repo = TestRepo.create([{ name: 'victim', buildrc: 'EXTRA_TAGS=ok\n' }]);
    const list: { args: string[]; want: Clean; cwd?: string }[] = [];
    let i = 0;
    for (const text of attempts()) {
      const name = `inj${i++}`;
      const r = TestRepo.create([{ name, buildrc: `# attempt\n${text}\n` }], 'wpci-rel-inj-');
      const out = join(r.dir, 'out');
      for (const cmd of [
        ['detect', '--repo', r.dir, '--all'],
        ['build', '--repo', r.dir, '--out', out],
        ['run', '--repo', r.dir, '--out', out, '--no-publish'],
      ]) {
        // detect keeps the plugin (its build fails, not the others') and warns, naming the line.
        const code = cmd[0] === 'detect' ? 0 : 2;
        list.push({ args: cmd, want: { code, names: `${name}/.buildrc:2` } });
      }
      await cases(
        `.buildrc injection: ${text.split('\n')[0]!.replace(marker(), 'X')}`,
        list.splice(0),
        () =>
          existsSync(marker())
            ? 'COMMAND RAN (X created)'
            : listTree(out).some((p) => p.endsWith('.wasm'))
              ? 'a wasm was written'
              : 'none',
      );
      r.cleanup();
    }
    expect(existsSync(marker())).toBe(false);
  }, 120_000);

  it('invalid plugin directory names exit 2 naming the directory', async () => {
    const bad = ['Key-Auth', 'ai_proxy-', 'has space', 'x'.repeat(129), 'dot..dot', '-lead'];
    const list: { args: string[]; want: Clean }[] = [];
    const repos: TestRepo[] = [];
    for (const name of bad) {
      const r = TestRepo.create([], 'wpci-rel-name-');
      r.addPlugin({ name: 'placeholder' });
      // The directory name is the plugin name; the module path stays valid.
      renameSync(r.path(`${EXTENSIONS}/placeholder`), r.path(`${EXTENSIONS}/${name}`));
      r.commit('rename');
      repos.push(r);
      for (const cmd of ['detect', 'build']) {
        list.push({ args: [cmd, '--repo', r.dir], want: { code: 2, names: `'${name}'` } });
      }
    }
    try {
      await cases(`invalid plugin name (${bad.length} names x detect, build)`, list);
    } finally {
      for (const r of repos) r.cleanup();
    }
  }, 60_000);
});

describe('malformed event payloads', () => {
  let repo: TestRepo;
  beforeAll(() => {
    repo = TestRepo.create([{ name: 'alpha' }]);
  });
  afterAll(() => repo.cleanup());

  it('GITHUB_EVENT_PATH to bad JSON, a missing file, or a payload without its fields: exit 2', async () => {
    const dir = join(tmp.dir, 'events');
    mkdirSync(dir, { recursive: true });
    const write = (n: string, text: string) => {
      writeFileSync(join(dir, n), text);
      return join(dir, n);
    };
    const payloads: [string, string, string][] = [
      ['push', write('trunc.json', '{"ref": "refs/heads/main", "after'), 'trunc.json'],
      ['push', write('empty.json', ''), 'empty.json'],
      ['push', write('binary.json', '\u0000\u00ff\u0001'), 'binary.json'],
      ['push', join(dir, 'absent.json'), 'absent.json'],
      ['push', dir, 'events'], // a directory
      ['push', write('noafter.json', JSON.stringify({ ref: 'refs/heads/main' })), 'after'],
      ['push', write('arr.json', '[1,2,3]'), 'ref'],
      ['push', write('null.json', 'null'), 'ref'],
      [
        'pull_request',
        write('pr.json', JSON.stringify({ pull_request: { head: { sha: 'abc' } } })),
        'pull_request.base.sha',
      ],
      [
        'pull_request',
        write(
          'pr-types.json',
          JSON.stringify({ pull_request: { base: { sha: 123 }, head: { sha: ['x'] } } }),
        ),
        'pull_request.base.sha',
      ],
    ];
    const list = payloads.flatMap(([name, file, names]) =>
      ['detect', 'run'].map((cmd) => ({
        args:
          cmd === 'run'
            ? [cmd, '--repo', repo.dir, '--no-publish', '--no-smoke']
            : [cmd, '--repo', repo.dir],
        env: { ...process.env, GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: file },
        want: { code: 2, names } as Clean,
      })),
    );
    await cases(`malformed event payload (${payloads.length} payloads x detect, run)`, list);
  }, 60_000);
});

describe('bad registry references', () => {
  it('push and verify exit 2 naming the reference, contacting nothing', async () => {
    const refs: [string, string][] = [
      ['127.0.0.1:1/UPPER/case:1', "'UPPER/case'"],
      ['127.0.0.1:1/a/b:bad tag', "'bad tag'"],
      ['127.0.0.1:1/a/b', 'a tag or a digest is required'],
      ['127.0.0.1:1/a/b@sha256:zz', "'sha256:zz'"],
      ['127.0.0.1:1/a//b:1', "'a//b'"],
      ['127.0.0.1:1/a/b:-lead', "'-lead'"],
      [`127.0.0.1:1/a/b:${'x'.repeat(129)}`, 'not a valid tag'],
      ['127.0.0.1:1/a/b:1,,2', 'not a valid tag'],
      [' ', 'invalid image reference'],
    ];
    const list = refs.flatMap(([ref, names]) => [
      { args: ['push', wasmFileArg(), '--ref', ref], want: { code: 2, names } as Clean },
      ...(ref.includes(',') ? [] : [{ args: ['verify', ref], want: { code: 2, names } as Clean }]),
    ]);
    list.push({
      args: ['push', wasmFileArg(), '--oci-layout', `${tmp.dir}/lay:bad tag`],
      want: { code: 2, names: "'bad tag'" },
    });
    await cases(`bad image reference (${list.length} cases)`, list, () =>
      existsSync(join(tmp.dir, 'lay')) ? 'a layout directory was written' : 'none',
    );
  });
});

describe('hostile toolchain archives through `setup`', () => {
  let mirror: Mirror;
  const TG = '0.99.7';
  beforeAll(async () => {
    mirror = await startMirror({ go: false, oras: false, tinygo: [TG] });
  }, 120_000);
  afterAll(async () => mirror?.close());

  const hostile: [string, Parameters<typeof tarGz>[0], string][] = [
    [
      '../ entry',
      [
        { path: 'tinygo/bin/tinygo', type: 'file', body: Buffer.from('x'), mode: 0o755 },
        { path: 'tinygo/../../escaped.txt', type: 'file', body: Buffer.from('pwned') },
      ],
      'escaped.txt',
    ],
    [
      'absolute path',
      [{ path: '/tmp/wpci-rel-escaped.txt', type: 'file', body: Buffer.from('x') }],
      'wpci-rel-escaped.txt',
    ],
    [
      'symlink out',
      [
        { path: 'tinygo/bin/tinygo', type: 'file', body: Buffer.from('x'), mode: 0o755 },
        { path: 'tinygo/lib', type: 'symlink', linkpath: '../../../..' },
      ],
      'tinygo/lib',
    ],
    [
      'hard link out',
      [
        { path: 'tinygo/bin/tinygo', type: 'file', body: Buffer.from('x'), mode: 0o755 },
        { path: 'tinygo/passwd', type: 'hardlink', linkpath: '/etc/passwd' },
      ],
      'tinygo/passwd',
    ],
    ['not gzip at all', [], 'tinygo'],
  ];

  for (const [what, entries, names] of hostile) {
    it(`${what}: exit non-zero, one line, nothing installed or left staged`, async () => {
      const body =
        what === 'not gzip at all' ? Buffer.from('this is not an archive') : tarGz(entries);
      const sha = createHash('sha256').update(body).digest('hex');
      mirror.fault(`/tinygo/v${TG}/tinygo${TG}.linux-amd64.tar.gz`, { kind: 'replace', body });
      const cache = join(tmp.dir, `hostile-${what.replace(/\W+/g, '-')}`);
      let run: CliRun;
      try {
        run = await cli([
          'setup',
          '--tinygo',
          TG,
          '--tinygo-sha256',
          sha,
          '--mirror',
          mirror.url,
          '--cache-dir',
          cache,
        ]);
      } finally {
        mirror.clearFaults();
      }
      const tools = join(cache, 'tools');
      const left = [
        ...halfWrittenToolCache(tools),
        ...stagingLeft(tools),
        ...listTree(join(cache, 'tmp')),
        ...(existsSync(join(tools, 'escaped.txt')) ? ['escaped.txt'] : []),
        ...(existsSync('/tmp/wpci-rel-escaped.txt') ? ['/tmp/wpci-rel-escaped.txt'] : []),
      ];
      const row = {
        fault: `toolchain archive: ${what} (setup)`,
        tries: 1,
        survived: 0,
        dataLost: left.length ? left.join(', ') : 'none',
        note: `exit ${run.code}${STACK_LINE.test(run.stderr) ? ', STACK TRACE' : ''}`,
      };
      expect(left).toEqual([]);
      expect(existsSync(join(tools, 'tinygo', TG, 'x64.complete'))).toBe(false);
      expect(run.code).not.toBe(0);
      row.survived = STACK_LINE.test(run.stderr) ? 0 : 1;
      table.add(row);
      expect(run.stderr).toContain(names);
    });
  }

  // Toolchain faults are plain errors: the CLI prints their message, no stack.
  it('a checksum mismatch prints one line, no stack trace (CLI setup)', async () => {
    const cache = join(tmp.dir, 'hostile-checksum');
    const run = await cli([
      'setup',
      '--tinygo',
      TG,
      '--tinygo-sha256',
      'ab'.repeat(32),
      '--mirror',
      mirror.url,
      '--cache-dir',
      cache,
    ]);
    const tools = join(cache, 'tools');
    const left = [
      ...halfWrittenToolCache(tools),
      ...stagingLeft(tools),
      ...listTree(join(cache, 'tmp')),
    ];
    table.add({
      fault: 'toolchain archive: checksum mismatch (setup)',
      tries: 1,
      survived: run.code !== 0 && left.length === 0 && !STACK_LINE.test(run.stderr) ? 1 : 0,
      dataLost: left.length ? left.join(', ') : 'none',
      note: `exit ${run.code}${STACK_LINE.test(run.stderr) ? ', STACK TRACE' : ''}`,
    });
    expect(left).toEqual([]);
    expectClean(run, { code: [1, 2], names: 'ab'.repeat(32) });
  });

  it('a refused archive prints one line, no stack trace (CLI setup)', async () => {
    const body = tarGz(hostile[0]![1]);
    const sha = createHash('sha256').update(body).digest('hex');
    mirror.fault(`/tinygo/v${TG}/tinygo${TG}.linux-amd64.tar.gz`, { kind: 'replace', body });
    try {
      const run = await cli([
        'setup',
        '--tinygo',
        TG,
        '--tinygo-sha256',
        sha,
        '--mirror',
        mirror.url,
        '--cache-dir',
        join(tmp.dir, 'hostile-stack'),
      ]);
      expectClean(run, { code: [1, 2], names: 'escaped.txt' });
    } finally {
      mirror.clearFaults();
    }
  });
});
