/**
 * Network faults on every download (the toolchain mirror) and every registry
 * call (the real registry behind test/support/fault-proxy.ts, or behind
 * ./slow-proxy.ts for stalls and trickles): reset, stall (with a short
 * timeout), 5xx and a slow trickle are retried and survived, or fail clearly
 * with nothing cached and nothing pushed under a tag.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { memoryLog } from '../../src/common/log.js';
import { setupToolchains } from '../../src/toolchain/index.js';
import type { RunnerEnv } from '../../src/toolchain/types.js';
import { cli } from '../support/cli.js';
import { maxRssMiB, spawnCli } from './spawn-cli.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { buildFixture } from '../support/go-fixtures.js';
import { startMirror, type Mirror } from '../support/mirror.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { halfWrittenToolCache, listTree, STACK_LINE, stagingLeft, tempDir } from './helpers.js';
import { startSlowProxy, type SlowProxy } from './slow-proxy.js';
import {
  bearerChallenge,
  endlessAnswer,
  forward,
  startHostileNet,
  type HostileNet,
} from '../oci/hostile-server.js';

const table = new ReliabilityTable('network');
const tmp = tempDir('wpci-rel-net-');
afterAll(() => {
  table.print();
  tmp.cleanup();
});

describe('downloads from the toolchain mirror', () => {
  const TG = '0.99.3';
  let mirror: Mirror;
  let slow: SlowProxy;
  let n = 0;
  const archive = () => `/tinygo/v${TG}/tinygo${TG}.linux-amd64.tar.gz`;
  const goArchive = () => `/go/go${mirror.goVersion}.linux-amd64.tar.gz`;

  beforeAll(async () => {
    mirror = await startMirror({ go: 'trimmed', oras: false, tinygo: [TG] });
    slow = await startSlowProxy(mirror.url);
  }, 240_000);
  afterAll(async () => {
    await slow?.close();
    await mirror?.close();
  });

  function env(timeoutMs = 1500): RunnerEnv {
    const root = join(tmp.dir, `dl-${++n}`);
    return {
      os: 'linux',
      arch: 'amd64',
      toolCacheDir: join(root, 'tools'),
      tempDir: join(root, 'tmp'),
      retry: { attempts: 3, baseDelayMs: 20, timeoutMs },
    };
  }

  /** Installs tinygo (stand-in) and Go through `base`; returns what happened. */
  async function install(base: string, e: RunnerEnv) {
    const sha = mirror.sha256[archive()]!;
    const log = memoryLog();
    const started = Date.now();
    try {
      const r = await setupToolchains(
        { go: mirror.goVersion, tinygo: TG, sha256: { tinygo: sha }, mirror: base },
        e,
        log,
      );
      return { ok: true, ms: Date.now() - started, r, log };
    } catch (err) {
      return { ok: false, ms: Date.now() - started, err: err as Error, log };
    }
  }

  /** Nothing half-written: every cache entry is complete, no staging or temp files left. */
  function leftovers(e: RunnerEnv): string {
    const left = [
      ...halfWrittenToolCache(e.toolCacheDir),
      ...stagingLeft(e.toolCacheDir),
      ...listTree(e.tempDir),
    ];
    return left.length ? left.join(', ') : 'none';
  }

  const survivable: [string, (m: Mirror, s: SlowProxy) => void, 'mirror' | 'slow'][] = [
    [
      'download: connection reset (once per file)',
      (m) => {
        m.fault(goArchive(), { kind: 'reset', times: 1 });
        m.fault(archive(), { kind: 'reset', times: 1 });
      },
      'mirror',
    ],
    [
      'download: 503 twice per file',
      (m) => {
        m.fault(goArchive(), { kind: 'status', status: 503, times: 2 });
        m.fault(archive(), { kind: 'status', status: 502, times: 2 });
      },
      'mirror',
    ],
    [
      'download: body cut short (once)',
      (m) => {
        m.fault(goArchive(), { kind: 'truncate', times: 1 });
      },
      'mirror',
    ],
    [
      'download: Go release listing reset (once)',
      (m) => {
        m.fault('/go/?mode=json&include=all', { kind: 'reset', times: 1 });
      },
      'mirror',
    ],
    [
      'download: stall (once, 1.5 s timeout)',
      (_m, s) => {
        s.set([{ kind: 'stall', path: /\.tar\.gz$/, times: 1 }]);
      },
      'slow',
    ],
    [
      'download: slow trickle (16 KiB / 2 ms)',
      (_m, s) => {
        s.set([{ kind: 'trickle', path: /tinygo.*\.tar\.gz$/, chunk: 16 << 10, everyMs: 2 }]);
      },
      'slow',
    ],
  ];

  for (const [what, arm, via] of survivable) {
    it(`${what}: retried and installed, cache complete`, async () => {
      arm(mirror, slow);
      const e = env();
      let res;
      try {
        res = await install(via === 'slow' ? slow.url : mirror.url, e);
      } finally {
        mirror.clearFaults();
        slow.set([]);
      }
      const lost = leftovers(e);
      table.add({
        fault: what,
        tries: 1,
        survived: res.ok ? 1 : 0,
        dataLost: lost,
        note: `${res.ms} ms${res.ok ? '' : `: ${res.err?.message}`}`,
      });
      expect(res.err?.message).toBeUndefined();
      expect(res.r!.tools.map((t) => t.source)).toEqual(['download', 'download']);
      expect(lost).toBe('none');
      // what was installed is what the mirror serves
      const go = res.r!.defaults.go!;
      expect(readFileSync(join(go.dir, 'VERSION'), 'utf8')).toContain(mirror.goVersion!);
    }, 60_000);
  }

  const fatal: [string, (m: Mirror, s: SlowProxy) => void, 'mirror' | 'slow'][] = [
    [
      'download: 503 on every try',
      (m) => m.fault(goArchive(), { kind: 'status', status: 503 }),
      'mirror',
    ],
    ['download: reset on every try', (m) => m.fault(goArchive(), { kind: 'reset' }), 'mirror'],
    [
      'download: cut short on every try',
      (m) => m.fault(goArchive(), { kind: 'truncate' }),
      'mirror',
    ],
    [
      'download: stall on every try',
      (_m, s) => s.set([{ kind: 'stall', path: /go.*\.tar\.gz$/ }]),
      'slow',
    ],
  ];
  for (const [what, arm, via] of fatal) {
    it(`${what}: a clear failure naming the URL, nothing cached`, async () => {
      arm(mirror, slow);
      const e = env(800);
      let res;
      try {
        res = await install(via === 'slow' ? slow.url : mirror.url, e);
      } finally {
        mirror.clearFaults();
        slow.set([]);
      }
      const lost = leftovers(e);
      const goDir = join(e.toolCacheDir, 'go');
      const goEntries = existsSync(goDir) ? listTree(goDir) : [];
      table.add({
        fault: what,
        tries: 1,
        survived: !res.ok && lost === 'none' && goEntries.length === 0 ? 1 : 0,
        dataLost: goEntries.length ? `go: ${goEntries.join(', ')}` : lost,
        note: `clean failure in ${res.ms} ms`,
      });
      expect(res.ok).toBe(false);
      expect(res.err!.message).toContain('.tar.gz');
      expect(res.err!.message).toMatch(/after 3 attempts/);
      expect(goEntries).toEqual([]);
      expect(lost).toBe('none');
    }, 60_000);
  }
});

describe('registry calls', () => {
  let reg: TestRegistry;
  let faulty: FaultProxy;
  let slow: SlowProxy;
  let wasm: string;
  let sha: string;
  let n = 0;

  beforeAll(async () => {
    // plugin.wasm in a directory named healthy: the plugin is 'healthy'
    mkdirSync(join(tmp.dir, 'healthy'), { recursive: true });
    wasm = join(tmp.dir, 'healthy', 'plugin.wasm');
    copyFileSync(await buildFixture('healthy'), wasm);
    sha = createHash('sha256').update(readFileSync(wasm)).digest('hex');
    reg = await startRegistry('anonymous');
    faulty = await startFaultProxy(reg.url);
    slow = await startSlowProxy(reg.url);
  }, 300_000);
  afterAll(async () => {
    await slow?.close();
    await faulty?.close();
    await reg?.stop();
  });

  /** The tags the registry itself (not through a proxy) has for `repo`. */
  async function tagsOf(repo: string): Promise<string[]> {
    const res = await fetch(`${reg.url}/v2/${repo}/tags/list`);
    if (res.status === 404) return [];
    return ((await res.json()) as { tags: string[] | null }).tags ?? [];
  }

  /**
   * `push`, in-process, or in a child process where a network error must be
   * retried (see spawn-cli.ts for why in-process differs there).
   */
  async function push(host: string, repo: string, spawned = false, killAfterMs?: number) {
    const args = [
      'push',
      wasm,
      '--ref',
      `${host}/${repo}:1.0.0,latest`,
      '--layout',
      'higress',
      '--json',
    ];
    const env = { PATH: process.env.PATH, HOME: tmp.dir };
    const started = Date.now();
    const run = spawned
      ? await spawnCli(args, { cwd: tmp.dir, env, killAfterMs })
      : { ...(await cli(args, tmp.dir, env)), signal: null };
    return { run, ms: Date.now() - started };
  }

  async function verified(repo: string): Promise<boolean> {
    const v = await cli(['verify', `${reg.host}/${repo}:latest`, '--sha256', sha], tmp.dir, {
      PATH: process.env.PATH,
      HOME: tmp.dir,
    });
    return v.code === 0;
  }

  const survivable: [string, () => void, 'fault' | 'slow'][] = [
    [
      'registry: reset mid blob upload (once)',
      () =>
        faulty.setFaults([
          {
            action: 'reset',
            method: 'PUT',
            path: /\/blobs\/uploads\//,
            minBodyBytes: 4096,
            times: 1,
          },
        ]),
      'fault',
    ],
    [
      'registry: 500 on blob HEAD, POST and manifest PUT (once each)',
      () =>
        faulty.setFaults([
          { action: 'server-error', method: 'HEAD', path: /\/blobs\//, times: 1 },
          { action: 'server-error', method: 'POST', path: /\/blobs\/uploads\//, times: 1 },
          { action: 'server-error', method: 'PUT', path: /\/manifests\//, times: 1 },
        ]),
      'fault',
    ],
    [
      'registry: 429 twice on manifest PUT',
      () =>
        faulty.setFaults([{ action: 'too-many', method: 'PUT', path: /\/manifests\//, times: 2 }]),
      'fault',
    ],
    [
      'registry: connection reset on manifest GET (once)',
      () => slow.set([{ kind: 'reset', method: 'GET', path: /\/manifests\//, times: 1 }]),
      'slow',
    ],
    [
      'registry: 503 on blob GET (read-back, twice)',
      () =>
        slow.set([
          { kind: 'status', status: 503, method: 'GET', path: /\/blobs\/sha256/, times: 2 },
        ]),
      'slow',
    ],
    [
      'registry: slow trickle on every GET (8 KiB / 5 ms)',
      () =>
        slow.set([
          { kind: 'trickle', method: 'GET', path: /\/v2\/.+/, chunk: 8 << 10, everyMs: 5 },
        ]),
      'slow',
    ],
  ];

  for (const [what, arm, via] of survivable) {
    it(`${what}: retried, pushed, tags verify`, async () => {
      const repo = `net/s${++n}`;
      arm();
      let res;
      try {
        res = await push(via === 'fault' ? faulty.host : slow.host, repo, /reset/.test(what));
      } finally {
        faulty.reset();
        slow.set([]);
      }
      const ok = res.run.code === 0 && (await verified(repo));
      table.add({
        fault: what,
        tries: 1,
        survived: ok ? 1 : 0,
        dataLost: 'none',
        note: `exit ${res.run.code}, ${res.ms} ms`,
      });
      expect(res.run.stderr).not.toMatch(STACK_LINE);
      if (res.run.code !== 0) throw new Error(`exit ${res.run.code}:\n${res.run.stderr}`);
      expect(JSON.parse(res.run.stdout).verified).toBe(true);
      expect((await tagsOf(repo)).sort()).toEqual(['1.0.0', 'latest']);
      expect(ok).toBe(true);
    }, 60_000);
  }

  const fatal: [string, () => void, 'fault' | 'slow'][] = [
    [
      'registry: 500 on every blob upload',
      () =>
        faulty.setFaults([{ action: 'server-error', method: 'PUT', path: /\/blobs\/uploads\// }]),
      'fault',
    ],
    [
      'registry: reset on every blob upload',
      () =>
        faulty.setFaults([
          { action: 'reset', method: 'PUT', path: /\/blobs\/uploads\//, minBodyBytes: 4096 },
        ]),
      'fault',
    ],
    [
      'registry: 503 on every manifest PUT',
      () => slow.set([{ kind: 'status', status: 503, method: 'PUT', path: /\/manifests\// }]),
      'slow',
    ],
    [
      'registry: 502 on every tag PUT after the digest PUT',
      () =>
        slow.set([
          { kind: 'status', status: 502, method: 'PUT', path: /\/manifests\/(?!sha256:)/ },
        ]),
      'slow',
    ],
  ];
  for (const [what, arm, via] of fatal) {
    it(`${what}: exit 1, one line, no tag points anywhere`, async () => {
      const repo = `net/f${++n}`;
      arm();
      let res;
      try {
        res = await push(via === 'fault' ? faulty.host : slow.host, repo);
      } finally {
        faulty.reset();
        slow.set([]);
      }
      const tags = await tagsOf(repo);
      table.add({
        fault: what,
        tries: 1,
        survived: res.run.code === 1 && tags.length === 0 ? 1 : 0,
        dataLost: tags.length ? `tags left: ${tags.join(',')}` : 'none',
        note: `clean exit ${res.run.code} in ${res.ms} ms`,
      });
      expect(res.run.code).toBe(1);
      expect(res.run.stderr).not.toMatch(STACK_LINE);
      // one error line naming what failed (the URL or the plugin)
      expect(res.run.stderr).toMatch(new RegExp(`^error: .*(${repo}|healthy)`, 'm'));
      expect(res.run.stdout).toBe('');
      expect(tags).toEqual([]);
    }, 60_000);
  }

  it('registry: a stalled manifest PUT is timed out and retried', async () => {
    const repo = `net/stall${++n}`;
    slow.set([{ kind: 'stall', method: 'PUT', path: /\/manifests\/latest/, times: 1 }]);
    let res;
    try {
      res = await push(slow.host, repo, true, 45_000);
    } finally {
      slow.set([]);
    }
    const hung = res.run.signal === 'SIGKILL';
    const tags = await tagsOf(repo);
    table.add({
      fault: 'registry: stall on a manifest PUT (once)',
      tries: 1,
      survived: !hung && res.run.code === 0 ? 1 : 0,
      dataLost: hung ? 'push hung; killed at 45 s' : 'none',
      note: `exit ${res.run.code}, ${res.ms} ms (request timeout)`,
    });
    expect(hung).toBe(false);
    expect(res.run.stderr).toMatch(/no answer within \d+ s; retrying/);
    expect(res.run.code).toBe(0);
    expect(tags.sort()).toEqual(['1.0.0', 'latest']);
  }, 60_000);
});

/**
 * Hostile registries through the CLI as users run it (issue #12 items 2 and
 * 11): a registry that puts uploads on another host, loops its tags-list
 * pagination, or sends bodies without end. Each row: what the user sees
 * (exit code, time, the process's peak RSS) and what the other host got.
 */
describe('hostile registry, through the CLI', () => {
  const SECRET = 'pw-Net-Hostile-42';
  let reg: TestRegistry;
  let net: HostileNet;
  let wasm: string;

  beforeAll(async () => {
    mkdirSync(join(tmp.dir, 'hostile'), { recursive: true });
    wasm = join(tmp.dir, 'hostile', 'plugin.wasm');
    copyFileSync(await buildFixture('healthy'), wasm);
    reg = await startRegistry('anonymous');
    net = await startHostileNet();
  }, 300_000);
  afterAll(async () => {
    await net?.close();
    await reg?.stop();
  });

  const env = (withCredentials: boolean) => ({
    PATH: process.env.PATH,
    HOME: tmp.dir,
    ...(withCredentials ? { WPCI_REGISTRY_USERNAME: 'ci', WPCI_REGISTRY_PASSWORD: SECRET } : {}),
  });
  const basic = `Basic ${Buffer.from(`ci:${SECRET}`).toString('base64')}`;
  const mib = (n: number) => Math.floor(n / (1 << 20));

  /** The front of the real registry: Basic auth required, then forwarded; `rewrite` may alter answers. */
  function front(
    rewrite: (req: IncomingMessage, h: Record<string, string>) => Record<string, string>,
  ) {
    net.reset();
    net.registry.handle((req, res, _body, raw) => {
      if (req.headers.authorization !== basic)
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="front"' }).end();
      return forward(req, res, raw, reg.url, (h) => rewrite(req, h));
    });
    // another host, forwarding without asking for credentials (an upload or CDN host)
    net.other.handle((req, res, _body, raw) => forward(req, res, raw, reg.url));
  }

  async function tagsOf(repo: string): Promise<string[]> {
    const res = await fetch(`${reg.url}/v2/${repo}/tags/list`);
    if (res.status === 404) return [];
    return ((await res.json()) as { tags: string[] | null }).tags ?? [];
  }

  it('registry: upload Location on another host, credentials in env', async () => {
    front((_req, h) =>
      h.location?.includes('/blobs/uploads/')
        ? { ...h, location: new URL(h.location, reg.url).href.replace(reg.url, net.other.url) }
        : h,
    );
    const repo = 'hostile/relocated';
    const run = await spawnCli(
      ['push', wasm, '--ref', `${net.registry.host}/${repo}:1.0.0`, '--json'],
      { cwd: tmp.dir, env: env(true), killAfterMs: 60_000 },
    );
    const elsewhere = net.seen.filter((s) => s.host === net.other.host);
    const leaked = elsewhere.filter((s) => s.authorization || s.url.includes(SECRET));
    const tags = await tagsOf(repo);
    table.add({
      fault: 'registry: upload Location on another host (credentials given)',
      family: '#12.2 credentials follow redirects',
      tries: 1,
      survived: run.code === 0 && leaked.length === 0 && elsewhere.length > 0 ? 1 : 0,
      dataLost: tags.includes('1.0.0') ? 'none' : 'tag 1.0.0 not pushed',
      leaked: leaked.length
        ? `${leaked.length} request(s) with credentials to another host`
        : 'none',
      note: `exit ${run.code}, ${run.ms} ms; ${elsewhere.length} upload request(s) to the other host, ${leaked.length} with credentials`,
    });
    expect(run.stderr).not.toMatch(STACK_LINE);
    if (run.code !== 0) throw new Error(`exit ${run.code}:\n${run.stderr}`);
    expect(elsewhere.some((s) => s.method === 'PUT')).toBe(true);
    expect(leaked).toEqual([]);
    expect(tags).toEqual(['1.0.0']);
  }, 90_000);

  it('registry: tags-list Link rel=next pointing at itself', async () => {
    front((_req, h) => h);
    // the front answers the tags list itself: one page, whose next page is itself
    const forwarding = net.registry;
    const pass = (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
      if (req.headers.authorization !== basic)
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="front"' }).end();
      if (req.url!.includes('/tags/list')) {
        const page = JSON.stringify({ name: 'hostile/loop', tags: ['0.9.0'] });
        return void res
          .writeHead(200, { 'content-type': 'application/json', link: `<${req.url}>; rel="next"` })
          .end(page);
      }
      return forward(req, res, raw, reg.url);
    };
    forwarding.handle((req, res, _body, raw) => pass(req, res, raw));
    const repo = 'hostile/loop';
    const run = await spawnCli(
      ['push', wasm, '--ref', `${net.registry.host}/${repo}:1.0.0,latest`, '--version', '1.0.0'],
      { cwd: tmp.dir, env: env(true), killAfterMs: 60_000 },
    );
    const listed = net.seen.filter((s) => s.url.includes('/tags/list')).length;
    const tags = await tagsOf(repo);
    table.add({
      fault: 'registry: tags-list Link rel=next to itself',
      family: '#12.11 unbounded network reads',
      tries: 1,
      survived: run.code === 1 && listed <= 2 && tags.length === 0 ? 1 : 0,
      dataLost: tags.length ? `tags left: ${tags.join(',')}` : 'none',
      note: `exit ${run.code} in ${run.ms} ms after ${listed} tags-list request(s)`,
    });
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).toMatch(/pagination loops/);
    expect(run.code).toBe(1);
    expect(listed).toBeLessThanOrEqual(2);
    expect(tags).toEqual([]);
  }, 90_000);

  /**
   * `verify` against the hostile net as armed; one row: the run must exit 1
   * naming `limit` (the cap), with `server` having sent less than `maxSent`.
   */
  async function endlessVerify(
    fault: string,
    limit: RegExp,
    server: () => number,
    maxSent: number,
  ) {
    const run = await spawnCli(['verify', `${net.registry.host}/hostile/p:1.0.0`], {
      cwd: tmp.dir,
      env: env(false),
      killAfterMs: 60_000,
    });
    const sent = server();
    table.add({
      fault,
      family: '#12.11 unbounded network reads',
      tries: 1,
      survived: run.code === 1 && limit.test(run.stderr) && sent < maxSent ? 1 : 0,
      dataLost: 'none',
      note: `exit ${run.code} in ${run.ms} ms, peak RSS ${maxRssMiB(run) ?? '?'} MiB, ${mib(sent)} MiB sent before the client hung up`,
    });
    expect(run.stderr).toMatch(limit);
    expect(run.code).toBe(1);
    expect(sent).toBeLessThan(maxSent);
  }

  it('registry: endless manifest (no Content-Length)', async () => {
    net.reset();
    net.registry.handle(
      endlessAnswer(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, 2 ** 31),
    );
    await endlessVerify(
      'registry: endless manifest (verify)',
      /manifest .* over the 4 MiB limit/,
      () => net.registry.bytesSent,
      16 << 20,
    );
  }, 90_000);

  it('registry: endless blob without Content-Length', async () => {
    net.reset();
    // A config of its own digest: a layer sharing the config's digest is
    // looked up as the config, as go-containerregistry does, and never read.
    const layer = `sha256:${'c'.repeat(64)}`;
    const config = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: config, size: 2 },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer, size: 100 },
      ],
    });
    const blob = endlessAnswer(200, { 'content-type': 'application/octet-stream' }, 2 ** 31);
    net.registry.handle((req, res) =>
      req.url!.includes('/manifests/')
        ? void res
            .writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' })
            .end(manifest)
        : req.url!.includes(config)
          ? void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('{}')
          : blob(req, res),
    );
    // verify's cap on a compressed layer (docs/publish.md): 512 MiB, twice the
    // 256 MiB of wasm the gateway reads out of it
    await endlessVerify(
      'registry: endless blob without Content-Length (verify)',
      /over the 512 MiB limit/,
      () => net.registry.bytesSent,
      528 << 20,
    );
  }, 90_000);

  it('token realm: endless token response', async () => {
    net.reset();
    net.registry.handle(bearerChallenge(`${net.realm.url}/token`));
    net.realm.handle(endlessAnswer(200, { 'content-type': 'application/json' }, 2 ** 31));
    await endlessVerify(
      'token realm: endless token response (verify)',
      /token response .* over the 128 KiB limit/,
      () => net.realm.bytesSent,
      16 << 20,
    );
  }, 90_000);
});

/** A download mirror that never ends or trickles (issue #12 item 11, toolchain downloads). */
describe('hostile download mirror', () => {
  let net: HostileNet;
  let n = 0;
  beforeAll(async () => {
    net = await startHostileNet();
  });
  afterAll(async () => net?.close());

  function env(): RunnerEnv {
    const root = join(tmp.dir, `hostile-dl-${++n}`);
    return {
      os: 'linux',
      arch: 'amd64',
      toolCacheDir: join(root, 'tools'),
      tempDir: join(root, 'tmp'),
      retry: { attempts: 3, baseDelayMs: 20, timeoutMs: 500 },
    };
  }

  async function setup(request: Parameters<typeof setupToolchains>[0], e: RunnerEnv) {
    const started = Date.now();
    const err = await setupToolchains(request, e, memoryLog()).then(
      () => undefined,
      (x: unknown) => x as Error,
    );
    return { err, ms: Date.now() - started };
  }

  it('download: Go release listing without end', async () => {
    net.reset();
    net.registry.handle(endlessAnswer(200, { 'content-type': 'application/json' }, 2 ** 31));
    const e = env();
    const { err, ms } = await setup({ go: '1.24.x', mirror: net.registry.url }, e);
    const sent = net.registry.bytesSent;
    const ok = /over the 32 MiB limit/.test(err?.message ?? '') && sent < 48 << 20;
    table.add({
      fault: 'download: Go release listing without end',
      family: '#12.11 unbounded network reads',
      tries: 1,
      survived: ok ? 1 : 0,
      dataLost: listTree(e.toolCacheDir).join(', ') || 'none',
      note: `failed in ${ms} ms after ${Math.floor(sent / (1 << 20))} MiB (cap 32 MiB)`,
    });
    expect(err?.message).toMatch(/over the 32 MiB limit/);
    expect(sent).toBeLessThan(48 << 20);
  }, 60_000);

  it('download: archive trickling in below 32 KiB/s', async () => {
    net.reset();
    net.registry.handle(async (_req, res) => {
      res.writeHead(200, { 'content-length': String(8 << 20) });
      for (let i = 0; i < 400 && !res.destroyed; i++) {
        res.write(Buffer.alloc(64));
        await new Promise((r) => setTimeout(r, 25));
      }
      res.end();
    });
    const e = env();
    const { err, ms } = await setup(
      { tinygo: '0.99.7', sha256: { tinygo: 'a'.repeat(64) }, mirror: net.registry.url },
      e,
    );
    const left = [...halfWrittenToolCache(e.toolCacheDir), ...listTree(e.tempDir)];
    const ok = /too slow/.test(err?.message ?? '') && ms < 10_000 && left.length === 0;
    table.add({
      fault: 'download: archive trickling below 32 KiB/s (never idle)',
      family: '#12.11 unbounded network reads',
      tries: 1,
      survived: ok ? 1 : 0,
      dataLost: left.join(', ') || 'none',
      note: `failed after 3 attempts in ${ms} ms (0.5 s timeout)`,
    });
    expect(err?.message).toMatch(/after 3 attempts: .*too slow/);
    expect(ms).toBeLessThan(10_000);
    expect(left).toEqual([]);
  }, 60_000);
});
