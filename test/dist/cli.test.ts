/**
 * The command line as users run it: `node dist/cli/index.js`, from a copy of
 * dist/ with no node_modules around it, under the dist node (Node 24 in CI's
 * second pass). Every command chunk loads, and so does every package chunk
 * the commands load on first use: yaml (each kind of smoke configuration),
 * @actions/http-client and tar (setup's downloads and extraction), and the
 * smoke-worker bundle that every smoke test starts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { distNode, isolatedDist, runNode, type Ran } from '../support/dist.js';
import { EXTENSIONS, TestRepo } from '../support/git-repo.js';
import { startMirror, type Mirror } from '../support/mirror.js';
import { repoRoot } from '../support/paths.js';
import { compileWat, writeWasm } from '../support/wat.js';
import { copyExamples, examplePlugins } from './helpers.js';

/** Logs the VM configuration in proxy_on_vm_start and the plugin configuration in proxy_on_configure. */
const CONFIG_ECHO = `(module
  (import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_get_buffer_bytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 4096))
  (func (export "malloc") (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (i32.add (local.get $size) (i32.const 8))))
    (local.get $p))
  (func (export "proxy_abi_version_0_2_0"))
  (func (export "_start"))
  ;; Buffer 6 is the VM configuration, 7 the plugin configuration; an empty
  ;; one reads as OK with size 0, which logs an empty message.
  (func $echo (param $buffer i32)
    (i32.store (i32.const 8) (i32.const 0))
    (i32.store (i32.const 12) (i32.const 0))
    (drop (call $get (local.get $buffer) (i32.const 0) (i32.const 65536) (i32.const 8) (i32.const 12)))
    (drop (call $log (i32.const 2) (i32.load (i32.const 8)) (i32.load (i32.const 12)))))
  (func (export "proxy_on_vm_start") (param i32 i32) (result i32)
    (call $echo (i32.const 6))
    (i32.const 1))
  (func (export "proxy_on_configure") (param i32 i32) (result i32)
    (call $echo (i32.const 7))
    (i32.const 1)))
`;

/** A Go plugin that refuses to start unless its configuration names an upstream. */
const NEEDS_UPSTREAM = `package main

import (
\t"encoding/json"

\t"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
\t"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

func init() { proxywasm.SetVMContext(&vmContext{}) }

func main() {}

type vmContext struct{ types.DefaultVMContext }

func (*vmContext) NewPluginContext(uint32) types.PluginContext { return &pluginContext{} }

type pluginContext struct{ types.DefaultPluginContext }

func (*pluginContext) OnPluginStart(int) types.OnPluginStartStatus {
\tdata, _ := proxywasm.GetPluginConfiguration()
\tvar cfg struct {
\t\tUpstream string \`json:"upstream"\`
\t}
\tif json.Unmarshal(data, &cfg) != nil || cfg.Upstream == "" {
\t\tproxywasm.LogCritical("configuration must name an upstream")
\t\treturn types.OnPluginStartStatusFailed
\t}
\treturn types.OnPluginStartStatusOK
}

func (*pluginContext) NewHttpContext(uint32) types.HttpContext { return &types.DefaultHttpContext{} }
`;

let dist: { dir: string; cli: string };
let echoWasm: string;
let work: TestRepo;

const cli = (args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Ran> =>
  runNode(dist.cli, args, { cwd: work.dir, env });

beforeAll(async () => {
  dist = isolatedDist();
  echoWasm = writeWasm(await compileWat(CONFIG_ECHO, 'config-echo.wat'), 'dist-config-echo');
  // Its smoke.yaml must be read for it to pass.
  work = TestRepo.create([
    {
      name: 'needs-upstream',
      files: {
        'main.go': NEEDS_UPSTREAM,
        'smoke.yaml': 'pluginConfig:\n  upstream: from-smoke-yaml\n',
        VERSION: '0.3.0\n',
      },
    },
  ]);
  work.write('.gitignore', '.wasm-plugin-ci/\n');
  work.commit('ignore build output');
}, 120_000);

afterAll(() => {
  work?.cleanup();
  if (dist) rmSync(dist.dir, { recursive: true, force: true });
});

/** The configurations one smoke test saw: [vm, plugin], from the echo module's log. */
function seenConfigs(r: Ran): [string, string] {
  const report = JSON.parse(r.stdout) as { ok: boolean; logs: { message: string }[] };
  expect(report.ok).toBe(true);
  const messages = report.logs.map((l) => l.message);
  expect(messages).toHaveLength(4); // canary and worker VM, each vm_start then configure
  expect(messages.slice(2)).toEqual(messages.slice(0, 2));
  return [messages[0]!, messages[1]!];
}

describe('dist/cli', () => {
  it('runs under the node this pass is for (action.yml runs.using when WPCI_DIST_NODE is set)', async () => {
    const r = await runNode(dist.cli, ['--help']);
    expect(r.code).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain('usage: wasm-plugin-ci');
    const version = execFileSync(distNode, ['-p', 'process.versions.node'], {
      encoding: 'utf8',
    }).trim();
    if (process.env.WPCI_DIST_NODE) {
      const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8'));
      expect(`node${version.split('.')[0]}`).toBe(action.runs.using);
    } else {
      expect(version).toBe(process.versions.node);
    }
  });

  describe('smoke, with each kind of configuration', () => {
    it('none: both configurations are empty', async () => {
      expect(seenConfigs(await cli(['smoke', echoWasm, '--json']))).toEqual(['', '']);
    });

    it('inline JSON is passed through', async () => {
      const r = await cli(['smoke', echoWasm, '--plugin-config', '{"upstream": "a"}', '--json']);
      expect(seenConfigs(r)).toEqual(['', '{"upstream":"a"}']);
    });

    it('a JSON file is passed as it is', async () => {
      const file = join(work.dir, 'plugin.json');
      writeFileSync(file, '{ "upstream": "b" }');
      const r = await cli(['smoke', echoWasm, '--plugin-config', 'plugin.json', '--json']);
      expect(seenConfigs(r)).toEqual(['', '{ "upstream": "b" }']);
    });

    it('a YAML file becomes JSON', async () => {
      writeFileSync(join(work.dir, 'vm.yaml'), 'mode: fast\nworkers: [1, 2]\n');
      writeFileSync(join(work.dir, 'plugin.yml'), 'upstream: c\nport: 8080\n');
      const r = await cli(
        ['smoke', echoWasm, '--vm-config', 'vm.yaml', '--plugin-config', 'plugin.yml', '--json'],
      );
      expect(seenConfigs(r)).toEqual([
        '{"mode":"fast","workers":[1,2]}',
        '{"upstream":"c","port":8080}',
      ]);
    });

    it('inline YAML becomes JSON, flow style too', async () => {
      const r = await cli([
        'smoke',
        echoWasm,
        '--plugin-config',
        'upstream: d',
        '--vm-config',
        '{mode: slow}',
        '--json',
      ]);
      expect(seenConfigs(r)).toEqual(['{"mode":"slow"}', '{"upstream":"d"}']);
    });

    it('bad YAML is exit 2 with the value and line', async () => {
      const r = await cli(['smoke', echoWasm, '--plugin-config', 'a: b: c']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--plugin-config 'a: b: c' line 1: not valid YAML \(/);
      writeFileSync(join(work.dir, 'bad.yaml'), 'ok: 1\nlist: [1, 2\n');
      const f = await cli(['smoke', echoWasm, '--plugin-config', 'bad.yaml']);
      expect(f.code).toBe(2);
      expect(f.stderr).toMatch(/bad\.yaml line \d+: not valid YAML \(/);
    });

    it("a plugin's smoke.yaml is read by run; bad YAML there names file and line", async () => {
      const ok = await cli(['run', '--repo', '.', '--json']);
      expect(ok.code).toBe(0);
      const [artifact] = JSON.parse(ok.stdout).artifacts;
      expect(artifact).toMatchObject({ plugin: 'needs-upstream', ok: true, smoke: { ok: true } });

      const smokeYaml = work.path(`${EXTENSIONS}/needs-upstream/smoke.yaml`);
      writeFileSync(smokeYaml, 'pluginConfig:\n  upstream: [x\n');
      const bad = await cli(['run', '--repo', '.']);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/needs-upstream\/smoke\.yaml:\d+: not valid YAML \(/);

      writeFileSync(smokeYaml, 'pluginConfig: {}\n'); // no upstream: the plugin refuses
      const refused = await cli(['run', '--repo', '.', '--json']);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout).artifacts[0]).toMatchObject({ smoke: { ok: false } });
      work.git('checkout', '--', '.');
    }, 300_000);
  });

  describe('every command', () => {
    it('detect, build, push and verify', async () => {
      const detect = await cli(['detect', '--repo', '.', '--all', '--json']);
      expect(detect.code).toBe(0);
      expect(JSON.parse(detect.stdout).matrix).toEqual({
        include: [{ plugin: 'needs-upstream', dir: `${EXTENSIONS}/needs-upstream` }],
      });

      const out = join(work.dir, '.wasm-plugin-ci', 'cli-build');
      const build = await cli(['build', '--repo', '.', '--out', out, '--json']);
      expect(build.code).toBe(0);
      const wasm = join(out, 'needs-upstream', 'plugin.wasm');
      expect(JSON.parse(build.stdout).results[0]).toMatchObject({ ok: true, wasm });

      const layout = join(work.dir, '.wasm-plugin-ci', 'cli-layout');
      const push = await cli(['push', wasm, '--oci-layout', `${layout}:0.3.0`, '--json']);
      expect(push.code).toBe(0);
      const built = JSON.parse(build.stdout).results[0].sha256;
      expect(JSON.parse(push.stdout)).toMatchObject({
        verified: true,
        verification: { wasmSha256: built },
      });
      const verify = await cli(['verify', '--oci-layout', `${layout}:0.3.0`, '--json']);
      expect(verify.code).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, wasmSha256: built });
    }, 300_000);

    describe('setup (downloads through @actions/http-client, extracts with tar)', () => {
      let mirror: Mirror;
      beforeAll(async () => {
        mirror = await startMirror({ go: 'trimmed', oras: true });
      }, 240_000);
      afterAll(async () => mirror?.close());

      it('installs Go and ORAS from a mirror, checksum-verified', async () => {
        const cacheDir = join(work.dir, '.wasm-plugin-ci', 'cli-setup');
        const r = await cli([
          'setup',
          '--go',
          mirror.goVersion!,
          '--oras',
          mirror.orasVersion!,
          '--mirror',
          mirror.url,
          '--cache-dir',
          cacheDir,
          '--json',
        ]);
        expect(r.stderr).not.toMatch(/error/i);
        expect(r.code).toBe(0);
        const tools = JSON.parse(r.stdout).tools as { tool: string; binDir: string }[];
        expect(tools.map((t) => t.tool).sort()).toEqual(['go', 'oras']);
        for (const t of tools) {
          expect(t.binDir.startsWith(cacheDir)).toBe(true);
          expect(existsSync(join(t.binDir, t.tool))).toBe(true);
        }
        expect(mirror.requests.some((p) => p.startsWith('/go/go'))).toBe(true);
        expect(mirror.requests.some((p) => p.startsWith('/oras/'))).toBe(true);
      }, 240_000);
    });
  });

  it('run on examples/plugins: exit 0, every example plugin built, smoke-tested and published', async () => {
    const repo = copyExamples();
    try {
      const r = await runNode(dist.cli, ['run', '--repo', '.', '--json'], { cwd: repo });
      expect(r.code).toBe(0);
      const artifacts = JSON.parse(r.stdout).artifacts as {
        plugin: string;
        ok: boolean;
        smoke?: { ok: boolean };
        digest?: string;
        references?: string[];
        wasmSha256: string;
      }[];
      expect(artifacts.map((a) => a.plugin).sort()).toEqual(examplePlugins());
      for (const a of artifacts) {
        expect(a).toMatchObject({ ok: true, smoke: { ok: true }, digest: expect.any(String) });
        const latest = a.references!.find((ref) => ref.endsWith(':latest'))!;
        const v = await runNode(dist.cli, ['verify', '--oci-layout', latest, '--json'], {
          cwd: repo,
        });
        expect(v.code).toBe(0);
        expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, wasmSha256: a.wasmSha256 });
      }
      expect(readdirSync(join(repo, '.wasm-plugin-ci', 'oci')).sort()).toEqual(examplePlugins());
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }, 300_000);
});
