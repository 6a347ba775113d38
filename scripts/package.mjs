// Rebuilds dist/: one esbuild bundle per entry point. Users run these bundles
// (the action's main/post, setup/, detect/, the CLI, and the smoke worker that
// the others start), so CI checks that a fresh build equals what is committed.
//
// Each dist/<entry>/ is self-contained: index.js, the chunks that its dynamic
// import()s load lazily (always beside index.js, so import.meta.url of any
// chunk is in dist/<entry>/), package.json marking the files as ESM, and
// licenses.txt listing every npm package bundled into them.
import { build } from 'esbuild';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { deferCoreOidc, lazyChunkProblems, lazyCommonJs } from './lazy-imports.mjs';

// The action entries are tiny files that call run() of the step's module
// (src/action/<name>.ts), the shape @github/local-action runs from source.
const entries = {
  main: 'src/action/entries/main.ts',
  post: 'src/action/entries/post.ts',
  setup: 'src/action/entries/setup.ts',
  'setup-post': 'src/action/entries/setup-post.ts',
  detect: 'src/action/entries/detect.ts',
  cli: 'src/cli/index.ts',
  'smoke-worker': 'src/smoke/worker.ts',
};

// Bundled CommonJS code calls require() for node builtins; an ES module has
// none, so every output file gets one. The import is renamed so it cannot
// clash with a bundled name; esbuild never renames bundled code to `require`,
// which the bundle itself refers to.
const banner = [
  "import { createRequire as __wpciCreateRequire } from 'node:module';",
  'const require = __wpciCreateRequire(import.meta.url);',
].join('\n');

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** The npm package a bundled file comes from: its folder in node_modules, or null. */
function packageDir(input) {
  if (/^[\w-]+:/.test(input)) return null; // a plugin's virtual module, not a package file
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const len = parts[at + 1]?.startsWith('@') ? 2 : 1;
  return parts.slice(0, at + 1 + len).join('/');
}

/** licenses.txt: name, version, license field and license file of each bundled package. */
function licenses(name, metafile) {
  const dirs = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const dir = packageDir(input);
      if (dir && bytesInOutput > 0) dirs.add(dir);
    }
  }
  const packages = [...dirs].map((dir) => {
    const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
    const file = readdirSync(dir)
      .filter((f) => /^(licen[cs]e|copying)/i.test(f))
      .sort(byName)[0];
    const text = file ? readFileSync(`${dir}/${file}`, 'utf8') : null;
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? null);
    return { name: pkg.name, version: pkg.version, license, text };
  });
  packages.sort((a, b) => byName(a.name, b.name) || byName(a.version, b.version));
  const sections = packages.map((p) => {
    const text = p.text
      ? p.text
          .replace(/\r\n?/g, '\n')
          .replace(/[ \t]+$/gm, '')
          .trim()
      : '(the package ships no license file)';
    return `${p.name}@${p.version}\nLicense: ${p.license ?? '(none given)'}\n\n${text}\n`;
  });
  const head =
    `Third-party npm packages bundled into dist/${name}/ (${packages.length}).\n` +
    'Each section: name@version, the license field of its package.json, and its license file.\n';
  return [head, ...sections].join(`\n${'-'.repeat(78)}\n\n`);
}

rmSync('dist', { recursive: true, force: true });
for (const [name, entry] of Object.entries(entries)) {
  const outdir = `dist/${name}`;
  const result = await build({
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    splitting: true,
    chunkNames: '[name]-[hash]',
    // node_modules may be a symlink (a git worktree): keep the paths that end
    // up in the bundles' comments and licenses.txt the same in every checkout.
    preserveSymlinks: true,
    banner: { js: banner },
    // Whitespace and syntax only: full minification measured no faster to
    // start (README, Development), and kept names keep stack traces readable.
    minifyWhitespace: true,
    minifySyntax: true,
    // Legal comments go to the end of each file: a few lines crediting code
    // vendored inside packages (undici's copies of ws and formdata-polyfill)
    // that licenses.txt, which lists packages, cannot name.
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
    // A lazily imported CommonJS package keeps its named exports; @actions/core's
    // OIDC client loads on first use (both in lazy-imports.mjs).
    plugins: [lazyCommonJs(), deferCoreOidc()],
  });
  const problems = await lazyChunkProblems(result.metafile, process.cwd());
  if (problems.length) throw new Error(`package: dist/${name}:\n${problems.join('\n')}`);
  mkdirSync(outdir, { recursive: true });
  writeFileSync(`${outdir}/package.json`, '{\n  "type": "module"\n}\n');
  writeFileSync(`${outdir}/licenses.txt`, licenses(name, result.metafile));
}
// The CLI bundle runs as a command: give it a shebang and the executable bit.
const cli = 'dist/cli/index.js';
const body = readFileSync(cli, 'utf8');
if (!body.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${body}`);
chmodSync(cli, 0o755);
if (!existsSync('dist/smoke-worker/index.js')) throw new Error('package: no smoke worker bundle');
