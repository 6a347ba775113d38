/**
 * The bundling boundary itself (scripts/lazy-imports.mjs): esbuild alone
 * loses the named exports of a lazily imported CommonJS package; the facade
 * plugin keeps them; the check that scripts/package.mjs runs on every build
 * sees the difference. And @actions/core's OIDC client, which would load
 * @actions/http-client and undici into every bundle at start-up, loads only
 * when getIDToken is called.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { build, type Plugin } from 'esbuild';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  deferCoreOidc,
  isCommonJs,
  lazyChunkProblems,
  lazyCommonJs,
} from '../../scripts/lazy-imports.mjs';
import { repoRoot } from '../support/paths.js';

// Inside the repository, so that `yaml` resolves from its node_modules.
const work = mkdtempSync(join(repoRoot, '.cache', 'lazy-imports-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Bundles `code` as an entry the way scripts/package.mjs bundles ours, with `plugins`. */
async function bundleEntry(name: string, code: string, plugins: Plugin[]) {
  const entry = join(work, `${name}.mjs`);
  writeFileSync(entry, code);
  const outdir = join(work, name);
  const result = await build({
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    splitting: true,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: repoRoot,
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    plugins,
  });
  return { metafile: result.metafile, outdir };
}

/** Bundles an entry that lazily imports yaml. */
async function bundle(name: string, withFacade: boolean) {
  const { metafile, outdir } = await bundleEntry(
    name,
    "export const load = () => import('yaml');\n",
    withFacade ? [lazyCommonJs()] : [],
  );
  const load = async () =>
    ((await import(pathToFileURL(join(outdir, 'index.js')).href)) as {
      load: () => Promise<Record<string, unknown>>;
    }).load();
  return { metafile, outdir, load };
}

describe('lazily imported CommonJS packages', () => {
  it('yaml is CommonJS under Node; tar and @actions/cache are ES modules', () => {
    expect(isCommonJs(join(repoRoot, 'node_modules', 'yaml', 'dist', 'index.js'))).toBe(true);
    expect(isCommonJs(join(repoRoot, 'node_modules', 'tar', 'dist', 'esm', 'index.min.js'))).toBe(
      false,
    );
    expect(isCommonJs(join(repoRoot, 'node_modules', '@actions', 'cache', 'lib', 'cache.js'))).toBe(
      false,
    );
  });

  it('esbuild alone gives only a default export, and the check says which names are missing', async () => {
    const plain = await bundle('plain', false);
    const ns = await plain.load();
    expect(Object.keys(ns)).toEqual(['default']);
    const problems = await lazyChunkProblems(plain.metafile, repoRoot);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/does not export .*\bYAMLParseError\b.*\bparse\b/);
  });

  it('with the facade the chunk exports what Node gives, and the check passes', async () => {
    const fixed = await bundle('facade', true);
    const ns = await fixed.load();
    const node = (await import('yaml')) as Record<string, unknown>;
    expect(Object.keys(ns).sort()).toEqual(Object.keys(node).sort());
    expect((ns.parse as (t: string) => unknown)('a: [1, 2]')).toEqual({ a: [1, 2] });
    expect(typeof ns.YAMLParseError).toBe('function');
    expect(await lazyChunkProblems(fixed.metafile, repoRoot)).toEqual([]);
    // No path of this checkout in the output: every checkout builds the same bundles.
    for (const f of readdirSync(fixed.outdir))
      expect(readFileSync(join(fixed.outdir, f), 'utf8')).not.toContain(repoRoot);
  });
});

/** Every file an ES module loads before it runs: its static imports, transitively. */
function startupFiles(dir: string, file = 'index.js', seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(dir, file), 'utf8');
  for (const m of code.matchAll(/\bimport\s*(?:[\w{}\s,*$]+from\s*)?["']\.\/([^"']+)["']/g))
    startupFiles(dir, m[1]!, seen);
  return seen;
}

const loadsUndici = (dir: string) =>
  [...startupFiles(dir)].some((f) =>
    readFileSync(join(dir, f), 'utf8').includes('"node_modules/undici/'),
  );

describe("@actions/core's OIDC client", () => {
  const coreBundle = async (name: string, withDeferral: boolean) =>
    (
      await bundleEntry(
        name,
        "export { getInput, getIDToken } from '@actions/core';\nexport const later = () => import('@actions/http-client');\n",
        withDeferral ? [deferCoreOidc()] : [],
      )
    ).outdir;

  it('is loaded at start-up without the plugin, and only when asked for with it', async () => {
    expect(loadsUndici(await coreBundle('core-plain', false))).toBe(true);
    const deferred = await coreBundle('core-deferred', true);
    expect(loadsUndici(deferred)).toBe(false);
    const core = (await import(pathToFileURL(join(deferred, 'index.js')).href)) as {
      getIDToken: (aud?: string) => Promise<string>;
    };
    // The real client answers: it looks for the runner's token URL, which is not set here.
    const saved = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    try {
      await expect(core.getIDToken()).rejects.toThrow(/ACTIONS_ID_TOKEN_REQUEST_URL/);
    } finally {
      if (saved !== undefined) process.env.ACTIONS_ID_TOKEN_REQUEST_URL = saved;
    }
    for (const f of readdirSync(deferred))
      expect(readFileSync(join(deferred, f), 'utf8')).not.toContain(repoRoot);
  });

  it('is not loaded at start-up by any action bundle in dist/', () => {
    for (const entry of ['main', 'post', 'setup', 'setup-post', 'detect'])
      expect([entry, loadsUndici(join(repoRoot, 'dist', entry))]).toEqual([entry, false]);
  });
});
