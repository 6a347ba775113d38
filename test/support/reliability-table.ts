/**
 * The record of the reliability suite (test/reliability): each test adds rows
 * {fault or input, tries, survived, data lost}; each file prints its table in
 * afterAll and keeps its rows in .cache/reliability/<suite>.json, so the last
 * file to finish also prints the table of the whole suite as it stands.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './paths.js';

export interface ReliabilityRow {
  /** The fault injected or the bad input given. */
  fault: string;
  /** How many times it was tried (runs, requests, cases). */
  tries: number;
  /** How many of those ended as the row expects: survived, or failed cleanly. */
  survived: number;
  /** What was lost or left half-written; 'none' when nothing. */
  dataLost: string;
  /** Free text: exit code, peak RSS, timings. */
  note?: string;
  /**
   * The issue family the row belongs to, e.g. '#12.1 repository files read
   * through links': docs/reliability.md sums rows per family.
   */
  family?: string;
  /** What left the machine or the repository that should not have; 'none' when nothing. */
  leaked?: string;
  /** A breakdown of another row (by kind of input): listed, not summed into its family. */
  breakdown?: boolean;
}

const dir = join(cacheDir, 'reliability');

export class ReliabilityTable {
  readonly rows: ReliabilityRow[] = [];
  constructor(readonly suite: string) {}

  add(row: ReliabilityRow): void {
    const same = this.rows.find((r) => r.fault === row.fault);
    if (same) {
      same.tries += row.tries;
      same.survived += row.survived;
      if (row.dataLost !== 'none') same.dataLost = row.dataLost;
      if (row.leaked && row.leaked !== 'none') same.leaked = row.leaked;
      else same.leaked ??= row.leaked;
      if (row.note) same.note = row.note;
    } else this.rows.push({ ...row });
  }

  /** Prints this file's table and the suite-wide one; keeps the rows on disk. */
  print(): void {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${this.suite}.json`);
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(this.rows));
    renameSync(`${file}.${process.pid}.tmp`, file);
    const all: ReliabilityRow[] = [];
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      try {
        all.push(...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as ReliabilityRow[]));
      } catch {
        // a file another worker is writing: its own print shows it
      }
    }
    process.stdout.write(
      `\n${formatTable(`reliability: ${this.suite}`, this.rows)}\n` +
        `${formatTable('reliability: all suites so far', all)}\n`,
    );
  }
}

/** A Markdown table cell: a `|` or a line break in the text must not end the cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function formatTable(title: string, rows: ReliabilityRow[]): string {
  const head = ['fault or input', 'tries', 'survived', 'data lost', 'leaked', 'note'];
  const body = rows.map((r) =>
    [r.fault, String(r.tries), String(r.survived), r.dataLost, r.leaked ?? '', r.note ?? ''].map(
      cell,
    ),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `${title}`,
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}
