/** The machine we run on, in the names release archives use. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../common/errors.js';
import type { ArchName, OsName } from './types.js';

export function hostPlatform(
  platform = process.platform,
  arch = process.arch,
): { os: OsName; arch: ArchName } {
  const os = platform === 'linux' ? 'linux' : platform === 'darwin' ? 'darwin' : undefined;
  const a = arch === 'x64' ? 'amd64' : arch === 'arm64' ? 'arm64' : undefined;
  if (!os || !a)
    throw new InputError(
      `setup: unsupported platform ${platform}/${arch} (linux or darwin, x64 or arm64)`,
    );
  return { os, arch: a };
}

/** Outside Actions: $XDG_CACHE_HOME/wasm-plugin-ci, else ~/.cache/wasm-plugin-ci. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'wasm-plugin-ci');
}
