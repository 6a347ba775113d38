import { createHash } from 'node:crypto';

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `sha256:<hex>` of the exact bytes. */
export function digestOf(data: Uint8Array): string {
  return `sha256:${sha256Hex(data)}`;
}

const SHA256 = /^sha256:[a-f0-9]{64}$/;

/** Only sha256 digests are produced here; references name sha256 content. */
export function isDigest(value: string): boolean {
  return SHA256.test(value);
}

/**
 * The algorithms image-spec registers, each with its exact hex length. A
 * digest names a file (blobs/<alg>/<hex>) and a URL path, so anything else
 * (`sha256:../../x`, upper case, a short hex, an unknown algorithm) is refused
 * before it gets near either.
 */
const HEX_LENGTH = { sha256: 64, sha512: 128 } as const;
export type DigestAlgorithm = keyof typeof HEX_LENGTH;

export interface ParsedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
}

/** The parts of a well-formed sha256 or sha512 digest, or undefined. */
export function parseDigest(value: unknown): ParsedDigest | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(sha256|sha512):([a-f0-9]+)$/.exec(value);
  if (!m) return undefined;
  const algorithm = m[1] as DigestAlgorithm;
  return m[2]!.length === HEX_LENGTH[algorithm] ? { algorithm, hex: m[2]! } : undefined;
}

/** True when `value` is a well-formed sha256 or sha512 digest. */
export function isValidDigest(value: unknown): value is string {
  return parseDigest(value) !== undefined;
}

/** Describes why a digest is refused, for messages that name where it came from. */
export function digestProblem(value: unknown): string {
  // control characters shown as '?': the value may come from a hostile file
  const shown =
    typeof value === 'string'
      ? `'${value.slice(0, 200).replace(/\p{Cc}/gu, '?')}'`
      : String(JSON.stringify(value)).slice(0, 200);
  return `${shown} is not a valid digest (sha256:<64 hex> or sha512:<128 hex>, lower case)`;
}

/**
 * A hash for content that arrives in pieces, checked against `digest` at the
 * end; undefined for a digest that is not well-formed.
 */
export function digestCheck(
  digest: string,
): { update(chunk: Uint8Array): void; actual(): string } | undefined {
  const d = parseDigest(digest);
  if (!d) return undefined;
  const hash = createHash(d.algorithm);
  return {
    update: (chunk) => hash.update(chunk),
    actual: () => `${d.algorithm}:${hash.digest('hex')}`,
  };
}

/** Whether `data` has the content digest `digest` (sha256 or sha512). */
export function matchesDigest(data: Uint8Array, digest: string): boolean {
  const d = parseDigest(digest);
  return !!d && createHash(d.algorithm).update(data).digest('hex') === d.hex;
}
