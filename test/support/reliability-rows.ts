/**
 * The rows the reliability tests keep (.cache/reliability/<test file>.json,
 * written by ReliabilityTable in reliability-table.ts) and their plain-text
 * table. Free of jest, so reliability-doc.ts can read them from the command line.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, repoRoot } from './paths.js';

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

/** A row as kept on disk, with the test file that recorded it. */
export interface KeptRow extends ReliabilityRow {
  /** The test file, relative to the repository: `test/oci/tags.test.ts`. */
  test: string;
}

export interface KeptFile {
  test: string;
  suite: string;
  rows: ReliabilityRow[];
}

/** Where each test file keeps its rows. */
export const keptDir = join(cacheDir, 'reliability');

/**
 * What every test file kept on its last run, in file-name order. Files of
 * tests that no longer exist, and files of the older format (no test path),
 * are passed over; so is one another process is still writing.
 */
export function keptFiles(dir = keptDir): KeptFile[] {
  if (!existsSync(dir)) return [];
  const files: KeptFile[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    try {
      const kept = JSON.parse(readFileSync(join(dir, f), 'utf8')) as KeptFile;
      if (typeof kept?.test === 'string' && existsSync(join(repoRoot, kept.test))) files.push(kept);
    } catch {
      // being written: its own test file prints it
    }
  }
  return files;
}

/** The rows of keptFiles, each with its test file. */
export function keptRows(dir = keptDir): KeptRow[] {
  return keptFiles(dir).flatMap((kept) => kept.rows.map((r) => ({ ...r, test: kept.test })));
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
