import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseReleaseRef } from '../../src/oci/tags.js';

const names = ['ai-proxy', 'nginx-v2-compat', 'v', 'key-auth', 'ai', 'dev'];

describe('parseReleaseRef', () => {
  it('parses every release form', () => {
    expect(parseReleaseRef('v1.2.3', names)).toEqual({ version: '1.2.3' });
    expect(parseReleaseRef('refs/tags/v1.2.3-rc.1', names)).toEqual({ version: '1.2.3-rc.1' });
    expect(parseReleaseRef('ai-proxy-v1.0.0', names)).toEqual({
      plugin: 'ai-proxy',
      version: '1.0.0',
    });
    expect(parseReleaseRef('ai-proxy/v1.0.0', names)).toEqual({
      plugin: 'ai-proxy',
      version: '1.0.0',
    });
    expect(parseReleaseRef('wasm-go-key-auth-v2.0.1', names)).toEqual({
      plugin: 'key-auth',
      version: '2.0.1',
    });
  });

  it('handles names containing v and -', () => {
    expect(parseReleaseRef('nginx-v2-compat-v1.2.3', names)).toEqual({
      plugin: 'nginx-v2-compat',
      version: '1.2.3',
    });
    expect(parseReleaseRef('v-v1.0.0', names)).toEqual({ plugin: 'v', version: '1.0.0' });
    expect(parseReleaseRef('wasm-go-dev-v0.1.0-alpha', names)).toEqual({
      plugin: 'dev',
      version: '0.1.0-alpha',
    });
  });

  it('prefers the longest matching name', () => {
    expect(parseReleaseRef('ai-proxy-v3.0.0', ['ai', 'ai-proxy'])).toEqual({
      plugin: 'ai-proxy',
      version: '3.0.0',
    });
  });

  it('rejects non-releases and unknown plugins', () => {
    for (const ref of [
      'main',
      'v1.2',
      'other-v1.0.0',
      'ai-proxy-1.0.0',
      'ai-proxy-v01.0.0',
      'refs/heads/v1.0.0x',
    ]) {
      expect(parseReleaseRef(ref, names)).toBeNull();
    }
  });

  it('round-trips any plugin name and version', () => {
    const name = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
    const version = fc
      .tuple(fc.nat(99), fc.nat(99), fc.nat(99))
      .map(([a, b, c]) => `${a}.${b}.${c}`);
    fc.assert(
      fc.property(name, version, fc.constantFrom('-', '/'), (n, v, sep) => {
        expect(parseReleaseRef(`${n}${sep}v${v}`, [n, 'x'])).toEqual({ plugin: n, version: v });
        expect(parseReleaseRef(`wasm-go-${n}-v${v}`, [n])).toEqual({ plugin: n, version: v });
      }),
    );
  });
});
