/**
 * Property-based tests (fast-check) the unit suites do not have: image
 * references, tag computation and sanitising, release refs on ANY text,
 * `latest` monotonicity; plus a short structure-aware fuzz run of the wasm
 * reader (a few thousand mutated real modules) and of the .buildrc parser
 * with shell syntax. The longer runs are bench/fuzz.ts.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { InputError } from '../../src/common/errors.js';
import { isValidTag, parseImageRef } from '../../src/oci/reference.js';
import { parseReleaseRef } from '../../src/oci/release-ref.js';
import { computeTags, keepLatestMonotonic, sanitizeTag } from '../../src/oci/tags.js';
import { parseBuildrc } from '../../src/repo/buildrc.js';
import { readModule } from '../../src/wasm/index.js';
import { buildFixture } from '../support/go-fixtures.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { watFixture } from '../support/wat.js';
import { tempDir } from './helpers.js';
import { mutations, shellText } from './fuzz-inputs.js';

const table = new ReliabilityTable('properties');
afterAll(() => table.print());

/** Runs a property, recording the cases tried in the table (under `family`, when given). */
function check<T>(
  row: string,
  arb: fc.Arbitrary<T>,
  body: (v: T) => void,
  numRuns = 300,
  family?: string,
): void {
  let tries = 0;
  try {
    fc.assert(
      fc.property(arb, (v) => {
        tries++;
        body(v);
      }),
      { numRuns, seed: Number(process.env.WPCI_FC_SEED ?? Date.now() % 2 ** 31) },
    );
    table.add({
      fault: row,
      family,
      tries,
      survived: tries,
      dataLost: 'none',
      leaked: 'none',
      note: 'property held',
    });
  } catch (err) {
    table.add({
      fault: row,
      family,
      tries,
      survived: tries - 1,
      dataLost: 'n/a',
      leaked: 'unknown (counterexample)',
      note: 'COUNTEREXAMPLE',
    });
    throw err;
  }
}

const component = fc.stringMatching(/^[a-z0-9]{1,8}([._-][a-z0-9]{1,8}){0,2}$/);
const repoName = fc.array(component, { minLength: 1, maxLength: 3 }).map((a) => a.join('/'));
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,40}$/);
const host = fc.oneof(
  fc.constant('localhost:5000'),
  fc.nat(65535).map((p) => `127.0.0.1:${p}`),
  fc.stringMatching(/^[a-z]{1,10}\.(io|com|example)$/),
);
const version = fc
  .tuple(fc.nat(50), fc.nat(50), fc.nat(50), fc.option(fc.stringMatching(/^(alpha|rc)\.[0-9]$/)))
  .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`);
const pluginName = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);

describe('image references', () => {
  it('round-trip registry, repository and tags', () => {
    check(
      'property: image ref round trip',
      fc.tuple(host, repoName, fc.uniqueArray(tag, { minLength: 1, maxLength: 4 })),
      ([h, r, tags]) => {
        expect(parseImageRef(`${h}/${r}:${tags.join(',')}`, { multipleTags: true })).toEqual({
          registry: h,
          repository: r,
          tags,
        });
      },
    );
  });

  it('any text: an InputError quoting the text, or a reference whose parts are valid', () => {
    check(
      'property: image ref on any text',
      fc.string({ maxLength: 60 }),
      (text) => {
        try {
          const ref = parseImageRef(text, { multipleTags: true });
          for (const t of ref.tags) expect(isValidTag(t)).toBe(true);
          expect(ref.repository).toMatch(/^[a-z0-9]/);
          expect(ref.tags.length > 0 || ref.digest !== undefined).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          // With an '@', only what follows the last one is quoted: what precedes
          // may be a password (issue #12 item 4).
          const input = text.trim().replace(/^oci:\/\//, '');
          const at = input.lastIndexOf('@');
          expect((err as Error).message).toContain(
            at >= 0 ? `@${input.slice(at + 1)}'` : `'${text}'`,
          );
          // nothing before that '@' is quoted
          const quoted = /reference '(.*)': /s.exec((err as Error).message)?.[1] ?? '';
          if (at >= 0) expect(quoted).toMatch(/^(<credentials>|…)@/);
        }
      },
      2000,
      '#12.4 password echoed in a reference error',
    );
  });
});

describe('tags', () => {
  it('releases: the version first, all valid, no duplicates; prereleases get only their version', () => {
    check('property: release tags', fc.tuple(pluginName, version), ([plugin, v]) => {
      const tags = computeTags({
        plugin,
        eventName: 'push',
        ref: `refs/tags/${plugin}-v${v}`,
        version: v,
      });
      expect(tags[0]).toBe(v);
      expect(new Set(tags).size).toBe(tags.length);
      for (const t of tags) expect(isValidTag(t)).toBe(true);
      if (v.includes('-')) expect(tags).toEqual([v]);
      else expect(tags).toEqual([v, v.split('.').slice(0, 2).join('.'), v.split('.')[0], 'latest']);
    });
  });

  it('branch builds: any branch name and sha give valid tags, never latest', () => {
    check(
      'property: branch tags on any branch name',
      fc.tuple(pluginName, fc.string({ maxLength: 200 }), fc.stringMatching(/^[0-9a-f]{40}$/)),
      ([plugin, branch, sha]) => {
        const tags = computeTags({ plugin, eventName: 'push', ref: `refs/heads/${branch}`, sha });
        expect(tags).toContain(`sha-${sha.slice(0, 7)}`);
        expect(tags).not.toContain('latest');
        // #12 item 8: a branch never takes a name a release owns
        for (const t of tags)
          if (!t.startsWith('sha-')) expect(/^(?:v?\d|latest$)/i.test(t)).toBe(false);
        for (const t of tags) expect(isValidTag(t)).toBe(true);
      },
      1000,
      '#12.8 branch tags taking release names',
    );
  });

  it('sanitizeTag: idempotent, and valid or empty', () => {
    check(
      'property: sanitizeTag',
      fc.string({ maxLength: 300 }),
      (s) => {
        const t = sanitizeTag(s);
        expect(t === '' || isValidTag(t)).toBe(true);
        expect(sanitizeTag(t)).toBe(t);
      },
      1000,
    );
  });

  it('latest never moves back', () => {
    const stable = fc.tuple(fc.nat(9), fc.nat(9), fc.nat(9)).map((a) => a.join('.'));
    check(
      'property: latest monotonic',
      fc.tuple(stable, fc.array(fc.oneof(stable, fc.constant('latest'), tag), { maxLength: 8 })),
      ([v, existing]) => {
        const out = keepLatestMonotonic([v, 'latest'], v, existing);
        const higher = existing.some(
          (e) => semver.valid(e) && !semver.prerelease(e) && semver.gt(e, v),
        );
        expect(out).toEqual(higher ? [v] : [v, 'latest']);
      },
    );
  });
});

describe('release refs on any text', () => {
  it('never throws; a result names a known plugin and a strict semver', () => {
    const names = ['ai-proxy', 'nginx-v2-compat', 'v', 'key-auth'];
    check(
      'property: release ref on any text',
      fc.oneof(
        fc.string({ maxLength: 60 }),
        fc
          .tuple(
            fc.constantFrom('', 'refs/tags/', 'wasm-go-'),
            fc.constantFrom(...names, 'x'),
            fc.constantFrom('-', '/', '-v', '/v'),
            fc.string({ maxLength: 12 }),
          )
          .map((p) => p.join('')),
      ),
      (text) => {
        const r = parseReleaseRef(text, names);
        expect(parseReleaseRef(`refs/tags/${text.replace(/^refs\/tags\//, '')}`, names)).toEqual(
          parseReleaseRef(text.replace(/^refs\/tags\//, ''), names),
        );
        if (!r) return;
        expect(semver.valid(r.version)).toBe(r.version);
        if (r.plugin !== undefined) expect(names).toContain(r.plugin);
      },
      2000,
    );
  });
});

describe('short fuzz runs', () => {
  it('wasm reader: mutated real modules parse or fail as InputError naming the file and offset', async () => {
    const modules = [
      await watFixture('tinygo-panic'),
      new Uint8Array(readFileSync(await buildFixture('healthy'))),
    ];
    const started = Date.now();
    let slowest = 0;
    check(
      'fuzz: wasm reader, mutated modules',
      // the Go module is 1 MiB+: one case in 20 keeps the run short
      fc.tuple(
        fc.integer({ min: 0, max: 19 }).map((i) => (i === 0 ? 1 : 0)),
        mutations(),
      ),
      ([which, mutate]) => {
        const bytes = mutate(modules[which]!);
        const t = performance.now();
        try {
          readModule(bytes, 'fuzz.wasm');
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          expect(err.message).toMatch(/^fuzz\.wasm: .* at offset 0x[0-9a-f]+$/);
        }
        slowest = Math.max(slowest, performance.now() - t);
      },
      4000,
    );
    table.add({
      fault: 'fuzz: wasm reader, mutated modules',
      tries: 0,
      survived: 0,
      dataLost: 'none',
      note: `${Date.now() - started} ms, slowest case ${slowest.toFixed(1)} ms`,
    });
  }, 60_000);

  // V8 (Envoy, Istio, Higress) ignores a malformed name section, as the wasm
  // spec asks, and loads the module; so must we (bench/fuzz.ts found such
  // modules among mutated Go builds). Only the backtrace names are lost.
  it('a module V8 accepts with a malformed name section is read (names dropped)', () => {
    const name = [0x04, ...Buffer.from('name')];
    const sub = [0x01, 0x00, 0x02, 0xff, 0xfe]; // 1 entry: function 0, 2 bytes, not UTF-8
    const payload = [...name, 0x01, sub.length, ...sub];
    const bytes = Uint8Array.from([
      0,
      0x61,
      0x73,
      0x6d,
      1,
      0,
      0,
      0,
      0x00,
      payload.length,
      ...payload,
    ]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(() => readModule(bytes, 'names.wasm')).not.toThrow();
  });

  it('.buildrc parser: shell syntax never runs, parses or fails as InputError', () => {
    const tmp = tempDir('wpci-rel-prop-');
    const marker = join(tmp.dir, 'RAN');
    try {
      check(
        'fuzz: .buildrc with shell syntax',
        shellText(marker),
        (text) => {
          try {
            const s = parseBuildrc(text, 'p/.buildrc');
            // a value that parsed is literal text: no command output can be in it
            for (const v of Object.values(s))
              if (typeof v === 'string') expect(v).not.toContain('\0');
          } catch (err) {
            expect(err).toBeInstanceOf(InputError);
            expect((err as Error).message).toMatch(/^p\/\.buildrc(:\d+)?: /);
          }
        },
        3000,
      );
      expect(existsSync(marker)).toBe(false);
    } finally {
      tmp.cleanup();
    }
  });
});
