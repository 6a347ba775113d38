import { describeError, exitCodeOf } from '../common/errors.js';
import type { Command, CliIO } from './io.js';

const USAGE = `usage: wasm-plugin-ci <command> [options]

commands:
  setup    install pinned, checksum-verified Go, TinyGo, ORAS (and wasm-opt)
  detect   list the plugins that changed (matrix JSON with --json)
  build    build plugins to wasm with their .buildrc flags
  smoke    load a wasm module the way the gateway does
  push     publish a plugin as an OCI artifact
  verify   check an artifact with the gateway's fetch rules
  run      setup, detect, build, smoke and publish in order

Run 'wasm-plugin-ci <command> --help' for a command's options.
Exit codes: 0 success, 1 a plugin failed, 2 bad usage or bad input.
`;

// Loaded lazily so that one command's dependencies never slow another's start.
const commands: Record<string, () => Promise<Command>> = {
  setup: async () => (await import('./commands/setup.js')).default,
  detect: async () => (await import('./commands/detect.js')).default,
  build: async () => (await import('./commands/build.js')).default,
  smoke: async () => (await import('./commands/smoke.js')).default,
  push: async () => (await import('./commands/push.js')).default,
  verify: async () => (await import('./commands/verify.js')).default,
  run: async () => (await import('./commands/run.js')).default,
};

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stderr(USAGE);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    io.stderr(`error: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (err) {
    io.stderr(`error: ${describeError(err, io.env.RUNNER_DEBUG === '1')}\n`);
    return exitCodeOf(err);
  }
}
