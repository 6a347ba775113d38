/**
 * The VM-wide key/value store (cpp-host src/shared_data.cc): every write gets
 * a fresh compare-and-swap value; a write with a non-zero cas only succeeds
 * when it equals the stored one.
 */
import { Status, type StatusCode } from './abi.js';

export interface SharedValue {
  value: Uint8Array;
  cas: number;
}

export class SharedData {
  private readonly values = new Map<string, SharedValue>();
  private nextCasValue = 1;

  get(key: string): SharedValue | undefined {
    return this.values.get(key);
  }

  set(key: string, value: Uint8Array, cas: number): StatusCode {
    const existing = this.values.get(key);
    if (existing && cas !== 0 && cas !== existing.cas) return Status.CasMismatch;
    this.values.set(key, { value: value.slice(), cas: this.nextCas() });
    return Status.Ok;
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  /** u32 counter that never hands out 0 (0 means "no cas" on set). */
  private nextCas(): number {
    const cas = this.nextCasValue;
    this.nextCasValue = (this.nextCasValue + 1) >>> 0 || 1;
    return cas;
  }
}
