/**
 * Compiles the WAT fixtures (fixtures/wat/*.wat, or inline text) to wasm with
 * the `wabt` npm package, keeping function names (the `name` section) so
 * backtraces can be asserted. Results are cached in .cache/wat by content hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import wabtInit from 'wabt';
import { cacheDir, fixturesDir } from './paths.js';

let wabt: Awaited<ReturnType<typeof wabtInit>> | undefined;

/** Compiles WAT source text to wasm bytes (with debug names). */
export async function compileWat(source: string, name = 'inline.wat'): Promise<Uint8Array> {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 20);
  const out = join(cacheDir, 'wat', `${hash}.wasm`);
  if (existsSync(out)) return new Uint8Array(readFileSync(out));
  wabt ??= await wabtInit();
  const module = wabt.parseWat(name, source, {
    mutable_globals: true,
    sat_float_to_int: true,
    sign_extension: true,
    bulk_memory: true,
  });
  try {
    const { buffer } = module.toBinary({ write_debug_names: true });
    mkdirSync(join(cacheDir, 'wat'), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, buffer);
    renameSync(tmp, out);
    return new Uint8Array(buffer);
  } finally {
    module.destroy();
  }
}

/** Compiles fixtures/wat/<name>.wat. */
export async function watFixture(name: string): Promise<Uint8Array> {
  return compileWat(readFileSync(join(fixturesDir, 'wat', `${name}.wat`), 'utf8'), `${name}.wat`);
}

/** Writes bytes to a file under .cache/wat and returns its path (for CLI tests). */
export function writeWasm(bytes: Uint8Array, name: string): string {
  mkdirSync(join(cacheDir, 'wat'), { recursive: true });
  const path = join(cacheDir, 'wat', `${name}-${process.pid}.wasm`);
  writeFileSync(path, bytes);
  return path;
}
