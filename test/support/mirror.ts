/**
 * A local download mirror in the upstream layouts and names (FACTS.md section
 * 5), serving REAL archives where they can be had here:
 *   go/       go<ver>.linux-amd64.tar.gz packed from this machine's Go (top dir
 *             go/), and the go.dev listing `?mode=json&include=all` with the
 *             sha256 of exactly what is served;
 *   oras/     v<ver>/oras_<ver>_linux_amd64.tar.gz packed from the ORAS built
 *             into .tools/bin, with oras_<ver>_checksums.txt;
 *   tinygo/   v<ver>/tinygo<ver>.linux-amd64.tar.gz: a clearly named STAND-IN
 *             (test/support/tinygo-standin.ts), because real TinyGo cannot be
 *             downloaded here;
 *   binaryen/ version_<v>/binaryen-version_<v>-x86_64-linux.tar.gz: a STAND-IN
 *             wasm-opt, for the same reason.
 * Faults can be injected per path. Archives are packed once into .cache/mirror.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cacheDir, toolsBin } from './paths.js';
import { writeTinygoStandin } from './tinygo-standin.js';

/** The GOROOT of the `go` on PATH: the real Go the mirror packs. */
export const MACHINE_GOROOT = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
const mirrorCache = join(cacheDir, 'mirror');

export type GoFlavor = 'trimmed' | 'full';

/** go1.26.8 -> 1.26.8: the version of the Go this machine has (and the mirror serves). */
export function machineGoVersion(): string {
  return readFileSync(join(MACHINE_GOROOT, 'VERSION'), 'utf8').split('\n')[0]!.replace(/^go/, '');
}

export function builtOrasVersion(): string {
  const out = execFileSync(join(toolsBin, 'oras'), ['version'], { encoding: 'utf8' });
  const m = /Version:\s+(\d+\.\d+\.\d+)/.exec(out);
  if (!m) throw new Error(`cannot read the ORAS version from: ${out}`);
  return m[1]!;
}

/** Builds `out` once with `make(tmp)`; concurrent builders never see half a file. */
async function cached(name: string, make: (tmp: string) => Promise<void>): Promise<string> {
  mkdirSync(mirrorCache, { recursive: true });
  const out = join(mirrorCache, name);
  if (existsSync(out)) return out;
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  await make(tmp);
  renameSync(tmp, out);
  return out;
}

/**
 * GNU tar, as release archives are packed: node-tar 7 wrote PAX mtimes that
 * GNU tar rejects ("Malformed extended header") for some of GOROOT's files.
 */
async function packDir(file: string, cwd: string, entries: string[]): Promise<void> {
  execFileSync('tar', [
    '-C',
    cwd,
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '-I',
    'gzip -1',
    '-cf',
    file,
    ...entries,
  ]);
}

export async function goArchive(
  flavor: GoFlavor,
): Promise<{ file: string; name: string; version: string }> {
  const version = machineGoVersion();
  const name = `go${version}.linux-amd64.tar.gz`;
  // Official archives have the top directory go/; pack from GOROOT's parent.
  const parent = join(MACHINE_GOROOT, '..');
  if (basename(MACHINE_GOROOT) !== 'go') throw new Error(`${MACHINE_GOROOT} is not named go/`);
  const entries = flavor === 'full' ? ['go'] : ['go/VERSION', 'go/bin/go', 'go/bin/gofmt'];
  const file = await cached(`${flavor}-${name}`, (tmp) => packDir(tmp, parent, entries));
  return { file, name, version };
}

export async function orasArchive(): Promise<{ file: string; name: string; version: string }> {
  const version = builtOrasVersion();
  const name = `oras_${version}_linux_amd64.tar.gz`;
  const file = await cached(name, (tmp) => packDir(tmp, toolsBin, ['oras']));
  return { file, name, version };
}

export async function tinygoArchive(version: string): Promise<{ file: string; name: string }> {
  const name = `tinygo${version}.linux-amd64.tar.gz`;
  const file = await cached(`standin-${name}`, async (tmp) => {
    const work = mkdtempSync(join(tmpdir(), 'wpci-tinygo-'));
    writeTinygoStandin(join(work, 'tinygo'), version);
    await packDir(tmp, work, ['tinygo']);
    rmSync(work, { recursive: true, force: true });
  });
  return { file, name };
}

export async function binaryenArchive(version: string): Promise<{ file: string; name: string }> {
  const name = `binaryen-version_${version}-x86_64-linux.tar.gz`;
  const top = `binaryen-version_${version}`;
  const body = Buffer.from(
    `#!/bin/sh\n# wasm-plugin-ci wasm-opt STAND-IN (not binaryen)\necho "wasm-opt version ${version} (stand-in)"\n`,
  );
  const data = tarGz([
    { path: `${top}/`, type: 'dir' },
    { path: `${top}/bin/`, type: 'dir' },
    { path: `${top}/bin/wasm-opt`, type: 'file', body, mode: 0o755 },
  ]);
  return { file: await cached(`standin-${name}`, async (tmp) => writeFileSync(tmp, data)), name };
}

export interface RawEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  body?: Buffer;
  linkpath?: string;
  mode?: number;
}

/** A tar.gz written byte by byte, so tests can build archives no packer would (../, /abs). */
export function tarGz(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const h = Buffer.alloc(512);
    const body = e.body ?? Buffer.alloc(0);
    h.write(e.path, 0, 100, 'utf8');
    const octal = (n: number, len: number) => n.toString(8).padStart(len - 1, '0') + '\0';
    h.write(octal(e.mode ?? (e.type === 'dir' ? 0o755 : 0o644), 8), 100);
    h.write(octal(0, 8), 108);
    h.write(octal(0, 8), 116);
    h.write(octal(e.type === 'file' ? body.length : 0, 12), 124);
    h.write(octal(0, 12), 136);
    h.write({ file: '0', dir: '5', symlink: '2', hardlink: '1' }[e.type], 156);
    if (e.linkpath) h.write(e.linkpath, 157, 100, 'utf8');
    h.write('ustar\0', 257);
    h.write('00', 263);
    h.fill(' ', 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(octal(sum, 7) + ' ', 148);
    blocks.push(h);
    if (e.type === 'file') {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

export type Fault =
  | { kind: 'status'; status: number; times?: number }
  | { kind: 'truncate'; times?: number }
  | { kind: 'reset'; times?: number }
  /** Headers, then silence: a stalled connection. */
  | { kind: 'stall'; times?: number }
  /** Serve these bytes instead of the real file (tampered or hostile archives). */
  | { kind: 'replace'; body: Buffer };

export interface MirrorOptions {
  go?: GoFlavor | false;
  oras?: boolean;
  tinygo?: string[];
  binaryen?: string[];
}

export interface Mirror {
  url: string;
  /** Request paths in arrival order. */
  requests: string[];
  /** sha256 of each served file, by path under the mirror. */
  sha256: Record<string, string>;
  goVersion?: string;
  orasVersion?: string;
  fault(path: string, fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export async function startMirror(options: MirrorOptions = {}): Promise<Mirror> {
  const files = new Map<string, string>(); // URL path -> file on disk
  const texts = new Map<string, string>(); // URL path -> generated body
  const sha256: Record<string, string> = {};
  let goVersion: string | undefined;
  let orasVersion: string | undefined;

  if (options.go !== false) {
    const go = await goArchive(options.go ?? 'trimmed');
    goVersion = go.version;
    const path = `/go/${go.name}`;
    files.set(path, go.file);
    sha256[path] = sha256File(go.file);
    const listing = [
      {
        version: `go${go.version}`,
        stable: true,
        files: [
          {
            filename: go.name,
            os: 'linux',
            arch: 'amd64',
            version: `go${go.version}`,
            sha256: sha256[path],
            size: statSync(go.file).size,
            kind: 'archive',
          },
        ],
      },
    ];
    texts.set('/go/?mode=json&include=all', JSON.stringify(listing));
  }
  if (options.oras !== false) {
    const oras = await orasArchive();
    orasVersion = oras.version;
    const path = `/oras/v${oras.version}/${oras.name}`;
    files.set(path, oras.file);
    sha256[path] = sha256File(oras.file);
    texts.set(
      `/oras/v${oras.version}/oras_${oras.version}_checksums.txt`,
      `${sha256[path]}  ${oras.name}\n`,
    );
  }
  for (const v of options.tinygo ?? []) {
    const t = await tinygoArchive(v);
    const path = `/tinygo/v${v}/${t.name}`;
    files.set(path, t.file);
    sha256[path] = sha256File(t.file);
  }
  for (const v of options.binaryen ?? []) {
    const b = await binaryenArchive(v);
    const path = `/binaryen/version_${v}/${b.name}`;
    files.set(path, b.file);
    sha256[path] = sha256File(b.file);
  }

  const faults = new Map<string, Fault & { used: number }>();
  const requests: string[] = [];

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').replace(/^\/+/, '/');
    requests.push(path);
    const fault = faults.get(path);
    const active =
      fault && (!('times' in fault) || fault.times === undefined || fault.used < fault.times);
    if (fault && active) fault.used++;
    if (active && fault.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (active && fault.kind === 'stall') {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': '1000000',
      });
      res.write(Buffer.alloc(10));
      return; // closed by the client's timeout, or by close()
    }
    if (active && fault.kind === 'status') {
      res
        .writeHead(fault.status, { 'content-type': 'text/plain' })
        .end(`injected ${fault.status}\n`);
      return;
    }
    let body: Buffer | undefined;
    const text = texts.get(path);
    if (active && fault.kind === 'replace') body = fault.body;
    else if (text !== undefined) body = Buffer.from(text);
    const file = files.get(path);
    if (!body && !file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const size = body ? body.length : statSync(file!).size;
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(size),
    });
    if (active && fault.kind === 'truncate') {
      // Half the promised bytes, then the connection dies.
      const half = body ? body.subarray(0, size >> 1) : readFileSync(file!).subarray(0, size >> 1);
      res.write(half, () => req.socket.destroy());
      return;
    }
    if (body) res.end(body);
    else createReadStream(file!).pipe(res);
  }

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sha256,
    goVersion,
    orasVersion,
    fault: (path, fault) => faults.set(path, { ...fault, used: 0 }),
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
