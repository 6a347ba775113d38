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

/** A message for humans: no stack trace for our own errors. */
export function describeError(err: unknown): string {
  if (err instanceof InputError || err instanceof PluginFailure) return err.message;
  if (err instanceof Error) return err.stack ?? err.message;
  return String(err);
}
