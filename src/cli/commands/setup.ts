/**
 * `wasm-plugin-ci setup`: the same setup stage the action runs, caching under
 * the user's cache directory instead of the runner's tool cache.
 */
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import {
  hostPlatform,
  setupToolchains,
  toolEnvironment,
  userCacheDir,
} from '../../toolchain/index.js';
import type { ToolchainRequest } from '../../toolchain/index.js';
import { parseCommandArgs, printJson, type Command } from '../io.js';

const HELP = `usage: wasm-plugin-ci setup [--go V] [--tinygo V] [--oras V] [--wasm-opt V]
                             [--go-version-file FILE] [--mirror URL]
                             [--tinygo-sha256 HEX] [--wasm-opt-sha256 HEX]
                             [--allow-unverified-downloads] [--cache-dir DIR] [--json]

Installs checksum-verified toolchains and prints where they are.
Versions: exact (1.24.4), a Go line (1.24.x) or 'stable'; several comma-separated.
--mirror URL   a root holding go/, tinygo/, oras/, binaryen/ in the upstream layouts
--cache-dir    default: $XDG_CACHE_HOME/wasm-plugin-ci (or ~/.cache/wasm-plugin-ci)
`;

const setup: Command = async (args, io) => {
  const { values } = parseCommandArgs('setup', args, {
    go: { type: 'string' },
    tinygo: { type: 'string' },
    oras: { type: 'string' },
    'wasm-opt': { type: 'string' },
    'go-version-file': { type: 'string' },
    mirror: { type: 'string' },
    'tinygo-sha256': { type: 'string' },
    'wasm-opt-sha256': { type: 'string' },
    'allow-unverified-downloads': { type: 'boolean' },
    'cache-dir': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const at = (p: string) => (isAbsolute(p) ? p : resolve(io.cwd, p));
  const request: ToolchainRequest = {
    go: values.go,
    tinygo: values.tinygo,
    oras: values.oras,
    wasmOpt: values['wasm-opt'],
    goVersionFile: values['go-version-file'] ? at(values['go-version-file']) : undefined,
    mirror: values.mirror,
    sha256: { tinygo: values['tinygo-sha256'], 'wasm-opt': values['wasm-opt-sha256'] },
    allowUnverifiedDownloads: values['allow-unverified-downloads'] ?? false,
  };
  const root = values['cache-dir'] ? at(values['cache-dir']) : userCacheDir(io.env);
  const toolCacheDir = join(root, 'tools');
  const tempDir = join(root, 'tmp');
  await mkdir(toolCacheDir, { recursive: true });
  await mkdir(tempDir, { recursive: true });
  const result = await setupToolchains(
    request,
    { ...hostPlatform(), toolCacheDir, tempDir },
    io.log,
  );
  const environment = toolEnvironment(result);
  if (values.json) {
    printJson(io, { tools: result.tools, path: environment.path, env: environment.vars });
  } else {
    if (!result.tools.length) io.stderr('setup: no tool versions requested (see --help)\n');
    for (const t of result.tools) io.stderr(`${t.tool} ${t.version}  ${t.dir}  (${t.source})\n`);
    if (result.tools.length) {
      // Ready to paste into a shell: the same environment the action exports.
      const vars = Object.entries(environment.vars).map(([k, v]) => `${k}='${v}'`);
      io.stderr(`export ${[...vars, `PATH='${environment.path.join(':')}':"$PATH"`].join(' ')}\n`);
    }
  }
  return 0;
};
export default setup;
