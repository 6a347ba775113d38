/**
 * The reusable workflow passes the action's outputs on (issue #15 item 2):
 * each matrix leg keeps its `artifacts` and `by-plugin` outputs, and the
 * summary job gathers them into the workflow's `by-plugin` and `tags`
 * outputs. The two `run:` scripts are taken from the workflow file and run
 * with bash and node, as the runner would, on two legs' results.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseFileCommand } from '../support/action-runner.js';
import { repoRoot } from '../support/paths.js';

interface Step {
  name?: string;
  id?: string;
  run?: string;
}
const wf = parse(readFileSync(join(repoRoot, '.github/workflows/wasm-plugins.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Step[] }>;
};
const keep = wf.jobs.plugin!.steps.find((s) => s.name === 'Keep the result')!.run!;
const gather = wf.jobs.summary!.steps.find((s) => s.id === 'gather')!.run!;

function bash(script: string, env: Record<string, string>): void {
  execFileSync('bash', ['-e', '-c', script], { env: { PATH: process.env.PATH, ...env } });
}

const leg = (plugin: string, digest?: string) => ({
  artifacts: [
    {
      plugin,
      ok: !!digest,
      builder: 'go',
      references: digest ? [`r/${plugin}:1.0.0`] : undefined,
      digest,
    },
  ],
  byPlugin: {
    [plugin]: {
      plugin,
      image: `r/${plugin}`,
      tags: [`r/${plugin}:1.0.0`],
      ...(digest
        ? { digest, imageid: 'sha256:44', manifests: { istio: 'kind: WasmPlugin\n' } }
        : {}),
    },
  },
});

describe('the reusable workflow passes outputs on', () => {
  it('keeps each leg, then gathers by-plugin and the pushed tags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-wf-'));
    try {
      const results = join(dir, 'results');
      mkdirSync(results);
      const legs = { alpha: leg('alpha', `sha256:${'a'.repeat(64)}`), beta: leg('beta') };
      for (const [plugin, l] of Object.entries(legs)) {
        const temp = join(dir, `runner-${plugin}`);
        mkdirSync(temp);
        bash(keep, {
          ARTIFACTS: JSON.stringify(l.artifacts),
          // beta's step failed before it set by-plugin: the leg still keeps a valid file
          BY_PLUGIN: plugin === 'beta' ? '' : JSON.stringify(l.byPlugin),
          PLUGIN: plugin,
          RUNNER_TEMP: temp,
        });
        // upload-artifact, then download-artifact with merge-multiple: one folder
        cpSync(join(temp, 'wasm-plugin-ci-result'), results, { recursive: true });
      }
      expect(readdirSync(results).sort()).toEqual([
        'artifacts-alpha.json',
        'artifacts-beta.json',
        'outputs-alpha.json',
        'outputs-beta.json',
      ]);
      const output = join(dir, 'output');
      const summary = join(dir, 'summary');
      writeFileSync(output, '');
      writeFileSync(summary, '');
      bash(gather, {
        RESULTS: results,
        PLUGIN_JOBS: 'failure',
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
      });
      const outputs = parseFileCommand(readFileSync(output, 'utf8'));
      expect(JSON.parse(outputs['by-plugin']!)).toEqual(legs.alpha.byPlugin);
      expect(outputs.tags).toBe('r/alpha:1.0.0');
      expect(JSON.parse(outputs.artifacts!).map((a: { plugin: string }) => a.plugin)).toEqual([
        'alpha',
        'beta',
      ]);
      expect(readFileSync(summary, 'utf8')).toContain('2 plugin(s), 1 failed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
