/**
 * Failures as Envoy reports them: `Function: <export> failed: <trap>` plus an
 * in-VM backtrace read from V8's stack frames, named from the `name` section.
 */
import type { BacktraceFrame } from '../model.js';

/** Thrown by a host function called while the module starts, when not allow-listed. */
export class RestrictedCallback extends Error {
  constructor(readonly importName: string) {
    super('restricted_callback');
    this.name = 'Error'; // V8 reports it as a plain Error, as Envoy prints it
  }
}

/** A failed smoke run, carried to the report. */
export class VmFailure extends Error {
  constructor(
    readonly phase: string,
    message: string,
    readonly backtrace: BacktraceFrame[] = [],
  ) {
    super(message);
    this.name = 'VmFailure';
  }
}

const FRAME = /wasm-function\[(\d+)\]:0x([0-9a-f]+)/;

/**
 * The wasm frames of `err`'s stack, innermost first. `offsetDelta` undoes the
 * shift a memory-cap rewrite introduced, so offsets refer to the file as built.
 * No name section -> no backtrace (as in Envoy).
 */
export function backtraceOf(
  err: unknown,
  names: Map<number, string>,
  offsetDelta = 0,
): BacktraceFrame[] {
  if (names.size === 0 || !(err instanceof Error)) return [];
  const stack = rawStack(err);
  const frames: BacktraceFrame[] = [];
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const index = Number(m[1]);
    frames.push({
      index: frames.length,
      offset: parseInt(m[2]!, 16) - offsetDelta,
      name: names.get(index) ?? `wasm-function[${index}]`,
    });
  }
  return frames;
}

/**
 * The stack in V8's own format. V8 formats a stack on first access with
 * whatever Error.prepareStackTrace is installed (test runners install one
 * that drops wasm frames), so format it here with V8's CallSite strings.
 */
function rawStack(err: Error): string {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (_e, sites) => sites.map((s) => `    at ${String(s)}`).join('\n');
  try {
    return String(err.stack ?? '');
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** V8's wording for an uncaught trap or host error, as Envoy prints it. */
export function trapMessage(err: unknown): string {
  if (err instanceof Error) return `Uncaught ${err.name}: ${err.message}`;
  return `Uncaught ${String(err)}`;
}

/** The failure text Envoy logs, with the backtrace block when there is one. */
export function formatFailure(message: string, backtrace: BacktraceFrame[]): string {
  if (backtrace.length === 0) return message;
  const lines = backtrace.map((f) => `  ${f.index}: 0x${f.offset.toString(16)} - ${f.name}`);
  return [message, 'Proxy-Wasm plugin in-VM backtrace:', ...lines].join('\n');
}

/** Runs `fn` with deep stacks so backtraces are complete. */
export function withDeepStacks<T>(fn: () => T): T {
  const previous = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  try {
    return fn();
  } finally {
    Error.stackTraceLimit = previous;
  }
}
