/**
 * The `{{...}}` expressions of tag rules, labels and annotations, in the
 * subset of Handlebars that docker/metadata-action documents: a name, then
 * quoted arguments and `key='value'` options, e.g. `{{branch}}` or
 * `{{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}`. Which names exist depends on
 * where the text is (a semver pattern knows `{{major}}`, a label does not);
 * an unknown name or option is an error, so a typo fails before any build
 * instead of rendering as an empty string.
 */
import { InputError } from '../common/errors.js';

/** A named value; `args` and `options` are the quoted arguments and `key='v'` pairs. */
export type Helper = (args: string[], options: Record<string, string>) => string;
export type Helpers = Record<string, Helper>;

interface Expression {
  name: string;
  args: string[];
  options: Record<string, string>;
}

const EXPRESSION = /\{\{(.*?)\}\}/gs;
const TOKEN =
  /\s*(?:([A-Za-z_][A-Za-z0-9_]*)=(?:'([^']*)'|"([^"]*)")|'([^']*)'|"([^"]*)"|([A-Za-z_][A-Za-z0-9_]*))/y;

function parseExpression(body: string, where: string): Expression {
  const out: Expression = { name: '', args: [], options: {} };
  TOKEN.lastIndex = 0;
  let first = true;
  while (TOKEN.lastIndex < body.length) {
    if (/^\s*$/.test(body.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(body);
    if (!m) throw new InputError(`${where}: cannot read '{{${body}}}' at '${body.slice(at)}'`);
    if (first) {
      if (!m[6]) throw new InputError(`${where}: '{{${body}}}' must start with a name`);
      out.name = m[6];
      first = false;
    } else if (m[1]) out.options[m[1]] = m[2] ?? m[3] ?? '';
    else if (m[4] !== undefined || m[5] !== undefined) out.args.push(m[4] ?? m[5] ?? '');
    else throw new InputError(`${where}: '{{${body}}}': '${m[6]}' must be quoted`);
  }
  if (!out.name) throw new InputError(`${where}: empty expression '{{${body}}}'`);
  return out;
}

/**
 * Renders every `{{...}}` in `text` with `helpers`. `where` names the rule or
 * input in errors. A helper may itself throw an InputError for bad arguments.
 */
export function renderExpressions(text: string, helpers: Helpers, where: string): string {
  if (text.includes('{{') && !/\{\{.*?\}\}/s.test(text))
    throw new InputError(`${where}: '${text}' has '{{' without a closing '}}'`);
  return text.replace(EXPRESSION, (_, body: string) => {
    const e = parseExpression(body, where);
    const helper = Object.hasOwn(helpers, e.name) ? helpers[e.name] : undefined;
    if (!helper) {
      const known = Object.keys(helpers).sort().join(', ');
      throw new InputError(`${where}: unknown expression '{{${e.name}}}' (known here: ${known})`);
    }
    return helper(e.args, e.options);
  });
}

/** A helper taking no arguments or options. */
export function plain(value: () => string, name: string, where: string): Helper {
  return (args, options) => {
    if (args.length || Object.keys(options).length)
      throw new InputError(`${where}: '{{${name}}}' takes no arguments`);
    return value();
  };
}

/** `{{date 'FORMAT' tz='Zone'}}`: a moment.js-style format of `date`, UTC unless tz says. */
export function dateHelper(date: () => Date, name: string, where: string): Helper {
  return (args, options) => {
    for (const key of Object.keys(options))
      if (key !== 'tz') throw new InputError(`${where}: '{{${name}}}' has no option '${key}'`);
    if (args.length !== 1)
      throw new InputError(`${where}: '{{${name}}}' takes one quoted format, e.g. 'YYYYMMDD'`);
    return formatDate(date(), args[0]!, options.tz ?? 'UTC', where);
  };
}

interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number; // 0 = Sunday
  offsetMinutes: number;
}

function wallClock(date: Date, tz: string, where: string): WallClock {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(date);
  } catch {
    throw new InputError(`${where}: unknown time zone '${tz}' (an IANA name, e.g. Asia/Tokyo)`);
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const c = {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  const whole = Math.floor(date.getTime() / 1000) * 1000;
  return {
    ...c,
    ms: date.getTime() - whole,
    weekday: new Date(asUtc).getUTCDay(),
    offsetMinutes: Math.round((asUtc - whole) / 60000),
  };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

function offset(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

/** moment.js's tokens we render; longest first so that `MMMM` wins over `MM`. */
const DATE_TOKENS: Record<string, (c: WallClock, d: Date) => string> = {
  YYYY: (c) => pad(c.year, 4),
  YY: (c) => pad(c.year % 100),
  MMMM: (c) => MONTHS[c.month - 1]!,
  MMM: (c) => MONTHS[c.month - 1]!.slice(0, 3),
  MM: (c) => pad(c.month),
  M: (c) => String(c.month),
  Do: (c) => ordinal(c.day),
  DD: (c) => pad(c.day),
  D: (c) => String(c.day),
  dddd: (c) => DAYS[c.weekday]!,
  ddd: (c) => DAYS[c.weekday]!.slice(0, 3),
  d: (c) => String(c.weekday),
  HH: (c) => pad(c.hour),
  H: (c) => String(c.hour),
  hh: (c) => pad(c.hour % 12 || 12),
  h: (c) => String(c.hour % 12 || 12),
  mm: (c) => pad(c.minute),
  m: (c) => String(c.minute),
  ss: (c) => pad(c.second),
  s: (c) => String(c.second),
  SSS: (c) => pad(c.ms, 3),
  SS: (c) => pad(Math.floor(c.ms / 10)),
  S: (c) => String(Math.floor(c.ms / 100)),
  A: (c) => (c.hour < 12 ? 'AM' : 'PM'),
  a: (c) => (c.hour < 12 ? 'am' : 'pm'),
  ZZ: (c) => offset(c.offsetMinutes, false),
  Z: (c) => offset(c.offsetMinutes, true),
  X: (_, d) => String(Math.floor(d.getTime() / 1000)),
  x: (_, d) => String(d.getTime()),
};
/** moment.js tokens we do not render: refused rather than printed as letters. */
const UNSUPPORTED = ['DDDD', 'DDDo', 'DDD', 'gggg', 'GGGG', 'Mo', 'Qo', 'wo', 'Wo', 'gg', 'GG'];
const UNSUPPORTED_LETTERS = ['Q', 'E', 'e', 'w', 'W', 'k', 'N', 'z'];
const FORMAT_TOKEN = new RegExp(
  `\\[[^\\]]*\\]|${[...Object.keys(DATE_TOKENS), ...UNSUPPORTED]
    .sort((a, b) => b.length - a.length)
    .join('|')}|[\\s\\S]`,
  'g',
);

/** Formats `date` in `tz` with moment.js's format tokens (`[...]` is literal text). */
export function formatDate(date: Date, format: string, tz: string, where: string): string {
  const c = wallClock(date, tz, where);
  return format.replace(FORMAT_TOKEN, (token) => {
    if (token.startsWith('[') && token.endsWith(']') && token.length >= 2)
      return token.slice(1, -1);
    const render = Object.hasOwn(DATE_TOKENS, token) ? DATE_TOKENS[token] : undefined;
    if (render) return render(c, date);
    if (UNSUPPORTED.includes(token) || UNSUPPORTED_LETTERS.includes(token))
      throw new InputError(`${where}: date format token '${token}' is not supported`);
    return token; // moment prints letters that are not tokens (e.g. the T of ISO dates) as is
  });
}
