/**
 * A local OCI image layout directory (image-spec image-layout.md): `oci-layout`,
 * `index.json` and `blobs/<alg>/<hex>`. Tags are recorded as the
 * `org.opencontainers.image.ref.name` annotation of index entries, as ORAS
 * and skopeo read them. This is the CLI's default target when no registry is given.
 *
 * A layout is input like any other: every digest is checked before a path is
 * built from it (blobs/ is never left), only regular files of bounded size
 * are read, and a malformed oci-layout, index.json or manifest is an input
 * error naming the file. Like ORAS's read-only store, reading requires an
 * `oci-layout` of version 1.0.0.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../common/errors.js';
import { formatBytes } from '../common/transfer-limits.js';
import { digestOf, digestProblem, matchesDigest, parseDigest } from './digest.js';
import type { Descriptor } from './layouts.js';
import { manifestProblem } from './manifest-shape.js';
import { MT } from './media-types.js';

const REF_NAME = 'org.opencontainers.image.ref.name';
const LAYOUT_VERSION = '1.0.0';
/** index.json and oci-layout: a layout of a few thousand tags is well under this. */
const MAX_INDEX_BYTES = 16 << 20;
/** Manifests, as ORAS's and containerd's 4 MiB. */
export const MAX_MANIFEST_BYTES = 4 << 20;

interface Index {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
}

function atomicWrite(path: string, data: Buffer | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** A regular file of at most `maxBytes`, else an input error naming it. */
function readRegularFile(path: string, maxBytes: number): Buffer {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new InputError(`${path}: missing`);
  if (!st.isFile()) throw new InputError(`${path}: not a regular file`);
  if (st.size > maxBytes)
    throw new InputError(`${path}: ${st.size} bytes, over the ${formatBytes(maxBytes)} limit`);
  return readFileSync(path);
}

/** JSON from a layout file, or an input error naming it. */
function parseJsonFile(path: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new InputError(`${path}: not valid JSON (${(err as Error).message.slice(0, 120)})`);
  }
}

export class OciLayout {
  constructor(readonly dir: string) {}

  /** blobs/<alg>/<hex> for a well-formed digest; `where` names the file the digest came from. */
  blobPath(digest: string, where = 'a blob reference'): string {
    const d = parseDigest(digest);
    if (!d) throw new InputError(`${where}: ${digestProblem(digest)}`);
    return join(this.dir, 'blobs', d.algorithm, d.hex);
  }

  private init(): void {
    mkdirSync(join(this.dir, 'blobs', 'sha256'), { recursive: true });
    if (!existsSync(join(this.dir, 'oci-layout')))
      atomicWrite(
        join(this.dir, 'oci-layout'),
        JSON.stringify({ imageLayoutVersion: LAYOUT_VERSION }),
      );
    else this.checkLayoutFile();
    if (!existsSync(join(this.dir, 'index.json')))
      this.writeIndex({ schemaVersion: 2, mediaType: MT.ociIndex, manifests: [] });
  }

  private checkLayoutFile(): void {
    const path = join(this.dir, 'oci-layout');
    if (!existsSync(path))
      throw new InputError(`'${this.dir}' is not an OCI image layout (no ${path})`);
    const value = parseJsonFile(path, readRegularFile(path, MAX_INDEX_BYTES)) as {
      imageLayoutVersion?: unknown;
    } | null;
    const version = value?.imageLayoutVersion;
    if (version !== LAYOUT_VERSION)
      throw new InputError(
        `${path}: imageLayoutVersion ${JSON.stringify(version ?? null)} is not ${LAYOUT_VERSION}`,
      );
  }

  private readIndex(): Index {
    const path = join(this.dir, 'index.json');
    if (!existsSync(path))
      throw new InputError(`'${this.dir}' is not an OCI image layout (no index.json)`);
    this.checkLayoutFile();
    const value = parseJsonFile(path, readRegularFile(path, MAX_INDEX_BYTES));
    const problem = manifestProblem(value, true);
    if (problem) throw new InputError(`${path}: ${problem}`);
    return value as Index;
  }

  private writeIndex(index: Index): void {
    atomicWrite(join(this.dir, 'index.json'), `${JSON.stringify(index)}\n`);
  }

  hasBlob(digest: string): boolean {
    const p = this.blobPath(digest);
    return existsSync(p) && statSync(p).isFile();
  }

  /** Writes a blob unless present; returns the bytes written. */
  putBlob(data: Buffer): number {
    this.init();
    const digest = digestOf(data);
    if (this.hasBlob(digest)) return 0;
    atomicWrite(this.blobPath(digest), data);
    return data.length;
  }

  /** Stores the manifest and points each tag at it (a tag moves, never duplicates). */
  tag(manifest: Buffer, mediaType: string, tags: string[]): string {
    this.putBlob(manifest);
    const digest = digestOf(manifest);
    const index = this.readIndex();
    const keep = index.manifests.filter((m) => !tags.includes(m.annotations?.[REF_NAME] ?? ''));
    for (const t of tags)
      keep.push({ mediaType, digest, size: manifest.length, annotations: { [REF_NAME]: t } });
    this.writeIndex({ ...index, manifests: keep });
    return digest;
  }

  resolve(tag: string): Descriptor | undefined {
    return this.readIndex().manifests.find((m) => m.annotations?.[REF_NAME] === tag);
  }

  tags(): string[] {
    return this.readIndex()
      .manifests.map((m) => m.annotations?.[REF_NAME])
      .filter((t): t is string => typeof t === 'string' && t !== '');
  }

  /** A blob's bytes, checked against its digest; a missing, odd or corrupt file is an input error. */
  readBlob(digest: string, maxBytes = Infinity): Buffer {
    const p = this.blobPath(digest, `'${this.dir}'`);
    if (!existsSync(p)) throw new InputError(`blob ${digest} is missing from '${this.dir}'`);
    const data = readRegularFile(p, maxBytes);
    if (!matchesDigest(data, digest))
      throw new InputError(`${p}: content does not match its digest ${digest} (corrupt layout)`);
    return data;
  }

  /** A manifest or index blob: JSON whose descriptors are well formed, else an input error naming its file. */
  readManifest(digest: string): Buffer {
    const bytes = this.readBlob(digest, MAX_MANIFEST_BYTES);
    const path = this.blobPath(digest);
    const problem = manifestProblem(parseJsonFile(path, bytes));
    if (problem) throw new InputError(`${path}: manifest ${problem}`);
    return bytes;
  }
}
