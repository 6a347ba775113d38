/**
 * Compiler errors (go build, go vet-style type errors, TinyGo) turned into
 * annotations: `path/file.go:12:5: message`, with the path made relative to
 * the repository so the annotation lands on the pull request's file.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { SourceLocation } from '../common/log.js';

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
    const abs = isAbsolute(m[1]) ? m[1] : resolve(cwd, m[1]);
    const rel = relative(repoDir, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      out.push({ message: `${m[1]}:${m[2]}: ${m[4]}` });
      continue;
    }
    const where: SourceLocation = { file: rel.split(sep).join('/'), line: Number(m[2]) };
    if (m[3]) where.column = Number(m[3]);
    out.push({ message: m[4], where });
  }
  return out;
}
