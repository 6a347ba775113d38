/**
 * Toolchain downloads are bounded (issue #12 item 11): a text answer (the Go
 * release listing, a checksums file) and an archive stop at their size cap
 * while streaming, and a body that trickles in below the minimum rate ends
 * at the deadline instead of holding the job (the socket timeout alone only
 * catches a connection that goes fully silent).
 */
import { afterAll, beforeAll, beforeEach, describe, expect } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { memoryLog } from '../../src/common/log.js';
import { downloadFile, fetchText } from '../../src/toolchain/http.js';
import {
  endlessAnswer,
  failure,
  stall,
  startHostileNet,
  type HostileNet,
} from '../oci/hostile-server.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { scratch } from './helpers.js';

const SLACK = 8 << 20;
const tmp = scratch('wpci-dl-bounds-');
let net: HostileNet;
beforeAll(async () => {
  net = await startHostileNet();
});
afterAll(async () => {
  await net?.close();
  tmp.cleanup();
});
beforeEach(() => net.reset());
// Each test is a row of #12.11 in docs/reliability.md.
const table = new ReliabilityTable('download-bounds');
afterAll(() => table.save());
const recorded = () => table.it('#12.11 toolchain downloads');

const retry = { attempts: 2, baseDelayMs: 1, timeoutMs: 500 };

describe('size caps', () => {
  const it = recorded();
  it('an endless text answer stops at its cap', async () => {
    net.registry.handle(endlessAnswer(200, { 'content-type': 'application/json' }));
    const f = await failure(() =>
      fetchText(`${net.registry.url}/go/?mode=json`, retry, memoryLog(), 1 << 20),
    );
    expect(f.message).toMatch(/over the 1 MiB limit/);
    expect(net.registry.bytesSent).toBeLessThan((1 << 20) + SLACK);
  });

  it('a text answer declaring more than the cap is refused before its body', async () => {
    net.registry.handle(
      (_req, res) =>
        void res.writeHead(200, { 'content-length': String(64 << 20) }).write('x'.repeat(100)),
    );
    const f = await failure(() =>
      fetchText(`${net.registry.url}/sums.txt`, retry, memoryLog(), 1 << 20),
    );
    expect(f.message).toMatch(/67108864 bytes, over the 1 MiB limit/);
  });

  it('an endless archive stops at its cap and leaves no file', async () => {
    net.registry.handle(endlessAnswer(200, { 'content-type': 'application/gzip' }));
    const file = join(tmp.dir, 'endless.tar.gz');
    const f = await failure(() =>
      downloadFile(`${net.registry.url}/go/go.tar.gz`, file, {
        retry,
        log: memoryLog(),
        label: 'go',
        maxBytes: 2 << 20,
      }),
    );
    expect(f.message).toMatch(/over the 2 MiB limit/);
    expect(net.registry.bytesSent).toBeLessThan((2 << 20) + SLACK);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(tmp.dir).filter((n) => n.startsWith('endless'))).toEqual([]);
  });
});

describe('deadlines', () => {
  const it = recorded();
  it('an archive trickling in below the minimum rate ends at the deadline', async () => {
    net.registry.handle(async (_req, res) => {
      res.writeHead(200, { 'content-length': String(1 << 20) });
      for (let i = 0; i < 200 && !res.destroyed; i++) {
        res.write('zz');
        await new Promise((r) => setTimeout(r, 50));
      }
      res.end();
    });
    const file = join(tmp.dir, 'trickle.tar.gz');
    const f = await failure(() =>
      downloadFile(`${net.registry.url}/go/go.tar.gz`, file, {
        retry,
        log: memoryLog(),
        label: 'go',
      }),
    );
    expect(f.message).toMatch(/too slow/);
    expect(f.ms).toBeLessThan(retry.attempts * 2500);
    expect(existsSync(file)).toBe(false);
  }, 60_000);

  it('a text answer trickling in below the minimum rate ends at the deadline', async () => {
    net.registry.handle(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 200 && !res.destroyed; i++) {
        res.write(' ');
        await new Promise((r) => setTimeout(r, 50));
      }
      res.end('{}');
    });
    const f = await failure(() => fetchText(`${net.registry.url}/go/`, retry, memoryLog()));
    expect(f.message).toMatch(/too slow/);
    expect(f.ms).toBeLessThan(retry.attempts * 2500);
  }, 60_000);

  it('a server that never answers ends at the deadline', async () => {
    net.registry.handle((_req, res) => stall(res));
    const f = await failure(() => fetchText(`${net.registry.url}/go/`, retry, memoryLog()));
    expect(f.message).toMatch(/failed after 2 attempts/);
    expect(f.ms).toBeLessThan(retry.attempts * 2500);
  }, 60_000);
});
