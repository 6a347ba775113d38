/**
 * `user:password@host/...` in a reference is refused without the password
 * ever being printed (issue #12 item 4), in every place a reference is taken:
 * the parser, `push --ref`, `verify REF`, the image-name template of `run`.
 */
import { afterAll, describe, expect } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/common/errors.js';
import { parseImageRef } from '../../src/oci/reference.js';
import { renderImageName } from '../../src/oci/tags.js';
import { cli } from '../support/cli.js';
import { ReliabilityTable } from '../support/reliability-table.js';

const scratch = mkdtempSync(join(tmpdir(), 'wpci-ref-secrets-'));
writeFileSync(join(scratch, 'plugin.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
// Each test is a row of #12.4 in docs/reliability.md.
const table = new ReliabilityTable('reference-secrets');
afterAll(() => table.save());

const PASSWORDS = ['hunter2-Secret', 'p@ss/w0rd:x', 'with@two@ats', 'ghp_0123456789abcdefABCDEF'];

/** Every form of the secret a careless message could carry. */
function forms(user: string, password: string): string[] {
  return [
    password,
    encodeURIComponent(password),
    `${user}:${password}`,
    Buffer.from(`${user}:${password}`).toString('base64'),
  ];
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('credentials in a reference', () => {
  const it = table.it('#12.4 password echoed in a reference error', {
    fault: (title) => title.replace(/[0-9a-f]{64}/, '<hex>'),
  });
  for (const password of PASSWORDS) {
    for (const shape of [
      (p: string) => `ci:${p}@ghcr.io/acme/plugin:1.0.0`,
      (p: string) => `oci://ci:${p}@ghcr.io/acme/plugin:1.0.0`,
      (p: string) => `https://ci:${p}@ghcr.io/acme/plugin:1.0.0`,
      (p: string) => `ci:${p}@127.0.0.1:5000/plugin@sha256:${'a'.repeat(64)}`,
      (p: string) => `ci:${p}@ghcr.io`,
    ]) {
      const ref = shape(password);
      it(`'${ref.replace(password, '<password>')}' is refused without the password`, () => {
        const err = thrown(() => parseImageRef(ref, { multipleTags: true }));
        expect(err).toBeInstanceOf(InputError);
        expect(err.message).toMatch(/user name or password/);
        for (const f of forms('ci', password)) expect(err.message).not.toContain(f);
      });
    }
  }

  it('a digest reference without a registry still parses', () => {
    expect(parseImageRef(`alpine@sha256:${'b'.repeat(64)}`)).toMatchObject({
      registry: 'docker.io',
      repository: 'library/alpine',
    });
  });

  it('the image-name template is refused the same way', () => {
    const err = thrown(() => renderImageName('ci:hunter2-Secret@ghcr.io/acme/{{plugin}}', 'p'));
    expect(err.message).toMatch(/user name or password/);
    expect(err.message).not.toContain('hunter2-Secret');
  });

  for (const args of [
    ['push', 'plugin.wasm', '--ref', 'ci:hunter2-Secret@127.0.0.1:5000/acme/p:1.0.0'],
    ['verify', 'ci:hunter2-Secret@127.0.0.1:5000/acme/p:1.0.0'],
    ['run', '--image', 'ci:hunter2-Secret@127.0.0.1:5000/acme/{{plugin}}'],
  ]) {
    it(`CLI ${args[0]}: exit 2, the password nowhere in the output`, async () => {
      const run = await cli(args, scratch, { PATH: process.env.PATH, HOME: scratch });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/user name or password/);
      for (const f of forms('ci', 'hunter2-Secret'))
        expect(run.stderr + run.stdout).not.toContain(f);
    });
  }
});
