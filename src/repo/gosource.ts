/**
 * Reads Go package clauses and imports from source text without the Go
 * toolchain, so discovery over a hundred plugins takes milliseconds.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_LIMITS, inPlugin, readContained, RefusedFile } from '../common/files.js';

export interface GoPackageInfo {
  name: string;
  imports: string[];
}

/** Strips comments and string contents that could look like code. */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
}

export function parseGoFile(src: string): GoPackageInfo | undefined {
  const text = stripComments(src);
  const pkg = /^\s*package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(text);
  if (!pkg) return undefined;
  const imports: string[] = [];
  const decl = /\bimport\s*(\(([^)]*)\)|[A-Za-z_.]*\s*"([^"]+)")/g;
  for (let m = decl.exec(text); m; m = decl.exec(text)) {
    if (m[3]) imports.push(m[3]);
    else for (const q of m[2].matchAll(/"([^"]+)"/g)) imports.push(q[1]);
  }
  return { name: pkg[1], imports };
}

/** The non-test package in `dir`, merged over its files; undefined without Go files. */
export function readGoPackage(dir: string, entries?: string[]): GoPackageInfo | undefined {
  const names = (entries ?? readdirSync(dir)).filter(
    (n) => n.endsWith('.go') && !n.endsWith('_test.go'),
  );
  let info: GoPackageInfo | undefined;
  for (const n of names) {
    // The package clause and imports open the file: its head is enough, and a
    // multi-gigabyte file must not stall discovery. Read under the file rule.
    let head: string;
    try {
      const rule = { ...inPlugin(dir, n, FILE_LIMITS.goSourceHead), prefixOnly: true };
      head = readContained(join(dir, n), rule).toString('utf8');
    } catch (err) {
      if (err instanceof RefusedFile) continue;
      throw err;
    }
    const file = parseGoFile(head);
    if (!file) continue;
    if (!info) info = { name: file.name, imports: [] };
    if (file.name === info.name) info.imports.push(...file.imports);
  }
  return info;
}
