/**
 * Two kinds of failure, two exit codes (DESIGN.md, command-line contract):
 * bad usage or bad input is the caller's to fix (exit 2); a plugin that fails
 * to build, load or publish is what CI exists to report (exit 1).
 */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputError';
  }
}

export class PluginFailure extends Error {
  readonly exitCode = 1;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PluginFailure';
  }
}

/** The exit code an error stands for: 2 for input errors, 1 for anything else. */
export function exitCodeOf(err: unknown): number {
  return err instanceof InputError ? 2 : 1;
}

/**
 * A message for humans: one line, no stack trace. An unexpected error's stack
 * is shown only when asked for (`debug`: RUNNER_DEBUG=1, the runner's debug
 * logging), since a user can act on the message, not on our call frames.
 */
export function describeError(err: unknown, debug = false): string {
  if (!(err instanceof Error)) return String(err);
  if (debug && !(err instanceof InputError || err instanceof PluginFailure) && err.stack) {
    return err.stack;
  }
  return err.message;
}
