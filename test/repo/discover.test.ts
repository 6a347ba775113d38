import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { InputError } from '../../src/common/errors.js';
import { memoryLog } from '../../src/common/log.js';
import type { Plugin } from '../../src/model.js';
import { discoverPlugins } from '../../src/repo/discover.js';
import { changeSourceFromEvent } from '../../src/repo/event.js';
import { parseGoMod } from '../../src/repo/gomod.js';
import { toMatrix } from '../../src/repo/matrix.js';
import { builderFromModule } from '../../src/repo/sdk.js';
import { EXTENSIONS, TestRepo } from '../support/git-repo.js';

let repo: TestRepo;
beforeAll(() => {
  repo = TestRepo.create([
    {
      name: 'alpha',
      shared: true,
      files: { 'smoke.yaml': 'pluginConfig: {}\n', VERSION: '1.0.0-alpha\n' },
    },
    { name: 'beta', buildrc: 'BUILDER=tinygo\nEXTRA_TAGS=proxy_wasm_version_0_2_100\n' },
    { name: 'gamma' },
  ]);
  // Not plugins: a Go tool without the SDK, a plugin under testdata, one in a dot directory.
  repo.write('tools/gen/go.mod', 'module example.com/tools/gen\n\ngo 1.24\n');
  repo.write(
    'tools/gen/main.go',
    'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n',
  );
  repo.write(`${EXTENSIONS}/gamma/testdata/fake/go.mod`, 'module fake\n\ngo 1.24\n');
  repo.write(
    `${EXTENSIONS}/gamma/testdata/fake/main.go`,
    'package main\n\nimport "github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"\n\nvar _ = proxywasm.LogInfo\n\nfunc main() {}\n',
  );
});
afterAll(() => repo.cleanup());

const names = (ps: Plugin[]) => ps.map((p) => p.name);

describe('discovery', () => {
  it('finds every proxy-wasm plugin with no configuration (Higress layout)', async () => {
    const ps = await discoverPlugins(repo.dir, {}, memoryLog());
    expect(names(ps)).toEqual(['alpha', 'beta', 'gamma']);
    const alpha = ps[0];
    expect(alpha.relDir).toBe(`${EXTENSIONS}/alpha`);
    expect(alpha.module).toBe('example.com/plugins/alpha');
    expect(alpha.builder).toBe('go');
    expect(alpha.version).toBe('1.0.0-alpha');
    expect(alpha.settings.smokeConfig).toBe('smoke.yaml');
    expect(ps[1].builder).toBe('tinygo');
    expect(ps[1].settings.extraTags).toEqual(['proxy_wasm_version_0_2_100']);
  });

  it('takes plugins globs and exclude globs', async () => {
    const log = memoryLog();
    expect(
      names(
        await discoverPlugins(
          repo.dir,
          { plugins: [`${EXTENSIONS}/*`], exclude: ['**/beta'] },
          log,
        ),
      ),
    ).toEqual(['alpha', 'gamma']);
    expect(names(await discoverPlugins(repo.dir, { plugins: ['tools/*'] }, log))).toEqual(['gen']);
  });

  it('fails clearly when a glob matches nothing', async () => {
    await expect(
      discoverPlugins(repo.dir, { plugins: ['nowhere/*'] }, memoryLog()),
    ).rejects.toThrow(/plugins glob 'nowhere\/\*' matches no directory/);
  });

  it('the builder input applies unless .buildrc says otherwise', async () => {
    const ps = await discoverPlugins(repo.dir, { builder: 'tinygo' }, memoryLog());
    expect(ps.map((p) => p.builder)).toEqual(['tinygo', 'tinygo', 'tinygo']);
    const rc = TestRepo.create([{ name: 'one', buildrc: 'BUILDER=go\n' }]);
    try {
      expect((await discoverPlugins(rc.dir, { builder: 'tinygo' }, memoryLog()))[0].builder).toBe(
        'go',
      );
    } finally {
      rc.cleanup();
    }
  });

  it('rejects a name that cannot be an image name, naming the directory', async () => {
    const bad = TestRepo.create([{ name: 'Bad_Name' }]);
    try {
      const err = await discoverPlugins(bad.dir, {}, memoryLog()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toContain(`plugin directory '${EXTENSIONS}/Bad_Name'`);
    } finally {
      bad.cleanup();
    }
  });

  it('rejects two plugins with the same name', async () => {
    const dup = TestRepo.create([{ name: 'same' }]);
    try {
      dup.write('other/same/go.mod', dup.read(`${EXTENSIONS}/same/go.mod`));
      dup.write('other/same/main.go', dup.read(`${EXTENSIONS}/same/main.go`));
      await expect(discoverPlugins(dup.dir, {}, memoryLog())).rejects.toThrow(
        /share the name 'same'/,
      );
    } finally {
      dup.cleanup();
    }
  });

  it('a bad .buildrc fails its own plugin (file:line kept for its build), not discovery', async () => {
    const bad = TestRepo.create([
      { name: 'p', buildrc: 'OK=1\nEXTRA_TAGS=$(id)\n' },
      { name: 'q', buildrc: 'EXTRA_TAGS=fine\n' },
    ]);
    try {
      const [p, q] = await discoverPlugins(bad.dir, {}, memoryLog());
      expect(p!.configError).toEqual({
        message: expect.stringMatching(new RegExp(`^${EXTENSIONS}/p/\\.buildrc:2: `)),
        where: { file: `${EXTENSIONS}/p/.buildrc`, line: 2 },
      });
      expect(q!.configError).toBeUndefined();
      expect(q!.settings.extraTags).toEqual(['fine']);
    } finally {
      bad.cleanup();
    }
  });
});

describe('builder from the SDK the module requires', () => {
  const mod = (go: string, req: string, extra = '') =>
    builderFromModule(
      parseGoMod(`module m\n\ngo ${go}\n\nrequire (\n\t${req}\n)\n${extra}`, 'go.mod'),
    );

  it.each([
    ['1.24', 'github.com/proxy-wasm/proxy-wasm-go-sdk v0.0.0-20260105142703-44c7d5847745', 'go'],
    [
      '1.24.1',
      'github.com/higress-group/proxy-wasm-go-sdk v0.0.0-20250611100342-5654e89a7a80',
      'go',
    ],
    ['1.24.1', 'github.com/higress-group/wasm-go v1.1.2-0.20260216154005-c425a9111a36', 'go'],
    ['1.19', 'github.com/higress-group/proxy-wasm-go-sdk v1.0.0', 'tinygo'],
    [
      '1.24',
      'github.com/higress-group/proxy-wasm-go-sdk v0.0.0-20240711023527-ba358c48772f',
      'tinygo',
    ],
    ['1.24', 'github.com/tetratelabs/proxy-wasm-go-sdk v0.22.0', 'tinygo'],
    [
      '1.24',
      'github.com/higress-group/nottinygc v0.0.0-20231101025119-e93c4c2f8520 // indirect',
      'tinygo',
    ],
  ])('go %s + %s -> %s', (go, req, want) => {
    expect(mod(go, req)).toBe(want);
  });

  it('follows a replace of the tetratelabs SDK by the higress-group one', () => {
    const replace =
      'replace github.com/tetratelabs/proxy-wasm-go-sdk => github.com/higress-group/proxy-wasm-go-sdk v0.0.0-20250611100342-5654e89a7a80\n';
    expect(mod('1.24', 'github.com/tetratelabs/proxy-wasm-go-sdk v0.22.0', replace)).toBe('go');
  });
});

describe('matrix and event payloads', () => {
  const fake = (i: number) => ({ name: `p${i}`, relDir: `x/p${i}` }) as Plugin;

  it('shapes the matrix for fromJSON', () => {
    expect(toMatrix([fake(1), fake(2)])).toEqual({
      include: [
        { plugin: 'p1', dir: 'x/p1' },
        { plugin: 'p2', dir: 'x/p2' },
      ],
    });
    expect(toMatrix(Array.from({ length: 256 }, (_, i) => fake(i))).include).toHaveLength(256);
  });

  it('refuses more than 256 jobs with a clear error', () => {
    expect(() => toMatrix(Array.from({ length: 257 }, (_, i) => fake(i)))).toThrow(
      /257 plugins selected.*at most 256/,
    );
  });

  it('names the payload file and field when a payload lacks what its event needs', () => {
    expect(() =>
      changeSourceFromEvent('pull_request', { pull_request: { base: {} } }, 'ev.json'),
    ).toThrow('ev.json: pull_request event without pull_request.base.sha');
    expect(() => changeSourceFromEvent('push', {}, 'ev.json')).toThrow(
      'ev.json: push event without ref',
    );
  });
});

describe('what the Go build reads stays inside the repository', () => {
  const attempt = async (setup: (r: TestRepo) => void) => {
    const r = TestRepo.create([{ name: 'p', shared: true }], 'wpci-inputs-');
    try {
      setup(r);
      // The plugin's own input fails that plugin (at build, exit 2): its configError.
      return await discoverPlugins(r.dir, {}, memoryLog()).then(
        (ps) =>
          ps.find((p) => p.configError)?.configError?.message ?? `found ${names(ps).join(',')}`,
        (err: Error) => {
          expect(err).toBeInstanceOf(InputError);
          return err.message;
        },
      );
    } finally {
      r.cleanup();
    }
  };
  const P = `${EXTENSIONS}/p`;

  it('refuses a Go source linked out of the repository, naming it', async () => {
    expect(await attempt((r) => symlinkSync('/etc/passwd', r.path(`${P}/leak.go`)))).toBe(
      `${P}/leak.go: a link that resolves outside the repository; the Go build would read through it`,
    );
  });

  it('refuses a linked directory leading out, in a package the plugin imports (replace)', async () => {
    expect(
      await attempt((r) => symlinkSync(tmpdir(), r.path('plugins/wasm-go/pkg/shared/sub'))),
    ).toMatch(/^plugins\/wasm-go\/pkg\/shared\/sub: a link that resolves outside/);
  });

  it('leaves links inside the repository, dangling links and other files alone', async () => {
    expect(
      await attempt((r) => {
        symlinkSync('main.go', r.path(`${P}/alias.go`));
        symlinkSync('nowhere.go', r.path(`${P}/dangling.go`));
        symlinkSync('/etc/hostname', r.path(`${P}/notes.txt`));
        symlinkSync('/etc/passwd', r.path('tools-unrelated.go'));
      }),
    ).toBe('found p');
  });

  it('refuses a replace or go.work use directory outside the repository, naming file:line', async () => {
    expect(
      await attempt((r) =>
        r.write(`${P}/go.mod`, `${r.read(`${P}/go.mod`)}\nreplace example.com/x => /tmp\n`),
      ),
    ).toMatch(new RegExp(`^${P}/go\\.mod:\\d+: replace /tmp is outside the repository`));
    expect(
      await attempt((r) =>
        r.write(
          'go.work',
          'go 1.24\n\nuse (\n\t./plugins/wasm-go/extensions/p\n\t../elsewhere\n)\n',
        ),
      ),
    ).toBe('go.work:5: use ../elsewhere is outside the repository; the build would read it');
  });
});
