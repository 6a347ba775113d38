// Entry of the `wasm-plugin-ci` command (bundled to dist/cli/index.js).
import { streamLog } from '../common/log.js';
import { periodicTasks, terminalTasks } from '../common/progress.js';
import { runCli } from './main.js';

const stderr = (text: string) => process.stderr.write(text);
// A person at a terminal gets a live status line and colours; a pipe or CI
// log gets a line per running task every 30 s instead.
const tty = process.stderr.isTTY === true && process.env.TERM !== 'dumb';
const tasks = tty ? terminalTasks(() => process.stderr.columns ?? 80) : periodicTasks(30_000);
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr,
  log: streamLog(stderr, { verbose: process.env.RUNNER_DEBUG === '1', tasks }),
  cwd: process.cwd(),
  env: process.env,
  ...(tty && { terminal: { color: !process.env.NO_COLOR } }),
});
process.exitCode = code;
