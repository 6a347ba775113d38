import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAll, type BuildOptions } from '../../src/build/build.js';
import { LINK_CACHE_DIR } from '../../src/build/link-cache.js';
import { memoryLog } from '../../src/common/log.js';
import { discoverPlugins } from '../../src/repo/discover.js';
import { cli } from '../support/cli.js';
import { EXTENSIONS, TestRepo } from '../support/git-repo.js';
import { cacheDir } from '../support/paths.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// One Go build cache for every build test run, kept between runs.
const goCache = join(cacheDir, 'go-build');
let repo: TestRepo;
const scratch: string[] = [];
function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(d);
  return d;
}

beforeAll(() => {
  repo = TestRepo.create([
    { name: 'alpha', shared: true, buildrc: 'EXTRA_TAGS=example_tag\n' },
    { name: 'beta' },
    {
      name: 'broken',
      files: { 'extra.go': 'package main\n\nfunc helper() int {\n\treturn undefinedThing\n}\n' },
    },
  ]);
});
afterAll(() => {
  repo.cleanup();
  scratch.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const options = (outDir: string, extra: Partial<BuildOptions> = {}): BuildOptions => ({
  repoDir: repo.dir,
  outDir,
  goCache,
  jobs: 2,
  ...extra,
});

describe('real Go builds', () => {
  let first: Awaited<ReturnType<typeof buildAll>>;
  let log: ReturnType<typeof memoryLog>;
  beforeAll(async () => {
    log = memoryLog();
    const plugins = await discoverPlugins(repo.dir, {}, log);
    first = await buildAll(plugins, options(tmp('wpci-out-')), log);
  }, 240_000);

  it('builds each plugin to <out>/<name>/plugin.wasm with its result', () => {
    const alpha = first.find((o) => o.plugin.name === 'alpha');
    expect(alpha?.error).toBeUndefined();
    const r = alpha!.result!;
    const bytes = readFileSync(r.wasm);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('0061736d');
    expect(r.wasm.endsWith('/alpha/plugin.wasm')).toBe(true);
    expect(r.size).toBe(bytes.length);
    expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(r.command.slice(1)).toEqual([
      'build',
      '-buildmode=c-shared',
      '-trimpath',
      '-mod=readonly',
      '-buildvcs=false',
      '-tags=example_tag',
      '-o',
      r.wasm,
      '.',
    ]);
    expect(r.env).toEqual({
      GOOS: 'wasip1',
      GOARCH: 'wasm',
      GOTOOLCHAIN: 'local',
      GOCACHE: goCache,
    });
    expect(r.toolchainVersion).toMatch(/^1\.\d+/);
  });

  it('turns a compiler error into a file:line annotation relative to the repository', () => {
    const broken = first.find((o) => o.plugin.name === 'broken')!;
    expect(broken.result).toBeUndefined();
    // The compiler's own words, with the path from the repository root.
    expect(broken.error).toBe(`${EXTENSIONS}/broken/extra.go:4:9: undefined: undefinedThing`);
    expect(broken.where).toEqual({ file: `${EXTENSIONS}/broken/extra.go`, line: 4, column: 9 });
    expect(broken.diagnostics).toContainEqual({
      message: expect.stringContaining('undefined: undefinedThing'),
      where: { file: `${EXTENSIONS}/broken/extra.go`, line: 4, column: 9 },
    });
    // One failure, one error line (the annotation in the action), on the first error's line.
    const errors = log.lines.filter((l) => l.startsWith('error: ') && l.includes('broken'));
    expect(errors).toEqual([
      `error: ${EXTENSIONS}/broken/extra.go:4:9: broken: build failed: ${EXTENSIONS}/broken/extra.go:4:9: undefined: undefinedThing`,
    ]);
    // Nothing half-written is left behind.
    expect(readdirSync(join(first[0].result!.wasm, '..', '..', 'broken'))).toEqual([]);
  });

  it("keeps each plugin's output in its own group", () => {
    const groups = log.lines.filter((l) => l.startsWith('── go build '));
    expect(groups.sort()).toEqual(['── go build alpha', '── go build beta', '── go build broken']);
  });

  it('is reproducible: a second build gives the same bytes', async () => {
    const plugins = await discoverPlugins(repo.dir, { exclude: ['**/broken'] }, memoryLog());
    const again = await buildAll(plugins, options(tmp('wpci-out2-')), memoryLog());
    for (const o of again) {
      const before = first.find((f) => f.plugin.name === o.plugin.name)!.result!;
      expect(o.result!.sha256).toBe(before.sha256);
    }
  }, 240_000);

  it('rebuilding into the same output lets go skip an up-to-date link, and relinks a changed build', async () => {
    const [beta] = await discoverPlugins(repo.dir, { plugins: ['**/beta'] }, memoryLog());
    const out = tmp('wpci-out3-');
    const build = async (plugin = beta!) => {
      const [o] = await buildAll([plugin], options(out), memoryLog());
      expect(o!.error).toBeUndefined();
      return { ino: statSync(o!.result!.wasm).ino, sha: o!.result!.sha256 };
    };
    const once = await build();
    // The previous module moved to where go writes and back: go found it up to date.
    const twice = await build();
    expect(twice).toEqual(once);
    // Other flags, another build ID: go links a new module.
    const tagged = { ...beta!, settings: { ...beta!.settings, extraTags: ['example_tag'] } };
    expect((await build(tagged)).ino).not.toBe(once.ino);
  }, 240_000);

  it('a fresh output (a new checkout) gets the module kept beside the build cache: go skips the link when it is still right, links over it when not', async () => {
    const [beta] = await discoverPlugins(repo.dir, { plugins: ['**/beta'] }, memoryLog());
    const cache = tmp('wpci-gocache-');
    const build = async (plugin = beta!) => {
      const [o] = await buildAll(
        [plugin],
        options(tmp('wpci-fresh-'), { goCache: cache }),
        memoryLog(),
      );
      expect(o!.error).toBeUndefined();
      return o!.result!;
    };
    const kept = () => {
      const dir = join(cache, LINK_CACHE_DIR);
      const files = readdirSync(dir).filter((f) => f.endsWith('.wasm'));
      expect(files).toHaveLength(1);
      const st = statSync(join(dir, files[0]!));
      return {
        file: join(dir, files[0]!),
        ino: st.ino,
        sha: sha256(readFileSync(join(dir, files[0]!))),
      };
    };
    const first = await build();
    const k1 = kept();
    expect(k1.sha).toBe(first.sha256);
    // Same inputs, fresh output: go found the kept copy up to date and did not
    // link, so there was nothing new to keep (the kept file is the same file).
    const second = await build();
    expect(second.sha256).toBe(first.sha256);
    expect(kept().ino).toBe(k1.ino);
    // Seen from the bytes: a custom section appended to the kept copy (go reads
    // the build ID near the start) is in the output, so go used that copy.
    const marker = Buffer.from([0, 10, 9, ...Buffer.from('wpci-mark')]);
    appendFileSync(k1.file, marker);
    const marked = await build();
    expect(readFileSync(marked.wasm).subarray(-marker.length)).toEqual(marker);
    expect(kept().sha).toBe(marked.sha256);
    // Other flags: another build ID, go links a new module, which is kept.
    const tagged = { ...beta!, settings: { ...beta!.settings, extraTags: ['example_tag'] } };
    const third = await build(tagged);
    expect(third.sha256).not.toBe(first.sha256);
    expect(kept().sha).toBe(third.sha256);
    expect((await build()).sha256).toBe(first.sha256);
    expect(kept().sha).toBe(first.sha256);
    // A kept file that is not a module go made (damaged, or planted; its sum
    // left as it was) is linked over, never used, and replaced.
    writeFileSync(kept().file, Buffer.from('\0asm\x01\0\0\0garbage'));
    expect((await build()).sha256).toBe(first.sha256);
    expect(kept().sha).toBe(first.sha256);
  }, 240_000);

  it('never modifies the sources', () => {
    expect(repo.git('status', '--porcelain')).toBe('');
  });
});

describe('go-test', () => {
  it('fails a plugin whose tests cannot exercise the wasm, and runs one that can', async () => {
    const t = TestRepo.create([
      { name: 'untested' },
      {
        name: 'tested',
        files: {
          'main_test.go':
            'package main\n\nimport (\n\t"os"\n\t"testing"\n)\n\nfunc TestWasm(t *testing.T) {\n\tif _, err := os.Stat(os.Getenv("WASM_FILE_PATH")); err != nil {\n\t\tt.Fatal(err)\n\t}\n}\n',
        },
      },
    ]);
    scratch.push(t.dir);
    const plugins = await discoverPlugins(t.dir, {}, memoryLog());
    const out = await buildAll(
      plugins,
      { repoDir: t.dir, outDir: tmp('wpci-gt-'), goCache, goTest: true },
      memoryLog(),
    );
    const byName = Object.fromEntries(out.map((o) => [o.plugin.name, o]));
    expect(byName.tested.error).toBeUndefined();
    expect(byName.tested.output).toMatch(/WASM_FILE_PATH=.*tested\/plugin\.wasm .*go test/);
    expect(byName.untested.error).toBe('go-test: the plugin has no _test.go files');
  }, 240_000);
});

describe('wasm-plugin-ci build', () => {
  it('--json reports every plugin and exits 1 when one failed', async () => {
    const out = tmp('wpci-cli-');
    const r = await cli(
      ['build', '--repo', repo.dir, '--out', out, '--jobs', '2', '--json'],
      repo.dir,
      {
        ...process.env,
        GOCACHE: goCache,
      },
    );
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.results.map((x: { plugin: string; ok: boolean }) => [x.plugin, x.ok])).toEqual([
      ['alpha', true],
      ['beta', true],
      ['broken', false],
    ]);
    expect(existsSync(join(out, 'beta', 'plugin.wasm'))).toBe(true);
  }, 240_000);

  it('exits 2 on a bad --jobs', async () => {
    expect((await cli(['build', '--repo', repo.dir, '--jobs', '0'])).code).toBe(2);
  });
});
