import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createProxyHost } from '../../../src/smoke/proxy/index.js';
import { readModule } from '../../../src/wasm/index.js';
import { formatSig } from '../../../src/wasm/types.js';
import { buildFixture, type FixturePlugin } from '../../support/go-fixtures.js';
import { defaultOptions } from './harness.js';
import { goSdkHostcalls } from './go-sdk.js';

const stock = createProxyHost(defaultOptions());
const higress = createProxyHost({ ...defaultOptions(), higressExtras: true });

describe('signatures and implementations', () => {
  it.each([
    ['stock', stock],
    ['higress', higress],
  ])('%s: every signature has an implementation and vice versa', (_, host) => {
    expect(Object.keys(host.functions).sort()).toEqual(Object.keys(host.signatures).sort());
    for (const sig of Object.values(host.signatures)) expect(sig.results).toEqual(['i32']);
  });

  it('covers every host function of cpp-host exports.h and uses i64 only for metric values', () => {
    const names = Object.keys(stock.signatures);
    expect(names).toHaveLength(43);
    const withI64 = names.filter((n) => stock.signatures[n]!.params.includes('i64'));
    expect(withI64.sort()).toEqual(['proxy_increment_metric', 'proxy_record_metric']);
    expect(formatSig(stock.signatures.proxy_http_call!)).toBe(
      'i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 -> i32',
    );
    expect(formatSig(stock.signatures.proxy_done!)).toBe('void -> i32');
    expect(Object.keys(higress.signatures).length - names.length).toBe(5);
  });
});

describe('the real Go SDK plugins', () => {
  it.each<FixturePlugin>(['healthy', 'http-call'])(
    '%s: every env import is provided with the same type',
    async (fixture) => {
      const wasm = await buildFixture(fixture);
      const info = readModule(readFileSync(wasm), wasm);
      const envImports = info.imports.filter((i) => i.module === 'env' && i.kind === 'function');
      expect(envImports.length).toBeGreaterThanOrEqual(6);
      for (const imp of envImports) {
        expect({
          name: imp.name,
          sig: stock.signatures[imp.name] && formatSig(stock.signatures[imp.name]!),
        }).toEqual({
          name: imp.name,
          sig: formatSig(imp.sig!),
        });
        expect(typeof stock.functions[imp.name]).toBe('function');
      }
      // And the names agree with what the engine itself sees.
      const engineNames = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasm)))
        .filter((i) => i.module === 'env')
        .map((i) => i.name);
      expect(engineNames.sort()).toEqual(envImports.map((i) => i.name).sort());
    },
    180_000,
  );
});

describe('the Go SDK source', () => {
  it('declares no env import this host lacks, and types each one as the host does', async () => {
    await buildFixture('healthy'); // puts the SDK in the module cache
    const hostcalls = await goSdkHostcalls();
    expect(hostcalls.length).toBeGreaterThanOrEqual(25);
    for (const call of hostcalls) {
      const sig = stock.signatures[call.name];
      expect({ name: call.name, sig: sig && formatSig(sig) }).toEqual({
        name: call.name,
        sig: formatSig(call.sig),
      });
    }
  }, 180_000);
});
