/**
 * Turns a GitHub event (GITHUB_EVENT_NAME + the payload at GITHUB_EVENT_PATH)
 * into what to compare, the way a careful user would: pull requests diff
 * against the merge base, pushes diff before..after, and events that carry no
 * change (tags, dispatch, schedule) select every plugin.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../common/errors.js';

export type ChangeSource =
  /** Every plugin; `releaseRef` is a tag that may name one plugin. */
  | { kind: 'all'; reason: string; releaseRef?: string }
  /** Nothing to build (a deleted branch). */
  | { kind: 'none'; reason: string }
  | {
      kind: 'diff';
      reason: string;
      /** A sha or a ref; `baseBranch` when the base is a branch to fetch. */
      base: string;
      head: string;
      /** Compare head with the merge base of base and head (`base...head`). */
      threeDot: boolean;
      /** A branch name to fetch as the base when `base` is not in the clone yet. */
      baseBranch?: string;
      /** Refs a user typed (--base/--head): unknown ones are input errors, not a reason to build all. */
      explicit?: boolean;
    };

const ZERO = /^0+$/;

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return v && typeof v === 'object' ? (v as Json) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The change source for one event; `payloadFile` names the payload in errors. */
export function changeSourceFromEvent(
  eventName: string,
  payload: unknown,
  payloadFile = 'event payload',
): ChangeSource {
  const p = obj(payload);
  const need = (value: string | undefined, field: string): string => {
    if (!value) throw new InputError(`${payloadFile}: ${eventName} event without ${field}`);
    return value;
  };
  switch (eventName) {
    case 'pull_request':
    case 'pull_request_target': {
      const pr = obj(p.pull_request);
      const base = obj(pr.base);
      const head = obj(pr.head);
      return {
        kind: 'diff',
        reason: `pull request #${String(p.number ?? pr.number ?? '?')}`,
        base: need(str(base.sha), 'pull_request.base.sha'),
        head: need(str(head.sha), 'pull_request.head.sha'),
        threeDot: true,
        baseBranch: str(base.ref),
      };
    }
    case 'merge_group': {
      const mg = obj(p.merge_group);
      return {
        kind: 'diff',
        reason: 'merge group',
        base: need(str(mg.base_sha), 'merge_group.base_sha'),
        head: need(str(mg.head_sha), 'merge_group.head_sha'),
        threeDot: true,
      };
    }
    case 'push': {
      const ref = need(str(p.ref), 'ref');
      if (ref.startsWith('refs/tags/'))
        return { kind: 'all', reason: `tag push ${ref}`, releaseRef: ref };
      const after = need(str(p.after), 'after');
      if (p.deleted === true || ZERO.test(after))
        return { kind: 'none', reason: `branch ${ref} deleted` };
      const before = str(p.before);
      const branch = ref.replace(/^refs\/heads\//, '');
      if (!before || ZERO.test(before)) {
        // A new branch: compare with the default branch it came from, if it is another one.
        const defaultBranch = str(obj(p.repository).default_branch);
        if (!defaultBranch || defaultBranch === branch) {
          return { kind: 'all', reason: `first push to ${branch}` };
        }
        return {
          kind: 'diff',
          reason: `new branch ${branch} (against ${defaultBranch})`,
          base: `refs/remotes/origin/${defaultBranch}`,
          head: after,
          threeDot: true,
          baseBranch: defaultBranch,
        };
      }
      return {
        kind: 'diff',
        reason: `push to ${branch}`,
        base: before,
        head: after,
        threeDot: false,
      };
    }
    default: {
      // workflow_dispatch, schedule, release, repository_dispatch...: no diff to speak of.
      const ref = str(p.ref) ?? str(obj(p.release).tag_name);
      const releaseRef =
        ref && !ref.startsWith('refs/heads/')
          ? ref.startsWith('refs/')
            ? ref
            : `refs/tags/${ref}`
          : undefined;
      return {
        kind: 'all',
        reason: `${eventName} event`,
        ...(releaseRef?.startsWith('refs/tags/') ? { releaseRef } : {}),
      };
    }
  }
}

/** Reads GITHUB_EVENT_NAME and the payload file from an environment. */
export function changeSourceFromEnv(env: NodeJS.ProcessEnv): ChangeSource | undefined {
  const name = env.GITHUB_EVENT_NAME;
  if (!name) return undefined;
  const file = env.GITHUB_EVENT_PATH;
  let payload: unknown = {};
  if (file) {
    try {
      payload = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new InputError(
        `GITHUB_EVENT_PATH ${file}: cannot read the event payload: ${(err as Error).message}`,
      );
    }
  }
  return changeSourceFromEvent(name, payload, file ?? 'event payload');
}
