import { describe, expect, it } from '@jest/globals';
import { backoffMs, isRetryableError, isRetryableStatus } from '../../src/oci/retry.js';
import { RequestTimeout } from '../../src/oci/registry-client.js';

describe('retry policy', () => {
  const policy = { attempts: 4, baseMs: 100, maxMs: 1000 };
  it('backs off exponentially with jitter, capped, and honours Retry-After', () => {
    for (let n = 1; n <= 6; n++) {
      const exp = Math.min(100 * 2 ** (n - 1), 1000);
      const ms = backoffMs(policy, n);
      expect(ms).toBeGreaterThanOrEqual(exp / 2);
      expect(ms).toBeLessThanOrEqual(exp);
    }
    expect(backoffMs(policy, 1, '0')).toBe(0);
    expect(backoffMs(policy, 1, '30')).toBe(1000); // capped
  });
  it('retries 5xx, 429, 408 and dropped or timed-out connections, nothing else', () => {
    expect([500, 502, 503, 429, 408].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 415].some(isRetryableStatus)).toBe(false);
    expect(isRetryableError(new TypeError('fetch failed'))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableError(new RequestTimeout('PUT /v2/x/manifests/1', 1000))).toBe(true);
    expect(isRetryableError(new Error('bad manifest'))).toBe(false);
  });
});
