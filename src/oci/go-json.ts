/**
 * Manifests and indexes read the way go-containerregistry reads them
 * (encoding/json into v1.Manifest / v1.IndexManifest): keys match fields
 * case-insensitively and the last one wins, a wrongly typed field or a
 * malformed digest fails the whole document, `data` is strict base64.
 */
export interface GoDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  /** Embedded content: go-containerregistry reads it instead of the blob. */
  data?: Buffer;
  platform?: { os: string; architecture: string };
}

export interface GoManifest {
  /** The manifest's own mediaType field ('' when absent). */
  mediaType: string;
  config: GoDescriptor;
  layers: GoDescriptor[];
}

export interface GoIndex {
  manifests: GoDescriptor[];
}

class GoJsonError extends Error {}

type JsonObject = Record<string, unknown>;

/** The value Go's decoder would leave in field `name` (last case-folded key wins). */
function field(obj: JsonObject, name: string): unknown {
  let value: unknown;
  const folded = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === folded) value = obj[key];
  return value;
}

function object(value: unknown, what: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new GoJsonError(`${what} is not a JSON object`);
  return value as JsonObject;
}

function string(value: unknown, what: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new GoJsonError(`${what} is not a string`);
  return value;
}

function int64(value: unknown, what: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new GoJsonError(`${what} is not an integer`);
  return value;
}

function array(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new GoJsonError(`${what} is not an array`);
  return value;
}

/** v1.Hash: "sha256:" and 64 lowercase hex digits (other algorithms are unsupported). */
function hash(value: unknown, what: string): string {
  if (value === undefined) return '';
  const text = string(value, what);
  const colon = text.indexOf(':');
  const [algo, hex] = colon < 0 ? ['', ''] : [text.slice(0, colon), text.slice(colon + 1)];
  if (!algo || !hex) throw new GoJsonError(`${what}: cannot parse hash '${text}'`);
  if (!/^[0-9a-f]*$/.test(hex)) throw new GoJsonError(`${what}: non-hex character in '${text}'`);
  if (algo !== 'sha256') throw new GoJsonError(`${what}: unsupported hash '${algo}'`);
  if (hex.length !== 64) throw new GoJsonError(`${what}: wrong number of hex digits`);
  return text;
}

function base64(value: unknown, what: string): Buffer | undefined {
  if (value === undefined || value === null) return undefined;
  const text = string(value, what).replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text))
    throw new GoJsonError(`${what}: illegal base64 data`);
  return Buffer.from(text, 'base64');
}

function descriptor(value: unknown, what: string): GoDescriptor {
  const obj = object(value, what) ?? {};
  const d: GoDescriptor = {
    mediaType: string(field(obj, 'mediaType'), `${what}.mediaType`),
    size: int64(field(obj, 'size'), `${what}.size`),
    digest: hash(field(obj, 'digest'), `${what}.digest`),
  };
  const data = base64(field(obj, 'data'), `${what}.data`);
  if (data) d.data = data;
  const platform = object(field(obj, 'platform'), `${what}.platform`);
  if (platform)
    d.platform = {
      os: string(field(platform, 'os'), `${what}.platform.os`),
      architecture: string(field(platform, 'architecture'), `${what}.platform.architecture`),
    };
  return d;
}

function document(bytes: Buffer): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new GoJsonError(`not JSON: ${(err as Error).message}`);
  }
  const obj = object(parsed, 'the document');
  if (!obj) throw new GoJsonError('the document is null');
  return obj;
}

function parse<T>(fn: () => T): T | { error: string } {
  try {
    return fn();
  } catch (err) {
    if (err instanceof GoJsonError) return { error: err.message };
    throw err;
  }
}

export function parseGoManifest(bytes: Buffer): GoManifest | { error: string } {
  return parse(() => {
    const obj = document(bytes);
    return {
      mediaType: string(field(obj, 'mediaType'), 'mediaType'),
      config: descriptor(field(obj, 'config'), 'config'),
      layers: array(field(obj, 'layers'), 'layers').map((l, i) => descriptor(l, `layers[${i}]`)),
    };
  });
}

export function parseGoIndex(bytes: Buffer): GoIndex | { error: string } {
  return parse(() => {
    const obj = document(bytes);
    return {
      manifests: array(field(obj, 'manifests'), 'manifests').map((m, i) =>
        descriptor(m, `manifests[${i}]`),
      ),
    };
  });
}
