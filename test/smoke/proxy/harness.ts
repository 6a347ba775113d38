/**
 * Runs proxy-wasm host functions from inside a real wasm instance: a WAT
 * module (compiled with wabt) imports every `env` function of a host and
 * exports a thunk `call.<name>` that forwards its arguments, plus a bump
 * `malloc` and its memory. Tests write inputs into that memory, call
 * thunks, and read what the host wrote back.
 */
import { createProxyHost } from '../../../src/smoke/proxy/index.js';
import type { ProxyHost, ProxyHostOptions, ProxyLogLevel } from '../../../src/smoke/proxy/index.js';
import type { FuncSig } from '../../../src/wasm/types.js';

type Wabt = Awaited<ReturnType<typeof import('wabt')>>;
let wabt: Promise<Wabt> | undefined;

export async function compileWat(text: string): Promise<WebAssembly.Module> {
  wabt ??= import('wabt').then((m) => m.default());
  const parsed = (await wabt).parseWat('test.wat', text);
  try {
    return new WebAssembly.Module(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

/** Bump allocator that grows memory on demand, so host writes can follow a grow. */
export const BUMP_MALLOC = `
  (global $heap (mut i32) (i32.const 1024))
  (func (export "malloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.and (i32.add (i32.add (global.get $heap) (local.get $n)) (i32.const 7)) (i32.const -8)))
    (block $done
      (loop $grow
        (br_if $done (i32.le_u (global.get $heap) (i32.shl (memory.size) (i32.const 16))))
        (drop (memory.grow (i32.const 1)))
        (br $grow)))
    (local.get $p))`;

function thunkWat(signatures: Readonly<Record<string, FuncSig>>): string {
  const parts: string[] = ['(module'];
  const names = Object.keys(signatures);
  names.forEach((name, i) => {
    const sig = signatures[name]!;
    const params = sig.params.length ? `(param ${sig.params.join(' ')})` : '';
    parts.push(
      `  (import "env" "${name}" (func $f${i} ${params} (result ${sig.results.join(' ')})))`,
    );
  });
  parts.push('  (memory (export "memory") 1)', BUMP_MALLOC);
  names.forEach((name, i) => {
    const sig = signatures[name]!;
    const params = sig.params.length ? `(param ${sig.params.join(' ')})` : '';
    const gets = sig.params.map((_, p) => `(local.get ${p})`).join(' ');
    parts.push(`  (func (export "call.${name}") ${params} (result i32) (call $f${i} ${gets}))`);
  });
  parts.push(')');
  return parts.join('\n');
}

export const defaultOptions = (): ProxyHostOptions => ({
  vmConfig: new Uint8Array(),
  pluginConfig: new Uint8Array(Buffer.from('{"deny":["/admin"]}')),
  httpCallResponse: {
    headers: [
      [':status', '200'],
      ['content-type', 'text/plain'],
    ],
    body: 'allowed',
    trailers: [],
  },
  stream: {
    requestHeaders: [
      [':method', 'GET'],
      [':path', '/items?id=7'],
      [':authority', 'example.com'],
      [':scheme', 'https'],
      ['User-Agent', 'smoke'],
    ],
    requestBody: 'hello',
    requestTrailers: [],
    responseHeaders: [[':status', '404']],
    responseBody: 'not here',
    responseTrailers: [['grpc-status', '0']],
  },
  higressExtras: false,
  log: () => {},
});

export interface Harness {
  host: ProxyHost;
  logs: { level: ProxyLogLevel; message: string }[];
  memory: WebAssembly.Memory;
  /** Calls `env.<name>` through the wasm thunk; returns the status. */
  call(name: string, ...args: (number | bigint)[]): number;
  /** Copies bytes (or UTF-8 text) into fresh guest memory: [ptr, size]. */
  put(data: Uint8Array | string): [number, number];
  /** A fresh zeroed slot of `size` bytes (default 4) for the host to write into. */
  slot(size?: number): number;
  u32(ptr: number): number;
  u64(ptr: number): bigint;
  bytes(ptr: number, size: number): Uint8Array;
  /** Reads a (pointer, size) pair the host wrote at two slots. */
  returned(ptrSlot: number, sizeSlot: number): Uint8Array;
}

export async function harness(overrides: Partial<ProxyHostOptions> = {}): Promise<Harness> {
  const logs: Harness['logs'] = [];
  const host = createProxyHost({
    ...defaultOptions(),
    log: (level, message) => logs.push({ level, message }),
    ...overrides,
  });
  const module = await compileWat(thunkWat(host.signatures));
  const instance = new WebAssembly.Instance(module, { env: host.functions });
  const memory = instance.exports.memory as WebAssembly.Memory;
  const malloc = instance.exports.malloc as (n: number) => number;
  host.bind({ memory: () => memory, allocate: (n) => malloc(n) });
  const view = () => new DataView(memory.buffer);
  const h: Harness = {
    host,
    logs,
    memory,
    call: (name, ...args) => {
      const f = instance.exports[`call.${name}`] as
        ((...a: (number | bigint)[]) => number) | undefined;
      if (!f) throw new Error(`no host function ${name}`);
      return f(...args);
    },
    put: (data) => {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      const ptr = malloc(Math.max(bytes.length, 1));
      new Uint8Array(memory.buffer).set(bytes, ptr);
      return [ptr, bytes.length];
    },
    slot: (size = 4) => {
      const ptr = malloc(size);
      new Uint8Array(memory.buffer, ptr, size).fill(0);
      return ptr;
    },
    u32: (ptr) => view().getUint32(ptr, true),
    u64: (ptr) => view().getBigUint64(ptr, true),
    bytes: (ptr, size) => new Uint8Array(memory.buffer).slice(ptr, ptr + size),
    returned: (ptrSlot, sizeSlot) => h.bytes(h.u32(ptrSlot), h.u32(sizeSlot)),
  };
  return h;
}

export const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

/** proxy_call_foreign_function with `args`: its status and the result the host wrote. */
export function callForeign(h: Harness, name: string, args: Uint8Array | string) {
  const [n, ns] = h.put(name);
  const [a, as] = h.put(args);
  const p = h.slot();
  const s = h.slot();
  const status = h.call('proxy_call_foreign_function', n, ns, a, as, p, s);
  return { status, result: h.returned(p, s) };
}
