/**
 * Where in a plugin's source a failure is: compiler errors
 * (`path/file.go:12:5: message`) and Go runtime panics (the goroutine trace a
 * Go wasm module prints to fd 2 before it aborts), with paths made relative
 * to the repository so that an annotation lands on the pull request's file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { inRepo } from '../common/location.js';
import type { SourceLocation } from '../common/log.js';
import { governingGoMod } from '../repo/discover.js';
import { parseGoMod } from '../repo/gomod.js';

export interface Diagnostic {
  message: string;
  where?: SourceLocation;
}

const LINE =
  /^(?:\s*)((?:[A-Za-z]:)?[^\s:][^:]*\.(?:go|s|c|h|mod|sum|work)):(\d+)(?::(\d+))?: (.+)$/;

/**
 * Errors in `output` of a build run in `cwd`. Files outside `repoDir` (the
 * module cache) keep no location, since no pull request shows them.
 */
export function parseDiagnostics(output: string, cwd: string, repoDir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = LINE.exec(line);
    if (!m) continue;
    const file = inRepo(repoDir, isAbsolute(m[1]) ? m[1] : resolve(cwd, m[1]));
    if (!file) {
      out.push({ message: `${m[1]}:${m[2]}: ${m[4]}` });
      continue;
    }
    const where: SourceLocation = { file, line: Number(m[2]) };
    if (m[3]) where.column = Number(m[3]);
    out.push({ message: m[4], where });
  }
  return out;
}

const MAX_MESSAGE_LINES = 40;
// Progress, not errors: shown while a build runs, left out of its failure.
const PROGRESS = /^go: (?:downloading|finding|extracting) /;

/**
 * The compiler's own words for a failed build, for the summary and the
 * annotation: its output without progress lines and package headers, with
 * the paths of errors in the repository made relative to it.
 */
export function compilerMessage(output: string, cwd: string, repoDir: string): string {
  const lines: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    if (!line.trim() || PROGRESS.test(line) || line.startsWith('# ')) continue;
    const [d] = LINE.test(line) ? parseDiagnostics(line, cwd, repoDir) : [];
    const w = d?.where;
    lines.push(w ? `${[w.file, w.line, w.column].filter(Boolean).join(':')}: ${d.message}` : line);
  }
  if (lines.length > MAX_MESSAGE_LINES) {
    const more = lines.length - MAX_MESSAGE_LINES;
    lines.splice(MAX_MESSAGE_LINES, more, `... ${more} more line(s) in the build log`);
  }
  return lines.join('\n');
}

export interface GoPanic {
  /** `panic: ...` or `fatal error: ...`, with its continuation lines. */
  message: string;
  /** From the panic line to the end of the goroutine trace, as the runtime printed it. */
  trace: string;
  /** The innermost frame in the repository's own code. */
  where?: SourceLocation;
  /** That frame's function, e.g. `main.mustEnv`. */
  func?: string;
}

/**
 * Maps a file name of a Go traceback to the repository. Built with
 * -trimpath, names are `<module path>/<file>` for the plugin's module and
 * `<module path>@<version>/<file>` for a module it replaces with a directory
 * of the repository; without -trimpath they are absolute. Standard library
 * and module-cache files map to nothing.
 */
export function goSourceMapper(
  repoDir: string,
  pluginDir: string,
): (file: string) => string | undefined {
  const roots: { module: string; dir: string }[] = [];
  const modFile = governingGoMod(repoDir, pluginDir);
  if (modFile) {
    try {
      const mod = parseGoMod(readFileSync(modFile, 'utf8'), modFile);
      const dir = dirname(modFile);
      roots.push({ module: mod.module, dir });
      for (const [path, target] of mod.localReplace)
        roots.push({ module: path, dir: resolve(dir, target) });
    } catch {
      // an unreadable go.mod fails the build itself; no mapping then
    }
  }
  roots.sort((a, b) => b.module.length - a.module.length); // the longest module path wins
  return (file) => {
    let abs: string | undefined;
    if (isAbsolute(file)) abs = file;
    else {
      // A replaced module is named with its required version: `example.com/shared@v0.0.0/s.go`.
      const root = roots.find(
        (r) => file.startsWith(`${r.module}/`) || file.startsWith(`${r.module}@`),
      );
      if (root) abs = join(root.dir, file.slice(file.indexOf('/', root.module.length) + 1));
    }
    const rel = abs && inRepo(repoDir, abs);
    return rel && existsSync(abs!) ? rel : undefined;
  };
}

const PANIC_START = /^(?:panic: |fatal error: )/;
const GOROUTINE = /^goroutine \d+ .*\]:$/;
const FRAME_FILE = /^\t(.+):(\d+)(?: \+0x[0-9a-f]+)?$/;
const MAX_TRACE_LINES = 60;

/**
 * The first Go panic in `text` (a module's stderr): its message, its trace
 * and the innermost frame `toRepo` maps to a file of the repository.
 */
export function parseGoPanic(
  text: string,
  toRepo: (file: string) => string | undefined,
): GoPanic | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => PANIC_START.test(l));
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && lines[end]!.trim() && !GOROUTINE.test(lines[end]!)) end++;
  const message = lines.slice(start, end).join('\n').trimEnd();
  let where: SourceLocation | undefined;
  let func: string | undefined;
  const g = lines.findIndex((l, i) => i >= end && GOROUTINE.test(l));
  let last = g < 0 ? end : g + 1;
  // The first goroutine's frames, up to the blank line after them.
  for (; g >= 0 && last < lines.length && lines[last]!.trim(); last++) {
    const m = FRAME_FILE.exec(lines[last]!);
    const file = !where && m ? toRepo(m[1]!) : undefined;
    if (!file) continue;
    where = { file, line: Number(m![2]) };
    func = lines[last - 1]!.replace(/\(.*\)$/, '').replace(/^created by /, '');
  }
  const shown = lines.slice(start, Math.min(last, start + MAX_TRACE_LINES));
  const cut = last - start > MAX_TRACE_LINES ? '\n...' : '';
  return { message, trace: `${shown.join('\n').trimEnd()}${cut}`, where, func };
}
