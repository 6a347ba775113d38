/**
 * Starts the REAL distribution registry (.tools/bin/registry, built by .ci/run)
 * on a free 127.0.0.1 port with a temporary config and storage: anonymous,
 * htpasswd (bcrypt via bcryptjs) or token auth (with test/support/token-server).
 * `stop()` kills it and removes its files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { toolsBin } from './paths.js';
import { startTokenServer, type TokenServer } from './token-server.js';

export type RegistryAuthMode = 'anonymous' | 'htpasswd' | 'token';

export interface TestRegistry {
  /** host:port, usable in references. */
  host: string;
  url: string;
  mode: RegistryAuthMode;
  users: Record<string, string>;
  tokenServer?: TokenServer;
  stop(): Promise<void>;
}

export const TEST_USER = 'ci-bot';
export const TEST_PASSWORD = 's3cret-Pa55';

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function waitUntilUp(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`registry exited early (${child.exitCode}):\n${logs()}`);
    try {
      const res = await fetch(`${url}/v2/`);
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`registry did not come up:\n${logs()}`);
}

export async function startRegistry(mode: RegistryAuthMode = 'anonymous'): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'wpci-registry-'));
  const port = await freePort();
  const users = { [TEST_USER]: TEST_PASSWORD };
  let tokenServer: TokenServer | undefined;
  let auth = '';
  if (mode === 'htpasswd') {
    writeFileSync(join(dir, 'htpasswd'), `${TEST_USER}:${bcrypt.hashSync(TEST_PASSWORD, 4)}\n`);
    auth = `auth:\n  htpasswd:\n    realm: wpci-test\n    path: ${join(dir, 'htpasswd')}\n`;
  } else if (mode === 'token') {
    tokenServer = await startTokenServer(users);
    writeFileSync(join(dir, 'jwks.json'), tokenServer.jwks);
    auth =
      `auth:\n  token:\n    realm: ${tokenServer.url}\n    service: ${tokenServer.service}\n` +
      `    issuer: ${tokenServer.issuer}\n    jwks: ${join(dir, 'jwks.json')}\n`;
  }
  const config =
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\n` +
    `storage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\n` +
    `http:\n  addr: 127.0.0.1:${port}\n  secret: wpci-test-secret\n${auth}`;
  writeFileSync(join(dir, 'config.yml'), config);
  let output = '';
  const child = spawn(join(toolsBin, 'registry'), ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OTEL_TRACES_EXPORTER: 'none', OTEL_SDK_DISABLED: 'true' },
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(url, child, () => output);
  } catch (err) {
    child.kill('SIGKILL');
    await tokenServer?.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    host: `127.0.0.1:${port}`,
    url,
    mode,
    users,
    tokenServer,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise((r) => (timer = setTimeout(r, 3000)));
        await Promise.race([exited, late]);
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await tokenServer?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
