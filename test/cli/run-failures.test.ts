/**
 * A plugin's own bad smoke.yaml fails that plugin only (exit 2, bad input),
 * named at its file and line; the others are built and smoke-tested, and the
 * result is still printed.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { fixturesDir } from '../support/paths.js';

let repo: string;
beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'wpci-run-fail-'));
  for (const name of ['a', 'b'])
    cpSync(join(fixturesDir, 'plugins', 'healthy'), join(repo, 'plugins', name), {
      recursive: true,
      filter: (src) => !src.endsWith('.wasm'),
    });
  writeFileSync(join(repo, 'plugins', 'a', 'smoke.yaml'), 'host: higress\ntimeoutMs: [unclosed\n');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

it('a bad smoke.yaml fails its own plugin, at its line, and the others pass', async () => {
  const r = await cli(['run', '--repo', repo, '--no-publish', '--json']);
  expect(r.code).toBe(2);
  const doc = JSON.parse(r.stdout) as {
    artifacts: { plugin: string; ok: boolean; failedStage?: string; error?: string }[];
    summary: string;
  };
  const [a, b] = doc.artifacts;
  expect(a).toMatchObject({ plugin: 'a', ok: false, failedStage: 'smoke' });
  expect(a!.error).toMatch(/smoke\.yaml:\d+: /);
  expect(b).toMatchObject({ plugin: 'b', ok: true });
  expect(r.stderr).toMatch(/^error: plugins\/a\/smoke\.yaml:\d+: a: smoke failed: /m);
  expect(doc.summary).toMatch(/\| a \| go \| \d+ KiB \| [\d.]+ s \| FAILED \|/);
  expect(doc.summary).toMatch(/#### a: smoke failed \(`plugins\/a\/smoke\.yaml:\d+`\)/);
}, 120_000);
