/**
 * Long work shows while it runs: one status line redrawn in place on a
 * terminal (cleared around other output, stale details dropped), a line per
 * running task now and then in a log.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { streamLog } from '../../src/common/log.js';
import { elapsed, periodicTasks, terminalTasks } from '../../src/common/progress.js';

const CLEAR = '\r\x1b[K';
let clock = 0;
const now = () => clock;

afterEach(() => {
  jest.useRealTimers();
  clock = 0;
});

describe('terminal status line', () => {
  it('shows each task with its clock, keeps other output off it, and clears at the end', () => {
    let screen = '';
    const log = streamLog((t) => (screen += t), { tasks: terminalTasks(() => 200, now) });
    const a = log.task!('go build alpha');
    expect(screen).toBe('\r\x1b[K… go build alpha 0s');
    clock = 65_000;
    a.update('go: downloading github.com/x/y v1.0.0 (1 module(s) so far)');
    expect(
      screen.endsWith(
        '… go build alpha 1m05s · go: downloading github.com/x/y v1.0.0 (1 module(s) so far)',
      ),
    ).toBe(true);
    screen = '';
    log.info('a line of its own');
    // cleared, written, drawn again
    expect(
      screen.startsWith(`${CLEAR}a line of its own\n${CLEAR}… go build alpha 1m05s · go:`),
    ).toBe(true);
    clock = 71_000; // the download line is 6 s old: compiling now, no stale detail
    const b = log.task!('go build beta');
    expect(screen.endsWith('… go build alpha 1m11s, go build beta 0s')).toBe(true);
    a.end();
    b.end();
    expect(screen.endsWith('\r\x1b[K')).toBe(true);
    screen = '';
    log.info('after');
    expect(screen).toBe('after\n'); // nothing left to clear or draw
  });

  it('fits the terminal width', () => {
    let screen = '';
    const log = streamLog((t) => (screen += t), { tasks: terminalTasks(() => 30, now) });
    log.task!('go build a-plugin-with-a-long-name').update('go: downloading example.com/m v1');
    const last = screen.split('\r\x1b[K').at(-1)!;
    expect(last.length).toBeLessThanOrEqual(29);
    expect(last.endsWith('…')).toBe(true);
  });
});

describe('periodic lines for logs', () => {
  it('prints a line per running task every period, and stops when none runs', () => {
    jest.useFakeTimers();
    let out = '';
    const log = streamLog((t) => (out += t), { tasks: periodicTasks(30_000, now) });
    const t = log.task!('go build waf');
    expect(out).toBe('');
    clock = 30_000;
    t.update('go: downloading github.com/corazawaf/coraza/v3 v3.0.0 (2 module(s) so far)');
    jest.advanceTimersByTime(30_000);
    expect(out).toBe(
      '… go build waf: running for 30s; go: downloading github.com/corazawaf/coraza/v3 v3.0.0 (2 module(s) so far)\n',
    );
    t.end();
    out = '';
    jest.advanceTimersByTime(120_000);
    expect(out).toBe('');
  });
});

it('formats clocks', () => {
  expect([0, 999, 59_999, 60_000, 3_723_000].map(elapsed)).toEqual([
    '0s',
    '0s',
    '59s',
    '1m00s',
    '62m03s',
  ]);
});
