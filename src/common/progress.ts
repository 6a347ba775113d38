/**
 * How long work shows while it runs (Log.task). A cold build of a real
 * plugin repository downloads modules and compiles for minutes; a person at
 * a terminal sees one status line redrawn in place, a CI log gets a line
 * for each task still running now and then, so neither looks hung.
 */
import type { Task } from './log.js';

interface Running {
  name: string;
  started: number;
  detail?: string;
  /** When `detail` came: a status line shows it while it is fresh. */
  detailAt?: number;
  /** Order of the last update: the status line shows the freshest detail. */
  touched: number;
}

const STALE_MS = 5000;

export function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** The tasks running now, with their clocks: shared by both renderers. */
class Board {
  private readonly running = new Set<Running>();
  private touches = 0;
  constructor(
    private readonly changed: () => void,
    readonly now: () => number,
  ) {}

  task(name: string): Task {
    const r: Running = { name, started: this.now(), touched: ++this.touches };
    this.running.add(r);
    this.changed();
    return {
      update: (detail) => {
        r.detail = detail.trim();
        r.detailAt = this.now();
        r.touched = ++this.touches;
        this.changed();
      },
      end: () => {
        if (this.running.delete(r)) this.changed();
      },
    };
  }

  list(): Running[] {
    return [...this.running];
  }
}

export interface Renderer {
  task(name: string): Task;
  around(write: () => void): void;
}

/**
 * One status line at the bottom of a terminal: every running task with its
 * clock, and the freshest detail; cleared before other output is written
 * and drawn again after it, redrawn each second.
 */
export function terminalTasks(columns: () => number, now: () => number = Date.now) {
  return (write: (text: string) => void): Renderer => {
    let shown = false;
    let ticker: NodeJS.Timeout | undefined;
    const board: Board = new Board(() => draw(), now);
    const clear = () => {
      if (shown) write('\r\x1b[K');
      shown = false;
    };
    const draw = () => {
      const list = board.list();
      if (!list.length) {
        clear();
        if (ticker) clearInterval(ticker);
        ticker = undefined;
        return;
      }
      ticker ??= setInterval(draw, 1000).unref();
      const latest = list.reduce((a, b) => (b.touched > a.touched ? b : a));
      // A detail goes stale: after the last download, go compiles for minutes without a word.
      const fresh = latest.detail && board.now() - latest.detailAt! < STALE_MS ? latest.detail : '';
      const clocks = list.map((r) => `${r.name} ${elapsed(board.now() - r.started)}`).join(', ');
      let line = `… ${clocks}${fresh ? ` · ${fresh}` : ''}`;
      const width = Math.max(20, (columns() || 80) - 1);
      if (line.length > width) line = `${line.slice(0, width - 1)}…`;
      write(`\r\x1b[K${line}`);
      shown = true;
    };
    return {
      task: (name) => board.task(name),
      around: (fn) => {
        const redraw = shown;
        clear();
        fn();
        if (redraw) draw();
      },
    };
  };
}

/**
 * For logs (CI, a pipe): every `everyMs`, one line per task still running,
 * with its clock and latest detail.
 */
export function periodicTasks(everyMs: number, now: () => number = Date.now) {
  return (write: (text: string) => void): Renderer => {
    let ticker: NodeJS.Timeout | undefined;
    const report = () => {
      for (const r of board.list()) {
        const detail = r.detail ? `; ${r.detail}` : '';
        write(`… ${r.name}: running for ${elapsed(board.now() - r.started)}${detail}\n`);
      }
    };
    const board: Board = new Board(() => {
      if (board.list().length) ticker ??= setInterval(report, everyMs).unref();
      else if (ticker) {
        clearInterval(ticker);
        ticker = undefined;
      }
    }, now);
    return { task: (name) => board.task(name), around: (fn) => fn() };
  };
}
