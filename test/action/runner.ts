/**
 * The full action as a workflow step: inputs filled in from action.yml's
 * defaults first (the runner does that for every input a step leaves out),
 * then the step's `with:` values, then dist/main and dist/post run by the
 * simulated runner.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SimulatedJob, type RunnerOptions, type StepResult } from '../support/action-runner.js';
import { repoRoot } from '../support/paths.js';

interface ActionYaml {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

export function actionYaml(dir = '.'): ActionYaml {
  return parse(readFileSync(join(repoRoot, dir, 'action.yml'), 'utf8')) as ActionYaml;
}

/** The inputs a step gets: every input of `dir`/action.yml at its default, then `inputs`. */
export function withDefaults(inputs: Record<string, string>, dir = '.'): Record<string, string> {
  const all: Record<string, string> = {};
  for (const [name, spec] of Object.entries(actionYaml(dir).inputs))
    all[name] = spec.default === undefined ? '' : String(spec.default);
  for (const [name, value] of Object.entries(inputs)) {
    if (!(name in all)) throw new Error(`${dir}/action.yml has no input '${name}'`);
    all[name] = value;
  }
  return all;
}

/** One job running `uses: wasm-plugin-ci/wasm-plugin-ci@v1` (main, then post). */
export class ActionJob {
  readonly job: SimulatedJob;
  constructor(options: RunnerOptions) {
    this.job = new SimulatedJob(options);
  }

  main(inputs: Record<string, string>): Promise<StepResult> {
    return this.job.step('main', withDefaults(inputs));
  }

  post(inputs: Record<string, string>): Promise<StepResult> {
    return this.job.step('post', withDefaults(inputs), true);
  }
}
