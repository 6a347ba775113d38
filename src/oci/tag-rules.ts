/**
 * Parses and checks the `tags` and `flavor` inputs, as docker/metadata-action
 * defines them: one entry a line, comma-separated `key=value` attributes
 * (a field may be double-quoted to hold commas), `#` comments. Unlike
 * metadata-action, an unknown key, a value given twice or an expression that
 * cannot render is an error naming the line, so a bad rule fails before any
 * build (exit 2).
 */
import { InputError } from '../common/errors.js';

export const TAG_TYPES = [
  'schedule',
  'semver',
  'pep440',
  'match',
  'edge',
  'ref',
  'raw',
  'sha',
] as const;
export type TagType = (typeof TAG_TYPES)[number];

/** metadata-action's default priorities: the highest gives the main version. */
export const DEFAULT_PRIORITY: Record<TagType, number> = {
  schedule: 1000,
  semver: 900,
  pep440: 900,
  match: 800,
  edge: 700,
  ref: 600,
  raw: 200,
  sha: 100,
};

const COMMON = ['type', 'enable', 'priority', 'prefix', 'suffix'];
/** Keys per type; `event` on raw and `length` on sha are this project's own (docs/publish.md). */
const KEYS: Record<TagType, string[]> = {
  schedule: ['pattern'],
  semver: ['pattern', 'value', 'match'],
  pep440: ['pattern', 'value', 'match'],
  match: ['pattern', 'group', 'value'],
  edge: ['branch'],
  ref: ['event'],
  raw: ['value', 'event'],
  sha: ['format', 'length'],
};

export interface TagRule {
  /** The line as written, to name it in messages. */
  line: string;
  /** 1-based line number in the input. */
  lineNo: number;
  type: TagType;
  priority: number;
  /** Attributes as written (prefix/suffix only when given: they override the flavor's). */
  attrs: Record<string, string>;
}

export interface Flavor {
  latest: 'auto' | 'true' | 'false';
  prefix: string;
  prefixLatest: boolean;
  suffix: string;
  suffixLatest: boolean;
}

export const DEFAULT_FLAVOR: Flavor = {
  latest: 'auto',
  prefix: '',
  prefixLatest: false,
  suffix: '',
  suffixLatest: false,
};

/** Splits one CSV record: commas separate, `"..."` quotes a field (`""` is a quote). */
export function splitFields(line: string, where: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new InputError(`${where}: unterminated quote`);
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (i < line.length && line[i] !== ',')
        throw new InputError(`${where}: text after a closing quote`);
    } else {
      const end = line.indexOf(',', i);
      field = line.slice(i, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
    }
    fields.push(field.trim());
    i++; // past the comma (or the end)
  }
  return fields.filter((f, n) => f !== '' || n < fields.length - 1);
}

function lines(text: string): { line: string; lineNo: number }[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), lineNo: i + 1 }))
    .filter(({ line }) => line && !line.startsWith('#'));
}

function keyValue(field: string): [string, string] | [undefined, string] {
  const eq = field.indexOf('=');
  if (eq <= 0) return [undefined, field];
  return [field.slice(0, eq).trim().toLowerCase(), field.slice(eq + 1).trim()];
}

function parseRule(line: string, lineNo: number, input: string): TagRule {
  const where = `${input} line ${lineNo} '${line}'`;
  const attrs: Record<string, string> = {};
  for (const field of splitFields(line, where)) {
    if (field === '') throw new InputError(`${where}: empty attribute`);
    const [key, value] = keyValue(field);
    const k = key ?? 'value'; // `type=raw,foo` and a bare `foo` mean value=foo
    if (Object.hasOwn(attrs, k)) throw new InputError(`${where}: '${k}' is given twice`);
    attrs[k] = value;
  }
  const type = (attrs.type ?? 'raw') as TagType;
  if (!TAG_TYPES.includes(type))
    throw new InputError(`${where}: unknown type '${attrs.type}' (one of ${TAG_TYPES.join(', ')})`);
  delete attrs.type;
  const allowed = [...COMMON, ...KEYS[type]];
  for (const k of Object.keys(attrs))
    if (!allowed.includes(k))
      throw new InputError(
        `${where}: unknown key '${k}' for type=${type} (allowed: ${allowed.slice(1).join(', ')})`,
      );
  const need = (k: string) => {
    if (!Object.hasOwn(attrs, k)) throw new InputError(`${where}: type=${type} needs ${k}=`);
  };
  const oneOf = (k: string, values: string[]) => {
    if (Object.hasOwn(attrs, k) && !values.includes(attrs[k]!))
      throw new InputError(`${where}: ${k} must be one of ${values.join(', ')}, not '${attrs[k]}'`);
  };
  switch (type) {
    case 'schedule':
      attrs.pattern ??= 'nightly';
      break;
    case 'semver':
    case 'pep440':
      need('pattern');
      if (attrs.match) compileRegex(attrs.match, where);
      break;
    case 'match': {
      need('pattern');
      attrs.group ??= '0';
      if (!/^\d+$/.test(attrs.group))
        throw new InputError(`${where}: group must be a number, not '${attrs.group}'`);
      compileRegex(attrs.pattern!, where);
      break;
    }
    case 'ref':
      need('event');
      oneOf('event', ['branch', 'tag', 'pr']);
      if (attrs.event === 'pr') attrs.prefix ??= 'pr-';
      break;
    case 'raw':
      need('value');
      oneOf('event', ['release', 'branch', 'pr', 'always']);
      break;
    case 'sha':
      attrs.prefix ??= 'sha-';
      oneOf('format', ['short', 'long']);
      if (attrs.length !== undefined && !/^[1-9]\d*$/.test(attrs.length))
        throw new InputError(`${where}: length must be a positive number, not '${attrs.length}'`);
      break;
  }
  let priority = DEFAULT_PRIORITY[type];
  if (attrs.priority !== undefined) {
    if (!/^-?\d+$/.test(attrs.priority))
      throw new InputError(`${where}: priority must be a whole number, not '${attrs.priority}'`);
    priority = Number(attrs.priority);
  }
  return { line, lineNo, type, priority, attrs };
}

/**
 * A `match=`/`pattern=` regular expression: `/re/flags` or a bare pattern,
 * as metadata-action reads them.
 */
export function compileRegex(pattern: string, where: string): RegExp {
  const literal = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  try {
    return literal ? new RegExp(literal[1]!, literal[2]) : new RegExp(pattern);
  } catch (err) {
    throw new InputError(
      `${where}: bad regular expression '${pattern}': ${(err as Error).message}`,
    );
  }
}

/**
 * The rules of a `tags` input, highest priority first (stable for equal
 * priorities, as metadata-action sorts). `input` names it in messages.
 */
export function parseTagRules(text: string, input = 'tags'): TagRule[] {
  const rules = lines(text).map(({ line, lineNo }) => parseRule(line, lineNo, input));
  return rules
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.priority - a.r.priority || a.i - b.i)
    .map(({ r }) => r);
}

/** The `flavor` input: `latest=auto|true|false`, `prefix=...[,onlatest=true]`, `suffix=...`. */
export function parseFlavor(text: string, input = 'flavor'): Flavor {
  const flavor = { ...DEFAULT_FLAVOR };
  for (const { line, lineNo } of lines(text)) {
    const where = `${input} line ${lineNo} '${line}'`;
    let onLatestFor: 'prefix' | 'suffix' | undefined;
    for (const field of splitFields(line, where)) {
      const [key, value] = keyValue(field);
      if (key === undefined) throw new InputError(`${where}: '${field}' is not key=value`);
      switch (key) {
        case 'latest':
          if (!['auto', 'true', 'false'].includes(value))
            throw new InputError(`${where}: latest must be auto, true or false, not '${value}'`);
          flavor.latest = value as Flavor['latest'];
          break;
        case 'prefix':
        case 'suffix':
          flavor[key] = value;
          onLatestFor = key;
          break;
        case 'onlatest':
          if (value !== 'true' && value !== 'false')
            throw new InputError(`${where}: onlatest must be true or false, not '${value}'`);
          if (!onLatestFor) throw new InputError(`${where}: onlatest follows prefix= or suffix=`);
          flavor[onLatestFor === 'prefix' ? 'prefixLatest' : 'suffixLatest'] = value === 'true';
          break;
        default:
          throw new InputError(`${where}: unknown key '${key}' (latest, prefix, suffix, onlatest)`);
      }
    }
  }
  return flavor;
}
