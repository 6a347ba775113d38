/**
 * Small hostile proxy-wasm plugins for the bounded-smoke tests (#12 items 9
 * and 10): each asks the host for far more than a plugin needs, with a few
 * hundred bytes of wasm.
 */
import {
  i32,
  memoryFill,
  ModuleBuilder,
  op,
  refNullFunc,
  tableGrow,
  type Sig,
} from './wasm-builder.js';

const words = (n: number): Sig => ({ params: Array(n).fill('i32'), results: ['i32'] });
const none: Sig = { params: [], results: [] };

/** A plugin skeleton; `vmStart` is proxy_on_vm_start's code before it returns 1. */
function plugin(
  setup: (b: ModuleBuilder) => { vmStart: number[]; locals?: 'i32'[] },
  memoryPages = 2,
): Uint8Array {
  const b = new ModuleBuilder();
  const { vmStart, locals } = setup(b);
  b.memory(memoryPages, undefined, 'memory');
  b.exportFunc('proxy_abi_version_0_2_0', b.func(none, []));
  b.exportFunc('malloc', b.func(words(1), i32(1024)));
  b.exportFunc('_start', b.func(none, []));
  b.exportFunc('proxy_on_vm_start', b.func(words(2), [...vmStart, ...i32(1)], locals));
  return b.bytes();
}

/** #12 item 9: ten tables of 10M entries each (V8 keeps 800 MB of entries on its heap). */
export function tenHugeTables(): Uint8Array {
  return plugin((b) => {
    for (let i = 0; i < 10; i++) b.table(10_000_000);
    return { vmStart: [] };
  });
}

/**
 * Ten growable tables, with no maximum. proxy_on_vm_start fails (returns 0)
 * unless each can grow by 1000 entries and none past 1M (the host's cap
 * shares 10M entries out; V8 alone would let each grow to 10M).
 */
export function growingTables(): Uint8Array {
  return plugin((b) => {
    for (let i = 0; i < 10; i++) b.table(0);
    const code: number[] = [];
    const failUnless = (cond: number[]) => [
      ...cond,
      op.i32Eqz,
      op.if,
      op.void,
      ...i32(0),
      op.return,
      op.end,
    ];
    for (let t = 0; t < 10; t++) {
      code.push(
        ...failUnless([...refNullFunc, ...i32(1000), ...tableGrow(t), ...i32(-1), op.i32Ne]),
        ...failUnless([...refNullFunc, ...i32(999_001), ...tableGrow(t), ...i32(-1), op.i32Eq]),
      );
    }
    return { vmStart: code };
  });
}

/** Stores a fresh 2 MiB value under a new key in a loop, forever. */
export function sharedDataFlood(): Uint8Array {
  return plugin((b) => {
    const set = b.importFunc('env', 'proxy_set_shared_data', words(5));
    return {
      locals: ['i32'],
      vmStart: [
        op.loop,
        op.void,
        ...[op.localGet, 2, ...i32(1), op.i32Add, op.localSet, 2],
        ...[...i32(0), op.localGet, 2, op.i32Store, 2, 0], // key: the counter
        ...[...i32(0), ...i32(4), ...i32(16), ...i32(2 << 20), ...i32(0), op.call, set, op.drop],
        op.br,
        0,
        op.end,
      ],
    };
  }, 64);
}

/**
 * #12 item 10: `calls` log writes of `size` bytes ('a's, ending in a newline
 * when `newline`), through proxy_log or fd_write to stdout.
 */
export function logFlood(
  via: 'proxy_log' | 'fd_write',
  calls: number,
  size: number,
  newline = false,
): Uint8Array {
  return plugin(
    (b) => {
      const fn =
        via === 'proxy_log'
          ? b.importFunc('env', 'proxy_log', words(3))
          : b.importFunc('wasi_snapshot_preview1', 'fd_write', words(4));
      const text = 4096; // the text starts here; an iovec for fd_write at 16
      const write =
        via === 'proxy_log'
          ? [...i32(2), ...i32(text), ...i32(size), op.call, fn, op.drop]
          : [...i32(1), ...i32(16), ...i32(1), ...i32(32), op.call, fn, op.drop];
      return {
        locals: ['i32'],
        vmStart: [
          ...[...i32(text), ...i32(0x61), ...i32(size), ...memoryFill],
          ...(newline ? [...i32(text + size - 1), ...i32(10), op.i32Store8, 0, 0] : []),
          ...[
            ...i32(16),
            ...i32(text),
            op.i32Store,
            2,
            0,
            ...i32(20),
            ...i32(size),
            op.i32Store,
            2,
            0,
          ],
          op.loop,
          op.void,
          ...write,
          ...[
            op.localGet,
            2,
            ...i32(1),
            op.i32Add,
            op.localTee,
            2,
            ...i32(calls),
            op.i32LtU,
            op.brIf,
            0,
          ],
          op.end,
        ],
      };
    },
    Math.ceil((4096 + size) / 65536) + 1,
  );
}

/** A plugin asking for `pages` of linear memory up front. */
export function bigMemory(pages: number): Uint8Array {
  return plugin(() => ({ vmStart: [] }), pages);
}
