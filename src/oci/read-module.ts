/**
 * Reads the built module a push names: a regular file no larger than the
 * gateway's cap (a device or pipe named as the module would be read forever).
 * Callback fs rather than fs/promises: node:fs is loaded already, and the
 * CLI's push is a short process that pays for every module it loads.
 */
import { close, constants, fstat, open, read } from 'node:fs';
import { promisify } from 'node:util';
import { InputError } from '../common/errors.js';
import { FILE_LIMITS } from '../common/files.js';

const openAsync = promisify(open);
const fstatAsync = promisify(fstat);
const readAsync = promisify(read);
const closeAsync = promisify(close);

export async function readModule(plugin: string, path: string): Promise<Buffer> {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (absent on Windows).
    fd = await openAsync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `${plugin}: wasm file '${path}' does not exist`
        : `${plugin}: wasm file '${path}' cannot be opened (${code ?? 'error'})`,
    );
  }
  try {
    const st = await fstatAsync(fd);
    if (!st.isFile() || st.size > FILE_LIMITS.wasm)
      throw new InputError(
        `${plugin}: '${path}' is ${st.isFile() ? 'larger than 256 MiB' : 'not a regular file'}`,
      );
    // The size fstat gave, and no more: a file that grows meanwhile is cut there.
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await readAsync(fd, buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === buf.length ? buf : buf.subarray(0, got);
  } finally {
    await closeAsync(fd);
  }
}
