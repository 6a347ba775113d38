/** What every bench script reports, and the line bench/run.mjs reads. */
export interface BenchRow {
  name: string;
  value: number;
  baseline: number;
  ratio: number;
  unit: string;
  target: string;
  pass: boolean;
}

/** The last stdout line of a bench script: `BENCH {"bench":...,"rows":[...]}`. */
export function printBenchLine(bench: string, rows: BenchRow[]): void {
  process.stdout.write(`BENCH ${JSON.stringify({ bench, rows })}\n`);
}
