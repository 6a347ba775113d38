/**
 * Runs a committed action bundle (dist/<entry>/index.js) exactly as the
 * runner does: inputs as INPUT_<NAME> variables, the file commands
 * (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE, GITHUB_STEP_SUMMARY),
 * the event payload at GITHUB_EVENT_PATH, RUNNER_TOOL_CACHE and RUNNER_TEMP;
 * and the post entry afterwards with the saved state as STATE_<name>.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distNode } from './dist.js';
import { repoRoot } from './paths.js';

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  state: Record<string, string>;
  summary: string;
}

/** Parses a file written with `name<<DELIM\nvalue\nDELIM` or `name=value` lines. */
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]);
      out[heredoc[1]] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export interface RunnerOptions {
  /** GITHUB_WORKSPACE and the step's working directory. */
  workspace: string;
  eventName?: string;
  event?: unknown;
  /** Persisted across steps and runs of one test: RUNNER_TOOL_CACHE lives here. */
  runnerDir: string;
  env?: NodeJS.ProcessEnv;
}

/** A job on a simulated runner: steps share the tool cache, temp and state. */
export class SimulatedJob {
  private readonly files: string;
  private state: Record<string, string> = {};
  private readonly addedPath: string[] = [];
  private readonly addedEnv: Record<string, string> = {};

  constructor(private readonly options: RunnerOptions) {
    this.files = mkdtempSync(join(tmpdir(), 'wpci-job-'));
    mkdirSync(join(options.runnerDir, 'tool-cache'), { recursive: true });
    mkdirSync(join(options.runnerDir, 'temp'), { recursive: true });
  }

  private baseEnv(): NodeJS.ProcessEnv {
    const o = this.options;
    const eventPath = join(this.files, 'event.json');
    writeFileSync(eventPath, JSON.stringify(o.event ?? {}));
    return {
      PATH: [...this.addedPath, process.env.PATH].join(':'),
      HOME: process.env.HOME,
      GOPATH: process.env.GOPATH,
      GOMODCACHE: process.env.GOMODCACHE,
      GOFLAGS: process.env.GOFLAGS,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_WORKSPACE: o.workspace,
      GITHUB_EVENT_NAME: o.eventName ?? 'workflow_dispatch',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'example/plugins',
      GITHUB_SERVER_URL: 'https://github.com',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_TOOL_CACHE: join(o.runnerDir, 'tool-cache'),
      RUNNER_TEMP: join(o.runnerDir, 'temp'),
      ...this.addedEnv,
      ...o.env,
    };
  }

  /** Runs `dist/<entry>/index.js` with `inputs`; `post` runs it with the saved state. */
  async step(
    entry: string,
    inputs: Record<string, string> = {},
    post = false,
  ): Promise<StepResult> {
    const id = Math.random().toString(36).slice(2);
    const file = (name: string) => {
      const p = join(this.files, `${name}-${id}`);
      writeFileSync(p, '');
      return p;
    };
    const outputFile = file('output');
    const envFile = file('env');
    const pathFile = file('path');
    const stateFile = file('state');
    const summaryFile = file('summary');
    const env: NodeJS.ProcessEnv = {
      ...this.baseEnv(),
      GITHUB_OUTPUT: outputFile,
      GITHUB_ENV: envFile,
      GITHUB_PATH: pathFile,
      GITHUB_STATE: stateFile,
      GITHUB_STEP_SUMMARY: summaryFile,
    };
    for (const [k, v] of Object.entries(inputs))
      env[`INPUT_${k.toUpperCase().replace(/ /g, '_')}`] = v;
    if (post) for (const [k, v] of Object.entries(this.state)) env[`STATE_${k}`] = v;

    const child = spawn(distNode, [join(repoRoot, 'dist', entry, 'index.js')], {
      cwd: this.options.workspace,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((done) => child.on('close', done));

    const outputs = parseFileCommand(readFileSync(outputFile, 'utf8'));
    const addedEnv = parseFileCommand(readFileSync(envFile, 'utf8'));
    const addedPath = readFileSync(pathFile, 'utf8').split('\n').filter(Boolean);
    const state = parseFileCommand(readFileSync(stateFile, 'utf8'));
    Object.assign(this.addedEnv, addedEnv);
    this.addedPath.unshift(...addedPath.reverse());
    if (!post) this.state = { ...this.state, ...state };
    return {
      code,
      stdout,
      stderr,
      outputs,
      env: addedEnv,
      path: addedPath,
      state,
      summary: readFileSync(summaryFile, 'utf8'),
    };
  }
}
