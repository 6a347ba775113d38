/**
 * The few git operations change detection needs, each a plain git command
 * (no shell). Fetches go to `origin` and never fetch tags.
 */
import { execFile } from 'node:child_process';
import { posix } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class Git {
  constructor(
    readonly dir: string,
    private readonly remote = 'origin',
  ) {}

  async exec(args: string[]): Promise<string> {
    const { stdout } = await run('git', args, {
      cwd: this.dir,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      maxBuffer: 256 << 20,
    });
    return stdout;
  }

  async tryExec(args: string[]): Promise<string | undefined> {
    try {
      return await this.exec(args);
    } catch {
      return undefined;
    }
  }

  /** The commit a ref or sha names, when this clone has it. */
  async resolve(ref: string): Promise<string | undefined> {
    const out = await this.tryExec(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return out?.trim() || undefined;
  }

  async isShallow(): Promise<boolean> {
    return (await this.exec(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  }

  async hasRemote(): Promise<boolean> {
    return (await this.tryExec(['remote', 'get-url', this.remote])) !== undefined;
  }

  /** Fetches commits or refs from the remote; false when the remote does not have them. */
  async fetch(refspecs: string[], extra: string[] = []): Promise<boolean> {
    if (!(await this.hasRemote())) return false;
    const shallow = await this.isShallow();
    const depth =
      shallow && !extra.some((e) => e.startsWith('--deepen') || e === '--unshallow')
        ? ['--depth=1']
        : [];
    return (
      (await this.tryExec([
        'fetch',
        '--no-tags',
        '--quiet',
        '--no-write-fetch-head',
        ...depth,
        ...extra,
        this.remote,
        ...refspecs,
      ])) !== undefined
    );
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const out = await this.tryExec(['merge-base', a, b]);
    return out?.trim() || undefined;
  }

  /**
   * Paths that differ between two commits, deletions and additions alike
   * (renames count as both: the old path changed and the new one appeared),
   * relative to this directory: git names them from the top of the work tree,
   * and the repository directory may be a folder of it (repo-dir: plugins).
   */
  async changedFiles(base: string, head: string): Promise<string[]> {
    const out = await this.exec([
      '-c',
      'core.quotePath=false',
      'diff',
      '--name-only',
      '--no-renames',
      '--no-ext-diff',
      '--no-textconv',
      '-z',
      base,
      head,
      '--',
    ]);
    const prefix = (await this.exec(['rev-parse', '--show-prefix'])).trim();
    const files = out.split('\0').filter(Boolean);
    return prefix ? files.map((f) => posix.relative(prefix, f)) : files;
  }
}
