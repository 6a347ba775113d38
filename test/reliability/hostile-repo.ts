/**
 * What the hostile-repository tests share: a canary secret outside the
 * repository that proves, by its access time, whether anything read it; a
 * scan of outputs for the secret (gzip layers included); and a recording
 * module proxy that proves nothing was downloaded.
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * A secret file outside the repository. Its access time is set to the epoch
 * with a later modification time, so under `relatime` (Linux's default) the
 * next read moves it: `wasRead()` then says whether anything read the file.
 */
export class Canary {
  /** One identifier-like word, so a compiler's 'found X' message would quote it whole. */
  readonly secret = `CANARY${randomBytes(12).toString('hex')}`;
  readonly file: string;
  /** Whether this filesystem updates access times at all (probed once). */
  readonly atimeWorks: boolean;

  constructor(readonly dir: string) {
    this.file = join(dir, 'secret.txt');
    writeFileSync(this.file, `${this.secret}\npackage main\n`);
    const probe = join(dir, 'atime-probe');
    writeFileSync(probe, 'x');
    utimesSync(probe, 0, new Date());
    readFileSync(probe);
    this.atimeWorks = statSync(probe).atimeMs > 0;
    this.arm();
  }

  /** Resets the access time; the next read of the file moves it. */
  arm(): void {
    utimesSync(this.file, 0, new Date());
  }

  /** True when something read the file since arm(); false where atime is not kept. */
  wasRead(): boolean {
    return this.atimeWorks && statSync(this.file).atimeMs > 0;
  }
}

/** The bytes of every regular file under `dir` (links are not followed), gzip members expanded. */
function filesUnder(dir: string): { path: string; data: Buffer }[] {
  const out: { path: string; data: Buffer }[] = [];
  // A link is never followed, the directory itself included.
  if (!lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) return out;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && st.size < 64 << 20) {
        const data = readFileSync(p);
        out.push({ path: p, data });
        if (data[0] === 0x1f && data[1] === 0x8b) {
          try {
            out.push({ path: `${p} (gunzipped)`, data: gunzipSync(data) });
          } catch {
            // not gzip after all
          }
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** Where `needle` appears: in the given texts (by name) or in files under `dirs`. */
export function leaksOf(
  needles: string[],
  texts: Record<string, string>,
  dirs: string[],
): string[] {
  const found: string[] = [];
  for (const n of needles) {
    for (const [name, text] of Object.entries(texts)) if (text.includes(n)) found.push(name);
    for (const dir of dirs) {
      for (const f of filesUnder(dir))
        if (f.data.includes(n)) found.push(relative(dir, f.path) || f.path);
    }
  }
  return found;
}

/** Every path under `dir`, links included (not followed), relative. */
export function treeOf(dir: string): string[] {
  const out: string[] = [];
  if (!lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) return out;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      out.push(relative(dir, p));
      if (lstatSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** A GOPROXY that answers 404 to everything and records what was asked. */
export interface RecordingProxy {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function recordingProxy(): Promise<RecordingProxy> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.statusCode = 404;
    res.end('not here\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
