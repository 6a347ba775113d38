// Entry of the `wasm-plugin-ci` command (bundled to dist/cli/index.js).
import { streamLog } from '../common/log.js';
import { runCli } from './main.js';

const stderr = (text: string) => process.stderr.write(text);
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr,
  log: streamLog(stderr, { verbose: process.env.RUNNER_DEBUG === '1' }),
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = code;
