/**
 * The issue #12 table of docs/reliability.md says what the tests saw: every
 * family has a line with its test files, tries and survived, nothing lost or
 * leaked; and each family's figures and rows are those the latest run of its
 * tests kept (.cache/reliability). Notes and breakdown rows change from run to
 * run (timings, seeds) and are not compared. jest runs this file last
 * (test/support/reliability-sequencer.cjs); a family whose tests have no kept
 * run on this machine (a fresh clone running this file alone, or another
 * worker still running them) is skipped, and says so.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';
import {
  BEGIN,
  blockProblems,
  END,
  FAMILIES,
  familiesBlock,
  familyDifferences,
  parseBlock,
  prettierMarkdown,
  regenerated,
  testName,
  withFamilies,
  type Block,
} from '../support/reliability-doc.js';
import { keptFiles, type KeptRow } from '../support/reliability-rows.js';
import { ReliabilityTable, UNKNOWN } from '../support/reliability-table.js';

const DOC = join(repoRoot, 'docs', 'reliability.md');
const REGENERATE =
  'after a run of the tests the table names (npm test runs them all): npx tsx test/support/reliability-doc.ts';

const row = (family: string, fault: string, over: Partial<KeptRow> = {}): KeptRow => ({
  fault,
  family,
  tries: 2,
  survived: 2,
  dataLost: 'none',
  leaked: 'none',
  test: 'test/oci/example.test.ts',
  ...over,
});

/** Every family reported once, all survived: a block with nothing wrong. */
const healthy = (): KeptRow[] =>
  FAMILIES.map((f) => row(`${f.id} ${f.title}`, `a case of ${f.id}`));

const blockOf = async (rows: KeptRow[]): Promise<Block> =>
  parseBlock(await prettierMarkdown(withFamilies('# doc\n', rows), DOC));

describe('the #12 table, generated from the rows', () => {
  it('sums each family over the rows of every test file, and shows families nobody reported', () => {
    const block = familiesBlock([
      row('#12.5 build and linker flags', 'LDFLAGS -o'),
      row('#12.5 build and linker flags', 'BUILD_FLAGS -pkgdir', {
        tries: 3,
        survived: 3,
        test: 'test/build/flags.test.ts',
      }),
      row('#12.1 files', 'README -> secret', { survived: 1, leaked: 'canary read' }),
      row('#12.11 reads', 'endless body'),
      row('#12.11 reads', 'by kind: bodies', { tries: 9, breakdown: true }),
      { fault: 'not #12', tries: 1, survived: 1, dataLost: 'none', test: 'test/x.test.ts' },
    ]);
    const line = (id: string) => block.split('\n').find((l) => l.startsWith(`| ${id} |`));
    expect(line('#12.5')).toMatch(/\| oci\/example, build\/flags \| 5 \| 5 \| none \| none \|$/);
    expect(line('#12.1')).toMatch(/\| 2 \| 1 \| none \| canary read \|$/);
    expect(line('#12.11')).toMatch(/\| 2 \| 2 \| none \| none \|$/);
    expect(line('#12.8')).toMatch(/\| - \| - \| - \| - \| - \|$/);
    expect(block).toContain('| #12.11 (part) | by kind: bodies | 9 |');
    expect(block).not.toContain('not #12');
    expect(block.startsWith(BEGIN) && block.endsWith(END)).toBe(true);
  });

  it('replaces only the generated block; a | in a fault stays inside its cell', () => {
    const doc = `# title\n\nbefore\n\n${BEGIN}\nold\n${END}\n\nafter\n`;
    const out = withFamilies(doc, [row('#12.5 x', 'EXTRA_TAGS=x | touch X')]);
    expect(out.startsWith('# title\n\nbefore\n\n')).toBe(true);
    expect(out.endsWith('\n\nafter\n')).toBe(true);
    expect(out).not.toContain('old');
    expect(out).toContain('EXTRA_TAGS=x \\| touch X');
    expect(withFamilies('# no block\n', [])).toContain(`# no block\n\n${BEGIN}`);
  });

  it('reads back, after prettier, what it wrote', async () => {
    const block = await blockOf([
      ...healthy(),
      row('#12.5 x', 'EXTRA_TAGS=<x> | touch X\\', { tries: 1, survived: 1, note: 'exit 2' }),
      row('#12.5 x', 'of which: pipes', { tries: 7, survived: 7, breakdown: true }),
    ]);
    expect(block.families.map((f) => f.id)).toEqual(FAMILIES.map((f) => f.id));
    expect(block.families.find((f) => f.id === '#12.5')).toEqual({
      id: '#12.5',
      tests: ['oci/example'],
      tries: 3,
      survived: 3,
      lost: 'none',
      leaked: 'none',
    });
    expect(block.rows.filter((r) => r.family === '#12.5')).toEqual([
      expect.objectContaining({ fault: 'a case of #12.5', tries: 2, breakdown: false }),
      expect.objectContaining({ fault: 'EXTRA_TAGS=<x> | touch X\\', note: 'exit 2' }),
      expect.objectContaining({ fault: 'of which: pipes', tries: 7, breakdown: true }),
    ]);
    expect(blockProblems(block)).toEqual([]);
  });

  it('finds a family without a row, a loss, a leak, a failure and a line that is not its sum', async () => {
    const rows = healthy().filter((r) => !r.family!.startsWith('#12.8 '));
    rows.find((r) => r.family!.startsWith('#12.2 '))!.leaked = 'Basic to another host';
    rows.find((r) => r.family!.startsWith('#12.9 '))!.dataLost = 'the summary';
    rows.find((r) => r.family!.startsWith('#12.11 '))!.survived = 1;
    const block = await blockOf(rows);
    block.families.find((f) => f.id === '#12.13')!.tries = 3;
    block.families.find((f) => f.id === '#12.13')!.survived = 3;
    expect(blockProblems(block)).toEqual([
      '#12.2: leaked Basic to another host',
      '#12.8: no test reported it',
      '#12.9: lost the summary',
      '#12.11: 1 of 2 survived',
      '#12.13: its rows add up to 2 of 2, the line says 3 of 3',
    ]);
  });

  it('tells a doc from the latest run by tests, figures and rows, not by notes or breakdowns', async () => {
    const committed = await blockOf([
      ...healthy(),
      row('#12.3 x', 'stop-commands', { note: '12 ms' }),
      row('#12.3 x', 'by kind', { breakdown: true, tries: 5, survived: 5 }),
    ]);
    const same = await blockOf([
      ...healthy(),
      row('#12.3 x', 'stop-commands', { note: '31 ms' }),
      row('#12.3 x', 'by kind', { breakdown: true, tries: 9, survived: 9 }),
    ]);
    expect(FAMILIES.flatMap((f) => familyDifferences(f.id, committed, same))).toEqual([]);
    const latest = await blockOf([
      ...healthy().map((r) =>
        r.family!.startsWith('#12.4 ') ? { ...r, test: 'test/cli/main.test.ts' } : r,
      ),
      row('#12.3 x', 'stop-commands', { tries: 3, survived: 3 }),
      row('#12.3 x', '::add-mask::', { tries: 1, survived: 1 }),
    ]);
    const found = FAMILIES.flatMap((f) => familyDifferences(f.id, committed, latest));
    expect(found).toEqual([
      '#12.3: the doc says tests oci/example; tries 4, survived 4, lost none, leaked none; the latest run gives tests oci/example; tries 6, survived 6, lost none, leaked none',
      '#12.3: the latest run has a row: stop-commands | 3 | 3 | none | none',
      '#12.3: the latest run has a row: ::add-mask:: | 1 | 1 | none | none',
      '#12.3: the doc has a row no run gave: stop-commands | 2 | 2 | none | none',
      '#12.4: the doc says tests oci/example; tries 2, survived 2, lost none, leaked none; the latest run gives tests cli/main; tries 2, survived 2, lost none, leaked none',
    ]);
  });
});

describe('a recorded test', () => {
  it('is a row of its family: survived when it passed; a failure is rethrown and counted', async () => {
    const table = new ReliabilityTable('example');
    await table.tryOnce('#12.2 x', 'redirect', () => undefined);
    await table.tryOnce('#12.2 x', 'redirect', async () => undefined);
    const boom = new Error('expected 0 requests\nreceived 1');
    await expect(table.tryOnce('#12.2 x', 'cdn', () => Promise.reject(boom))).rejects.toBe(boom);
    await expect(
      table.tryOnce(
        '#12.2 x',
        'link',
        () => {
          throw boom;
        },
        { leaked: () => ['GET other/ with Basic'], lost: () => [] },
      ),
    ).rejects.toBe(boom);
    expect(table.rows).toEqual([
      expect.objectContaining({ fault: 'redirect', tries: 2, survived: 2, leaked: 'none' }),
      expect.objectContaining({
        fault: 'cdn',
        tries: 1,
        survived: 0,
        dataLost: UNKNOWN,
        leaked: UNKNOWN,
        note: 'FAILED: expected 0 requests',
      }),
      expect.objectContaining({
        fault: 'link',
        survived: 0,
        dataLost: 'none',
        leaked: 'GET other/ with Basic',
      }),
    ]);
    expect(table.rows.every((r) => r.family === '#12.2 x')).toBe(true);
  });
});

describe('docs/reliability.md, the #12 table as committed', () => {
  const committed = parseBlock(readFileSync(DOC, 'utf8'));

  it('lists every family with its tests, tries and survived, nothing lost, nothing leaked', () => {
    const found = blockProblems(committed);
    if (found.length) found.push(REGENERATE);
    expect(found).toEqual([]);
  });

  describe("against the latest run of each family's tests", () => {
    const kept = keptFiles();
    const keptTests = new Set(kept.map((k) => testName(k.test)));
    let latest: Promise<Block> | undefined;
    const latestBlock = () =>
      (latest ??= regenerated(
        DOC,
        kept.flatMap((k) => k.rows.map((r) => ({ ...r, test: k.test }))),
      ).then(parseBlock));
    for (const f of FAMILIES) {
      const tests = committed.families.find((l) => l.id === f.id)?.tests ?? [];
      const missing = tests.filter((t) => !keptTests.has(t));
      if (missing.length) {
        it.skip(`${f.id}: not compared, no kept run of ${missing.join(', ')}`, () => undefined);
        continue;
      }
      it(`${f.id} ${f.title}: as the latest run of ${tests.join(', ') || 'its tests'} gives`, async () => {
        const found = familyDifferences(f.id, committed, await latestBlock());
        if (found.length) found.push(REGENERATE);
        expect(found).toEqual([]);
      });
    }
  });
});
