/**
 * go-version-file: go.mod (`toolchain` line, then `go` line), `.go-version`,
 * `.tool-versions` (asdf/mise: `golang`/`go` and `tinygo` entries).
 */
import { basename, dirname, resolve } from 'node:path';
import { InputError } from '../common/errors.js';
import { checkoutRoot, FILE_LIMITS, readContainedText, RefusedFile } from '../common/files.js';

export interface VersionFileResult {
  go?: string;
  tinygo?: string;
}

export async function readVersionFile(file: string): Promise<VersionFileResult> {
  let text: string;
  // The workflow names the file, the repository supplies it: a link to
  // /proc/self/environ would have its text quoted back in the error below.
  const within = checkoutRoot(dirname(resolve(file))) ?? dirname(resolve(file));
  try {
    text = readContainedText(file, {
      within,
      withinName: 'the repository',
      name: `go-version-file: ${file}`,
      maxBytes: FILE_LIMITS.goMod,
    });
  } catch (err) {
    if (err instanceof RefusedFile) throw err;
    throw new InputError(`go-version-file: cannot read ${file}: ${(err as Error).message}`);
  }
  const lines = text.split(/\r?\n/).map((l) => l.replace(/(\/\/|#).*$/, '').trim());
  const name = basename(file);
  if (name === 'go.mod' || name.endsWith('.mod')) return { go: fromGoMod(lines, file) };
  if (name === '.tool-versions') return fromToolVersions(lines, file);
  const first = lines.find((l) => l !== '');
  if (!first) throw new InputError(`go-version-file: ${file} is empty`);
  return { go: first.replace(/^go/, '') };
}

function fromGoMod(lines: string[], file: string): string {
  const toolchain = lines.find((l) => /^toolchain\s/.test(l));
  if (toolchain) {
    const m = /^toolchain\s+go(\S+)$/.exec(toolchain);
    if (!m) throw new InputError(`go-version-file: ${file}: bad toolchain line '${toolchain}'`);
    return m[1]!;
  }
  const go = lines.find((l) => /^go\s/.test(l));
  const m = go && /^go\s+(\S+)$/.exec(go);
  if (!m) throw new InputError(`go-version-file: ${file} has neither a toolchain nor a go line`);
  return m[1]!;
}

function fromToolVersions(lines: string[], file: string): VersionFileResult {
  const result: VersionFileResult = {};
  for (const line of lines) {
    const [tool, version] = line.split(/\s+/);
    if (!version) continue;
    if (tool === 'golang' || tool === 'go') result.go = version.replace(/^go/, '');
    if (tool === 'tinygo') result.tinygo = version;
  }
  if (!result.go && !result.tinygo) {
    throw new InputError(`go-version-file: ${file} names no golang or tinygo version`);
  }
  return result;
}
