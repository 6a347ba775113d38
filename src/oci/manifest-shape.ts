/**
 * The shape of what names content: descriptors in a manifest, an index or a
 * layout's index.json. Their digests become file paths and URL paths, and
 * their fields are read by code that trusts them, so each is checked first:
 * an object with a valid digest (digest.ts), and where given a string
 * mediaType and a size that is a non-negative integer (what the gateway's
 * go-containerregistry would also refuse to decode). Returns the first problem, naming the field
 * (`layers[1].digest ...`), for the caller to put in an error that names the
 * file or the reference.
 */
import { digestProblem, isValidDigest } from './digest.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function descriptorProblem(d: unknown, path: string): string | undefined {
  if (!isObject(d)) return `${path} is not an object`;
  if (d.mediaType !== undefined && typeof d.mediaType !== 'string')
    return `${path}.mediaType is not a string`;
  if (!isValidDigest(d.digest)) return `${path}.digest ${digestProblem(d.digest)}`;
  if (d.size !== undefined && !(Number.isSafeInteger(d.size) && (d.size as number) >= 0))
    return `${path}.size is not a non-negative integer`;
  if (d.annotations !== undefined && !isObject(d.annotations))
    return `${path}.annotations is not an object`;
  return undefined;
}

function listProblem(list: unknown, name: string): string | undefined {
  if (!Array.isArray(list)) return `${name} is not a list`;
  for (let i = 0; i < list.length; i++) {
    const p = descriptorProblem(list[i], `${name}[${i}]`);
    if (p) return p;
  }
  return undefined;
}

/**
 * Problems in a parsed manifest or index: `config`, `subject` (descriptors),
 * `layers`, `manifests` (lists of them), each when present. With
 * `requireManifests`, `manifests` must be there (an index.json).
 */
export function manifestProblem(value: unknown, requireManifests = false): string | undefined {
  if (!isObject(value)) return 'is not a JSON object';
  for (const field of ['config', 'subject'] as const)
    if (value[field] !== undefined) {
      const p = descriptorProblem(value[field], field);
      if (p) return p;
    }
  for (const field of ['layers', 'manifests'] as const)
    if (value[field] !== undefined || (field === 'manifests' && requireManifests)) {
      const p = listProblem(value[field], field);
      if (p) return p;
    }
  return undefined;
}
