import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { InputError } from '../../src/common/errors.js';
import {
  capModule,
  formatSig,
  LimitFailure,
  readModule,
  WASM_PAGE,
  type Caps,
} from '../../src/wasm/index.js';

const TABLES = 10_000_000;
const capMemory = (bytes: Uint8Array, file: string, memoryBytes: number) =>
  capModule(bytes, file, { memoryBytes, tableEntries: TABLES } satisfies Caps);
import { buildFixture } from '../support/go-fixtures.js';
import { compileWat, watFixture } from '../support/wat.js';

const SAMPLE = `(module
  (type $t (func (param i32 i64) (result i32)))
  (import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "env" "mem" (memory 1 2))
  (table 3 funcref)
  (memory 2 10)
  (global $g (mut i32) (i32.const 7))
  (func $first (export "first") (type $t) (i32.const 0))
  (func $second (param f64) (result f32 f64) (f32.const 1) (local.get 0))
  (export "second" (func $second))
  (export "reexported_log" (func $log))
  (export "g" (global $g))
  (start $start_fn)
  (func $start_fn))`;

describe('readModule', () => {
  it('reads types, typed imports and exports, limits, start and names', async () => {
    const info = readModule(await compileWat(SAMPLE), 'sample.wasm');
    expect(info.imports.map((i) => `${i.module}.${i.name}:${i.kind}`)).toEqual([
      'env.proxy_log:function',
      'wasi_snapshot_preview1.clock_time_get:function',
      'env.mem:memory',
    ]);
    expect(formatSig(info.imports[1]!.sig!)).toBe('i32 i64 i32 -> i32');
    expect(info.imports[2]!.limits).toMatchObject({ min: 1, max: 2 });
    expect(info.memories).toEqual([{ min: 2, max: 10, shared: false, memory64: false }]);
    expect(info.tables).toHaveLength(1);
    expect(info.globalCount).toBe(1);
    const exports = Object.fromEntries(info.exports.map((e) => [e.name, e]));
    expect(formatSig(exports.first!.sig!)).toBe('i32 i64 -> i32');
    expect(formatSig(exports.second!.sig!)).toBe('f64 -> f32 f64');
    expect(formatSig(exports.reexported_log!.sig!)).toBe('i32 i32 i32 -> i32');
    expect(exports.g!.kind).toBe('global');
    expect(info.importedFunctionCount).toBe(2);
    expect(info.start).toBe(4);
    expect(info.code?.count).toBe(3);
    expect(info.functionNames.get(2)).toBe('first');
    expect(info.functionNames.get(4)).toBe('start_fn');
  });

  it('reads a real Go c-shared plugin', async () => {
    const bytes = readFileSync(await buildFixture('healthy'));
    const info = readModule(bytes, 'healthy.wasm');
    const names = info.exports.map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '_initialize',
        'proxy_on_memory_allocate',
        'proxy_abi_version_0_2_0',
      ]),
    );
    const wasi = info.imports
      .filter((i) => i.module === 'wasi_snapshot_preview1')
      .map((i) => i.name);
    expect(wasi).toEqual(
      expect.arrayContaining(['sched_yield', 'poll_oneoff', 'fd_fdstat_set_flags', 'fd_write']),
    );
    expect(info.functionNames.size).toBeGreaterThan(100);
    // Matches what V8 sees.
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toEqual(names);
  });

  it('names the file and offset of a truncated section', async () => {
    const bytes = await compileWat(SAMPLE);
    const info = readModule(bytes, 'plugin.wasm');
    const imports = info.sections.find((s) => s.id === 2)!;
    const cut = bytes.subarray(0, imports.payloadStart + 5);
    expect(() => readModule(cut, 'plugin.wasm')).toThrow(
      new InputError(
        `plugin.wasm: truncated import section at offset 0x${imports.payloadStart.toString(16)}`,
      ),
    );
  });

  it('rejects a file that is not wasm', () => {
    expect(() => readModule(new TextEncoder().encode('#!/bin/sh\n'), 'x.wasm')).toThrow(
      'x.wasm: not a wasm module (bad magic number) at offset 0x0',
    );
    expect(() => readModule(new Uint8Array([0, 0x61, 0x73]), 'x.wasm')).toThrow(
      'x.wasm: truncated wasm header at offset 0x0',
    );
  });

  it('never fails with anything but InputError on random or truncated input', async () => {
    const valid = await watFixture('tinygo-panic');
    const onlyInputErrors = (bytes: Uint8Array) => {
      try {
        readModule(bytes, 'fuzz.wasm');
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        expect(err.message).toMatch(/^fuzz\.wasm: .* at offset 0x[0-9a-f]+$/);
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), onlyInputErrors), { numRuns: 500 });
    // A prefix parses only when it ends exactly between sections.
    const boundaries = new Set([8, ...readModule(valid, 'v.wasm').sections.map((s) => s.end)]);
    fc.assert(
      fc.property(fc.nat(valid.length - 1), (n) => {
        const cut = valid.subarray(0, n);
        if (boundaries.has(n)) expect(() => readModule(cut, 'fuzz.wasm')).not.toThrow();
        else expect(() => readModule(cut, 'fuzz.wasm')).toThrow(InputError);
      }),
      { numRuns: 300 },
    );
    // Flip bytes of a valid module: either parses or fails as InputError.
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const copy = Uint8Array.from(valid);
        copy[at] = value;
        onlyInputErrors(copy);
      }),
      { numRuns: 500 },
    );
  });
});

describe('capModule', () => {
  it('lowers the maximum so memory.grow fails past the cap', async () => {
    const bytes = await compileWat(`(module (memory (export "memory") 1)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`);
    const { bytes: capped, offsetDelta } = capMemory(bytes, 'm.wasm', 4 * WASM_PAGE);
    expect(readModule(capped, 'm.wasm').memories[0]).toMatchObject({ min: 1, max: 4 });
    expect(offsetDelta).toBe(1); // one more byte for the max
    const grow = new WebAssembly.Instance(new WebAssembly.Module(capped)).exports.grow as (
      n: number,
    ) => number;
    expect(grow(3)).toBe(1);
    expect(grow(1)).toBe(-1);
  });

  it('keeps a smaller existing maximum and leaves modules without memory alone', async () => {
    const bytes = await compileWat('(module (memory 1 2))');
    expect(
      readModule(capMemory(bytes, 'm.wasm', 100 * WASM_PAGE).bytes, 'm.wasm').memories[0]!.max,
    ).toBe(2);
    const none = await compileWat('(module)');
    expect(capMemory(none, 'm.wasm', WASM_PAGE).bytes).toBe(none);
  });

  it('fails naming the limit when the minimum exceeds it', async () => {
    const bytes = await watFixture('memory-min');
    expect(() => capMemory(bytes, 'big.wasm', 256 << 20)).toThrow(
      new LimitFailure(
        'memory',
        'linear memory minimum of 300 MiB exceeds the memory limit of 256 MiB',
      ),
    );
  });

  it('lowers table maximums so all tables together stay within the budget', async () => {
    const bytes = await compileWat(`(module (table 10 funcref) (table 20 100 funcref) (memory 1)
      (func (export "grow") (result i32) (table.grow 0 (ref.null func) (i32.const 1000))))`);
    const { bytes: capped, offsetDelta } = capModule(bytes, 'm.wasm', {
      memoryBytes: 2 * WASM_PAGE,
      tableEntries: 100,
    });
    const info = readModule(capped, 'm.wasm');
    // 70 entries left over, 35 each; the second keeps its smaller declared maximum
    expect(info.tables.map((t) => [t.min, t.max])).toEqual([
      [10, 45],
      [20, 55],
    ]);
    expect(info.memories[0]).toMatchObject({ min: 1, max: 2 });
    expect(offsetDelta).toBe(capped.length - bytes.length);
    const grow = new WebAssembly.Instance(new WebAssembly.Module(capped)).exports
      .grow as () => number;
    expect(grow()).toBe(-1); // 10 + 1000 > 45
  });

  it('rewrites in place into spare room before the module, giving the bytes a copy would', async () => {
    const source = await compileWat(`(module (table 10 funcref) (table 20 100 funcref) (memory 1)
      (func (export "f") (result i32) (i32.const 7)))`);
    const caps = { memoryBytes: 2 * WASM_PAGE, tableEntries: 100 };
    const copied = capModule(source, 'm.wasm', caps);
    const growth = copied.bytes.length - source.length;
    expect(growth).toBeGreaterThan(0);
    // The module after 16 bytes of room, with a guard byte pattern around it.
    const buffer = new Uint8Array(16 + source.length + 8).fill(0xee);
    buffer.set(source, 16);
    const bytes = buffer.subarray(16, 16 + source.length);
    const inPlace = capModule(bytes, 'm.wasm', caps, undefined, 16);
    expect(inPlace.bytes.buffer).toBe(buffer.buffer);
    expect(inPlace.bytes.byteOffset).toBe(16 - growth);
    expect(inPlace.offsetDelta).toBe(copied.offsetDelta);
    expect(Buffer.from(inPlace.bytes).equals(Buffer.from(copied.bytes))).toBe(true);
    // Nothing outside the result was written.
    expect([...buffer.subarray(0, 16 - growth)].every((b) => b === 0xee)).toBe(true);
    expect([...buffer.subarray(16 + source.length)].every((b) => b === 0xee)).toBe(true);
    const f = new WebAssembly.Instance(new WebAssembly.Module(inPlace.bytes)).exports
      .f as () => number;
    expect(f()).toBe(7);
    // Less room than the growth: a copy, and the original left as it was.
    const tight = new Uint8Array(source.length + 1);
    tight.set(source, 1);
    const view = tight.subarray(1);
    const fallback = capModule(view, 'm.wasm', caps, undefined, 1);
    expect(fallback.bytes.buffer).not.toBe(tight.buffer);
    expect(Buffer.from(fallback.bytes).equals(Buffer.from(copied.bytes))).toBe(true);
    expect(Buffer.from(view).equals(Buffer.from(source))).toBe(true);
  });

  it('refuses tables whose minimums pass the budget', async () => {
    const bytes = await compileWat('(module (table 60 funcref) (table 60 funcref))');
    expect(() => capModule(bytes, 'm.wasm', { memoryBytes: WASM_PAGE, tableEntries: 100 })).toThrow(
      new LimitFailure(
        'tables',
        "the module's tables declare 120 entries in all; the smoke test allows 100 (V8 keeps every entry on its heap)",
      ),
    );
  });
});
