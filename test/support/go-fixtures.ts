/**
 * Builds the Go fixture plugins in fixtures/plugins with the machine's real Go
 * against the public proxy-wasm Go SDK, once per source change: the wasm is
 * kept in .cache/fixtures under a hash of the sources, the build mode and the
 * Go version, so parallel jest workers and later runs reuse it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, fixturesDir } from './paths.js';

const run = promisify(execFile);

export type FixturePlugin = 'healthy' | 'init-panic' | 'bad-config' | 'http-call' | 'wasi-tool';

/** `reactor` is how gateways need it (-buildmode=c-shared); `command` is the classic mistake. */
export type BuildMode = 'reactor' | 'command';

let goVersion: string | undefined;
async function currentGoVersion(): Promise<string> {
  goVersion ??= (await run('go', ['env', 'GOVERSION'])).stdout.trim();
  return goVersion;
}

function sourceHash(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.wasm')) continue;
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(join(dir, name)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Path of the fixture's wasm, building it first when no cached build matches. */
export async function buildFixture(
  name: FixturePlugin,
  mode: BuildMode = 'reactor',
): Promise<string> {
  const dir = join(fixturesDir, 'plugins', name);
  const version = await currentGoVersion();
  const out = join(cacheDir, 'fixtures', `${name}-${mode}-${version}-${sourceHash(dir)}.wasm`);
  if (existsSync(out)) return out;
  mkdirSync(join(cacheDir, 'fixtures'), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const args = ['build', '-mod=readonly', '-trimpath', '-o', tmp];
  if (mode === 'reactor') args.splice(1, 0, '-buildmode=c-shared');
  args.push('.');
  await run('go', args, {
    cwd: dir,
    env: { ...process.env, GOOS: 'wasip1', GOARCH: 'wasm', GOTOOLCHAIN: 'local', GOFLAGS: '' },
    maxBuffer: 16 << 20,
  });
  renameSync(tmp, out); // atomic: a concurrent reader never sees half a file
  return out;
}
