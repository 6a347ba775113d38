/**
 * The flags a `.buildrc` may add to the build, as allow-lists (a deny-list
 * missed `LDFLAGS="-o /path"`, which made the linker write the module
 * anywhere). Flags that write files (`-o`, `-cpuprofile`, `-pkgdir`), read
 * them (`-overlay`, `-pgo=FILE`, `@file` argument files) or run programs
 * (`-toolexec`) have no place in a repository's settings; the command-line
 * parts we own (`-buildmode`, `-target`, `-gc`, `-scheduler`, `-mod`) have
 * none either, and `-tags` / `-ldflags` have their keys (EXTRA_TAGS,
 * LDFLAGS). What is allowed comes from what plugin repositories use: strip
 * symbols, set version strings, debug builds, parallelism.
 */
import type { Builder } from '../model.js';

/** What a flag's value may be: `bool` (none, or true/false) or a check returning a complaint. */
type ValueRule = 'bool' | RegExp | ((value: string) => string | undefined);

// The compiler flags a per-package `-gcflags` value may carry: optimisation
// and inlining off, bounds checks off, escape-analysis reports, all errors.
const COMPILE_FLAGS = /^-(N|l|B|m|m=[0-4]|e)$/;

/** A `-gcflags` / `-ldflags` value is `[pattern=]flags`, as go's per-package flags parse it. */
function withoutPattern(value: string): string {
  if (value === '' || value.startsWith('-')) return value;
  const eq = value.indexOf('=');
  return eq < 0 ? value : value.slice(eq + 1);
}

function gcflags(value: string): string | undefined {
  const flags = withoutPattern(value);
  return COMPILE_FLAGS.test(flags)
    ? undefined
    : `compiler flag '${flags}' is not allowed (allowed: -N -l -B -m -m=N -e)`;
}

const GO_BUILD_FLAGS: Record<string, ValueRule> = {
  a: 'bool',
  v: 'bool',
  x: 'bool',
  trimpath: 'bool',
  modcacherw: 'bool',
  p: /^[1-9][0-9]{0,3}$/,
  pgo: /^(off|auto)$/,
  gcflags,
};

const TINYGO_BUILD_FLAGS: Record<string, ValueRule> = {
  x: 'bool',
  'no-debug': 'bool',
  'print-stacks': 'bool',
  p: /^[1-9][0-9]{0,3}$/,
  opt: /^(0|1|2|s|z)$/,
  panic: /^(print|trap)$/,
  size: /^(none|short|full)$/,
  'stack-size': /^[0-9]{1,9}([kKmM][bB]?)?$/,
  'print-allocs': /^[^\s@]{1,200}$/,
};

/** Flags with a place of their own, for a message that points there. */
const OWNED: Record<string, string> = {
  tags: 'use EXTRA_TAGS',
  ldflags: 'use LDFLAGS',
  o: 'wasm-plugin-ci sets the output',
  buildmode: 'wasm-plugin-ci sets it',
  target: 'wasm-plugin-ci sets it',
  gc: 'wasm-plugin-ci sets it from the module',
  scheduler: 'wasm-plugin-ci sets it',
  mod: 'builds are -mod=readonly',
};

const RULES: Record<Builder, Record<string, ValueRule>> = {
  go: GO_BUILD_FLAGS,
  tinygo: TINYGO_BUILD_FLAGS,
};

/** `-name=value` or `--name`: the name and the value, if any. */
function flagParts(word: string): { name: string; value?: string } | undefined {
  const m = /^--?([A-Za-z][A-Za-z0-9-]*)(?:=([\s\S]*))?$/.exec(word);
  return m ? { name: m[1]!, value: m[2] } : undefined;
}

function checkValue(rule: ValueRule, name: string, value: string | undefined): string | undefined {
  if (rule === 'bool')
    return value === undefined || /^(true|false|1|0)$/.test(value)
      ? undefined
      : `-${name} takes no value`;
  if (value === undefined) return `-${name} takes a value: write -${name}=VALUE (one word)`;
  if (rule instanceof RegExp)
    return rule.test(value) ? undefined : `-${name}=${value}: not an allowed value`;
  return rule(value);
}

/**
 * Why one BUILD_FLAGS word is refused for `builders` (one builder, or both
 * when the builder is not known yet), or undefined when it is allowed.
 */
export function buildFlagProblem(word: string, builders: Builder[]): string | undefined {
  const parts = flagParts(word);
  if (!parts) return `'${word}' is not a flag (write flags as -name or -name=value)`;
  const { name, value } = parts;
  if (OWNED[name]) return `flag '-${name}' is not allowed here (${OWNED[name]})`;
  const problems = builders.map((b) => {
    const rule = RULES[b][name];
    return rule ? checkValue(rule, name, value) : `flag '-${name}' is not allowed`;
  });
  if (problems.some((p) => p === undefined)) return undefined;
  const allowed = builders.flatMap((b) => Object.keys(RULES[b]).map((n) => `-${n}`));
  const hint = problems[0]!.endsWith('is not allowed')
    ? ` (allowed ${builders.length > 1 ? 'for go or tinygo' : `for ${builders[0]}`}: ${[...new Set(allowed)].join(' ')})`
    : '';
  return `${problems[0]}${hint}`;
}

/**
 * Splits an -ldflags value into the words the linker sees, as the go
 * command does (cmd/internal/quoted): space-separated, a word may be wrapped
 * in '...' or "...", no escapes inside.
 */
export function splitLinkerWords(text: string): string[] | string {
  const words: string[] = [];
  let i = 0;
  const space = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < text.length) {
    while (i < text.length && space(text[i])) i++;
    if (i >= text.length) break;
    const q = text[i];
    if (q === '"' || q === "'") {
      const end = text.indexOf(q, i + 1);
      if (end < 0) return `unterminated ${q} string`;
      words.push(text.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !space(text[j])) j++;
    words.push(text.slice(i, j));
    i = j;
  }
  return words;
}

/** `-X importpath.name=value`: the linker wants a dot before the `=`. */
function xDefinition(def: string): string | undefined {
  const eq = def.indexOf('=');
  if (eq < 0 || def.lastIndexOf('.', eq) < 0 || def.startsWith('@') || def.startsWith('-'))
    return `-X '${def}' is not of the form importpath.name=value`;
  return undefined;
}

/** Why an LDFLAGS value is refused for one builder. */
function linkerProblemFor(value: string, builder: Builder): string | undefined {
  const words = splitLinkerWords(withoutPattern(value));
  if (typeof words === 'string') return words;
  const allowed =
    builder === 'go' ? '-s -w -X importpath.name=value -buildid=ID -checklinkname=0' : '-X only';
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // The linker reads any argument starting with @ as a file of arguments.
    if (w.startsWith('@')) return `'${w}': argument files are not allowed`;
    const parts = flagParts(w);
    if (!parts) return `'${w}' is not a linker flag`;
    const { name, value: v } = parts;
    if (name === 'X') {
      const def = v ?? words[++i];
      if (def === undefined) return '-X needs importpath.name=value';
      const bad = xDefinition(def);
      if (bad) return bad;
      continue;
    }
    const ok =
      builder === 'go' &&
      (((name === 's' || name === 'w') && (v === undefined || /^(true|false|1|0)$/.test(v))) ||
        (name === 'buildid' && v !== undefined && /^[A-Za-z0-9_./=+-]*$/.test(v)) ||
        (name === 'checklinkname' && v !== undefined && /^(0|1|true|false)$/.test(v)));
    if (!ok) return `linker flag '${w}' is not allowed for ${builder} (allowed: ${allowed})`;
  }
  return undefined;
}

/**
 * Why an LDFLAGS value is refused for `builders` (allowed when one of them
 * takes it), or undefined. Go's linker gets -s, -w, -X importpath.name=value,
 * -buildid=ID and -checklinkname=0; TinyGo understands -X only.
 */
export function linkerFlagsProblem(value: string, builders: Builder[]): string | undefined {
  const problems = builders.map((b) => linkerProblemFor(value, b));
  return problems.some((p) => p === undefined) ? undefined : problems[0];
}
