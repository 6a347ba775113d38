/**
 * `run` as a person sees it, through the committed bundle: in a real
 * terminal (a pty from util-linux `script`) a live status line while plugins
 * build, then an aligned, coloured table; in a pipe the same table without
 * colours or redraws; the Markdown only on stdout, when asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST_CLI, distCli } from '../support/dist-cli.js';
import { fixturesDir } from '../support/paths.js';

const STATUS = '\r\x1b[K… go build healthy';
// ANSI bold and red, escaped for a RegExp.
const BOLD = '\x1b\\[1m';
const RED = '\x1b\\[31m';
let repo: string;

beforeAll(() => {
  // util-linux's `script` gives the command a real pseudo-terminal.
  execFileSync('script', ['--version'], { stdio: 'ignore' });
  repo = mkdtempSync(join(tmpdir(), 'wpci-tty-'));
  for (const name of ['healthy', 'init-panic'])
    cpSync(join(fixturesDir, 'plugins', name), join(repo, 'plugins', name), {
      recursive: true,
      filter: (src) => !src.endsWith('.wasm'),
    });
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const args = () => ['run', '--repo', repo, '--no-publish', '--jobs', '1'];
const env = (extra: NodeJS.ProcessEnv = {}) => ({
  ...process.env,
  GOTOOLCHAIN: 'local',
  COLUMNS: '120',
  TERM: 'xterm',
  NO_COLOR: undefined,
  ...extra,
});

/** What a terminal receives (stdout and stderr alike) from the command in a pty. */
function inTerminal(extra: NodeJS.ProcessEnv = {}): { code: number; screen: string } {
  const log = join(repo, `typescript-${Date.now()}`);
  const command = [process.execPath, DIST_CLI, ...args()].map((a) => `'${a}'`).join(' ');
  let code = 0;
  try {
    execFileSync('script', ['-q', '-e', '-c', command, log], { env: env(extra), stdio: 'ignore' });
  } catch (err) {
    code = (err as { status: number }).status;
  }
  return { code, screen: readFileSync(log, 'utf8') };
}

const piped = (extra: string[] = []) => distCli([...args(), ...extra], env());

describe('run on a terminal', () => {
  it('shows a live status line while building, then an aligned, coloured table', () => {
    const { code, screen } = inTerminal();
    expect(code).toBe(1); // init-panic fails its smoke test
    expect(screen).toContain(STATUS); // drawn in place while go builds
    expect(screen).toMatch(new RegExp(`${BOLD}plugin {6}builder {2}size {6}build {2}smoke`));
    expect(screen).toMatch(
      new RegExp(`${RED}init-panic {2}go {7}\\d+ KiB +[\\d.]+ s +FAILED in canary\\.start`),
    );
    expect(screen).toContain('at plugins/init-panic/main.go:17 (main.mustEnv)');
    expect(screen).not.toContain('| --- |'); // no Markdown for a person
  }, 120_000);

  it('leaves colours out with NO_COLOR', () => {
    const { screen } = inTerminal({ NO_COLOR: '1' });
    expect(screen).toMatch(/^plugin {6}builder {2}size {6}build {2}smoke/m);
    expect(screen).not.toContain('\x1b[1m');
  }, 120_000);
});

describe('run in a pipe', () => {
  it('prints the plain table on stderr and nothing on stdout', async () => {
    const r = await piped();
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^init-panic {2}go {7}\d+ KiB +[\d.]+ s +FAILED in canary\.start$/m);
    expect(r.stderr).not.toContain('\x1b[');
    expect(r.stderr).not.toContain('| --- |');
  }, 120_000);

  it('--format markdown puts the job-summary Markdown on stdout', async () => {
    const r = await piped(['--format', 'markdown']);
    expect(r.stdout).toMatch(/^### wasm-plugin-ci: 1 of 2 plugin\(s\) failed\n/);
    expect(r.stdout).toMatch(
      /^\| init-panic \| go \| \d+ KiB \| [\d.]+ s \| FAILED in canary\.start \|/m,
    );
    expect(r.stdout).toContain('panic: init: PLUGIN_REQUIRED_SETTING is not set');
  }, 120_000);
});
