import { describe, expect, it } from '@jest/globals';
import { changeSourceFromEvent } from '../../src/repo/event.js';
import { globToRegExp } from '../../src/repo/glob.js';
import { checkGoLines, compareGoVersions, parseGoMod } from '../../src/repo/gomod.js';
import { parseGoFile } from '../../src/repo/gosource.js';
import { validatePluginName } from '../../src/repo/names.js';

describe('globs', () => {
  it.each([
    ['plugins/wasm-go/extensions/*', 'plugins/wasm-go/extensions/ai-proxy', true],
    ['plugins/wasm-go/extensions/*', 'plugins/wasm-go/extensions/ai-proxy/sub', false],
    ['**/extensions/*', 'plugins/wasm-go/extensions/x', true],
    ['**/x', 'x', true],
    ['plugins/**', 'plugins/a/b/c', true],
    ['p?', 'p1', true],
    ['p?', 'p12', false],
    ['./plugins/a/', 'plugins/a', true],
    ['a.b', 'aXb', false],
  ])('%s matches %s: %s', (glob, path, want) => {
    expect(globToRegExp(glob).test(path)).toBe(want);
  });

  it('refuses globs that leave the repository', () => {
    expect(() => globToRegExp('../elsewhere/*')).toThrow(/relative to the repository/);
    expect(() => globToRegExp('/abs/*')).toThrow(/relative to the repository/);
  });
});

describe('names', () => {
  it.each(['ai-proxy', 'key-auth', 'a.b', 'a_b', 'a__b', 'x1'])('accepts %s', (n) => {
    expect(validatePluginName(n, `d/${n}`)).toBe(n);
  });
  it.each(['AiProxy', '-x', 'x-', 'a b', 'a..b', '', 'x'.repeat(129)])('rejects %j', (n) => {
    expect(() => validatePluginName(n, 'some/dir')).toThrow("plugin directory 'some/dir'");
  });
});

describe('go.mod and Go source', () => {
  it('reads blocks, single lines, quoted paths, local and module replaces, ignoring comments', () => {
    const mod = parseGoMod(
      [
        'module "example.com/m" // the module',
        'go 1.24.1',
        'toolchain go1.24.4',
        'require github.com/a/b v1.0.0',
        'require (',
        '\tgithub.com/c/d v0.1.0 // indirect',
        ')',
        'replace (',
        '\texample.com/shared => ../../pkg/shared',
        '\tgithub.com/x/y v1.0.0 => github.com/z/y v1.1.0',
        ')',
      ].join('\n'),
      'go.mod',
    );
    expect(mod.module).toBe('example.com/m');
    expect(mod.go).toBe('1.24.1');
    expect([...mod.require]).toEqual([
      ['github.com/a/b', 'v1.0.0'],
      ['github.com/c/d', 'v0.1.0'],
    ]);
    expect([...mod.localReplace]).toEqual([['example.com/shared', '../../pkg/shared']]);
    expect(mod.moduleReplace.get('github.com/x/y')).toEqual({
      path: 'github.com/z/y',
      version: 'v1.1.0',
    });
    expect(() => parseGoMod('go 1.24\n', 'x/go.mod')).toThrow('x/go.mod: no module directive');
  });

  it('keeps the toolchain line, local directories (absolute ones too) and their line numbers', () => {
    const mod = parseGoMod(
      [
        'module m',
        '',
        'go 1.24.1',
        'toolchain go1.27.0',
        'replace a => /abs/elsewhere',
        'replace (',
        '\tb => ../b',
        '\tc v1 => ./c',
        ')',
      ].join('\n'),
      'go.mod',
    );
    expect(mod.toolchain).toBe('1.27.0');
    expect(mod.lines.go).toBe(3);
    expect(mod.lines.toolchain).toBe(4);
    expect([...mod.localReplace.values()]).toEqual(['/abs/elsewhere', '../b', './c']);
    expect([...mod.lines.local]).toEqual([
      ['/abs/elsewhere', 5],
      ['../b', 7],
      ['./c', 8],
    ]);
    const work = parseGoMod('go 1.24\n\nuse (\n\t./a\n\t../../out\n)\n', 'go.work', true);
    expect(work.use).toEqual(['./a', '../../out']);
    expect(work.lines.local.get('../../out')).toBe(5);
  });

  it('orders Go versions as Go does: 1.21 < 1.21rc1 < 1.21.0 < 1.21.1 < 1.22', () => {
    const order = ['1.20.14', '1.21', '1.21rc1', '1.21rc2', '1.21.0', '1.21.1', '1.22', '1.22.0'];
    for (let i = 1; i < order.length; i++)
      expect(compareGoVersions(order[i - 1]!, order[i]!)).toBeLessThan(0);
    expect(compareGoVersions('go1.26.8', '1.26.8')).toBe(0);
    expect(compareGoVersions('devel go1.27-abc', '1.26.8')).toBeUndefined();
  });

  it('checks go and toolchain lines against the Go in use', () => {
    const mod = (text: string) => parseGoMod(`module m\n\n${text}\n`, 'go.mod');
    expect(checkGoLines(mod('go 1.24.1\ntoolchain go1.24.4'), '1.26.8')).toEqual([]);
    expect(checkGoLines(mod('go 1.27'), '1.26.8')).toEqual([
      expect.objectContaining({ severity: 'error', line: 3 }),
    ]);
    expect(checkGoLines(mod('go 1.27'), '1.26.8')[0]!.message).toMatch(
      /^go 1\.27 needs a newer Go than the go1\.26\.8 in use/,
    );
    expect(checkGoLines(mod('go 1.26.9'), '1.26.8')).toHaveLength(1);
    expect(checkGoLines(mod('go 1.26'), '1.26.8')).toEqual([]);
    expect(checkGoLines(mod('go 1.24\ntoolchain go1.27.0'), '1.26.8')).toEqual([
      expect.objectContaining({ severity: 'warning', line: 4 }),
    ]);
    expect(checkGoLines(mod('go 1.24\ntoolchain default'), '1.26.8')).toEqual([]);
    // Go may switch toolchains itself: nothing to say.
    expect(checkGoLines(mod('go 1.27'), '1.26.8', 'auto')).toEqual([]);
  });

  it('reads package clauses and imports, not commented-out ones', () => {
    const f = parseGoFile(
      '// package nope\npackage main\n\nimport "fmt"\nimport (\n\tpw "github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"\n\t// "commented/out"\n\t_ "embed"\n)\n/* import "also/out" */\n',
    );
    expect(f).toEqual({
      name: 'main',
      imports: ['fmt', 'github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm', 'embed'],
    });
  });
});

describe('more events', () => {
  it('merge_group compares against its base; release names its tag', () => {
    expect(
      changeSourceFromEvent('merge_group', { merge_group: { base_sha: 'a', head_sha: 'b' } }),
    ).toMatchObject({
      kind: 'diff',
      base: 'a',
      head: 'b',
      threeDot: true,
    });
    expect(changeSourceFromEvent('release', { release: { tag_name: 'x-v1.0.0' } })).toEqual({
      kind: 'all',
      reason: 'release event',
      releaseRef: 'refs/tags/x-v1.0.0',
    });
    expect(changeSourceFromEvent('schedule', {})).toEqual({
      kind: 'all',
      reason: 'schedule event',
    });
  });
});
