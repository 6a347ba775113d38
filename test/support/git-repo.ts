/**
 * Builds git repositories with real history for the detect and build tests:
 * proxy-wasm plugins in Higress's layout (plugins/wasm-go/extensions/<name>),
 * a shared Go package that some of them import through a `replace`
 * directive, commits, branches, tags, shallow clones over file:// and the
 * event payloads GitHub would send.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fixturesDir } from './paths.js';

export const EXTENSIONS = 'plugins/wasm-go/extensions';
export const SHARED = 'plugins/wasm-go/pkg/shared';
export const SHARED_MODULE = 'example.com/plugins/pkg/shared';
const SDK = 'github.com/proxy-wasm/proxy-wasm-go-sdk';
const SDK_VERSION = 'v0.0.0-20260105142703-44c7d5847745';

export interface PluginSpec {
  name: string;
  /** Imports the shared package (through a replace directive). */
  shared?: boolean;
  buildrc?: string;
  /** Extra files, path relative to the plugin directory. */
  files?: Record<string, string>;
}

let tick = 0;

/** A deterministic identity and clock so that commit shas are stable. */
function gitEnv(): NodeJS.ProcessEnv {
  tick++;
  const date = `2026-01-01T00:00:${String(tick % 60).padStart(2, '0')}Z`;
  return {
    ...process.env,
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: gitEnv(), encoding: 'utf8' }).trim();
}

export function pluginMain(spec: PluginSpec): string {
  const shared = spec.shared ? `\n\t"${SHARED_MODULE}"` : '';
  const use = spec.shared ? '\nvar _ = shared.Canonical("X-Test")\n' : '';
  return `// ${spec.name}: a test plugin.
package main

import (${shared}
\t"${SDK}/proxywasm"
\t"${SDK}/proxywasm/types"
)

func init() { proxywasm.SetVMContext(&vmContext{}) }

func main() {}

type vmContext struct{ types.DefaultVMContext }
${use}`;
}

export function pluginGoMod(spec: PluginSpec): string {
  const lines = [`module example.com/plugins/${spec.name}`, '', 'go 1.24', '', 'require ('];
  if (spec.shared) lines.push(`\t${SHARED_MODULE} v0.0.0`);
  lines.push(`\t${SDK} ${SDK_VERSION}`, ')', '');
  if (spec.shared) lines.push(`replace ${SHARED_MODULE} => ../../pkg/shared`, '');
  return lines.join('\n');
}

export class TestRepo {
  constructor(readonly dir: string) {}

  /** A fresh repository in a temp directory with `plugins` and the shared package, one commit on main. */
  static create(plugins: PluginSpec[], prefix = 'wpci-repo-'): TestRepo {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    git(dir, 'init', '-q', '-b', 'main');
    const repo = new TestRepo(dir);
    repo.write(`${SHARED}/go.mod`, `module ${SHARED_MODULE}\n\ngo 1.24\n`);
    repo.write(
      `${SHARED}/shared.go`,
      'package shared\n\nimport "strings"\n\nfunc Canonical(s string) string { return strings.ToLower(s) }\n',
    );
    repo.write('README.md', '# test plugins\n');
    for (const p of plugins) repo.addPlugin(p);
    repo.commit('initial');
    return repo;
  }

  path(rel: string): string {
    return join(this.dir, rel);
  }

  write(rel: string, content: string): void {
    mkdirSync(dirname(this.path(rel)), { recursive: true });
    writeFileSync(this.path(rel), content);
  }

  read(rel: string): string {
    return readFileSync(this.path(rel), 'utf8');
  }

  remove(rel: string): void {
    rmSync(this.path(rel), { recursive: true, force: true });
  }

  addPlugin(spec: PluginSpec): string {
    const rel = `${EXTENSIONS}/${spec.name}`;
    this.write(`${rel}/main.go`, pluginMain(spec));
    this.write(`${rel}/go.mod`, pluginGoMod(spec));
    copyFileSync(join(fixturesDir, 'plugins', 'healthy', 'go.sum'), this.path(`${rel}/go.sum`));
    if (spec.buildrc !== undefined) this.write(`${rel}/.buildrc`, spec.buildrc);
    for (const [f, text] of Object.entries(spec.files ?? {})) this.write(`${rel}/${f}`, text);
    return rel;
  }

  /** Stages everything and commits; returns the new sha. */
  commit(message: string): string {
    git(this.dir, 'add', '-A');
    git(this.dir, 'commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(): string {
    return git(this.dir, 'rev-parse', 'HEAD');
  }

  git(...args: string[]): string {
    return git(this.dir, ...args);
  }

  /**
   * A clone over file:// (so --depth is honoured), checked out at `branch`.
   * `depth` makes it shallow, like actions/checkout's default of 1.
   */
  clone(options: { depth?: number; branch?: string } = {}): TestRepo {
    const dest = mkdtempSync(join(tmpdir(), 'wpci-clone-'));
    const args = ['clone', '-q', '--no-tags'];
    if (options.depth) args.push(`--depth=${options.depth}`);
    if (options.branch) args.push('--branch', options.branch);
    args.push(`file://${this.dir}`, dest);
    git(tmpdir(), ...args);
    return new TestRepo(dest);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const ZERO = '0000000000000000000000000000000000000000';

/** Event payloads shaped like GitHub's (only the fields anyone reads). */
export const events = {
  push(o: {
    before?: string;
    after: string;
    ref?: string;
    forced?: boolean;
    defaultBranch?: string;
  }) {
    return {
      ref: o.ref ?? 'refs/heads/main',
      before: o.before ?? ZERO,
      after: o.after,
      created: !o.before,
      deleted: false,
      forced: o.forced ?? false,
      repository: { default_branch: o.defaultBranch ?? 'main' },
    };
  },
  pullRequest(o: { base: string; head: string; baseRef?: string; number?: number }) {
    return {
      number: o.number ?? 7,
      pull_request: {
        number: o.number ?? 7,
        base: { sha: o.base, ref: o.baseRef ?? 'main' },
        head: { sha: o.head, ref: 'feature' },
      },
      repository: { default_branch: 'main' },
    };
  },
  tagPush(tag: string, sha: string) {
    return { ref: `refs/tags/${tag}`, before: ZERO, after: sha, created: true, deleted: false };
  },
  workflowDispatch(ref = 'refs/heads/main') {
    return { ref, inputs: {}, repository: { default_branch: 'main' } };
  },
  schedule() {
    return { schedule: '0 3 * * *', repository: { default_branch: 'main' } };
  },
  zero: ZERO,
};

/** Writes a payload next to the repository and returns the env GitHub would set. */
export function eventEnv(name: string, payload: unknown): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'wpci-event-'));
  const file = join(dir, 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  return { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: file };
}
