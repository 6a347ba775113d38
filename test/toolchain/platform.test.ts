/** Platform names and the CLI's cache directory. */
import { describe, it, expect } from '@jest/globals';
import { InputError } from '../../src/common/errors.js';
import { hostPlatform, userCacheDir } from '../../src/toolchain/index.js';
import { cacheArch, toolCacheEntry } from '../../src/toolchain/tool-cache.js';

describe('platform', () => {
  it('maps Node names to release-archive names and tool-cache names', () => {
    expect(hostPlatform('linux', 'x64')).toEqual({ os: 'linux', arch: 'amd64' });
    expect(hostPlatform('darwin', 'arm64')).toEqual({ os: 'darwin', arch: 'arm64' });
    expect(() => hostPlatform('win32', 'x64')).toThrow(InputError);
    expect(() => hostPlatform('linux', 'ia32')).toThrow(/linux\/ia32/);
    expect(cacheArch('amd64')).toBe('x64');
    expect(toolCacheEntry('/tc', 'go', '1.24.4', 'arm64')).toEqual({
      dir: '/tc/go/1.24.4/arm64',
      marker: '/tc/go/1.24.4/arm64.complete',
    });
  });

  it('caches under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(userCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/wasm-plugin-ci');
    expect(userCacheDir({ HOME: '/h' })).toBe('/h/.cache/wasm-plugin-ci');
  });
});
