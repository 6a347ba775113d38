/**
 * The smoke worker runs modules on V8's baseline compiler only
 * (src/smoke/engine-flags.ts). Observed with V8's own test natives in a
 * child process: a hot function that V8 would recompile with TurboFan stays
 * Liftoff code once a smoke worker has started (V8's flags are per process).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileWat, watFixture } from '../support/wat.js';
import { repoRoot } from '../support/paths.js';

/** A hot loop: the sum of 1..n. */
const LOOP = `(module
  (func (export "sum") (param i32) (result i32) (local i32)
    (loop
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1)))`;

let scratch: string;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'wpci-engine-'));
  writeFileSync(join(scratch, 'loop.wasm'), await compileWat(LOOP, 'loop.wat'));
  writeFileSync(join(scratch, 'healthy.wasm'), await watFixture('healthy'));
  const smoke = pathToFileURL(join(repoRoot, 'src', 'smoke', 'index.ts')).href;
  // mode "worker": a smoke test in a worker first; "none": nothing of ours.
  writeFileSync(
    join(scratch, 'probe.mts'),
    `import { readFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = ${JSON.stringify(scratch)};
if (process.argv[2] === 'worker') {
  const { smokeTest } = await import(${JSON.stringify(smoke)});
  const report = await smokeTest(join(dir, 'healthy.wasm'), { host: 'higress' });
  if (!report.ok) throw new Error('smoke failed: ' + JSON.stringify(report.error));
}
const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, 'loop.wasm')));
const sum = instance.exports.sum as (n: number) => number;
for (let i = 0; i < 200; i++) sum(100000);
console.log(JSON.stringify({ liftoff: eval('%IsLiftoffFunction(sum)'), turbofan: eval('%IsTurboFanFunction(sum)') }));
process.exit(0);
`,
  );
}, 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function probe(mode: 'worker' | 'none'): { liftoff: boolean; turbofan: boolean } {
  // A tiny tiering budget: without our flags the loop is TurboFan code at once.
  const r = spawnSync(
    process.execPath,
    [
      '--allow-natives-syntax',
      '--wasm-tiering-budget=1000',
      '--import',
      'tsx',
      join(scratch, 'probe.mts'),
      mode,
    ],
    { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`probe failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

describe('V8 flags of the smoke worker', () => {
  it('keep wasm on baseline code once a smoke worker ran; V8 tiers it up otherwise', () => {
    expect(probe('none')).toEqual({ liftoff: false, turbofan: true });
    expect(probe('worker')).toEqual({ liftoff: true, turbofan: false });
  }, 120_000);
});
