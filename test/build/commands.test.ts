import { describe, expect, it } from '@jest/globals';
import {
  goBuildCommand,
  tinygoBuildCommand,
  tinygoTarget,
  wasmOptCommand,
} from '../../src/build/commands.js';
import { parseDiagnostics } from '../../src/build/diagnostics.js';
import type { Plugin } from '../../src/model.js';
import { parseBuildrc } from '../../src/repo/buildrc.js';

function plugin(buildrc = ''): Plugin {
  return {
    name: 'p',
    dir: '/repo/plugins/wasm-go/extensions/p',
    relDir: 'plugins/wasm-go/extensions/p',
    module: 'example.com/p',
    builder: 'go',
    settings: parseBuildrc(buildrc, 'p/.buildrc'),
  };
}

describe('go build command line', () => {
  it('is the c-shared wasip1 build of the directory, never of main.go', () => {
    const c = goBuildCommand(plugin(), '/out/p.wasm');
    expect(c.argv).toEqual([
      'go',
      'build',
      '-buildmode=c-shared',
      '-trimpath',
      '-mod=readonly',
      '-buildvcs=false',
      '-o',
      '/out/p.wasm',
      '.',
    ]);
    expect(c.env).toEqual({ GOOS: 'wasip1', GOARCH: 'wasm', GOTOOLCHAIN: 'local' });
    expect(c.cwd).toBe('/repo/plugins/wasm-go/extensions/p');
    expect(c.argv.some((a) => a.endsWith('.go'))).toBe(false);
  });

  it('applies EXTRA_TAGS, LDFLAGS and BUILD_FLAGS from .buildrc', () => {
    const rc =
      'EXTRA_TAGS="proxy_wasm_version_0_2_100 foo"\nLDFLAGS="-s -w -X main.v=1"\nBUILD_FLAGS="-gcflags=all=-l -v"\n';
    expect(goBuildCommand(plugin(rc), 'o.wasm').argv).toEqual([
      'go',
      'build',
      '-buildmode=c-shared',
      '-trimpath',
      '-mod=readonly',
      '-buildvcs=false',
      '-tags=proxy_wasm_version_0_2_100,foo',
      '-ldflags=-s -w -X main.v=1',
      '-gcflags=all=-l',
      '-v',
      '-o',
      'o.wasm',
      '.',
    ]);
  });
});

describe('tinygo build command line, by TinyGo version', () => {
  it("TinyGo 0.28.1 with nottinygc: Higress's flags, -target=wasi", () => {
    const c = tinygoBuildCommand(plugin('EXTRA_TAGS=proxy_wasm_version_0_2_100\n'), 'plugin.wasm', {
      version: '0.28.1',
      customGc: true,
    });
    expect(c.argv).toEqual([
      'tinygo',
      'build',
      '-o',
      'plugin.wasm',
      '-scheduler=none',
      '-gc=custom',
      '-tags=custommalloc nottinygc_finalizer proxy_wasm_version_0_2_100',
      '-target=wasi',
      './',
    ]);
  });

  it('TinyGo 0.32+ spells the target wasip1; no nottinygc means no custom GC or its tags', () => {
    const c = tinygoBuildCommand(plugin(), 'plugin.wasm', { version: '0.33.0', customGc: false });
    expect(c.argv).toEqual([
      'tinygo',
      'build',
      '-o',
      'plugin.wasm',
      '-scheduler=none',
      '-target=wasip1',
      './',
    ]);
  });

  it.each([
    ['0.25.0', 'wasi'],
    ['0.31.2', 'wasi'],
    ['0.32.0', 'wasip1'],
    ['0.40.1', 'wasip1'],
    ['1.0.0', 'wasip1'],
  ])('TinyGo %s -> -target=%s', (v, t) => expect(tinygoTarget(v)).toBe(t));

  it('wasm-opt reads the build and writes next to it, keeping names', () => {
    expect(wasmOptCommand('a.wasm', 'b.wasm')).toEqual([
      'wasm-opt',
      'a.wasm',
      '-o',
      'b.wasm',
      '-O2',
      '--enable-bulk-memory',
      '--enable-sign-ext',
      '--enable-nontrapping-float-to-int',
      '--enable-mutable-globals',
    ]);
  });
});

describe('compiler errors to annotations', () => {
  it('makes paths relative to the repository and drops locations outside it', () => {
    const out = [
      '# example.com/plugins/p',
      './main.go:12:5: undefined: foo',
      '../../pkg/shared/shared.go:3: syntax error: unexpected }',
      '/home/u/go/pkg/mod/github.com/x/y.go:1:1: boom',
      'note: module requires Go 1.99',
    ].join('\n');
    expect(parseDiagnostics(out, '/repo/plugins/wasm-go/extensions/p', '/repo')).toEqual([
      {
        message: 'undefined: foo',
        where: { file: 'plugins/wasm-go/extensions/p/main.go', line: 12, column: 5 },
      },
      {
        message: 'syntax error: unexpected }',
        where: { file: 'plugins/wasm-go/pkg/shared/shared.go', line: 3 },
      },
      { message: '/home/u/go/pkg/mod/github.com/x/y.go:1: boom' },
    ]);
  });
});
