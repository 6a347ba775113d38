/**
 * docs/smoke.md lists per profile what the host provides; the tables there
 * must say what src/smoke/profiles.ts (checked against refhost by
 * refhost-differential.test.ts) does, cell by cell.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ABI_SPECIFIC_HOST_FUNCTIONS } from '../../src/smoke/module-functions.js';
import { PROFILES, WASI_PREVIEW1 } from '../../src/smoke/profiles.js';
import { HIGRESS_SIGNATURES, STANDARD_SIGNATURES } from '../../src/smoke/proxy/index.js';
import { WASI_SIGNATURES } from '../../src/smoke/wasi.js';
import { formatSig } from '../../src/wasm/types.js';
import { repoRoot } from '../support/paths.js';

const doc = readFileSync(join(repoRoot, 'docs', 'smoke.md'), 'utf8');

/** Rows of the markdown table whose header starts with `header`, as cells. */
function table(header: string): string[][] {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.replace(/\s+/g, ' ').startsWith(header));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim().replace(/^`|`$/g, '')),
    );
  }
  return rows;
}

const PROXY = ['envoy-legacy', 'envoy', 'envoy-2026', 'higress'];

describe('docs/smoke.md host surface tables', () => {
  it('list every WASI function as each profile registers and allows it', () => {
    const rows = table('| function | preview1 signature | envoy-legacy |');
    expect(rows.map((r) => r[0]).sort()).toEqual([...WASI_PREVIEW1].sort());
    for (const [fn, signature, ...cells] of rows) {
      expect({ fn, signature }).toEqual({ fn, signature: formatSig(WASI_SIGNATURES[fn!]!) });
      [...PROXY, 'wasi'].forEach((name, i) => {
        const p = PROFILES[name]!;
        const own = p.wasiSignatures[fn!];
        const want = !p.wasi.includes(fn!)
          ? '–'
          : `${p.startAllowList.includes(fn!) ? 'start' : '✓'}${own ? ` (${own.params.length} i32)` : ''}`;
        expect({ fn, profile: name, cell: cells[i] }).toEqual({ fn, profile: name, cell: want });
      });
    }
  });

  it('list the proxy-wasm functions with their signatures, ABI versions and start rights', () => {
    const common = table('| function | signature |');
    const differing = table('| function | signature | envoy-legacy |');
    const sigs: Record<string, string> = {};
    for (const [fn, sig] of Object.entries({ ...STANDARD_SIGNATURES, ...HIGRESS_SIGNATURES }))
      sigs[fn] = formatSig(sig);
    sigs.pthread_equal = 'i32 i32 -> i32';
    sigs.emscripten_notify_memory_growth = 'i32 -> void';
    const listed = [...common, ...differing].map((r) => r[0]!);
    expect(listed.sort()).toEqual(Object.keys(sigs).sort());
    for (const [fn, sig] of [...common, ...differing])
      expect({ fn, sig }).toEqual({ fn, sig: sigs[fn!] });

    const abis = (fn: string, profile: string) =>
      Object.entries(ABI_SPECIFIC_HOST_FUNCTIONS)
        .filter(([abi, list]) => list.includes(fn) && PROFILES[profile]!.abiMarkers.includes(abi))
        .map(([abi]) => abi.replace('proxy_abi_version_', ''));
    for (const [fn, , ...cells] of differing) {
      PROXY.forEach((profile, i) => {
        const p = PROFILES[profile]!;
        const higressOnly = fn! in HIGRESS_SIGNATURES;
        const start = p.startAllowList.includes(`env.${fn}`) ? 'start' : '✓';
        const on = abis(fn!, profile);
        const want =
          higressOnly && !p.higressExtras
            ? '–'
            : on.length
              ? `${start} on ${on.join(', ')}`
              : start;
        expect({ fn, profile, cell: cells[i] }).toEqual({ fn, profile, cell: want });
      });
    }
    // the common table: registered everywhere, never allowed during start
    for (const [fn] of common)
      for (const profile of PROXY)
        expect(PROFILES[profile]!.startAllowList).not.toContain(`env.${fn}`);
  });

  it('give the start allow-list sizes and sources the profiles have', () => {
    const rows = table('| profile | loader source (commit, date) |');
    for (const [name, source, , wasi, allow] of rows) {
      const p = PROFILES[name!]!;
      expect({ name, wasi: Number(wasi) }).toEqual({ name, wasi: p.wasi.length });
      if (p.kind === 'proxy-wasm') {
        expect({ name, allow }).toEqual({ name, allow: `${p.startAllowList.length} calls` });
        const [repo, at] = p.source.split('@');
        expect(source).toContain(repo!);
        expect(source).toContain(at!.split(' ')[0]!);
      }
    }
  });
});
