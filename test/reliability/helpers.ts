/** Shared checks of the reliability suite: clean failures and nothing half-written. */
import { expect } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { CliRun } from '../support/cli.js';

/** A stack frame line as V8 prints it. */
export const STACK_LINE = /^\s+at .+(\(|:\d+)/m;

export interface Clean {
  /** Expected exit code(s). */
  code: number | number[];
  /** Text the one-line message must contain (the offending value). */
  names?: string | string[];
}

/**
 * Asserts a failure is clean: the exit code, the offending value named on
 * stderr, no stack trace and nothing on stdout. Returns true when all held
 * (the caller's table counts it); throws (fails the test) otherwise.
 */
export function expectClean(run: CliRun, want: Clean): true {
  const codes = Array.isArray(want.code) ? want.code : [want.code];
  const context = `exit ${run.code}\nstderr:\n${run.stderr}\nstdout:\n${run.stdout}`;
  expect({ code: codes.includes(run.code), context }).toEqual({ code: true, context });
  expect(run.stderr).not.toMatch(STACK_LINE);
  if (run.code === 2) expect(run.stderr).toMatch(/error/);
  for (const n of [want.names ?? []].flat()) expect(run.stderr).toContain(n);
  return true;
}

/** Every file under `dir` (relative paths), directories with a trailing '/'. */
export function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) {
        out.push(`${relative(dir, p)}/`);
        walk(p);
      } else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Tool-cache entries (<tool>/<version>/<arch>/) that have no <arch>.complete
 * marker beside them, or markers without their directory: what a killed or
 * failed install must never leave behind as if it were usable.
 */
export function halfWrittenToolCache(toolCacheDir: string): string[] {
  const bad: string[] = [];
  if (!existsSync(toolCacheDir)) return bad;
  for (const tool of readdirSync(toolCacheDir)) {
    const td = join(toolCacheDir, tool);
    if (!statSync(td).isDirectory()) continue;
    for (const version of readdirSync(td)) {
      const vd = join(td, version);
      if (!statSync(vd).isDirectory()) continue;
      for (const name of readdirSync(vd)) {
        const p = join(vd, name);
        if (name.endsWith('.complete')) {
          if (!existsSync(p.slice(0, -'.complete'.length))) bad.push(`${tool}/${version}/${name}`);
        } else if (!name.includes('.partial-') && !existsSync(`${p}.complete`)) {
          bad.push(`${tool}/${version}/${name} (no .complete)`);
        }
      }
    }
  }
  return bad;
}

/** Staging directories (<arch>.partial-*) left in a tool cache. */
export function stagingLeft(toolCacheDir: string): string[] {
  return listTree(toolCacheDir).filter((p) => /\.partial-[^/]*\/$/.test(p));
}

export function tempDir(prefix = 'wpci-rel-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
