/**
 * The one rule every writer goes through: text from a repository or a plugin
 * never forms a workflow command, checked against an emulation of how
 * GitHub's runner parses a step's output (test/support/workflow-commands.ts).
 */
import { afterAll, describe, expect } from '@jest/globals';
import fc from 'fast-check';
import { commandSafe, jsonText, streamLog } from '../../src/common/log.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { workflowCommands } from '../support/workflow-commands.js';

// Each test is a row of #12.3 in docs/reliability.md.
const table = new ReliabilityTable('log');
afterAll(() => table.save());
const recorded = () => table.it('#12.3 workflow-command injection: the writers');

const HOSTILE = [
  '::warning title=X::INJECTED',
  'ok\n::error file=a.go,line=1::INJECTED',
  'ok\r::error::INJECTED',
  'ok\r\n  ::notice::INJECTED',
  '\t::group::INJECTED',
  '\u0085::debug::INJECTED',
  '\u00a0\u3000::set-output name=x::INJECTED',
  'text ##[error]INJECTED',
  '##[warning file=x]INJECTED',
  'ok\n::stop-commands::INJECTEDTOKEN\n::error::after',
  '::add-mask::INJECTED',
];

describe('commandSafe', () => {
  const it = recorded();
  it.each(HOSTILE)('%j is a command as written and none once made safe', (text) => {
    expect(workflowCommands(text).length).toBeGreaterThan(0);
    expect(workflowCommands(commandSafe(text))).toEqual([]);
  });

  it('keeps ordinary text as it is, and escapes visibly', () => {
    const plain = 'panic: init: X is not set\n\tmain.go:17 +0xf\nhttp://a::b ## [x]';
    expect(commandSafe(plain)).toBe(plain);
    expect(commandSafe('a\n::error::x')).toBe('a\n\\::error::x');
    expect(commandSafe('a ##[error]x')).toBe('a ##\\[error]x');
  });

  it('is idempotent', () => {
    for (const t of HOSTILE) expect(commandSafe(commandSafe(t))).toBe(commandSafe(t));
  });

  it('holds for any text built from command fragments (property)', () => {
    const piece = fc.constantFrom(
      '::',
      '##[',
      ']',
      '\n',
      '\r',
      '\r\n',
      ' ',
      '\t',
      '\u0085',
      '\u2028',
      'error',
      'warning',
      'stop-commands',
      ' title=X',
      ',',
      'INJECTED',
      '%0A',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        expect(workflowCommands(commandSafe(pieces.join('')))).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('jsonText', () => {
  const it = recorded();
  it('is the same JSON value with no command in it', () => {
    const value = { log: 'a\n::error::INJECTED', legacy: 'x ##[error]INJECTED', n: [1, '##['] };
    const text = jsonText(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(workflowCommands(text)).toEqual([]);
    expect(workflowCommands(`${JSON.stringify(value, null, 2)}\n`).length).toBeGreaterThan(0);
  });
});

describe('streamLog', () => {
  const it = recorded();
  it('writes every kind of line command-safe', async () => {
    let out = '';
    const log = streamLog((t) => (out += t), { verbose: true });
    for (const t of HOSTILE) {
      log.info(t);
      log.debug(t);
      log.warn(t, { file: t });
      log.error(t);
      await log.group(t, async () => undefined);
    }
    expect(out).toContain('INJECTED');
    expect(workflowCommands(out)).toEqual([]);
  });
});
