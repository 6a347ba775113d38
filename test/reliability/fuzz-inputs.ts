/**
 * Fuzz inputs shared by test/reliability/properties.test.ts (short runs) and
 * bench/fuzz.ts (long runs): structure-aware mutations of a wasm module and
 * .buildrc text full of shell syntax.
 */
import fc from 'fast-check';

export type Mutation = (bytes: Uint8Array) => Uint8Array;

/** An unsigned LEB128 encoding of n (section sizes, counts, indices). */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Mutations that reach deep into a real module: flip a byte, set a run to
 * 0xff (endless LEB128 continuation), cut, insert, duplicate a slice, and
 * overwrite with a huge LEB128 (absurd counts and sizes).
 */
export function mutations(): fc.Arbitrary<Mutation> {
  const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
  return fc.oneof(
    fc.tuple(at, fc.integer({ min: 0, max: 255 })).map(([p, v]): Mutation => (b) => {
      const c = Uint8Array.from(b);
      c[Math.floor(p * c.length)] = v;
      return c;
    }),
    fc.tuple(at, fc.integer({ min: 1, max: 12 })).map(([p, n]): Mutation => (b) => {
      const c = Uint8Array.from(b);
      const i = Math.floor(p * c.length);
      c.fill(0xff, i, i + n);
      return c;
    }),
    at.map(
      (p): Mutation =>
        (b) =>
          b.subarray(0, Math.floor(p * b.length)),
    ),
    fc
      .tuple(at, fc.uint8Array({ minLength: 1, maxLength: 16 }))
      .map(([p, ins]): Mutation => (b) => {
        const i = Math.floor(p * b.length);
        return concat(b.subarray(0, i), ins, b.subarray(i));
      }),
    fc.tuple(at, at, fc.integer({ min: 1, max: 64 })).map(([p, q, n]): Mutation => (b) => {
      const i = Math.floor(p * b.length);
      const j = Math.floor(q * b.length);
      return concat(b.subarray(0, i), b.subarray(j, j + n), b.subarray(i));
    }),
    fc
      .tuple(at, fc.constantFrom(2 ** 31, 2 ** 32 - 1, 0x7fffffff, 1 << 28, 65536))
      .map(([p, n]): Mutation => (b) => {
        const c = Uint8Array.from(b);
        const i = Math.max(8, Math.floor(p * c.length));
        const bytes = leb(n);
        c.set(bytes.slice(0, Math.max(0, c.length - i)), Math.min(i, c.length));
        return c;
      }),
  );
}

/** .buildrc text built from keys, values and shell syntax; `marker` is what an injection would touch. */
export function shellText(marker: string): fc.Arbitrary<string> {
  const key = fc.constantFrom(
    'EXTRA_TAGS',
    'LDFLAGS',
    'GO_VERSION',
    'TINYGO_VERSION',
    'BUILDER',
    'export EXTRA_TAGS',
    'X',
    '',
  );
  const piece = fc.oneof(
    fc.constantFrom(
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `; touch ${marker}`,
      `&& touch ${marker}`,
      `| touch ${marker}`,
      `> ${marker}`,
      '${EXTRA_TAGS}',
      '$EXTRA_TAGS',
      '${IFS}',
      '"',
      "'",
      '\\',
      '#',
      ' ',
      '\t',
      '\n',
      '=',
      '$((1+1))',
      '<(true)',
      'proxy_wasm_version_0_2_100',
      '-s -w',
    ),
    fc.string({ maxLength: 6 }),
  );
  const line = fc
    .tuple(key, fc.constantFrom('=', '= ', ' ='), fc.array(piece, { maxLength: 5 }))
    .map(([k, eq, v]) => `${k}${eq}${v.join('')}`);
  return fc.array(fc.oneof(line, piece), { maxLength: 6 }).map((l) => `${l.join('\n')}\n`);
}
