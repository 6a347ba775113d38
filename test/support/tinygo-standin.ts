/**
 * A STAND-IN for TinyGo, which cannot be downloaded on these machines. It has
 * the real release layout (bin/tinygo, bin/wasm-opt, targets/, src/, lib/) but
 * its `tinygo` is a small Node script: `tinygo version` prints a version line
 * in TinyGo's format, and `tinygo build ... -o OUT` records its arguments and
 * environment and writes a tiny valid wasm module to OUT. It proves what we
 * run and pass to TinyGo, never how TinyGo itself behaves.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `(module (memory 1) (func $_start) (export "_start" (func 0)) (export "memory" (memory 0)))` */
export const STANDIN_WASM = Buffer.from(
  '0061736d01000000' + // magic, version
    '010401600000' + // type section: () -> ()
    '03020100' + // function section: one function of type 0
    '0503010001' + // memory section: one memory, min 1 page
    '071302065f7374617274000006' + // export section: "_start" (func 0),
    '6d656d6f72790200' + //   "memory" (memory 0)
    '0a040102000b', // code section: empty body
  'hex',
);

// The commands are shell wrappers around one .cjs file, so the stand-in runs
// as CommonJS whatever package.json happens to sit above where it is unpacked.
const WRAPPER = `#!/bin/sh
# wasm-plugin-ci TinyGo STAND-IN (not TinyGo)
exec node "$(dirname "$0")/../lib/standin.cjs" "$(basename "$0")" "$@"
`;

const SCRIPT = `// wasm-plugin-ci TinyGo STAND-IN (not TinyGo): records calls, writes a tiny wasm.
const fs = require('node:fs');
const path = require('node:path');
const tool = process.argv[2];
const args = process.argv.slice(3);
const root = path.resolve(__dirname, '..');
const log = process.env.TINYGO_STANDIN_LOG || path.join(root, 'calls.jsonl');
const env = {};
for (const k of ['GOROOT', 'GOFLAGS', 'GOOS', 'GOARCH', 'TINYGOROOT', 'PATH']) if (process.env[k] !== undefined) env[k] = process.env[k];
fs.appendFileSync(log, JSON.stringify({ tool, args, cwd: process.cwd(), env }) + '\\n');
if (args[0] === 'version') {
  process.stdout.write('tinygo version ' + fs.readFileSync(path.join(root, 'VERSION.standin'), 'utf8').trim() + ' linux/amd64 (using go version go1.24.4 and LLVM version 19.1.2)\\n');
  process.exit(0);
}
if (args[0] === 'env' && args[1] === 'TINYGOROOT') { process.stdout.write(root + '\\n'); process.exit(0); }
const o = args.indexOf('-o');
if (o < 0 || !args[o + 1]) { process.stderr.write('stand-in tinygo: no -o given\\n'); process.exit(1); }
const out = path.resolve(process.cwd(), args[o + 1]);
const input = tool === 'wasm-opt' ? args.find((a, i) => i !== o + 1 && !a.startsWith('-')) : undefined;
fs.writeFileSync(out, input ? fs.readFileSync(path.resolve(process.cwd(), input)) : Buffer.from('${'${WASM}'}', 'hex'));
`;

/**
 * Writes the stand-in into `root` (the directory a TinyGo archive unpacks to,
 * i.e. `tinygo/`) for `version`. Returns the path of `bin/tinygo`.
 */
export function writeTinygoStandin(root: string, version: string): string {
  for (const dir of ['bin', 'targets', 'src/runtime', 'lib/wasi-libc']) {
    mkdirSync(join(root, dir), { recursive: true });
  }
  const script = SCRIPT.replace('${WASM}', STANDIN_WASM.toString('hex'));
  const tinygo = join(root, 'bin', 'tinygo');
  writeFileSync(join(root, 'lib', 'standin.cjs'), script);
  writeFileSync(tinygo, WRAPPER);
  writeFileSync(join(root, 'bin', 'wasm-opt'), WRAPPER);
  chmodSync(tinygo, 0o755);
  chmodSync(join(root, 'bin', 'wasm-opt'), 0o755);
  writeFileSync(join(root, 'VERSION.standin'), `${version}\n`);
  writeFileSync(join(root, 'targets', 'wasi.json'), '{"llvm-target":"wasm32-unknown-wasi"}\n');
  writeFileSync(join(root, 'src', 'runtime', 'STANDIN.txt'), 'wasm-plugin-ci TinyGo stand-in\n');
  writeFileSync(join(root, 'lib', 'wasi-libc', 'STANDIN.txt'), 'wasm-plugin-ci TinyGo stand-in\n');
  return tinygo;
}
