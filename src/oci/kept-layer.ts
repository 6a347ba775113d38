/**
 * plugin.tar.gz kept beside the plugin's kept module (src/build/link-cache.ts),
 * in the Go build cache. Packing is deterministic, so a module that go did
 * not relink packs to the very bytes packed last time; on a warm re-run the
 * compression (most of publishing's own CPU) is a read instead.
 *
 * One archive per plugin, with a sum file naming the module it holds, the
 * packer (gzip level and zlib version: either changes the bytes) and the
 * archive's own sha256. An entry is used only when all three match; anything
 * else packs again. A kept archive is as trusted as the build cache it lives
 * in, as the kept module is: whoever can write there can already change what
 * go builds. The sums catch damage, not forgery. Any error here only costs
 * the compression it would have saved.
 */
import { createHash } from 'node:crypto';
import { utimesSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { readOwnFile, readSmallFile } from '../common/files.js';

/** A gzip of a module under the gateway's 256 MiB cap is smaller than this. */
const MAX_ARCHIVE_BYTES = 257 << 20;

/** What else the archive's bytes depend on besides the module. */
export function packerId(gzipLevel: number): string {
  return `gzip${gzipLevel}-zlib${process.versions.zlib}`;
}

/**
 * The kept archive of this module, packed by `packer`, with its hex sha256
 * (checked here, so the publish stage need not hash it again); undefined when
 * there is none.
 */
export function readKeptLayer(
  file: string,
  moduleSha256: string,
  packer: string,
): { archive: Buffer; sha256: string } | undefined {
  const sum = readSmallFile(`${file}.sum`, 256);
  const [module, by, archiveSha256] = sum?.trim().split(' ') ?? [];
  if (module !== moduleSha256 || by !== packer || !archiveSha256) return undefined;
  const archive = readOwnFile(file, MAX_ARCHIVE_BYTES);
  if (!archive || createHash('sha256').update(archive).digest('hex') !== archiveSha256)
    return undefined;
  try {
    const now = new Date();
    // In use: the link cache's sweep (files untouched for a month) leaves both.
    utimesSync(file, now, now);
    utimesSync(`${file}.sum`, now, now);
  } catch {
    // only the sweep's clock
  }
  return { archive, sha256: archiveSha256 };
}

/** Keeps `archive` (this run's packing of the module and its hex sha256) for the plugin's next run. */
export async function keepLayer(
  file: string,
  archive: { bytes: Buffer; sha256: string },
  moduleSha256: string,
  packer: string,
): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    // The old sum goes first: no sum names the archive while it is replaced,
    // and an archive without its sum only costs one more packing.
    await writeFile(tmp, archive.bytes);
    await rm(`${file}.sum`, { force: true });
    await rename(tmp, file);
    await writeFile(tmp, `${moduleSha256} ${packer} ${archive.sha256}\n`);
    await rename(tmp, `${file}.sum`);
  } catch {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}
