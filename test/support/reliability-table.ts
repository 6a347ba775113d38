/**
 * The record of the reliability tests: each test adds rows {fault or input,
 * tries, survived, data lost}; each file keeps its rows in
 * .cache/reliability/<test file>.json when it ends (`save`, or `print`, which
 * also prints its table and the one of every file kept so far). Tests
 * outside test/reliability that cover an issue family record their tests with
 * `table.it(family)` (one row per test, from its outcome) and `save`.
 * reliability-doc.ts writes docs/reliability.md's issue #12 block from the
 * kept rows.
 */
import { expect, it as jestIt } from '@jest/globals';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './paths.js';
import {
  formatTable,
  keptDir,
  keptRows,
  type KeptFile,
  type ReliabilityRow,
} from './reliability-rows.js';

export type { KeptRow, ReliabilityRow } from './reliability-rows.js';

/** What a recorded test's row says it leaked or lost, seen after the test ran. */
export interface Observers {
  /** What reached where it must not (a credential on another host, ...); [] when nothing. */
  leaked?: () => string[];
  /** What was lost or left half-written; [] when nothing. */
  lost?: () => string[];
  /** The row's fault for a test title (default: the title); tests of one fault add up. */
  fault?: (title: string) => string;
}

type TestBody = () => unknown;

/** `it`, with each test also recorded as a row (see ReliabilityTable.it). */
export interface RecordingIt {
  (title: string, fn: TestBody, timeout?: number): void;
  each<T>(
    cases: readonly T[],
  ): (title: string, fn: (...args: never[]) => unknown, timeout?: number) => void;
}

/** What a test without an observer cannot tell about a failure. */
export const UNKNOWN = 'unknown (the test failed)';

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

  /**
   * Runs `body` as one try of `fault`: survived when it returns, not when it
   * throws (rethrown, so the test fails as it would). Leaked and lost are
   * what the observers saw; without one, 'none' after a pass and UNKNOWN
   * after a failure (the test's own assertions are the only check).
   */
  async tryOnce(
    family: string,
    fault: string,
    body: () => unknown,
    observe: Observers = {},
  ): Promise<void> {
    let failure: { error: unknown } | undefined;
    try {
      await body();
    } catch (error) {
      failure = { error };
    }
    const seen = (observer?: () => string[]) => {
      if (!observer) return failure ? UNKNOWN : 'none';
      const found = observer();
      return found.length ? found.join('; ') : 'none';
    };
    const message = failure && String((failure.error as Error)?.message ?? failure.error);
    this.add({
      family,
      fault,
      tries: 1,
      survived: failure ? 0 : 1,
      dataLost: seen(observe.lost),
      leaked: seen(observe.leaked),
      note: message === undefined ? undefined : `FAILED: ${message.split('\n')[0]!.slice(0, 120)}`,
    });
    if (failure) throw failure.error;
  }

  /**
   * An `it` whose tests are also rows of `family`, one try each, survived
   * when the test passed: `const it = table.it('#12.2 ...')` at the top of a
   * describe records every test in it without touching the tests. A test
   * that times out records nothing (jest abandons it), so its row goes missing.
   */
  it(family: string, observe: Observers = {}): RecordingIt {
    const faultOf = observe.fault ?? ((title: string) => title);
    const recording = (title: string, fn: TestBody, timeout?: number) =>
      jestIt(title, () => this.tryOnce(family, faultOf(title), fn, observe), timeout);
    recording.each =
      <T>(cases: readonly T[]) =>
      (title: string, fn: (...args: never[]) => unknown, timeout?: number) =>
        jestIt.each(cases as T[])(
          title,
          (...args: unknown[]) =>
            // jest formats the title per case; the row is the title, with `…` for the case
            this.tryOnce(
              family,
              faultOf(title.replace(/%[a-z#]/gi, '…')),
              () => fn(...(args as never[])),
              observe,
            ),
          timeout,
        );
    return recording;
  }

  /** Keeps this file's rows for the table of all suites and docs/reliability.md. */
  save(): void {
    const testPath = expect.getState().testPath;
    const test = testPath ? relative(repoRoot, testPath) : this.suite;
    mkdirSync(keptDir, { recursive: true });
    const file = join(keptDir, `${test.replace(/[/\\]/g, '__')}.json`);
    const kept: KeptFile = { test, suite: this.suite, rows: this.rows };
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(kept));
    renameSync(`${file}.${process.pid}.tmp`, file);
  }

  /** Prints this file's table and the table of every file kept so far; keeps the rows. */
  print(): void {
    this.save();
    process.stdout.write(
      `\n${formatTable(`reliability: ${this.suite}`, this.rows)}\n` +
        `${formatTable('reliability: all suites so far', keptRows())}\n`,
    );
  }
}
