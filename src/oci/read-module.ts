/**
 * Reads the built module a push names: a regular file no larger than the
 * gateway's cap (a device or pipe named as the module would be read forever).
 * Synchronous on purpose: a read from the page cache takes a millisecond or
 * two, while each step through libuv's thread pool waits behind whatever else
 * runs there (the module loader's reads, a gzip), and a CLI push waits for it.
 */
import { InputError } from '../common/errors.js';
import { FILE_LIMITS, readRegularFile, UnreadableFile } from '../common/files.js';

export function readModule(plugin: string, path: string): Buffer {
  try {
    return readRegularFile(path, FILE_LIMITS.wasm);
  } catch (err) {
    if (err instanceof UnreadableFile)
      throw new InputError(`${plugin}: '${path}' is ${err.message}`);
    const { code, syscall } = err as NodeJS.ErrnoException;
    if (syscall !== 'open') throw err;
    throw new InputError(
      code === 'ENOENT'
        ? `${plugin}: wasm file '${path}' does not exist`
        : `${plugin}: wasm file '${path}' cannot be opened (${code ?? 'error'})`,
    );
  }
}
