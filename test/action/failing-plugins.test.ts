/**
 * Failing plugins as a maintainer meets them, through the committed bundles
 * (dist/main, dist/detect, dist/cli) run as users run them:
 * - each failure is one `::error` annotation, on the source line when known,
 *   with paths relative to GITHUB_WORKSPACE (`repo-dir: plugins`);
 * - the summary and the log carry the plugin's own panic and source line and
 *   the compiler's words; a bad .buildrc fails its own plugin only;
 * - text from the repository or a plugin (its log, compiler output, .buildrc
 *   values, directory names, wasm names, the summary) never reaches stdout or
 *   stderr as a workflow command (checked with test/support/workflow-commands.ts,
 *   an emulation of the runner's parser).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedJob, type StepResult } from '../support/action-runner.js';
import { EXTENSIONS, TestRepo, events, pluginMain } from '../support/git-repo.js';
import { distCli } from '../support/dist-cli.js';
import { fixturesDir } from '../support/paths.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { plantedCommands, workflowCommands } from '../support/workflow-commands.js';
import { artifactsOf, goJobEnv, healthyMain, wipeRunner } from './helpers.js';
import { ActionJob } from './runner.js';

const SDK = 'github.com/proxy-wasm/proxy-wasm-go-sdk';
// What a hostile plugin logs: commands after newlines, a legacy command, a
// stop-commands, and a Markdown fence that would end the summary's code block.
const HOSTILE_LOG = [
  'config rejected',
  '::warning title=X::INJECTED-smoke-log',
  'legacy ##[warning]INJECTED-legacy-log',
  '::stop-commands::INJECTEDTOKEN',
  '```',
  '### INJECTED-fence',
  '```',
].join('\n');

const noisyMain = `package main

import (
\t"${SDK}/proxywasm"
\t"${SDK}/proxywasm/types"
)

func init() { proxywasm.SetVMContext(&vmContext{}) }

func main() {}

type vmContext struct{ types.DefaultVMContext }

func (*vmContext) NewPluginContext(uint32) types.PluginContext { return &pluginContext{} }

type pluginContext struct{ types.DefaultPluginContext }

func (*pluginContext) OnPluginStart(int) types.OnPluginStartStatus {
\tproxywasm.LogCriticalf("%s", ${JSON.stringify(HOSTILE_LOG)})
\treturn types.OnPluginStartStatusFailed
}
`;

// A //line directive sets the file name the compiler prints: here a line
// that, printed as it is, is a workflow command.
const hostileBuildMain = `${pluginMain({ name: 'hostile-build' })}
func f() {
//line ::warning title=X::INJECTED-compiler.go:1
\tundefinedThing()
}
`;

const typoMain = `${healthyMain()}\nfunc broken() int { return "x" }\n`;
const typoLine = typoMain.split('\n').findIndex((l) => l.startsWith('func broken')) + 1;

let repo: TestRepo;
let runnerDir: string;
let main: StepResult;
const REPO_DIR = 'plugins';
// Stages see paths from repo-dir; annotations must name them from the workspace.
const ws = (name: string, file: string) => `${REPO_DIR}/wasm-go/extensions/${name}/${file}`;

beforeAll(async () => {
  repo = TestRepo.create([
    { name: 'healthy', files: { 'main.go': healthyMain() } },
    { name: 'typo', files: { 'main.go': typoMain } },
    { name: 'hostile-build', files: { 'main.go': hostileBuildMain } },
    { name: 'noisy', files: { 'main.go': noisyMain } },
    { name: 'badrc', buildrc: '# the second line runs a command\nEXTRA_TAGS=$(id)\n' },
    { name: 'crlf', buildrc: 'EXTRA_TAGS=a\r::warning title=X::INJECTED-buildrc\n' },
  ]);
  cpSync(join(fixturesDir, 'plugins', 'init-panic'), repo.path(`${EXTENSIONS}/panicky`), {
    recursive: true,
    filter: (src) => !src.endsWith('.wasm'),
  });
  repo.commit('plugins that fail in every way');
  runnerDir = mkdtempSync(join(tmpdir(), 'wpci-runner-'));
  main = await new ActionJob({
    workspace: repo.dir,
    runnerDir,
    eventName: 'workflow_dispatch',
    event: events.workflowDispatch(),
    env: { ...goJobEnv(runnerDir), GITHUB_REF: 'refs/heads/main', GITHUB_SHA: repo.head() },
  }).main({ 'repo-dir': REPO_DIR, all: 'true', cache: 'false' });
}, 300_000);

// The tests of planted workflow commands are rows of #12.3 in docs/reliability.md.
const table = new ReliabilityTable('failing-plugins');
afterAll(() => table.save());
const injection = () => table.it('#12.3 workflow-command injection: action and CLI');

afterAll(() => {
  repo?.cleanup();
  if (runnerDir) {
    wipeRunner(runnerDir);
    rmSync(runnerDir, { recursive: true, force: true });
  }
});

describe('the action (dist/main) on plugins that fail', () => {
  const errors = () => workflowCommands(main.stdout).filter((c) => c.command === 'error');
  const errorOf = (name: string) => errors().filter((c) => c.data.startsWith(`${name}: `));
  const itInjection = injection();

  it('fails the step and still writes the summary and every output', () => {
    expect(main.code).toBe(2); // a plugin's own .buildrc is bad input
    const byName = Object.fromEntries(artifactsOf(main.outputs).map((a) => [a.plugin, a]));
    expect(Object.keys(byName).sort()).toEqual(
      ['badrc', 'crlf', 'healthy', 'hostile-build', 'noisy', 'panicky', 'typo'].sort(),
    );
    expect(byName.healthy).toMatchObject({ ok: true, smoke: { ok: true } });
    expect(byName.badrc).toMatchObject({ ok: false, failedStage: 'build' });
    expect(byName.badrc!.error).toMatch(/^wasm-go\/extensions\/badrc\/\.buildrc:2: /);
    expect(main.summary).toMatch(
      /\| healthy \| go \| \d+ KiB \| [\d.]+ s \| passed \(higress\) \|/,
    );
  });

  it('gives each failure exactly one ::error, on the file and line, relative to the workspace', () => {
    expect(errors()).toHaveLength(6);
    const one = (name: string) => {
      const list = errorOf(name);
      expect([name, list.length]).toEqual([name, 1]);
      return list[0]!;
    };
    expect(one('panicky').properties).toEqual({ file: ws('panicky', 'main.go'), line: '17' });
    expect(one('typo').properties).toMatchObject({
      file: ws('typo', 'main.go'),
      line: String(typoLine),
    });
    expect(one('badrc').properties).toEqual({ file: ws('badrc', '.buildrc'), line: '2' });
    expect(one('crlf').properties).toEqual({ file: ws('crlf', '.buildrc'), line: '1' });
    expect(one('noisy').properties).toEqual({ file: ws('noisy', 'main.go') });
    // Its only "location" is the fake file name a //line directive made up: none is claimed.
    expect(one('hostile-build').properties).toEqual({});
  });

  it("shows the plugin's own panic and source line, in the log and the summary", () => {
    const panic = 'panic: init: PLUGIN_REQUIRED_SETTING is not set';
    expect(errorOf('panicky')[0]!.data).toContain(panic);
    expect(main.stdout).toContain(`at wasm-go/extensions/panicky/main.go:17 (main.mustEnv)`);
    expect(main.summary).toContain(
      '#### panicky: smoke failed (`wasm-go/extensions/panicky/main.go:17`)',
    );
    expect(main.summary).toContain(panic);
    expect(main.summary).toContain('example.com/fixtures/init-panic/main.go:17'); // its trace
    expect(main.summary).toMatch(
      /Function: _initialize failed: Uncaught RuntimeError: unreachable/,
    );
  });

  it("shows the compiler's message, not an exit code", () => {
    expect(main.summary).toContain(`wasm-go/extensions/typo/main.go:${typoLine}:`);
    expect(main.summary).toMatch(/cannot use "x"/);
    expect(main.summary).not.toMatch(/exited with code/);
    expect(errorOf('typo')[0]!.data).toMatch(/cannot use "x"/);
  });

  it('never says skipped for a plugin that failed its smoke test', () => {
    expect(main.summary).toMatch(
      /\| noisy \| go \| \d+ KiB \| [\d.]+ s \| FAILED in canary\.\w+ \|/,
    );
    expect(main.summary).toMatch(
      /\| panicky \| go \| \d+ KiB \| [\d.]+ s \| FAILED in canary\.start \|/,
    );
    expect(main.summary).not.toMatch(/skipped/);
  });

  itInjection('lets no text from the repository or a plugin form a workflow command', () => {
    for (const marker of [
      'INJECTED-smoke-log',
      'INJECTED-legacy-log',
      'INJECTEDTOKEN',
      'INJECTED-compiler',
    ]) {
      expect([marker, main.stdout.includes(marker)]).toEqual([marker, true]); // it did reach the log
    }
    expect(plantedCommands(main.stdout)).toEqual([]);
    expect(plantedCommands(main.stderr)).toEqual([]);
  });

  it("keeps a plugin's log inside its code block in the summary", () => {
    const lines = main.summary.split('\n');
    const at = lines.indexOf('### INJECTED-fence');
    expect(at).toBeGreaterThan(0);
    let open: string | undefined;
    for (const line of lines.slice(0, at)) {
      const fence = /^(`{3,})/.exec(line)?.[1];
      if (!fence) continue;
      if (!open) open = fence;
      else if (fence.length >= open.length && /^`+\s*$/.test(line)) open = undefined;
    }
    expect(open).toBeDefined(); // still inside a code block
  });
});

describe('the command line (dist/cli) on the same plugins', () => {
  const it = injection();
  it('run: the same failures, readable, with no workflow command in its output', async () => {
    const r = await distCli(
      ['run', '--repo', repo.path(REPO_DIR), '--all', '--no-publish', '--json'],
      {
        ...process.env,
        ...goJobEnv(runnerDir),
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'error: wasm-go/extensions/panicky/main.go:17: panicky: smoke failed',
    );
    expect(r.stderr).toMatch(/^panicky +go +\d+ KiB +[\d.]+ s +FAILED in canary\.start$/m); // the table
    expect(r.stderr).toContain('INJECTED-smoke-log');
    const doc = JSON.parse(r.stdout) as { ok: boolean; summary: string };
    expect(doc.ok).toBe(false);
    expect(doc.summary).toContain('panic: init: PLUGIN_REQUIRED_SETTING is not set');
    expect(plantedCommands(r.stdout)).toEqual([]);
    expect(plantedCommands(r.stderr)).toEqual([]);
  }, 180_000);

  it('smoke: names from a wasm name section stay text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-hostile-wasm-'));
    try {
      const file = join(dir, 'hostile.wasm');
      writeFileSync(
        file,
        hostileNamedModule(
          'x\n::warning title=X::INJECTED-wasm-name\n##[error]INJECTED-legacy-name',
        ),
      );
      const r = await distCli(['smoke', file, '--host', 'wasi'], process.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('INJECTED-wasm-name');
      expect(plantedCommands(r.stdout + r.stderr)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('directory names from the repository', () => {
  const it = injection();
  let hostile: TestRepo;
  const parent = 'plugins/wasm-go/ext\n::warning title=X::INJECTED-name';
  beforeAll(() => {
    hostile = TestRepo.create([]);
    hostile.write(`${parent}/evil/main.go`, pluginMain({ name: 'evil' }));
    hostile.write(
      `${parent}/evil/go.mod`,
      `module example.com/evil\n\ngo 1.24\n\nrequire ${SDK} v0.0.0-20260105142703-44c7d5847745\n`,
    );
    hostile.commit('a plugin under a directory whose name holds a command');
  });
  afterAll(() => hostile?.cleanup());

  it('detect/ and `detect` print them without a workflow command', async () => {
    const job = new SimulatedJob({
      workspace: hostile.dir,
      runnerDir,
      eventName: 'workflow_dispatch',
      event: {},
    });
    const step = await job.step('detect', { all: 'true' });
    expect(step.code).toBe(0);
    expect(step.stdout).toContain('INJECTED-name');
    expect(plantedCommands(step.stdout)).toEqual([]);
    const r = await distCli(['detect', '--repo', hostile.dir, '--all'], process.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('INJECTED-name');
    expect(plantedCommands(r.stdout + r.stderr)).toEqual([]);
  });
});

/** A module whose `_start` traps, with `name` as its function's name in the name section. */
function hostileNamedModule(name: string): Buffer {
  const text = (s: string) => [...Buffer.from(s, 'utf8')];
  const section = (id: number, content: number[]) => [id, content.length, ...content];
  const names = [0x01, 0x00, text(name).length, ...text(name)];
  return Buffer.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [0x01, 0x60, 0x00, 0x00]), // type: () -> ()
    ...section(3, [0x01, 0x00]), // one function of that type
    ...section(7, [0x01, 6, ...text('_start'), 0x00, 0x00]), // exported as _start
    ...section(10, [0x01, 0x03, 0x00, 0x00, 0x0b]), // body: unreachable
    ...section(0, [4, ...text('name'), 0x01, names.length, ...names]), // function names
  ]);
}
