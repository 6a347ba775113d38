/**
 * TinyGo cannot be downloaded here: these tests run the clearly named
 * STAND-IN (test/support/tinygo-standin.ts), which records its arguments.
 * They prove the command lines we run, not what TinyGo does with them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAll } from '../../src/build/build.js';
import { memoryLog } from '../../src/common/log.js';
import type { Toolchains } from '../../src/model.js';
import { discoverPlugins } from '../../src/repo/discover.js';
import { EXTENSIONS, TestRepo } from '../support/git-repo.js';
import { STANDIN_WASM, writeTinygoStandin } from '../support/tinygo-standin.js';

interface Call {
  tool: string;
  args: string[];
  cwd: string;
}

const HIGRESS_TINYGO_ERA = `module example.com/plugins/old

go 1.19

require github.com/higress-group/proxy-wasm-go-sdk v1.0.0

require github.com/higress-group/nottinygc v0.0.0-20231101025119-e93c4c2f8520 // indirect
`;
const TETRATE = `module example.com/plugins/tetrate

go 1.24

require github.com/tetratelabs/proxy-wasm-go-sdk v0.24.0
`;

let scratch: string;
let repo: TestRepo;
const standins: Record<string, string> = {};
const install = (version: string) => ({
  tool: 'tinygo' as const,
  version,
  dir: standins[version],
  binDir: join(standins[version], 'bin'),
  source: 'system' as const,
});
const calls = (version: string): Call[] =>
  readFileSync(join(standins[version], 'calls.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Call);

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'wpci-tinygo-'));
  for (const v of ['0.28.1', '0.33.0']) {
    standins[v] = join(scratch, `tinygo-${v}`, 'tinygo');
    writeTinygoStandin(standins[v], v);
  }
  repo = TestRepo.create([
    {
      name: 'old',
      buildrc: 'EXTRA_TAGS=proxy_wasm_version_0_2_100\nTINYGO_VERSION=0.28.1\n',
      files: { 'go.mod': HIGRESS_TINYGO_ERA },
    },
    { name: 'tetrate', files: { 'go.mod': TETRATE } },
  ]);
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  repo.cleanup();
});

describe('TinyGo builds (stand-in)', () => {
  it('runs the version-appropriate command line for each plugin, and the wasm-opt pass', async () => {
    const plugins = await discoverPlugins(repo.dir, {}, memoryLog());
    expect(plugins.map((p) => [p.name, p.builder])).toEqual([
      ['old', 'tinygo'],
      ['tetrate', 'tinygo'],
    ]);
    const toolchains: Toolchains = {
      tools: [
        install('0.28.1'),
        install('0.33.0'),
        { ...install('0.33.0'), tool: 'wasm-opt', version: '116' },
      ],
    };
    const outDir = join(scratch, 'out');
    const log = memoryLog();
    const outcomes = await buildAll(
      plugins,
      { repoDir: repo.dir, outDir, toolchains, wasmOpt: true },
      log,
    );
    expect(outcomes.map((o) => o.error)).toEqual([undefined, undefined]);

    // TINYGO_VERSION=0.28.1 picks that install; the other plugin takes the newest.
    const old = calls('0.28.1').filter((c) => c.args[0] === 'build');
    expect(old).toHaveLength(1);
    expect(old[0].cwd).toBe(join(repo.dir, EXTENSIONS, 'old'));
    expect(old[0].args).toEqual([
      'build',
      '-o',
      expect.stringMatching(/\/old\/\.plugin\.\d+\.wasm\.tmp$/),
      '-scheduler=none',
      '-gc=custom',
      '-tags=custommalloc nottinygc_finalizer proxy_wasm_version_0_2_100',
      '-target=wasi',
      './',
    ]);

    const newer = calls('0.33.0');
    const build = newer.filter((c) => c.tool === 'tinygo' && c.args[0] === 'build');
    expect(build).toHaveLength(1);
    expect(build[0].args).toEqual([
      'build',
      '-o',
      expect.stringMatching(/\/tetrate\/\.plugin\.\d+\.wasm\.tmp$/),
      '-scheduler=none',
      '-target=wasip1',
      './',
    ]);

    const opt = newer.filter((c) => c.tool === 'wasm-opt');
    expect(opt).toHaveLength(2);
    expect(opt[0].args.slice(1)).toEqual([
      '-o',
      expect.stringMatching(/\.wasm\.tmp\.opt$/),
      '-O2',
      '--enable-bulk-memory',
      '--enable-sign-ext',
      '--enable-nontrapping-float-to-int',
      '--enable-mutable-globals',
    ]);

    const result = outcomes[0].result!;
    expect(result.toolchainVersion).toBe('0.28.1');
    expect(result.command[3]).toBe(result.wasm);
    expect(readFileSync(result.wasm)).toEqual(STANDIN_WASM);
    expect(log.lines).toContain('── tinygo build old');
  });
});
