/**
 * Foreign functions reachable through proxy_call_foreign_function. Envoy
 * registers these in source/extensions/common/wasm/foreign.cc; the ones a
 * smoke host can perform for real are here, any other name is NOT_FOUND.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { Status, type StatusCode } from './abi.js';

export interface ForeignOutcome {
  status: StatusCode;
  result?: Uint8Array;
}

type ForeignFunction = (args: Uint8Array) => ForeignOutcome;

const FOREIGN_FUNCTIONS: Record<string, ForeignFunction> = {
  // zlib compress()/uncompress(): the zlib format, not raw deflate or gzip.
  compress: (args) => ({ status: Status.Ok, result: new Uint8Array(deflateSync(args)) }),
  uncompress: (args) => {
    try {
      return { status: Status.Ok, result: new Uint8Array(inflateSync(args)) };
    } catch {
      return { status: Status.SerializationFailure };
    }
  },
  // No route cache in a smoke run; clearing it always succeeds.
  clear_route_cache: () => ({ status: Status.Ok }),
};

export function callForeignFunction(name: string, args: Uint8Array): ForeignOutcome | undefined {
  const f = Object.hasOwn(FOREIGN_FUNCTIONS, name) ? FOREIGN_FUNCTIONS[name] : undefined;
  return f?.(args);
}

export function foreignFunctionNames(): string[] {
  return Object.keys(FOREIGN_FUNCTIONS);
}
