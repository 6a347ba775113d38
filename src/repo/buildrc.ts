/**
 * `.buildrc` is a shell fragment in Higress's layout; sourcing it in CI runs
 * whatever it contains. Here it is parsed as plain KEY=VALUE assignments:
 * quotes, `export` and `${KEY}` of an earlier key are understood, anything
 * that a shell would execute or expand otherwise is an error naming
 * file:line. Nothing in the file is ever run.
 */
import { InputError } from '../common/errors.js';
import type { Log } from '../common/log.js';
import type { Builder, BuildSettings } from '../model.js';
import { buildFlagProblem, linkerFlagsProblem } from './build-flags.js';

const BOTH: Builder[] = ['go', 'tinygo'];

/** The keys we read; see docs/build.md. Others are kept in `values` and warned about. */
export const BUILDRC_KEYS = [
  'EXTRA_TAGS',
  'BUILDER',
  'GO_VERSION',
  'TINYGO_VERSION',
  'BUILD_FLAGS',
  'LDFLAGS',
  'SMOKE_HOST',
  'SMOKE_CONFIG',
] as const;

// Unquoted, these make a shell do something other than assign a word.
const SHELL_SPECIAL = new Set([
  ';',
  '&',
  '|',
  '<',
  '>',
  '(',
  ')',
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  '!',
  '~',
]);

class LineError extends Error {}

interface Assignment {
  key: string;
  value: string;
  line: number;
}

/** Expands `${KEY}` at `text[i]` (which is `$`); returns the value and the index after it. */
function expansion(text: string, i: number, known: Map<string, string>): [string, number] {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(text.slice(i));
  if (!m) {
    const what =
      text[i + 1] === '(' ? 'command substitution $(...)' : `expansion '${text.slice(i, i + 12)}'`;
    throw new LineError(`${what} is not allowed (only \${KEY} of an earlier key)`);
  }
  const value = known.get(m[1]);
  if (value === undefined) throw new LineError(`\${${m[1]}} does not name an earlier key`);
  return [value, i + m[0].length];
}

/** Parses the value part of one line: quoted and unquoted segments, then an optional comment. */
function parseValue(text: string, known: Map<string, string>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      const rest = text.slice(i).trimStart();
      if (rest === '' || rest.startsWith('#')) return out;
      throw new LineError(
        `unquoted whitespace in the value (a shell would run '${rest.split(/\s/)[0]}'); quote the value`,
      );
    }
    if (c === '`') throw new LineError('command substitution with backticks is not allowed');
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new LineError('unterminated single quote');
      out += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new LineError('unterminated double quote');
        const d = text[i];
        if (d === '"') break;
        if (d === '`') throw new LineError('command substitution with backticks is not allowed');
        if (d === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) {
          out += text[i + 1];
          i += 2;
        } else if (d === '$') {
          const [v, next] = expansion(text, i, known);
          out += v;
          i = next;
        } else {
          out += d;
          i++;
        }
      }
      i++;
    } else if (c === '$') {
      const [v, next] = expansion(text, i, known);
      out += v;
      i = next;
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new LineError('line continuation is not supported');
      out += text[i + 1];
      i += 2;
    } else if (SHELL_SPECIAL.has(c)) {
      throw new LineError(`unquoted '${c}' is shell syntax; quote the value`);
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function parseLines(text: string, file: string): Assignment[] {
  const known = new Map<string, string>();
  const out: Assignment[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = /^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(trimmed);
    if (!m) {
      throw new InputError(
        `${file}:${line}: not a KEY=VALUE assignment: '${trimmed.slice(0, 60)}' (.buildrc is parsed, never run)`,
      );
    }
    try {
      const value = parseValue(m[2], known);
      known.set(m[1], value);
      out.push({ key: m[1], value, line });
    } catch (err) {
      if (err instanceof LineError)
        throw new InputError(`${file}:${line}: ${m[1]}: ${err.message}`);
      throw err;
    }
  });
  return out;
}

function words(value: string): string[] {
  return value.split(/\s+/).filter(Boolean);
}

/**
 * Parses a `.buildrc` text. `file` names it in errors (use the path relative
 * to the repository). Unknown keys are reported through `log` when given.
 */
export function parseBuildrc(text: string, file: string, log?: Log): BuildSettings {
  const settings: BuildSettings = { file, extraTags: [], buildFlags: [], values: {}, lines: {} };
  for (const { key, value, line } of parseLines(text, file)) {
    const bad = (why: string): never => {
      throw new InputError(`${file}:${line}: ${key}=${JSON.stringify(value)}: ${why}`);
    };
    settings.values[key] = value;
    settings.lines![key] = line;
    switch (key) {
      case 'EXTRA_TAGS': {
        const tags = value.split(/[\s,]+/).filter(Boolean);
        for (const t of tags) if (!/^[A-Za-z0-9_.]+$/.test(t)) bad(`'${t}' is not a build tag`);
        settings.extraTags = tags;
        break;
      }
      case 'BUILDER':
        if (value !== 'go' && value !== 'tinygo') bad("BUILDER must be 'go' or 'tinygo'");
        settings.builder = value as Builder;
        break;
      case 'GO_VERSION':
      case 'TINYGO_VERSION':
        if (!/^\d+\.\d+(\.\d+)?([-.]?[A-Za-z0-9]+)*$/.test(value)) bad('not a version like 1.24.4');
        if (key === 'GO_VERSION') settings.goVersion = value;
        else settings.tinygoVersion = value;
        break;
      case 'BUILD_FLAGS': {
        // Checked for either builder here; for the plugin's own once it is known.
        const flags = words(value);
        for (const f of flags) {
          const why = buildFlagProblem(f, BOTH);
          if (why) bad(why);
        }
        settings.buildFlags = flags;
        break;
      }
      case 'LDFLAGS': {
        const why = linkerFlagsProblem(value, BOTH);
        if (why) bad(why);
        settings.ldflags = value;
        break;
      }
      case 'SMOKE_HOST':
        if (!/^[a-z0-9][a-z0-9.-]*$/.test(value)) bad('not a host profile name');
        settings.smokeHost = value;
        break;
      case 'SMOKE_CONFIG':
        if (value === '' || value.startsWith('/') || value.split(/[\\/]/).includes('..')) {
          bad('must be a path inside the plugin directory');
        }
        settings.smokeConfig = value;
        break;
      default:
        log?.warn(`unknown .buildrc key ${key} (known: ${BUILDRC_KEYS.join(', ')})`, {
          file,
          line,
        });
    }
  }
  return settings;
}

/**
 * Checks the flags again for the builder the plugin turned out to use (a
 * TinyGo-only flag is refused for a go build and the other way round);
 * throws an InputError naming file:line and the flag.
 */
export function checkFlagsForBuilder(settings: BuildSettings, builder: Builder): void {
  const at = (key: string) => `${settings.file ?? '.buildrc'}:${settings.lines?.[key] ?? 0}`;
  for (const f of settings.buildFlags) {
    const why = buildFlagProblem(f, [builder]);
    if (why) throw new InputError(`${at('BUILD_FLAGS')}: BUILD_FLAGS: ${why}`);
  }
  if (settings.ldflags) {
    const why = linkerFlagsProblem(settings.ldflags, [builder]);
    if (why) throw new InputError(`${at('LDFLAGS')}: LDFLAGS: ${why}`);
  }
}

/** Settings of a plugin without a `.buildrc`. */
export function emptySettings(): BuildSettings {
  return { extraTags: [], buildFlags: [], values: {} };
}
