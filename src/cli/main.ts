import { readFileSync } from 'node:fs';
import { describeError, exitCodeOf } from '../common/errors.js';
import { commandSafe } from '../common/log.js';
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

Run 'wasm-plugin-ci <command> --help' for a command's options,
'wasm-plugin-ci --version' for the version.
Exit codes: 0 success, 1 a plugin failed, 2 bad usage or bad input.
`;

/**
 * Our package.json's version: the nearest package.json named wasm-plugin-ci
 * above this file (src/cli/ in a checkout, dist/cli/ or a chunk beside it).
 */
export function packageVersion(from = import.meta.url): string {
  for (let url = new URL('./', from); ; url = new URL('../', url)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'wasm-plugin-ci' && pkg.version) return pkg.version;
    } catch {
      // none here (or not ours): one level up
    }
    if (url.pathname === '/') return 'unknown';
  }
}

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
export async function runCli(argv: string[], cliIO: CliIO): Promise<number> {
  // Whatever a command prints may carry text from the repository or a plugin.
  const io: CliIO = {
    ...cliIO,
    stdout: (text) => cliIO.stdout(commandSafe(text)),
    stderr: (text) => cliIO.stderr(commandSafe(text)),
  };
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout(`wasm-plugin-ci ${packageVersion()}\n`);
    return 0;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (!name) {
    io.stderr(USAGE);
    return 2;
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
