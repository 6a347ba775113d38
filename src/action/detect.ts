/**
 * The detect/ action: a thin adapter. Reads the inputs and the GitHub event
 * (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH), calls the detect stage in
 * src/repo, and sets the outputs matrix, plugins and any-changed.
 */
import * as core from '@actions/core';
import { resolve } from 'node:path';
import { InputError } from '../common/errors.js';
import type { Builder } from '../model.js';
import { warnConfigErrors } from '../repo/discover.js';
import { pluginSummary, runDetect } from '../repo/stage.js';
import { actionLogFor, changeSourceInput, listInput, runEntry } from './common.js';

async function detect(): Promise<void> {
  const builder = core.getInput('builder');
  if (builder && builder !== 'go' && builder !== 'tinygo') {
    throw new InputError(`input builder: must be 'go' or 'tinygo', not '${builder}'`);
  }
  const repo = resolve(
    process.env.GITHUB_WORKSPACE ?? process.cwd(),
    core.getInput('repo-dir') || '.',
  );
  const log = actionLogFor(repo);
  const result = await runDetect(
    repo,
    {
      plugins: listInput('plugins'),
      exclude: listInput('exclude'),
      builder: (builder || undefined) as Builder | undefined,
      source: changeSourceInput(),
    },
    log,
  );
  log.info(
    `${result.reason}: ${result.selected.length} of ${result.discovered.length} plugin(s) selected`,
  );
  for (const p of result.selected) log.info(`  ${p.name} (${p.relDir}, ${p.builder})`);
  warnConfigErrors(result.selected, log);
  core.setOutput('matrix', JSON.stringify(result.matrix));
  core.setOutput('plugins', JSON.stringify(result.selected.map(pluginSummary)));
  core.setOutput('any-changed', String(result.anyChanged));
}

/** The step's work; a failure fails the step (entries/ call this, as @github/local-action does). */
export async function run(): Promise<void> {
  await runEntry(detect);
}
