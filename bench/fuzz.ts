/**
 * bench/fuzz: the long fuzz run of the wasm reader and the .buildrc parser
 * (the test suite runs a few thousand cases; this runs many more).
 *
 * Wasm reader: structure-aware mutations (test/reliability/fuzz-inputs.ts)
 * of a WAT fixture and of a real Go plugin. Every case must parse or fail
 * with an InputError naming the file and offset; anything else is a crash.
 * Whenever V8 (WebAssembly.validate) accepts a mutated module, our reader
 * must accept it too. Time per case is measured against WebAssembly.validate
 * on the same bytes (the baseline).
 * .buildrc: shell-syntax text must parse or fail as InputError, and never run
 * anything (a marker file an injection would create must not appear). Its
 * baseline is a naive line split of the same text.
 *
 * FUZZ_CASES (default 100000) and FUZZ_SEED set the run. Last stdout line:
 * BENCH {"bench":"fuzz","rows":[...]}.
 */
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../src/common/errors.js';
import { parseBuildrc } from '../src/repo/buildrc.js';
import { readModule } from '../src/wasm/index.js';
import { buildFixture } from '../test/support/go-fixtures.js';
import { watFixture } from '../test/support/wat.js';
import { mutations, shellText } from '../test/reliability/fuzz-inputs.js';
import { type BenchRow, printBenchLine } from './lib.js';

type Row = BenchRow;

const CASES = Number(process.env.FUZZ_CASES ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const rows: Row[] = [];

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

async function fuzzWasm(): Promise<void> {
  const modules = [
    { name: 'wat', bytes: await watFixture('tinygo-panic'), share: 0.97 },
    { name: 'go', bytes: new Uint8Array(readFileSync(await buildFixture('healthy'))), share: 0.03 },
  ];
  let crashes = 0;
  let disagreements = 0;
  let ours = 0;
  let v8 = 0;
  let accepted = 0;
  const examples: string[] = [];
  /** Why the reader rejected modules V8 accepts, offsets dropped, with counts. */
  const reasons = new Map<string, number>();
  const samples = fc.sample(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), mutations()), {
    numRuns: CASES,
    seed: SEED,
  });
  for (const [pick, mutate] of samples) {
    const m = pick < modules[0]!.share ? modules[0]! : modules[1]!;
    const bytes = mutate(m.bytes);
    let t = performance.now();
    let ok = true;
    let why = '';
    try {
      readModule(bytes, 'fuzz.wasm');
    } catch (err) {
      ok = false;
      why = (err as Error).message;
      const named =
        err instanceof InputError && /^fuzz\.wasm: .* at offset 0x[0-9a-f]+$/.test(err.message);
      if (!named) {
        crashes++;
        if (examples.length < 5) examples.push(`${m.name}: ${(err as Error).stack}`);
      }
    }
    ours += performance.now() - t;
    t = performance.now();
    const valid = WebAssembly.validate(bytes);
    v8 += performance.now() - t;
    if (ok) accepted++;
    if (valid && !ok) {
      disagreements++;
      const reason = why.replace(/ at offset 0x[0-9a-f]+$/, '');
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      if (examples.length < 5) examples.push(`${m.name}: V8 accepts, reader rejects: ${why}`);
    }
  }
  for (const e of examples) log(`  example: ${e}`);
  for (const [r, n] of reasons) log(`  rejected though V8 accepts, ${n}x: ${r}`);
  log(
    `wasm reader: ${CASES} cases (seed ${SEED}), ${accepted} parsed, ${crashes} crashes, ${disagreements} rejected though V8 accepts`,
  );
  const perCase = ours / CASES;
  const basePerCase = v8 / CASES;
  rows.push(
    {
      name: 'wasm reader: time per mutated module',
      value: perCase,
      baseline: basePerCase,
      ratio: perCase / basePerCase,
      unit: 'ms',
      target: '<= 3x WebAssembly.validate',
      pass: perCase <= 3 * basePerCase,
    },
    {
      name: `wasm reader: crashes in ${CASES} cases`,
      value: crashes,
      baseline: 0,
      ratio: crashes,
      unit: 'cases',
      target: '0',
      pass: crashes === 0,
    },
    {
      name: 'wasm reader: rejects what V8 accepts',
      value: disagreements,
      baseline: 0,
      ratio: disagreements,
      unit: 'cases',
      target: '0',
      pass: disagreements === 0,
    },
  );
}

function fuzzBuildrc(): void {
  const dir = mkdtempSync(join(tmpdir(), 'wpci-fuzz-'));
  const marker = join(dir, 'RAN');
  let crashes = 0;
  let ours = 0;
  let naive = 0;
  let parsed = 0;
  try {
    const texts = fc.sample(shellText(marker), { numRuns: CASES, seed: SEED });
    for (const text of texts) {
      let t = performance.now();
      try {
        parseBuildrc(text, 'p/.buildrc');
        parsed++;
      } catch (err) {
        if (!(err instanceof InputError)) {
          crashes++;
          log(`  .buildrc crash: ${JSON.stringify(text)}: ${(err as Error).message}`);
        }
      }
      ours += performance.now() - t;
      t = performance.now();
      text.split('\n').map((l) => l.split('='));
      naive += performance.now() - t;
    }
    const ran = existsSync(marker) ? 1 : 0;
    log(`.buildrc: ${CASES} cases, ${parsed} parsed, ${crashes} crashes, commands run: ${ran}`);
    rows.push(
      {
        name: '.buildrc: time per text',
        value: ours / CASES,
        baseline: naive / CASES,
        ratio: ours / naive,
        unit: 'ms',
        target: '< 0.1 ms per text',
        pass: ours / CASES < 0.1,
      },
      {
        name: `.buildrc: crashes or commands run in ${CASES} texts`,
        value: crashes + ran,
        baseline: 0,
        ratio: crashes + ran,
        unit: 'cases',
        target: '0',
        pass: crashes + ran === 0,
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await fuzzWasm();
fuzzBuildrc();
const pad = (s: string, n: number) => s.padEnd(n);
for (const r of rows)
  log(
    `${pad(r.name, 48)} ${r.value.toPrecision(3)} ${r.unit} (baseline ${r.baseline.toPrecision(3)}) ${r.pass ? 'ok' : 'NOT MET'}`,
  );
printBenchLine('fuzz', rows);
