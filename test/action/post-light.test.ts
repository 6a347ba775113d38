/**
 * The post step runs whatever the inputs (post-if cannot see them): with
 * nothing to save it reads its state and ends without loading the toolkit or
 * the cache library. Observed through Node's module loader: the files of
 * dist/post/ each run loads.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/paths.js';

const STATE = 'STATE_wasm-plugin-ci-pending-saves';
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'wpci-post-'));
  // A loader hook that lists every file module it loads.
  writeFileSync(
    join(scratch, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.WPCI_LOADED, url + '\\n');
  return next(url, context);
}
`,
  );
  writeFileSync(
    join(scratch, 'register.mjs'),
    `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(join(scratch, 'hooks.mjs')).href)});
`,
  );
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs dist/post with `state`; the dist/post files it loaded, and its output. */
function post(state: string | undefined) {
  const loaded = join(scratch, `loaded-${Math.random().toString(36).slice(2)}`);
  writeFileSync(loaded, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, WPCI_LOADED: loaded };
  if (state !== undefined) env[STATE] = state;
  const r = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(join(scratch, 'register.mjs')).href, 'dist/post/index.js'],
    { cwd: repoRoot, env, encoding: 'utf8' },
  );
  const files = readFileSync(loaded, 'utf8')
    .split('\n')
    .filter((u) => u.includes('/dist/post/'))
    .map((u) => new URL(u).pathname);
  return { code: r.status, stdout: r.stdout, files };
}

describe('the post step', () => {
  it('with nothing to save loads a few KiB of dist/post and says so', () => {
    for (const state of ['', '[]']) {
      const r = post(state);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('run cache: nothing new to save\n');
      expect(r.files.map((f) => basename(f))).toContain('index.js');
      const bytes = r.files.reduce((n, f) => n + statSync(f).size, 0);
      expect(bytes).toBeLessThan(8 * 1024);
    }
  });

  it('with no state in the environment asks the toolkit (as local-action keeps it), still loading no cache code', () => {
    const r = post(undefined);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('run cache: nothing new to save\n');
    expect(r.files.some((f) => /(post-save|cache)-.*\.js$/.test(f))).toBe(false);
    // more than the light path: the toolkit was loaded to read the state
    expect(r.files.reduce((n, f) => n + statSync(f).size, 0)).toBeGreaterThan(8 * 1024);
  });

  it('with entries to save loads the saving code (and fails here, off a runner)', () => {
    const r = post(JSON.stringify([{ key: 'k', paths: [scratch] }]));
    expect(r.files.some((f) => /post-save-.*\.js$/.test(f))).toBe(true);
    expect(r.files.reduce((n, f) => n + statSync(f).size, 0)).toBeGreaterThan(64 * 1024);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::RUNNER_TOOL_CACHE and RUNNER_TEMP must be set');
  });
});
