/**
 * Discovery without globs on real repositories: the twenty Higress plugins
 * of ../shared/corpus/higress (one go.mod each, Higress's SDKs), `waf`
 * among them, whose main package reaches the SDK only through its own
 * wasmplugin package; and the cases around the rule.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { memoryLog } from '../../src/common/log.js';
import { discoverPlugins } from '../../src/repo/discover.js';
import { repoRoot } from '../support/paths.js';

const corpus = join(repoRoot, '..', 'shared', 'corpus', 'higress');

describe('the Higress corpus', () => {
  it('finds every plugin, waf included, and nothing else', async () => {
    expect(existsSync(join(corpus, 'extensions'))).toBe(true);
    const dirs = readdirSync(join(corpus, 'extensions')).sort();
    expect(dirs).toHaveLength(20);
    const found = await discoverPlugins(corpus, {}, memoryLog());
    expect(found.map((p) => p.relDir).sort()).toEqual(dirs.map((d) => `extensions/${d}`));
    expect(found.map((p) => p.name)).toContain('waf');
    // waf/magefiles is a main package with its own go.mod, but no SDK: a build tool.
    expect(existsSync(join(corpus, 'extensions/waf/magefiles/go.mod'))).toBe(true);
    // Higress builds them all with Go 1.24 (c-shared), none with TinyGo.
    expect(new Set(found.map((p) => p.builder))).toEqual(new Set(['go']));
  });
});

describe('the rule', () => {
  const root = mkdtempSync(join(tmpdir(), 'wpci-discover-rule-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const mod = (name: string, requires: string[]) =>
    `module example.com/${name}\n\ngo 1.24\n\nrequire (\n${requires.map((r) => `\t${r} // indirect\n`).join('')})\n`;
  const SDK = 'github.com/higress-group/proxy-wasm-go-sdk v0.0.0-20250611100342-5654e89a7a80';

  it('a main package whose SDK import is only transitive is a plugin; tools and libraries are not', async () => {
    // The SDK through another package of the module (waf's shape).
    write('p/transitive/go.mod', mod('transitive', [SDK]));
    write(
      'p/transitive/main.go',
      'package main\n\nimport "example.com/transitive/inner"\n\nfunc init() { inner.Start() }\nfunc main() {}\n',
    );
    // Through a fork that keeps the SDK's name.
    write('p/fork/go.mod', mod('fork', ['github.com/acme/proxy-wasm-go-sdk v1.0.0']));
    write(
      'p/fork/main.go',
      'package main\n\nimport "github.com/acme/proxy-wasm-go-sdk/proxywasm"\n\nvar _ = proxywasm.LogInfo\nfunc main() {}\n',
    );
    // A command in a module that has the SDK, but imports nothing that could bring it.
    write('p/stdonly/go.mod', mod('stdonly', [SDK]));
    write('p/stdonly/main.go', 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n');
    // A tool module without any SDK.
    write('p/tool/go.mod', mod('tool', ['github.com/magefile/mage v1.14.0']));
    write(
      'p/tool/main.go',
      'package main\n\nimport "github.com/magefile/mage/sh"\n\nvar _ = sh.Run\nfunc main() {}\n',
    );
    // A library with the SDK.
    write('p/lib/go.mod', mod('lib', [SDK]));
    write(
      'p/lib/lib.go',
      'package lib\n\nimport "github.com/higress-group/proxy-wasm-go-sdk/proxywasm"\n\nvar _ = proxywasm.LogInfo\n',
    );
    // A go.mod Go could not build (no module directive) is passed over, not fatal.
    write('p/broken/go.mod', 'go 1.24\n');
    write('p/broken/main.go', 'package main\n\nimport "example.com/x"\n\nfunc main() {}\n');
    const found = await discoverPlugins(root, {}, memoryLog());
    expect(found.map((p) => p.name)).toEqual(['fork', 'transitive']);
  });
});
