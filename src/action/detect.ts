/**
 * The detect/ action: a thin adapter. Reads the inputs and the GitHub event
 * (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH), calls the detect stage in
 * src/repo, and sets the outputs matrix, plugins and any-changed.
 */
import * as core from '@actions/core';
import { resolve } from 'node:path';
import { describeError, InputError } from '../common/errors.js';
import type { Log } from '../common/log.js';
import type { Builder } from '../model.js';
import { changeSourceFromEnv, type ChangeSource } from '../repo/event.js';
import { pluginSummary, runDetect } from '../repo/stage.js';

const actionLog: Log = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warn: (m, w) =>
    core.warning(m, w ? { file: w.file, startLine: w.line, startColumn: w.column } : {}),
  error: (m, w) =>
    core.error(m, w ? { file: w.file, startLine: w.line, startColumn: w.column } : {}),
  group: (name, fn) => core.group(name, fn),
};

/** Multiline or comma-separated globs. */
function globs(name: string): string[] {
  return core
    .getMultilineInput(name)
    .flatMap((l) => l.split(','))
    .map((g) => g.trim())
    .filter(Boolean);
}

/** A boolean input; unset counts as false (the runner fills defaults, tests may not). */
function flag(name: string): boolean {
  const v = core.getInput(name).toLowerCase();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw new InputError(`input ${name}: must be true or false, not '${core.getInput(name)}'`);
}

function source(): ChangeSource {
  if (flag('all')) return { kind: 'all', reason: 'all: true' };
  const base = core.getInput('base');
  const head = core.getInput('head') || 'HEAD';
  if (base)
    return {
      kind: 'diff',
      reason: `${base}...${head}`,
      base,
      head,
      threeDot: true,
      explicit: true,
    };
  const fromEvent = changeSourceFromEnv(process.env);
  if (!fromEvent) throw new InputError('GITHUB_EVENT_NAME is not set: give base or all');
  return fromEvent;
}

async function run(): Promise<void> {
  const builder = core.getInput('builder');
  if (builder && builder !== 'go' && builder !== 'tinygo') {
    throw new InputError(`input builder: must be 'go' or 'tinygo', not '${builder}'`);
  }
  const repo = resolve(
    process.env.GITHUB_WORKSPACE ?? process.cwd(),
    core.getInput('repo-dir') || '.',
  );
  const result = await runDetect(
    repo,
    {
      plugins: globs('plugins'),
      exclude: globs('exclude'),
      builder: (builder || undefined) as Builder | undefined,
      source: source(),
    },
    actionLog,
  );
  core.info(
    `${result.reason}: ${result.selected.length} of ${result.discovered.length} plugin(s) selected`,
  );
  for (const p of result.selected) core.info(`  ${p.name} (${p.relDir}, ${p.builder})`);
  core.setOutput('matrix', JSON.stringify(result.matrix));
  core.setOutput('plugins', JSON.stringify(result.selected.map(pluginSummary)));
  core.setOutput('any-changed', String(result.anyChanged));
}

try {
  await run();
} catch (err) {
  core.setFailed(describeError(err));
}
