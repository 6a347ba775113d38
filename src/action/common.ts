/**
 * What every action entry shares: the runner's log (groups, annotations) and
 * input readers that turn a malformed input into an error naming it.
 */
import * as core from '@actions/core';
import { relative, resolve, sep } from 'node:path';
import { describeError, InputError } from '../common/errors.js';
import { commandSafe, type Log, type SourceLocation } from '../common/log.js';
import { periodicTasks } from '../common/progress.js';
import { changeSourceFromEnv, type ChangeSource } from '../repo/event.js';

/**
 * The runner's log. Stages give annotation paths relative to `repo`; GitHub
 * resolves them against GITHUB_WORKSPACE, so they are rewritten relative to
 * it (with `repo-dir: plugins`, `x/main.go` becomes `plugins/x/main.go`).
 * Plain lines are made command-safe (src/common/log.ts); @actions/core
 * escapes what it puts into commands itself.
 */
export function actionLogFor(repo?: string): Log {
  const workspace = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
  const annotation = (w?: SourceLocation): core.AnnotationProperties => {
    if (!w) return {};
    const file = repo ? relative(workspace, resolve(repo, w.file)).split(sep).join('/') : w.file;
    return { file, startLine: w.line, startColumn: w.column };
  };
  const info = (m: string) => core.info(commandSafe(m));
  // Long work prints a line every 30 s, so a cold build never looks hung.
  const tasks = periodicTasks(30_000)((text) => info(text.replace(/\n$/, '')));
  return {
    debug: (m) => core.debug(m),
    info,
    warn: (m, w) => core.warning(m, annotation(w)),
    error: (m, w) => core.error(m, annotation(w)),
    group: (name, fn) => core.group(name, fn),
    task: (name) => tasks.task(name),
  };
}

export const actionLog: Log = actionLogFor();

/** Multiline or comma-separated values (globs, version lists). */
export function listInput(name: string): string[] {
  return core
    .getMultilineInput(name)
    .flatMap((l) => l.split(','))
    .map((g) => g.trim())
    .filter(Boolean);
}

/** A boolean input; unset counts as `fallback` (the runner fills defaults, tests may not). */
export function flagInput(name: string, fallback = false): boolean {
  const v = core.getInput(name).toLowerCase();
  if (v === '') return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new InputError(`input ${name}: must be true or false, not '${core.getInput(name)}'`);
}

export function positiveIntInput(name: string): number | undefined {
  const v = core.getInput(name);
  if (v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(`input ${name}: must be a positive integer, not '${v}'`);
  return n;
}

export function oneOfInput<T extends string>(name: string, allowed: readonly T[]): T | undefined {
  const v = core.getInput(name);
  if (v === '') return undefined;
  if (!allowed.includes(v as T))
    throw new InputError(`input ${name}: must be one of ${allowed.join(', ')}, not '${v}'`);
  return v as T;
}

/** Which change to look at: the all/base inputs, else the GitHub event. */
export function changeSourceInput(): ChangeSource {
  if (flagInput('all')) return { kind: 'all', reason: 'all: true' };
  const base = core.getInput('base');
  const head = core.getInput('head') || 'HEAD';
  if (base) return { kind: 'diff', reason: `${base}...${head}`, base, head, threeDot: true };
  const fromEvent = changeSourceFromEnv(process.env);
  if (!fromEvent) throw new InputError('GITHUB_EVENT_NAME is not set: give base or all');
  return fromEvent;
}

/** Runs an entry: an error fails the step with its message (the stack only in debug logging). */
export async function runEntry(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    core.setFailed(describeError(err, core.isDebug()));
  }
}
