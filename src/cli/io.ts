import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../common/errors.js';
import { jsonText, type Log } from '../common/log.js';

/** What a command may touch: injected so tests run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  log: Log;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Set when stderr is a terminal a person reads: colours and a live status line. */
  terminal?: { color: boolean };
}

export type Command = (args: string[], io: CliIO) => Promise<number>;

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs, with its errors turned into usage errors (exit 2)
 * that name the command.
 */
export function parseCommandArgs<O extends Options>(
  command: string,
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new InputError(`${command}: ${(err as Error).message}`);
  }
}

/** `--json` prints exactly one document on stdout and nothing else there. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout(jsonText(value));
}
