/**
 * Where stages report progress. The CLI writes to stderr, the action to the
 * runner's log with groups and annotations; stages only see this interface.
 */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, where?: SourceLocation): void;
  error(message: string, where?: SourceLocation): void;
  /** Runs `fn` with its output kept together under `name`. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

function located(message: string, where?: SourceLocation): string {
  if (!where) return message;
  const pos = [where.file, where.line, where.column].filter((p) => p !== undefined).join(':');
  return `${pos}: ${message}`;
}

/** Plain text to a stream (stderr for the CLI, so --json keeps stdout clean). */
export function streamLog(write: (text: string) => void, options: { verbose?: boolean } = {}): Log {
  return {
    debug: (m) => {
      if (options.verbose) write(`debug: ${m}\n`);
    },
    info: (m) => write(`${m}\n`),
    warn: (m, where) => write(`warning: ${located(m, where)}\n`),
    error: (m, where) => write(`error: ${located(m, where)}\n`),
    group: async (name, fn) => {
      write(`── ${name}\n`);
      return fn();
    },
  };
}

/** Collects messages, for tests and for stages run inside another. */
export function memoryLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const log = streamLog((t) => lines.push(t.replace(/\n$/, '')), { verbose: true });
  return Object.assign(log, { lines });
}
