import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wasmModeGap } from '../../src/build/gotest.js';

let dir: string;
let wasm: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wpci-gap-'));
  wasm = join(dir, 'plugin.wasm');
  writeFileSync(wasm, Buffer.from('0061736d01000000', 'hex'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('when the wasm mode of go-test would be skipped', () => {
  it('fails without a module', () => {
    expect(wasmModeGap(dir, join(dir, 'missing.wasm'))).toMatch(/^no wasm at /);
  });

  it('fails when the tests cannot reach the wasm', () => {
    writeFileSync(
      join(dir, 'main_test.go'),
      'package main\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n',
    );
    expect(wasmModeGap(dir, wasm)).toMatch(
      /neither use a wasm-mode harness .* nor read WASM_FILE_PATH/,
    );
  });

  it("accepts Higress's harness", () => {
    writeFileSync(
      join(dir, 'main_test.go'),
      'package main\n\nimport (\n\t"testing"\n\t"github.com/higress-group/wasm-go/pkg/test"\n)\n\nvar _ = test.RunTest\n\nfunc TestX(t *testing.T) {}\n',
    );
    expect(wasmModeGap(dir, wasm)).toBeUndefined();
  });
});
