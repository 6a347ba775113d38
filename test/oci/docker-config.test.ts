import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/common/errors.js';
import { dockerCredentials } from '../../src/oci/docker-config.js';

function configDir(config: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'wpci-docker-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

describe('docker config.json credentials', () => {
  it('reads auths (base64 user:password)', async () => {
    const dir = configDir({
      auths: { 'reg.example': { auth: Buffer.from('me:pa:ss').toString('base64') } },
    });
    expect(await dockerCredentials('reg.example', { DOCKER_CONFIG: dir })).toEqual({
      username: 'me',
      password: 'pa:ss',
    });
    expect(await dockerCredentials('other.example', { DOCKER_CONFIG: dir })).toBeUndefined();
  });

  it('runs docker-credential-<helper> get with the server on stdin', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'wpci-helper-'));
    mkdirSync(bin, { recursive: true });
    const seen = join(bin, 'stdin.txt');
    const helper = join(bin, 'docker-credential-fake');
    writeFileSync(
      helper,
      `#!/bin/sh\n[ "$1" = get ] || exit 3\ncat > ${JSON.stringify(seen)}\necho '{"ServerURL":"x","Username":"robot","Secret":"tok3n"}'\n`,
    );
    chmodSync(helper, 0o755);
    const dir = configDir({
      credHelpers: { 'reg.example': 'fake' },
      auths: { 'reg.example': { auth: 'eDp5' } },
    });
    const env = { DOCKER_CONFIG: dir, PATH: `${bin}:${process.env.PATH}` };
    expect(await dockerCredentials('reg.example', env)).toEqual({
      username: 'robot',
      password: 'tok3n',
    });
    expect(readFileSync(seen, 'utf8')).toBe('reg.example');
    // credsStore is the fallback for registries without a helper or auths entry
    const store = configDir({ credsStore: 'fake' });
    expect(await dockerCredentials('any.example', { ...env, DOCKER_CONFIG: store })).toEqual({
      username: 'robot',
      password: 'tok3n',
    });
  });

  it('no config file means no credentials', async () => {
    expect(
      await dockerCredentials('reg.example', { DOCKER_CONFIG: join(tmpdir(), 'wpci-none-xyz') }),
    ).toBeUndefined();
  });

  it('a malformed config.json is named, and nothing of its text is quoted (it holds credentials)', async () => {
    const secret = Buffer.from('me:hunter2-Secret').toString('base64');
    const dir = mkdtempSync(join(tmpdir(), 'wpci-docker-'));
    // unquoted value: V8's own message would quote the text around it
    writeFileSync(join(dir, 'config.json'), `{"auths":{"reg.example":{"auth":${secret}}}}`);
    const err = await dockerCredentials('reg.example', { DOCKER_CONFIG: dir }).catch(
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(`${join(dir, 'config.json')} is not valid JSON`);
    for (let i = 0; i + 6 <= secret.length; i++)
      expect((err as Error).message).not.toContain(secret.slice(i, i + 6));
  });
});
