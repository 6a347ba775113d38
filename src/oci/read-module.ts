/**
 * Reads the built module a push names: a regular file no larger than the
 * gateway's cap (a device or pipe named as the module would be read forever).
 * Synchronous on purpose: a read from the page cache takes a millisecond or
 * two, while each step through libuv's thread pool waits behind whatever else
 * runs there (the module loader's reads, a gzip), and a CLI push waits for it.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../common/errors.js';
import { FILE_LIMITS } from '../common/files.js';

export function readModule(plugin: string, path: string): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (absent on Windows).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `${plugin}: wasm file '${path}' does not exist`
        : `${plugin}: wasm file '${path}' cannot be opened (${code ?? 'error'})`,
    );
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > FILE_LIMITS.wasm)
      throw new InputError(
        `${plugin}: '${path}' is ${st.isFile() ? 'larger than 256 MiB' : 'not a regular file'}`,
      );
    // The size fstat gave, and no more: a file that grows meanwhile is cut there.
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === buf.length ? buf : buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
