/**
 * Where stages report progress. The CLI writes to stderr, the action to the
 * runner's log with groups and annotations; stages only see this interface.
 *
 * Text a stage logs may come from the repository or a plugin (log lines,
 * compiler output, file names), so every writer passes it through
 * `commandSafe` before it reaches stdout or stderr: see below.
 */
export interface SourceLocation {
  /** Relative to the repository root, with forward slashes. */
  file: string;
  line?: number;
  column?: number;
}

/** Long work a person waits for (a cold build, module downloads). */
export interface Task {
  /** What it is doing now, e.g. the latest `go: downloading ...` line. */
  update(detail: string): void;
  end(): void;
}

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, where?: SourceLocation): void;
  error(message: string, where?: SourceLocation): void;
  /** Runs `fn` with its output kept together under `name`. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Shows `name` as running until `end()`: a terminal keeps it on one status
   * line redrawn in place, a CI log gets a line now and then. Optional.
   */
  task?(name: string): Task;
}

const NO_TASK: Task = { update: () => undefined, end: () => undefined };

export function startTask(log: Log, name: string): Task {
  return log.task?.(name) ?? NO_TASK;
}

// GitHub's runner (actions/runner, ActionCommandManager and OutputManager)
// reads a step's stdout AND stderr line by line, lines ending at \n, \r or
// \r\n. A line is a workflow command when, after leading white space (.NET's,
// which includes U+0085), it starts with `::name ...::`, or when it contains
// the legacy `##[name` anywhere. Untrusted text (a plugin's log, compiler
// output, names from the repository) must never form one: `::` that would
// start a line gets a backslash before it, and `##[` becomes `##\[`. Our own
// commands come only from @actions/core, which escapes what it embeds.
const LINE_START_COMMAND = /^((?:[^\S\r\n]|\u0085)*)::/gm;
const LEGACY_COMMAND = /##\[/g;

/** `text` with nothing in it that the runner would take for a workflow command. */
export function commandSafe(text: string): string {
  return text.replace(LEGACY_COMMAND, '##\\[').replace(LINE_START_COMMAND, '$1\\::');
}

/**
 * JSON for stdout, command-safe without changing the value: `#` of a `##[`
 * (only ever inside a string) is written as its `\u0023` escape, and no line
 * of pretty-printed JSON starts with `::`.
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(LEGACY_COMMAND, '#\\u0023[')}\n`;
}

function located(message: string, where?: SourceLocation): string {
  if (!where) return message;
  const pos = [where.file, where.line, where.column].filter((p) => p !== undefined).join(':');
  return `${pos}: ${message}`;
}

export interface StreamLogOptions {
  verbose?: boolean;
  /** Shows tasks; without it, tasks show nothing (see src/common/progress.ts). */
  tasks?: (write: (text: string) => void) => {
    task(name: string): Task;
    /** Wraps a write so that a status line on screen is cleared first and redrawn after. */
    around(write: () => void): void;
  };
}

/** Plain text to a stream (stderr for the CLI, so --json keeps stdout clean). */
export function streamLog(write: (text: string) => void, options: StreamLogOptions = {}): Log {
  const safeWrite = (text: string) => write(commandSafe(text));
  const board = options.tasks?.(safeWrite);
  const out = board ? (text: string) => board.around(() => safeWrite(text)) : safeWrite;
  const log: Log = {
    debug: (m) => {
      if (options.verbose) out(`debug: ${m}\n`);
    },
    info: (m) => out(`${m}\n`),
    warn: (m, where) => out(`warning: ${located(m, where)}\n`),
    error: (m, where) => out(`error: ${located(m, where)}\n`),
    group: async (name, fn) => {
      out(`── ${name}\n`);
      return fn();
    },
  };
  if (board) log.task = (name) => board.task(name);
  return log;
}

/** Collects messages, for tests and for stages run inside another. */
export function memoryLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const log = streamLog((t) => lines.push(t.replace(/\n$/, '')), { verbose: true });
  return Object.assign(log, { lines });
}
