/**
 * Honest integrity claims (issue #12 item 14). With a mirror, the archive and
 * the checksum it is compared with come from the same place, so the log must
 * say exactly that, never "go.dev release listing"; a checksum the mirror does
 * not control (the user's sha256) wins over the mirror's own and catches a
 * mirror that serves something else with a matching listing.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { join } from 'node:path';
import { setupToolchains } from '../../src/toolchain/index.js';
import { ChecksumMismatchError } from '../../src/toolchain/install.js';
import { startMirror, type Mirror } from '../support/mirror.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { memoryLog, runnerEnv, scratch } from './helpers.js';

// Each test is a row of #12.14 in docs/reliability.md.
const table = new ReliabilityTable('checksum-provenance');
afterAll(() => table.save());

describe('where a checksum came from, in the log', () => {
  const it = table.it('#12.14 honest integrity claims');
  let mirror: Mirror;
  const tmp = scratch('wpci-provenance-');
  let n = 0;
  const freshEnv = () => runnerEnv(join(tmp.dir, `run-${++n}`));
  const goPath = () => `/go/go${mirror.goVersion}.linux-amd64.tar.gz`;

  beforeAll(async () => {
    mirror = await startMirror({ go: 'trimmed' });
  }, 240_000);
  afterAll(async () => {
    await mirror?.close();
    tmp.cleanup();
  });

  it('Go from a mirror: the log names the mirror listing, not go.dev', async () => {
    const log = memoryLog();
    await setupToolchains({ go: mirror.goVersion, mirror: mirror.url }, freshEnv(), log);
    const text = log.lines.join('\n');
    expect(text).not.toMatch(/go\.dev/);
    expect(text).toContain(
      `sha256 verified against the release listing served by the same mirror (${mirror.url}/go/?mode=json&include=all)`,
    );
    expect(text).toMatch(/not an independent check/);
  });

  it('Go from a download base URL: the same, naming that URL', async () => {
    const log = memoryLog();
    await setupToolchains(
      { go: mirror.goVersion, baseUrls: { go: `${mirror.url}/go` } },
      freshEnv(),
      log,
    );
    expect(log.lines.join('\n')).toContain(
      `release listing served by the same mirror (${mirror.url}/go/?mode=json&include=all)`,
    );
  });

  it("the user's sha256 wins and the log says so", async () => {
    const log = memoryLog();
    await setupToolchains(
      { go: mirror.goVersion, mirror: mirror.url, sha256: { go: mirror.sha256[goPath()]! } },
      freshEnv(),
      log,
    );
    expect(log.lines.join('\n')).toMatch(/sha256 verified against the go-sha256 input/);
  });

  it("a mirror whose listing agrees with its archive is still caught by the user's sha256", async () => {
    const err = await setupToolchains(
      { go: mirror.goVersion, mirror: mirror.url, sha256: { go: 'a'.repeat(64) } },
      freshEnv(),
      memoryLog(),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect((err as Error).message).toMatch(/go-sha256 input/);
  });

  it("ORAS from a mirror: the checksums file is named as the mirror's; oras-sha256 skips it", async () => {
    const sums = `/oras/v${mirror.orasVersion}/oras_${mirror.orasVersion}_checksums.txt`;
    const log = memoryLog();
    await setupToolchains({ oras: mirror.orasVersion, mirror: mirror.url }, freshEnv(), log);
    expect(log.lines.join('\n')).toContain(
      `sha256 verified against the checksums file served by the same mirror (${mirror.url}${sums}); not an independent check`,
    );
    const before = mirror.requests.length;
    const archive = `/oras/v${mirror.orasVersion}/oras_${mirror.orasVersion}_linux_amd64.tar.gz`;
    const given = memoryLog();
    await setupToolchains(
      { oras: mirror.orasVersion, mirror: mirror.url, sha256: { oras: mirror.sha256[archive]! } },
      freshEnv(),
      given,
    );
    expect(given.lines.join('\n')).toMatch(/sha256 verified against the oras-sha256 input/);
    expect(mirror.requests.slice(before)).not.toContain(sums);
  });
});
