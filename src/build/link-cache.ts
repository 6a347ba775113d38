/**
 * Linked modules kept beside the Go build cache. The build cache holds
 * compiled packages, never the module `go build -o` links, so a warm cache
 * still links every plugin again (most of a warm build: about a second for a
 * 10 MB module). But go skips the link when the file at its output path
 * carries the build ID this build would give it, which hashes every input of
 * the link (sources, flags, toolchain, dependencies). So the module of a
 * plugin's last build is kept here and put where go writes before it runs:
 * go itself then decides whether it is still the module these inputs make,
 * and links over it when not. The kept copy is as trusted as the build cache
 * it lives in (go trusts that cache's compiled packages the same way).
 *
 * One file per plugin, replaced by rename (a reader never sees half a
 * module); files unused for a month are swept. Any error here only costs
 * the link it would have saved.
 */
import { createHash } from 'node:crypto';
import {
  constants,
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { readSmallFile } from '../common/files.js';

/** The directory inside the Go build cache (go leaves what it does not know alone). */
export const LINK_CACHE_DIR = 'wasm-plugin-ci-modules';
/** Larger than the gateway's module cap: not something we kept. */
const MAX_MODULE_BYTES = 256 << 20;
const MONTH_MS = 30 * 24 * 3600 * 1000;

/** The kept module's path for a plugin key (module path and directory). */
export function keptModuleFile(cacheDir: string, pluginKey: string): string {
  const name = createHash('sha256').update(pluginKey).digest('hex').slice(0, 32);
  return join(cacheDir, LINK_CACHE_DIR, `${name}.wasm`);
}

function keptSha256(file: string): string | undefined {
  const sum = readSmallFile(`${file}.sha256`, 64);
  return sum && /^[0-9a-f]{64}$/.test(sum) ? sum : undefined;
}

/**
 * Copies the plugin's kept module to `output` (go's `-o`), when there is one
 * and nothing is there yet. A copy, never a link: go may write its own
 * module in place over a stale one.
 */
export function placeKeptModule(file: string, output: string): void {
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (!st?.isFile() || st.size > MAX_MODULE_BYTES) return;
  try {
    copyFileSync(file, output, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    const now = new Date();
    utimesSync(file, now, now); // in use: not swept
  } catch {
    rmSync(output, { force: true });
  }
}

/**
 * Keeps the module go just built (`output`, whose sha256 is `sha256`) for
 * the next build of the plugin; nothing to do when it is the module kept
 * already (go skipped the link, or linked the same bytes). The module, then its sum, each replaced by
 * rename: a sum that does not match only costs one more copy.
 */
export function keepModule(file: string, output: string, sha256: string): void {
  // The sum and the size: a kept file damaged since (its sum left as it was) is replaced.
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (keptSha256(file) === sha256 && st?.size === lstatSync(output).size) return;
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    copyFileSync(output, tmp, constants.COPYFILE_FICLONE);
    renameSync(tmp, file);
    writeFileSync(tmp, sha256);
    renameSync(tmp, `${file}.sha256`);
    sweep(dirname(file));
  } catch {
    rmSync(tmp, { force: true });
  }
}

/** Removes modules no build has used for a month (plugins renamed or deleted). */
function sweep(dir: string): void {
  const old = Date.now() - MONTH_MS;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    const st = lstatSync(file, { throwIfNoEntry: false });
    if (st && st.mtimeMs < old) rmSync(file, { force: true });
  }
}
