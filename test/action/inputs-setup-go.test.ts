/**
 * Issue #15 item 3: setup-go's inputs where they mean the same. go-version
 * ranges, stable and oldstable against a go.dev-format listing;
 * check-latest against the tool cache; cache-dependency-path globs (with
 * go-sum-root kept); cache-hit named as setup-go names it; and
 * $(go env GOPATH)/bin on PATH (test/toolchain/action-setup.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dependencyFilesFromInputs, setupMain } from '../../src/action/setup-steps.js';
import { memoryLog } from '../../src/common/log.js';
import { classifyGoSpec, resolveGoSpec, type GoRelease } from '../../src/toolchain/go-versions.js';
import { resolveVersions } from '../../src/toolchain/plan.js';
import { startCacheService, type CacheService } from '../support/cache-service.js';
import { startMirror, type Mirror } from '../support/mirror.js';
import { captureStdout, runnerEnv, scratch, withEnv } from '../toolchain/helpers.js';

const release = (version: string, stable = true): GoRelease => ({
  version: `go${version}`,
  stable,
  files: [],
});
const LISTING = [
  release('1.26rc1', false),
  release('1.25.3'),
  release('1.25.2'),
  release('1.24.9'),
  release('1.24.2'),
  release('1.23.12'),
  release('1.23.1'),
  release('1.22.10'),
];
const pick = (spec: string) => resolveGoSpec(spec, LISTING, 'go-version').version;

describe('go-version as setup-go reads it', () => {
  it('resolves ranges, lines, stable and oldstable to the newest stable release they allow', () => {
    expect(pick('stable')).toBe('go1.25.3');
    expect(pick('oldstable')).toBe('go1.24.9');
    expect(pick('^1.24')).toBe('go1.25.3');
    expect(pick('~1.23.1')).toBe('go1.23.12');
    expect(pick('>=1.22 <1.24')).toBe('go1.23.12');
    expect(pick('1.22.x')).toBe('go1.22.10');
    expect(pick('1.x')).toBe('go1.25.3');
    expect(pick('1.24.2')).toBe('go1.24.2');
    expect(classifyGoSpec('^1.24', 'x').kind).toBe('range');
    expect(() => pick('^1.30')).toThrow("no stable Go release matches '^1.30'");
    expect(() => classifyGoSpec('newest', 'go-version')).toThrow(
      "go-version: 'newest' is not a Go version",
    );
  });
});

describe('check-latest', () => {
  let server: Server;
  let listingUrl: string;
  let requests = 0;
  const tmp = scratch();
  beforeAll(async () => {
    server = createServer((_, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(LISTING));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    listingUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A complete tool-cache entry for 1.24.2, as @actions/tool-cache writes one.
    const entry = join(tmp.dir, 'toolcache', 'go', '1.24.2', 'x64');
    mkdirSync(join(entry, 'bin'), { recursive: true });
    writeFileSync(`${entry}.complete`, '');
  });
  afterAll(() => {
    server.close();
    tmp.cleanup();
  });

  const resolve = (go: string, checkLatest: boolean) =>
    resolveVersions(
      { go, checkLatest, baseUrls: { go: listingUrl } },
      runnerEnv(tmp.dir),
      memoryLog(),
    ).then((plans) => plans.map((p) => p.version));

  it('false: a cached Go that satisfies the line or range, without asking for the listing', async () => {
    requests = 0;
    expect(await resolve('1.24.x', false)).toEqual(['1.24.2']);
    expect(await resolve('>=1.24.1 <1.25', false)).toEqual(['1.24.2']);
    expect(requests).toBe(0);
  });
  it('true: the newest release the listing allows; stable always asks', async () => {
    requests = 0;
    expect(await resolve('1.24.x', true)).toEqual(['1.24.9']);
    expect(await resolve('stable', false)).toEqual(['1.25.3']);
    expect(await resolve('^1.23', false)).toEqual(['1.24.2']); // the cached one satisfies it
    expect(requests).toBeGreaterThan(0);
  });
});

describe('cache-dependency-path and cache-hit', () => {
  let mirror: Mirror;
  let service: CacheService;
  const tmp = scratch();
  const ws = join(tmp.dir, 'ws');
  beforeAll(async () => {
    [mirror, service] = await Promise.all([startMirror({ go: 'trimmed' }), startCacheService()]);
    for (const p of ['plugins/a', 'plugins/b', 'tools'])
      mkdirSync(join(ws, p), { recursive: true });
    writeFileSync(join(ws, 'plugins/a/go.sum'), 'example.com/a v1.0.0 h1:a=\n');
    writeFileSync(join(ws, 'plugins/b/go.sum'), 'example.com/b v1.0.0 h1:b=\n');
    writeFileSync(join(ws, 'tools/go.sum'), 'example.com/t v1.0.0 h1:t=\n');
  }, 240_000);
  afterAll(async () => {
    await Promise.all([mirror.close(), service.close()]);
    tmp.cleanup();
  });

  const files = (vars: Record<string, string>) =>
    withEnv(vars, () => dependencyFilesFromInputs(ws)).then((r) => ({
      ...r,
      files: r.files.map((f) => f.slice(ws.length + 1)),
    }));

  it('globs relative to the workspace; go-sum-root still works; no match is named', async () => {
    expect(
      (await files({ 'INPUT_CACHE-DEPENDENCY-PATH': 'plugins/**/go.sum', 'INPUT_GO-SUM-ROOT': '' }))
        .files,
    ).toEqual(['plugins/a/go.sum', 'plugins/b/go.sum']);
    expect(
      (await files({ 'INPUT_CACHE-DEPENDENCY-PATH': 'tools/go.sum\nplugins/a/go.sum' })).files,
    ).toEqual(['plugins/a/go.sum', 'tools/go.sum']);
    expect(
      (await files({ 'INPUT_CACHE-DEPENDENCY-PATH': '', 'INPUT_GO-SUM-ROOT': 'tools' })).files,
    ).toEqual(['tools/go.sum']);
    await expect(files({ 'INPUT_CACHE-DEPENDENCY-PATH': 'nothing/**/go.sum' })).rejects.toThrow(
      "input cache-dependency-path: 'nothing/**/go.sum' matches no file in the workspace",
    );
    await expect(files({ 'INPUT_CACHE-DEPENDENCY-PATH': '../outside/go.sum' })).rejects.toThrow(
      'must be a path relative to the repository',
    );
  });

  it('setup/ with a range, check-latest and cache-dependency-path sets cache-hit as setup-go', async () => {
    const out = join(tmp.dir, 'output');
    const path = join(tmp.dir, 'path');
    for (const f of [out, path, join(tmp.dir, 'env'), join(tmp.dir, 'state')]) writeFileSync(f, '');
    mkdirSync(join(tmp.dir, 'temp'), { recursive: true });
    const env = {
      ...service.env(join(tmp.dir, 'temp')),
      GITHUB_OUTPUT: out,
      GITHUB_PATH: path,
      GITHUB_ENV: join(tmp.dir, 'env'),
      GITHUB_STATE: join(tmp.dir, 'state'),
      GITHUB_WORKSPACE: ws,
      RUNNER_TOOL_CACHE: join(tmp.dir, 'hostedtoolcache'),
      RUNNER_TEMP: join(tmp.dir, 'temp'),
      HOME: join(tmp.dir, 'home'),
      GOPATH: join(tmp.dir, 'gopath'),
      GOCACHE: join(tmp.dir, 'gocache'),
      'INPUT_GO-VERSION': `>=1.20 <${Number(mirror.goVersion!.split('.')[0]) + 1}`,
      'INPUT_CHECK-LATEST': 'true',
      'INPUT_CACHE-DEPENDENCY-PATH': 'plugins/**/go.sum',
      INPUT_MIRROR: mirror.url,
      INPUT_CACHE: 'true',
      'INPUT_CACHE-GO-MODULES': 'true',
      PATH: process.env.PATH,
      GOROOT: undefined,
      GOTOOLCHAIN: undefined,
    };
    const { out: stdout } = await captureStdout(() => withEnv(env, () => setupMain()));
    expect(stdout).not.toMatch(/::error::/);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`go-version<<`);
    expect(text).toContain(mirror.goVersion!);
    // A first run: the module cache missed, under both names.
    expect(text).toMatch(/\ncache-hit<<(\S+)\nfalse\n\1/);
    expect(text).toMatch(/\ngo-modules-cache-hit<<(\S+)\nfalse\n\1/);
    expect(readFileSync(path, 'utf8')).toContain(join(tmp.dir, 'gopath', 'bin'));
  }, 240_000);
});
