import { describe, expect, it } from '@jest/globals';
import { BEGIN, END, familiesBlock, withFamilies } from '../support/reliability-doc.js';
import type { ReliabilityRow } from '../support/reliability-table.js';

const row = (
  family: string,
  fault: string,
  over: Partial<ReliabilityRow> = {},
): ReliabilityRow => ({
  fault,
  family,
  tries: 2,
  survived: 2,
  dataLost: 'none',
  leaked: 'none',
  ...over,
});

describe('the #12 table of docs/reliability.md, generated from the rows', () => {
  it('sums each family over the rows of every suite, and shows families nobody reported', () => {
    const block = familiesBlock([
      row('#12.5 build and linker flags', 'LDFLAGS -o'),
      row('#12.5 build and linker flags', 'BUILD_FLAGS -pkgdir', { tries: 3, survived: 3 }),
      row('#12.1 files', 'README -> secret', { survived: 1, leaked: 'canary read' }),
      row('#12.11 reads', 'endless body'),
      row('#12.11 reads', 'by kind: bodies', { tries: 9, breakdown: true }),
      { fault: 'not #12', tries: 1, survived: 1, dataLost: 'none' },
    ]);
    const line = (id: string) => block.split('\n').find((l) => l.startsWith(`| ${id} |`));
    expect(line('#12.5')).toMatch(/\| 5 \| 5 \| none \| none \|$/);
    expect(line('#12.1')).toMatch(/\| 2 \| 1 \| none \| canary read \|$/);
    expect(line('#12.11')).toMatch(/\| 2 \| 2 \| none \| none \|$/);
    expect(line('#12.8')).toMatch(/\| tags \| - \| - \| - \| - \|$/);
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
});
