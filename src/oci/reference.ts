/**
 * Image references: `REGISTRY/REPO:TAG[,TAG...]` or `REGISTRY/REPO@sha256:...`.
 * A first path segment with a dot, a colon or `localhost` is the registry;
 * otherwise Docker Hub, with `library/` for one-segment names, as docker does.
 */
import { InputError } from '../common/errors.js';
import { isDigest, isValidDigest } from './digest.js';

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

/**
 * Where a `user[:password]@` part ends, or -1: an '@' that does not start
 * the reference's digest. Found from the end, so a password holding '@' or
 * '/' is never split.
 */
function userinfoEnd(input: string): number {
  const last = input.lastIndexOf('@');
  if (last < 0) return -1;
  const tail = input.slice(last + 1);
  if (isValidDigest(tail)) return input.lastIndexOf('@', last - 1);
  // a mistyped digest: reported as such below, with only the digest shown
  return /^sha(256|512):/.test(tail) ? -1 : last;
}

export function parseImageRef(text: string, options: { multipleTags?: boolean } = {}): ImageRef {
  const input = text.trim().replace(/^oci:\/\//, '');
  const credentialsEnd = userinfoEnd(input);
  if (credentialsEnd >= 0) {
    // Never echo what precedes the '@': it is a password more often than not.
    throw new InputError(
      `invalid image reference '<credentials>@${input.slice(credentialsEnd + 1)}': a user name or password in the reference is not accepted; ` +
        `give them in WPCI_REGISTRY_USERNAME and WPCI_REGISTRY_PASSWORD (or --password-stdin), or in docker's config.json`,
    );
  }
  // With an '@', only what follows the last one is shown: what precedes may be a secret.
  const at = input.lastIndexOf('@');
  const shown = at >= 0 ? `…@${input.slice(at + 1)}` : text;
  const bad = (why: string) => new InputError(`invalid image reference '${shown}': ${why}`);
  let rest = input;
  let digest: string | undefined;
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
