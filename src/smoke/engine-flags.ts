/**
 * How V8 runs the modules under test: baseline code (Liftoff) only, never
 * tiered up to TurboFan. By default V8 compiles each function with Liftoff
 * on its first call and recompiles the hot ones with TurboFan on background
 * threads; a smoke test runs a module's start and a few callbacks once, so
 * that recompilation is almost all waste: on the 20 Higress plugins it was
 * two thirds of the smoke tests' CPU time (9.0 s for all 20, 3.1 s without
 * it), and on a 2-core runner it competes with the builds.
 *
 * The checks do not change: both tiers compile the same validated module
 * with the same semantics. (The gateway itself runs neither mix: cpp-host
 * passes --no-liftoff, TurboFan only.) What does change is speed on long
 * compute: a start or configure that loops for seconds runs at baseline
 * speed (a tight loop ran at half TurboFan's speed here) under the time limit.
 */
import { setFlagsFromString } from 'node:v8';

export const SMOKE_V8_FLAGS = '--liftoff-only';

let applied = false;

/**
 * V8's flags are process-wide and read when a module compiles: called before
 * the first compile (the smoke worker does it on start).
 */
export function applySmokeEngineFlags(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(SMOKE_V8_FLAGS);
}
