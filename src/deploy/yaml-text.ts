/**
 * YAML text of a JSON-like value (maps, lists, strings, numbers, booleans,
 * null), for the manifests we write: block style, two-space indent, a string
 * kept plain only when YAML cannot read it as anything else, otherwise
 * double-quoted the JSON way (a JSON string is a YAML double-quoted scalar).
 * Small and dependency-free, so writing manifests never loads a YAML library.
 */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Plain scalars YAML 1.1/1.2 would read as something else. */
const SPECIAL = [
  /^[-+]?\.?\d/, // numbers, dates, times, octal and hex: anything that starts like one
  /^(?:[-+]?\.(?:inf|nan)|~|null|true|false|yes|no|on|off|y|n)$/i,
  /^[-?:,[\]{}#&*!|>'"%@`]/, // indicators
  /: | #|:$|^\s|\s$/,
];

/** C0/C1 controls and line separators need the JSON escapes of a quoted scalar. */
function hasControl(v: string): boolean {
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

function scalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v !== 'string') return String(v);
  return v === '' || SPECIAL.some((re) => re.test(v)) || hasControl(v) ? JSON.stringify(v) : v;
}

const isScalar = (v: Json): v is string | number | boolean | null =>
  v === null || typeof v !== 'object';

function lines(value: Json, indent: string): string[] {
  if (isScalar(value)) return [`${indent}${scalar(value)}`];
  if (Array.isArray(value)) {
    if (!value.length) return [`${indent}[]`];
    return value.flatMap((item) => {
      if (isScalar(item) || (typeof item === 'object' && !Object.keys(item).length))
        return [`${indent}- ${isScalar(item) ? scalar(item) : Array.isArray(item) ? '[]' : '{}'}`];
      const inner = lines(item, `${indent}  `);
      return [`${indent}- ${inner[0]!.slice(indent.length + 2)}`, ...inner.slice(1)];
    });
  }
  const entries = Object.entries(value);
  if (!entries.length) return [`${indent}{}`];
  return entries.flatMap(([k, v]) => {
    const key = `${indent}${scalar(k)}:`;
    if (isScalar(v)) return [`${key} ${scalar(v)}`];
    if (Array.isArray(v) ? !v.length : !Object.keys(v).length)
      return [`${key} ${Array.isArray(v) ? '[]' : '{}'}`];
    return [key, ...lines(v, Array.isArray(v) ? indent : `${indent}  `)];
  });
}

export function toYaml(value: unknown): string {
  return `${lines(value as Json, '').join('\n')}\n`;
}
