/**
 * Where a failure is in the plugin's own source: the compiler's messages with
 * repository paths, and a Go panic's message and innermost frame in the
 * repository, read from the goroutine trace the module prints to fd 2
 * (module-relative names under -trimpath, `module@version` for a replaced one).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildAll } from '../../src/build/build.js';
import { compilerMessage, goSourceMapper, parseGoPanic } from '../../src/build/diagnostics.js';
import { memoryLog } from '../../src/common/log.js';
import { discoverPlugins } from '../../src/repo/discover.js';
import { smokeFailure } from '../../src/report.js';
import { smokeTest } from '../../src/smoke/index.js';

let repo: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(repo, rel)), { recursive: true });
  writeFileSync(join(repo, rel), text);
};

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'wpci-diag-'));
  write('pkg/shared/go.mod', 'module example.com/shared\n\ngo 1.24\n');
  write(
    'pkg/shared/s.go',
    'package shared\n\nfunc Boom(why string) {\n\tpanic("boom: " + why)\n}\n',
  );
  write(
    'plugins/p/go.mod',
    'module example.com/p\n\ngo 1.24\n\nrequire example.com/shared v0.0.0\n\nreplace example.com/shared => ../../pkg/shared\n',
  );
  write('plugins/p/main.go', 'package main\n');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('Go panics', () => {
  const trace = (file: string) =>
    [
      'panic: init: PLUGIN_REQUIRED_SETTING is not set [recovered]',
      '\tpanic: again',
      '',
      'goroutine 1 [running]:',
      'github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm.SetVMContext(...)',
      '\tgithub.com/proxy-wasm/proxy-wasm-go-sdk@v0.0.0-20260105142703-44c7d5847745/proxywasm/entrypoint.go:20',
      'main.mustEnv(...)',
      `\t${file}:17`,
      'main.init()',
      '\texample.com/p/main.go:12 +0xf',
      '',
      'some later log line',
    ].join('\n');

  it('gives the message and the innermost frame in the repository, not in the module cache', () => {
    const p = parseGoPanic(
      trace('example.com/p/main.go'),
      goSourceMapper(repo, join(repo, 'plugins/p')),
    );
    expect(p).toMatchObject({
      message: 'panic: init: PLUGIN_REQUIRED_SETTING is not set [recovered]\n\tpanic: again',
      where: { file: 'plugins/p/main.go', line: 17 },
      func: 'main.mustEnv',
    });
    expect(p!.trace.endsWith('example.com/p/main.go:12 +0xf')).toBe(true); // ends with the trace
  });

  it('maps absolute paths (no -trimpath), and nothing outside the repository', () => {
    const map = goSourceMapper(repo, join(repo, 'plugins/p'));
    expect(parseGoPanic(trace(join(repo, 'plugins/p/main.go')), map)!.where).toEqual({
      file: 'plugins/p/main.go',
      line: 17,
    });
    expect(map('/etc/passwd')).toBeUndefined();
    expect(map('example.com/p/../../../etc/passwd')).toBeUndefined();
    expect(map('example.com/p/missing.go')).toBeUndefined();
    expect(map('runtime/panic.go')).toBeUndefined();
    expect(parseGoPanic('no panic here\ngoroutine 1 [running]:', map)).toBeUndefined();
  });

  it('finds the line of a real panic in a replaced module, built and loaded for real', async () => {
    write(
      'plugins/p/main.go',
      'package main\n\nimport "example.com/shared"\n\nfunc init() { shared.Boom("x") }\n\nfunc main() {}\n',
    );
    const [plugin] = await discoverPlugins(repo, { plugins: ['plugins/p'] }, memoryLog());
    const [built] = await buildAll(
      [plugin!],
      { repoDir: repo, outDir: join(repo, 'out') },
      memoryLog(),
    );
    expect(built!.error).toBeUndefined();
    const smoke = await smokeTest(built!.result!.wasm, { host: 'wasi' });
    expect(smoke.ok).toBe(false);
    const failure = smokeFailure(smoke, plugin!, repo);
    expect(failure.where).toEqual({ file: 'pkg/shared/s.go', line: 4 });
    expect(failure.message).toBe(
      'start: panic: boom: x\nat pkg/shared/s.go:4 (example.com/shared.Boom)',
    );
    expect(failure.log).toContain('example.com/shared@v0.0.0/s.go:4');
    expect(failure.detail).toMatch(/^Function: _initialize failed: /);
  }, 120_000);
});

describe('compiler messages', () => {
  it('keeps the errors, with repository paths, and drops progress and headers', () => {
    const out = [
      'go: downloading github.com/x/y v1.0.0',
      '# example.com/p',
      './main.go:5:2: undefined: foo',
      '../../pkg/shared/s.go:3:1: syntax error',
      'go: example.com/p: missing go.sum entry',
      '',
    ].join('\n');
    expect(compilerMessage(out, join(repo, 'plugins/p'), repo)).toBe(
      [
        'plugins/p/main.go:5:2: undefined: foo',
        'pkg/shared/s.go:3:1: syntax error',
        'go: example.com/p: missing go.sum entry',
      ].join('\n'),
    );
  });

  it('says how much it left out', () => {
    const out = Array.from({ length: 50 }, (_, i) => `./main.go:${i + 1}:1: e${i}`).join('\n');
    const lines = compilerMessage(out, join(repo, 'plugins/p'), repo).split('\n');
    expect(lines).toHaveLength(41);
    expect(lines.at(-1)).toBe('... 10 more line(s) in the build log');
  });
});
