/**
 * Image references: `REGISTRY/REPO:TAG[,TAG...]` or `REGISTRY/REPO@sha256:...`.
 * A first path segment with a dot, a colon or `localhost` is the registry;
 * otherwise Docker Hub, with `library/` for one-segment names, as docker does.
 */
import { InputError } from '../common/errors.js';
import { isDigest } from './digest.js';

export interface ImageRef {
  /** Host[:port] as written (docker.io for Docker Hub). */
  registry: string;
  repository: string;
  tags: string[];
  digest?: string;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REPO = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

export function parseImageRef(text: string, options: { multipleTags?: boolean } = {}): ImageRef {
  const input = text.trim().replace(/^oci:\/\//, '');
  const bad = (why: string) => new InputError(`invalid image reference '${text}': ${why}`);
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isDigest(digest)) throw bad(`'${digest}' is not a sha256 digest`);
  }
  let tags: string[] = [];
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tags = rest
      .slice(colon + 1)
      .split(',')
      .map((t) => t.trim());
    rest = rest.slice(0, colon);
    for (const t of tags) if (!isValidTag(t)) throw bad(`'${t}' is not a valid tag`);
    if (tags.length > 1 && !options.multipleTags) throw bad('only one tag is allowed here');
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) registry = parts.shift()!;
  let repository = parts.join('/');
  if (registry === 'docker.io' && parts.length === 1) repository = `library/${repository}`;
  if (!REPO.test(repository)) throw bad(`'${repository}' is not a valid repository name`);
  if (!tags.length && !digest) throw bad('a tag or a digest is required');
  return digest ? { registry, repository, tags, digest } : { registry, repository, tags };
}

export function formatRef(registry: string, repository: string, tagOrDigest: string): string {
  return `${registry}/${repository}${tagOrDigest.startsWith('sha256:') ? '@' : ':'}${tagOrDigest}`;
}

/** The host actually contacted: Docker Hub's API lives elsewhere. */
export function apiHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}

export function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
