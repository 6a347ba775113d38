/**
 * README.md and docs/*.md are executable: every command they show a user in
 * a fenced `sh` (or `bash`, `shell`) block runs here, in document order, in a
 * fresh clone of this repository at HEAD (commit first: uncommitted edits are
 * not in the clone, as they would not be in a user's), with the user's
 * environment less the test runner's own variables. Each command has an entry
 * in EXPECTED saying what "does what the text says" means for it, or why it is
 * not run here; a command without an entry, or an entry without a command,
 * fails the test. The README's prerequisites are checked against the files
 * that decide them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Shown {
  /** The command as the reader sees it, trailing comment and continuations included. */
  line: string;
  /** The key in EXPECTED: the command without its comment, spaces collapsed. */
  key: string;
  where: string;
}

type Expected =
  { skip: string } | { check: (r: Ran, clone: string) => void | Promise<void>; timeoutMs?: number };

const SHELL_BLOCK = /^(sh|bash|shell)$/;

/** Every command in the shell blocks of README.md and docs/*.md, in document order. */
function shownCommands(): Shown[] {
  const files = ['README.md', ...readdirSync(join(repoRoot, 'docs')).map((f) => `docs/${f}`)];
  const shown: Shown[] = [];
  for (const file of files.filter((f) => f.endsWith('.md'))) {
    const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
    let fence: string | undefined;
    let pending = '';
    lines.forEach((text, i) => {
      const open = /^```(\S*)/.exec(text);
      if (open && fence === undefined) {
        fence = open[1]!;
        return;
      }
      if (text.startsWith('```')) {
        fence = undefined;
        return;
      }
      if (fence === undefined || !SHELL_BLOCK.test(fence)) return;
      const line = pending + text;
      if (line.endsWith('\\')) {
        pending = `${line.slice(0, -1)} `;
        return;
      }
      pending = '';
      const key = line
        .replace(/(^|\s)#.*$/, '')
        .replace(/\s+/g, ' ')
        .trim();
      if (key) shown.push({ line: line.trim(), key, where: `${file}:${i + 1}` });
    });
  }
  return shown;
}

const examplesDir = (clone: string) => join(clone, 'examples', 'plugins');
const examplePlugins = (clone: string) =>
  readdirSync(join(examplesDir(clone), 'wasm-go', 'extensions')).sort();

async function firstUse(r: Ran, clone: string): Promise<void> {
  expect(r.code).toBe(0);
  // "prints a table of results" (Markdown or aligned columns: one header, one row per plugin)
  expect(r.stderr).toMatch(/^\W*plugin\W+builder\W+size\W+build\W+smoke\b/m);
  const plugins = examplePlugins(clone);
  expect(plugins.length).toBeGreaterThanOrEqual(2);
  for (const p of plugins) {
    // built with the Go on PATH
    expect(existsSync(join(examplesDir(clone), '.wasm-plugin-ci', 'build', p, 'plugin.wasm'))).toBe(
      true,
    );
    // smoke-tested on the higress profile
    expect(r.stderr).toMatch(new RegExp(`^\\W*${p}\\W+go\\b.*\\bpassed \\(higress\\)`, 'm'));
    // published into examples/plugins/.wasm-plugin-ci/oci/<plugin>, which a gateway could fetch
    const layout = join('examples', 'plugins', '.wasm-plugin-ci', 'oci', p);
    expect(existsSync(join(clone, layout, 'index.json'))).toBe(true);
    const verify = await sh(`node dist/cli/index.js verify --oci-layout ${layout}:latest`, clone);
    expect(verify.stderr).toMatch(/: ok: the gateway loads it \(/);
    expect(verify.code).toBe(0);
  }
}

const exitsZero = (r: Ran) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
};

const gitStatus = (clone: string, ...paths: string[]) =>
  execFileSync('git', ['status', '--porcelain', '--', ...paths], { cwd: clone, encoding: 'utf8' });

/** What each command shown must do, keyed by the command without its comment. */
const EXPECTED: Record<string, Expected> = {
  'node dist/cli/index.js run --repo examples/plugins': { check: firstUse, timeoutMs: 300_000 },
  'bash .ci/run': {
    skip: 'it runs this test; CI runs it itself, from a clean clone, and fails on any failed step',
  },
  'npm ci': {
    check: (r, clone) => {
      exitsZero(r);
      expect(existsSync(join(clone, 'node_modules', '.bin', 'jest'))).toBe(true);
      expect(gitStatus(clone)).toBe(''); // the lock file reproduced as it is
    },
    timeoutMs: 600_000,
  },
  'npm test': {
    skip: 'the suite this test is part of: it would run itself again without end; .ci/run runs it',
  },
  'npm run typecheck': { check: exitsZero, timeoutMs: 300_000 },
  'npm run lint': { check: exitsZero, timeoutMs: 300_000 },
  'npm run format:check': { check: exitsZero, timeoutMs: 300_000 },
  'npm run package': {
    check: (r, clone) => {
      exitsZero(r);
      // "committed; CI checks it is fresh": the rebuild equals what the clone holds
      expect(gitStatus(clone, 'dist')).toBe('');
      for (const entry of ['main', 'post', 'setup', 'setup-post', 'detect', 'cli', 'smoke-worker'])
        expect(existsSync(join(clone, 'dist', entry, 'index.js'))).toBe(true);
    },
    timeoutMs: 120_000,
  },
};

/** A user's shell: this environment less what the test runner and npm added. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|JEST_|WPCI_)/i.test(k) || k === 'NODE_OPTIONS' || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return env;
}

function sh(line: string, cwd: string): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', line], { cwd, env: userEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const shown = shownCommands();

describe('the commands README.md and docs/ show', () => {
  it('each has an expectation here, and each expectation a command there', () => {
    const unlisted = shown.filter((c) => !(c.key in EXPECTED)).map((c) => `${c.where}: ${c.key}`);
    expect(unlisted).toEqual([]);
    const stale = Object.keys(EXPECTED).filter((k) => !shown.some((c) => c.key === k));
    expect(stale).toEqual([]);
  });

  it('the README shows the first-use command first', () => {
    expect(shown[0]).toMatchObject({
      key: 'node dist/cli/index.js run --repo examples/plugins',
      where: expect.stringMatching(/^README\.md:/),
    });
  });
});

describe('run from a clean clone', () => {
  let clone: string;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-clone-'));
    clone = join(dir, 'wasm-plugin-ci');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
    execFileSync('git', ['clone', '-q', repoRoot, clone]);
    execFileSync('git', ['checkout', '-q', '--detach', head.trim()], { cwd: clone });
  }, 120_000);
  afterAll(() => {
    if (!clone) return;
    execFileSync('chmod', ['-R', 'u+w', join(clone, '..')]);
    rmSync(join(clone, '..'), { recursive: true, force: true });
  });

  for (const c of shown) {
    const expected = EXPECTED[c.key];
    if (!expected) continue; // reported above
    if ('skip' in expected) {
      it.skip(`${c.where}: ${c.line} (not run here: ${expected.skip})`, () => {});
      continue;
    }
    it(
      `${c.where}: ${c.line}`,
      async () => {
        if (c.key.startsWith('node dist/')) {
          // "no npm ci needed": the bundles run before anything is installed
          expect(existsSync(join(clone, 'node_modules'))).toBe(false);
        }
        await expected.check(await sh(c.line, clone), clone);
      },
      expected.timeoutMs ?? 120_000,
    );
  }
});

describe("the README's prerequisites", () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  /** The "needs" cell of the README's first-use table for a command. */
  const needs = (command: string) => {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${command}\``));
    if (!row) throw new Error(`README.md: no prerequisites row for ${command}`);
    return row.split('|')[2]!;
  };
  const goLine = (file: string) => /^go (\S+)$/m.exec(readFileSync(file, 'utf8'))![1]!;
  const newest = (versions: string[]) =>
    versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1)!;

  it('name the Node.js that package.json requires, for both commands', () => {
    const engines = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).engines.node;
    const major = /^>=(\d+)$/.exec(engines)![1];
    for (const command of ['node dist/cli/index.js run --repo examples/plugins', 'bash .ci/run'])
      expect(needs(command)).toContain(`Node.js ${major} or newer`);
  });

  it('name the Go the example plugins ask for, and the Go tools/go.mod asks for', () => {
    const modules = readdirSync(join(repoRoot, 'examples'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('go.mod'))
      .map((f) => join(repoRoot, 'examples', f));
    expect(modules.length).toBeGreaterThanOrEqual(2);
    const examples = newest(modules.map(goLine));
    expect(needs('node dist/cli/index.js run --repo examples/plugins')).toContain(
      `Go ${examples} or newer`,
    );
    expect(needs('bash .ci/run')).toContain(
      `Go ${goLine(join(repoRoot, 'tools/go.mod'))} or newer`,
    );
  });
});
