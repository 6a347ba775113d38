/**
 * Binds every host function name to its implementation; the wrapper turns
 * wasm's signed i32 arguments into the u32 values the ABI means.
 */
import type { HostFunction } from '../contract.js';
import type { HostState, Impl } from '../state.js';
import { callFunctions } from './calls.js';
import { generalFunctions } from './general.js';
import { higressFunctions } from './higress.js';
import { bufferFunctions } from './buffers.js';
import { headerMapFunctions } from './header-maps.js';
import { streamFunctions } from './stream.js';
import { sharedFunctions } from './shared.js';

export function hostFunctions(state: HostState): Record<string, HostFunction> {
  const impls: Record<string, Impl> = {
    ...generalFunctions(state),
    ...headerMapFunctions(state),
    ...bufferFunctions(state),
    ...streamFunctions(state),
    ...sharedFunctions(state),
    ...callFunctions(state),
    ...(state.options.higressExtras ? higressFunctions(state) : {}),
  };
  const bound: Record<string, HostFunction> = {};
  for (const [name, impl] of Object.entries(impls)) {
    const call = impl as (...args: (number | bigint)[]) => number;
    bound[name] = (...args) => call(...args.map((a) => (typeof a === 'number' ? a >>> 0 : a)));
  }
  return bound;
}
