import { describe, expect, it } from '@jest/globals';
import { cli } from '../support/cli.js';

describe('wasm-plugin-ci command line', () => {
  it('prints usage and exits 2 with no command', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: wasm-plugin-ci');
    expect(r.stdout).toBe('');
  });

  it('names an unknown command and exits 2', async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('--help exits 0', async () => {
    expect((await cli(['--help'])).code).toBe(0);
  });
});
