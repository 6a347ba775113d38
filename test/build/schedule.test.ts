/**
 * The build schedule: largest first from what is known (history, an earlier
 * module, a guess from the sources), one plugin alone first only on a cold
 * cache, and the history file that carries the sizes from run to run. The
 * buildAll cases run the TinyGo STAND-IN (test/support/tinygo-standin.ts),
 * whose call log gives the order builds started in.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAll, scheduleBuilds, type BuildOptions } from '../../src/build/build.js';
import {
  buildOrder,
  guessFromSources,
  historyKey,
  HISTORY_FILE,
  primers,
  readHistory,
  recordBuilds,
  writeHistory,
  type BuildRecord,
  type PluginCost,
  type SourceGuess,
} from '../../src/build/schedule.js';
import { memoryLog } from '../../src/common/log.js';
import type { Plugin, Toolchains } from '../../src/model.js';
import { discoverPlugins } from '../../src/repo/discover.js';
import { TestRepo } from '../support/git-repo.js';
import { writeTinygoStandin } from '../support/tinygo-standin.js';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'wpci-schedule-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const plugin = (name: string): Plugin => ({
  name,
  dir: `/repo/${name}`,
  relDir: name,
  module: `example.com/${name}`,
  builder: 'go',
  settings: { extraTags: [], buildFlags: [], values: {} },
});

function cost(
  name: string,
  size: number | undefined,
  extra: Partial<PluginCost> & { guessed?: SourceGuess } = {},
): PluginCost {
  const { guessed = { modules: 0, sourceBytes: 0 }, ...rest } = extra;
  return {
    plugin: plugin(name),
    toolchain: 'go 1.24.4',
    size,
    guess: () => guessed,
    warm: false,
    ...rest,
  };
}

const names = (list: PluginCost[]) => list.map((c) => c.plugin.name);

describe('build order', () => {
  it('puts the largest known module first and plugins known only by a guess before them', () => {
    let guessedKnown = 0;
    const known = (name: string, size: number) =>
      cost(name, size, {
        guess: () => {
          guessedKnown++;
          return { modules: 99, sourceBytes: 0 };
        },
      });
    const order = buildOrder([
      known('small', 6_000_000),
      cost('new-few-deps', undefined, { guessed: { modules: 14, sourceBytes: 1_000_000 } }),
      known('waf', 16_000_000),
      cost('new-many-deps', undefined, { guessed: { modules: 28, sourceBytes: 20_000 } }),
      known('medium', 9_000_000),
      known('same-as-small', 6_000_000),
    ]);
    expect(names(order)).toEqual([
      'new-many-deps',
      'new-few-deps',
      'waf',
      'medium',
      'small',
      'same-as-small',
    ]);
    // A known size is never second-guessed from the sources (that reads files).
    expect(guessedKnown).toBe(0);
  });

  it('weighs a large source of its own against a few more modules', () => {
    // ai-proxy (14 modules, 1 MB of its own Go) builds longer cold than jwt-auth (15, 28 KB).
    const order = buildOrder([
      cost('jwt-auth', undefined, { guessed: { modules: 15, sourceBytes: 28_000 } }),
      cost('ai-proxy', undefined, { guessed: { modules: 14, sourceBytes: 1_011_000 } }),
      cost('waf', undefined, { guessed: { modules: 28, sourceBytes: 24_000 } }),
    ]);
    expect(names(order)).toEqual(['waf', 'ai-proxy', 'jwt-auth']);
  });

  it('orders unknown plugins by dependency count, then by their own source', () => {
    const order = buildOrder([
      cost('a', undefined, { guessed: { modules: 14, sourceBytes: 1_000 } }),
      cost('b', undefined, { guessed: { modules: 14, sourceBytes: 50_000 } }),
      cost('c', undefined, { guessed: { modules: 15, sourceBytes: 10 } }),
      cost('d', undefined, { guessed: { modules: 14, sourceBytes: 1_000 } }),
    ]);
    expect(names(order)).toEqual(['c', 'b', 'a', 'd']);
  });
});

describe('the first build alone', () => {
  it('is the cheapest plugin of each cold toolchain that builds several', () => {
    const ordered = buildOrder([
      cost('big', 16e6),
      cost('mid', 9e6),
      cost('tiny', 6e6),
      cost('other-go', 7e6, { toolchain: 'go 1.25.0' }),
      cost('tg-big', 2e6, { toolchain: 'tinygo 0.34.0' }),
      cost('tg-small', 1e6, { toolchain: 'tinygo 0.34.0' }),
    ]);
    expect(names(primers(ordered, 2))).toEqual(['tiny', 'tg-small']);
  });

  it('is none on a warm cache, with one job, or for a toolchain with one plugin', () => {
    const warm = buildOrder([cost('a', 2, { warm: true }), cost('b', 1, { warm: true })]);
    expect(primers(warm, 2)).toEqual([]);
    expect(primers(buildOrder([cost('a', 2), cost('b', 1)]), 1)).toEqual([]);
    expect(
      primers(buildOrder([cost('a', 2), cost('b', 1, { toolchain: 'go 1.25.0' })]), 4),
    ).toEqual([]);
  });
});

describe('build history', () => {
  const record = (size: number, at = 1): BuildRecord => ({
    size,
    ms: 1000,
    toolchain: 'go 1.24.4',
    at,
  });

  it('round-trips through its file, written whole', () => {
    const file = join(scratch, 'round', HISTORY_FILE);
    const history = recordBuilds(new Map(), [{ key: 'k a', record: record(42) }]);
    writeHistory(file, history);
    expect(readHistory(file)).toEqual(new Map([['k a', record(42)]]));
    // No temporary file left beside it.
    expect(readdirSync(join(scratch, 'round'))).toEqual([HISTORY_FILE]);
  });

  it('reads as empty when absent, not JSON, of another version, a link or too large', () => {
    const dir = join(scratch, 'bad');
    mkdirSync(dir);
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(readHistory(undefined).size).toBe(0);
    expect(readHistory(join(dir, 'missing.json')).size).toBe(0);
    expect(readHistory(file('text.json', 'not json')).size).toBe(0);
    const v2 = JSON.stringify({ version: 2, plugins: { k: record(1) } });
    expect(readHistory(file('v2.json', v2)).size).toBe(0);
    const good = file('good.json', JSON.stringify({ version: 1, plugins: { k: record(1) } }));
    symlinkSync(good, join(dir, 'link.json'));
    expect(readHistory(join(dir, 'link.json')).size).toBe(0);
    const huge = { version: 1, plugins: { k: record(1) }, pad: 'x'.repeat(1 << 20) };
    expect(readHistory(file('huge.json', JSON.stringify(huge))).size).toBe(0);
    expect(readHistory(good).size).toBe(1);
  });

  it('keeps only well-formed records', () => {
    const file = join(scratch, 'mixed.json');
    const plugins = {
      ok: record(5),
      negative: { ...record(5), size: -1 },
      text: { ...record(5), ms: '12' },
      infinite: { ...record(5), at: 'INFINITY' },
      nameless: { size: 1, ms: 1, at: 1 },
      nested: [record(5)],
    };
    // 1e400 parses as Infinity: no JSON value of ours.
    const text = JSON.stringify({ version: 1, plugins }).replace('"INFINITY"', '1e400');
    writeFileSync(file, text);
    expect([...readHistory(file).keys()]).toEqual(['ok']);
  });

  it('drops the oldest entries beyond 2000', () => {
    const many = Array.from({ length: 2005 }, (_, i) => ({ key: `p${i}`, record: record(i, i) }));
    const kept = recordBuilds(new Map(), many);
    expect(kept.size).toBe(2000);
    expect(kept.has('p0')).toBe(false);
    expect(kept.has('p4')).toBe(false);
    expect(kept.has('p5')).toBe(true);
    expect(kept.has('p2004')).toBe(true);
  });
});

describe('guess from the sources', () => {
  it('counts modules with source hashes and the non-test Go source the build reads', () => {
    const dir = join(scratch, 'guess');
    mkdirSync(join(dir, 'util'), { recursive: true });
    mkdirSync(join(dir, 'testdata'));
    mkdirSync(join(dir, '.hidden'));
    writeFileSync(join(dir, 'main.go'), 'x'.repeat(100));
    writeFileSync(join(dir, 'util', 'util.go'), 'x'.repeat(20));
    writeFileSync(join(dir, 'main_test.go'), 'x'.repeat(1000));
    writeFileSync(join(dir, 'testdata', 'fixture.go'), 'x'.repeat(1000));
    writeFileSync(join(dir, '.hidden', 'a.go'), 'x'.repeat(1000));
    writeFileSync(join(dir, 'README.md'), 'x'.repeat(1000));
    // A linked directory is not followed (it could lead anywhere).
    symlinkSync(join(dir, 'testdata'), join(dir, 'linked'));
    const goSum = join(dir, 'go.sum');
    writeFileSync(
      goSum,
      [
        'example.com/a v1.0.0 h1:abc=',
        'example.com/a v1.0.0/go.mod h1:def=',
        'example.com/b v0.2.0/go.mod h1:ghi=',
        'example.com/c v1.1.0 h1:jkl=',
        '',
      ].join('\n'),
    );
    expect(guessFromSources(dir, goSum)).toEqual({ modules: 2, sourceBytes: 120 });
    expect(guessFromSources(dir, undefined)).toEqual({ modules: 0, sourceBytes: 120 });
    expect(guessFromSources(join(dir, 'missing'), join(dir, 'missing.sum'))).toEqual({
      modules: 0,
      sourceBytes: 0,
    });
  });
});

describe('buildAll follows the schedule (TinyGo stand-in)', () => {
  let repo: TestRepo;
  let toolchains: Toolchains;
  let standin: string;
  const buildCalls = () =>
    readFileSync(join(standin, 'calls.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { tool: string; args: string[]; cwd: string })
      .filter((c) => c.tool === 'tinygo' && c.args[0] === 'build')
      .map((c) => c.cwd.split('/').at(-1));

  beforeAll(() => {
    standin = join(scratch, 'tinygo-0.34.0', 'tinygo');
    writeTinygoStandin(standin, '0.34.0');
    toolchains = {
      tools: [
        {
          tool: 'tinygo',
          version: '0.34.0',
          dir: standin,
          binDir: join(standin, 'bin'),
          source: 'system',
        },
      ],
    };
    repo = TestRepo.create(
      ['alpha', 'beta', 'gamma', 'delta'].map((name) => ({
        name,
        buildrc: 'BUILDER=tinygo\n',
      })),
    );
  });
  afterAll(() => repo.cleanup());

  it('builds the largest recorded module first, an unknown plugin before it, and records sizes', async () => {
    const log = memoryLog();
    const plugins = await discoverPlugins(repo.dir, {}, log);
    const byName = (n: string) => plugins.find((p) => p.name === n)!;
    const goCache = join(scratch, 'gocache-order');
    const historyFile = join(goCache, HISTORY_FILE);
    const toolchain = 'tinygo 0.34.0';
    writeHistory(
      historyFile,
      new Map([
        [historyKey(byName('alpha')), { size: 10, ms: 1, toolchain, at: 1 }],
        [historyKey(byName('beta')), { size: 3000, ms: 1, toolchain, at: 1 }],
        [historyKey(byName('gamma')), { size: 200, ms: 1, toolchain, at: 1 }],
      ]),
    );
    const options: BuildOptions = {
      repoDir: repo.dir,
      outDir: join(scratch, 'out-order'),
      goCache,
      toolchains,
      jobs: 1,
    };
    const built: string[] = [];
    // Builds started when each one's hook ran: the hook comes as that build ends.
    const startedByThen: number[] = [];
    const outcomes = await buildAll(plugins, options, log, {
      onBuilt: (o) => {
        built.push(o.plugin.name);
        startedByThen.push(buildCalls().length);
      },
    });
    expect(outcomes.map((o) => [o.plugin.name, o.error])).toEqual(
      plugins.map((p) => [p.name, undefined]),
    );
    expect(buildCalls()).toEqual(['delta', 'beta', 'gamma', 'alpha']);
    expect(built).toEqual(['delta', 'beta', 'gamma', 'alpha']);
    expect(startedByThen).toEqual([1, 2, 3, 4]);
    const after = readHistory(historyFile);
    for (const o of outcomes) {
      expect(after.get(historyKey(o.plugin))).toMatchObject({
        size: o.result!.size,
        ms: o.result!.ms,
        toolchain,
      });
    }
  });

  it('builds one plugin alone first on a cold cache only', async () => {
    const log = memoryLog();
    const plugins = await discoverPlugins(repo.dir, {}, log);
    const goCache = join(scratch, 'gocache-cold');
    const options: BuildOptions = {
      repoDir: repo.dir,
      outDir: join(scratch, 'out-cold'),
      goCache,
      toolchains,
      jobs: 2,
    };
    // Nothing is known: the guess orders them, and the cheapest (beta: the
    // same go.sum, the least source, its name being the shortest) goes alone.
    const cold = await scheduleBuilds(plugins, options, 2);
    expect(cold.first.map((p) => p.name)).toEqual(['beta']);
    expect(cold.rest.map((p) => p.name)).toEqual(['alpha', 'delta', 'gamma']);
    await buildAll(plugins, options, log);
    // The build recorded its toolchain in this cache: warm now, nobody waits.
    const warm = await scheduleBuilds(plugins, options, 2);
    expect(warm.first).toEqual([]);
    // Each module's size is known now; the equal stand-in modules keep their order.
    expect(warm.rest.map((p) => p.name)).toEqual(plugins.map((p) => p.name));
  });
});
