/**
 * Just enough of go.mod to decide a builder and where a module's local
 * dependencies live: module path, go directive, requirements, replaces.
 */
import { InputError } from '../common/errors.js';

export interface GoMod {
  module: string;
  go?: string;
  /** Module path to version, direct and indirect alike. */
  require: Map<string, string>;
  /** Replacements pointing at a local directory (`=> ../shared`), old path to that directory. */
  localReplace: Map<string, string>;
  /** Replacements pointing at another module, old path to `new@version`. */
  moduleReplace: Map<string, { path: string; version?: string }>;
}

function unquote(word: string): string {
  return word.startsWith('"') || word.startsWith('`') ? word.slice(1, -1) : word;
}

function tokens(line: string): string[] {
  return (line.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g) ?? []).map(unquote);
}

export function parseGoMod(text: string, file: string): GoMod {
  const mod: GoMod = {
    module: '',
    require: new Map(),
    localReplace: new Map(),
    moduleReplace: new Map(),
  };
  let block: string | undefined;
  const directive = (verb: string, args: string[]) => {
    if (verb === 'module') mod.module = args[0] ?? '';
    else if (verb === 'go') mod.go = args[0];
    else if (verb === 'require' && args.length >= 2) mod.require.set(args[0], args[1]);
    else if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      if (arrow < 1) return;
      const target = args.slice(arrow + 1);
      if (
        target[0]?.startsWith('./') ||
        target[0]?.startsWith('../') ||
        target[0] === '.' ||
        target[0] === '..'
      ) {
        mod.localReplace.set(args[0], target[0]);
      } else if (target[0]) {
        mod.moduleReplace.set(args[0], { path: target[0], version: target[1] });
      }
    }
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (block) {
      if (line === ')') block = undefined;
      else directive(block, tokens(line));
      continue;
    }
    const [verb, ...args] = tokens(line);
    if (args[0] === '(') block = verb;
    else directive(verb, args);
  }
  if (!mod.module) throw new InputError(`${file}: no module directive`);
  return mod;
}

/** `1.24.1` >= `1.24`? Compares dotted numeric versions. */
export function versionAtLeast(version: string | undefined, min: string): boolean {
  if (!version) return false;
  const a = version.split(/[.-]/).map((p) => parseInt(p, 10) || 0);
  const b = min.split('.').map((p) => parseInt(p, 10));
  for (let i = 0; i < b.length; i++) {
    if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > b[i];
  }
  return true;
}
