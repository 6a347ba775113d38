/**
 * A local OCI image layout directory (image-spec image-layout.md): `oci-layout`,
 * `index.json` and `blobs/sha256/<hex>`. Tags are recorded as the
 * `org.opencontainers.image.ref.name` annotation of index entries, as ORAS
 * and skopeo read them. This is the CLI's default target when no registry is given.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../common/errors.js';
import { digestOf } from './digest.js';
import type { Descriptor } from './layouts.js';
import { MT } from './media-types.js';

const REF_NAME = 'org.opencontainers.image.ref.name';

interface Index {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
}

function blobPath(dir: string, digest: string): string {
  return join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length));
}

function atomicWrite(path: string, data: Buffer | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export class OciLayout {
  constructor(readonly dir: string) {}

  private init(): void {
    mkdirSync(join(this.dir, 'blobs', 'sha256'), { recursive: true });
    if (!existsSync(join(this.dir, 'oci-layout')))
      atomicWrite(join(this.dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    if (!existsSync(join(this.dir, 'index.json')))
      this.writeIndex({ schemaVersion: 2, mediaType: MT.ociIndex, manifests: [] });
  }

  private readIndex(): Index {
    const path = join(this.dir, 'index.json');
    if (!existsSync(path))
      throw new InputError(`'${this.dir}' is not an OCI image layout (no index.json)`);
    return JSON.parse(readFileSync(path, 'utf8')) as Index;
  }

  private writeIndex(index: Index): void {
    atomicWrite(join(this.dir, 'index.json'), `${JSON.stringify(index)}\n`);
  }

  hasBlob(digest: string): boolean {
    const p = blobPath(this.dir, digest);
    return existsSync(p) && statSync(p).isFile();
  }

  /** Writes a blob unless present; returns the bytes written. */
  putBlob(data: Buffer): number {
    this.init();
    const digest = digestOf(data);
    if (this.hasBlob(digest)) return 0;
    atomicWrite(blobPath(this.dir, digest), data);
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
      .filter((t): t is string => !!t);
  }

  readBlob(digest: string, maxBytes = Infinity): Buffer {
    const p = blobPath(this.dir, digest);
    if (!existsSync(p)) throw new InputError(`blob ${digest} is missing from '${this.dir}'`);
    if (statSync(p).size > maxBytes)
      throw new Error(`blob ${digest} exceeds the ${maxBytes >> 20} MiB limit`);
    const data = readFileSync(p);
    if (digestOf(data) !== digest) throw new Error(`blob ${digest} in '${this.dir}' is corrupt`);
    return data;
  }
}
