/**
 * The `env` imports the public proxy-wasm Go SDK declares, read from its
 * source in the Go module cache (`//go:wasmimport env NAME` followed by the
 * Go declaration) and typed the way the Go compiler lowers them for wasm:
 * 64-bit integers become i64, every other scalar and pointer an i32.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FuncSig, ValType } from '../../../src/wasm/types.js';
import { fixturesDir } from '../../support/paths.js';

const run = promisify(execFile);
const SDK = 'github.com/proxy-wasm/proxy-wasm-go-sdk';

export interface GoHostcall {
  name: string;
  sig: FuncSig;
}

async function sdkSource(): Promise<string> {
  const goMod = readFileSync(join(fixturesDir, 'plugins', 'healthy', 'go.mod'), 'utf8');
  const version = new RegExp(`${SDK} (\\S+)`).exec(goMod)?.[1];
  if (!version) throw new Error(`fixtures/plugins/healthy/go.mod does not require ${SDK}`);
  const modCache = (await run('go', ['env', 'GOMODCACHE'])).stdout.trim();
  return readFileSync(
    join(modCache, `${SDK}@${version}`, 'proxywasm', 'internal', 'abi_hostcalls.go'),
    'utf8',
  );
}

function wasmType(goType: string): ValType {
  return /^u?int64$/.test(goType.trim()) ? 'i64' : 'i32';
}

/** `a, b int32, c *byte` -> the type of each parameter, in order. */
function paramTypes(list: string): ValType[] {
  const types: ValType[] = [];
  let pendingNames = 0;
  for (const part of list
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const words = part.split(/\s+/);
    if (words.length === 1) {
      pendingNames++; // a name sharing the type that follows
      continue;
    }
    const t = wasmType(words.slice(1).join(' '));
    for (let i = 0; i <= pendingNames; i++) types.push(t);
    pendingNames = 0;
  }
  return types;
}

export async function goSdkHostcalls(): Promise<GoHostcall[]> {
  const source = await sdkSource();
  const calls: GoHostcall[] = [];
  const decl = /\/\/go:wasmimport env (\w+)\s*\nfunc \w+\(([^)]*)\)\s*(\w+)?/g;
  for (const m of source.matchAll(decl)) {
    calls.push({
      name: m[1]!,
      sig: { params: paramTypes(m[2]!.replace(/\n/g, ' ')), results: m[3] ? [wasmType(m[3])] : [] },
    });
  }
  return calls;
}
