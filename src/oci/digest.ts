import { createHash } from 'node:crypto';

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `sha256:<hex>` of the exact bytes. */
export function digestOf(data: Uint8Array): string {
  return `sha256:${sha256Hex(data)}`;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Only sha256 digests are produced or trusted here. */
export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}
