// Lazily imported npm packages in the bundles: `await import('pkg')` must give
// the same named exports in dist/ as under Node from source.
//
// esbuild with code splitting puts a lazily imported CommonJS package in a
// chunk of its own whose only export is `default` (module.exports): its named
// exports are known only at run time, and an ES module cannot export names
// decided at run time (evanw/esbuild#3245). `const { parse } = await
// import('yaml')` then gives undefined in dist/ while it works under Node,
// which reads the names from the CommonJS source. So:
//
// - lazyCommonJs() makes each lazily imported CommonJS package a small ES
//   module facade that requires the package and exports, by name, exactly the
//   names Node's own import() gives for it (read once at build time);
// - lazyChunkProblems() checks, from the build's metafile, that every chunk
//   loaded lazily for an npm package exports at least the names Node gives.
import { readFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const NAMESPACE = 'lazy-commonjs';

/** How Node loads a file: .cjs and .mjs say so; a .js file follows its package's "type". */
export function isCommonJs(file) {
  if (file.endsWith('.cjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) return JSON.parse(readFileSync(pkg, 'utf8')).type !== 'module';
    if (dirname(dir) === dir) return true;
  }
}

/** The names Node's import() gives for a file, without `default`. */
export async function nodeExportNames(file) {
  const ns = await import(pathToFileURL(file).href);
  return Object.keys(ns)
    .filter((n) => n !== 'default')
    .sort();
}

/** esbuild plugin: a lazily imported CommonJS package becomes an ESM facade with named exports. */
export function lazyCommonJs() {
  return {
    name: 'lazy-commonjs',
    setup(build) {
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      // Bare specifiers only: packages, not our own relative modules (those are ESM).
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === NAMESPACE) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: 'dynamic-import',
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: NAMESPACE,
        });
        if (resolved.errors.length || resolved.external || !isCommonJs(resolved.path))
          return undefined; // esbuild resolves it as usual (and reports any error)
        // Relative to the build's root: no path of this checkout reaches the bundles.
        return { path: relative(root, resolved.path), namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const file = resolve(root, args.path);
        const names = await nodeExportNames(file);
        const lines = [
          `const m = require(${JSON.stringify(`./${basename(file)}`)});`,
          'export default m;',
          ...names.map((n, i) => `const n${i} = m[${JSON.stringify(n)}];`),
          `export { ${names.map((n, i) => `n${i} as ${JSON.stringify(n)}`).join(', ')} };`,
        ];
        return { contents: lines.join('\n'), loader: 'js', resolveDir: dirname(file) };
      });
    },
  };
}

/** The file a metafile entry point names: `namespace:path` or a path relative to `root`. */
function entryFile(entryPoint, root) {
  const path = entryPoint.startsWith(`${NAMESPACE}:`)
    ? entryPoint.slice(NAMESPACE.length + 1)
    : entryPoint;
  return resolve(root, path);
}

/**
 * Chunks loaded lazily for an npm package that lack a name Node's import() of
 * that package gives: one message per chunk, naming the missing exports.
 */
export async function lazyChunkProblems(metafile, root) {
  const problems = [];
  for (const [output, info] of Object.entries(metafile.outputs)) {
    if (!info.entryPoint || !output.endsWith('.js')) continue;
    const file = entryFile(info.entryPoint, root);
    if (!file.split(/[\\/]/).includes('node_modules')) continue; // our own modules: ESM
    const have = new Set(info.exports);
    const missing = (await nodeExportNames(file)).filter((n) => !have.has(n));
    if (missing.length)
      problems.push(
        `${output} (loaded lazily for ${info.entryPoint}) does not export ${missing.join(', ')}, ` +
          'which import() gives under Node',
      );
  }
  return problems;
}

const DEFERRED = 'deferred-oidc';

/**
 * esbuild plugin: @actions/core imports its OIDC client at the top, and with
 * it @actions/http-client, undici and tunnel (half a megabyte, 40-110 ms to
 * load on this project's machine) into every process that reads an input. Nothing
 * here asks for an ID token, so the client becomes a stand-in that imports
 * the real one on the first getIDToken call: same behaviour, loaded when used.
 * (No bundle calls getIDToken, so esbuild drops the stand-in; the chunk it
 * would load is still written, and nothing loads it.)
 */
export function deferCoreOidc() {
  return {
    name: DEFERRED,
    setup(build) {
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      build.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) => {
        if (!/[\\/]@actions[\\/]core[\\/]lib[\\/]core\.js$/.test(args.importer)) return undefined;
        // Relative to the build's root: no path of this checkout reaches the bundles.
        return {
          path: relative(root, join(args.resolveDir, 'oidc-utils.js')),
          namespace: DEFERRED,
        };
      });
      build.onLoad({ filter: /.*/, namespace: DEFERRED }, (args) => {
        const file = resolve(root, args.path);
        const contents = [
          'export const OidcClient = {',
          `  getIDToken: async (audience) => (await import('./${basename(file)}')).OidcClient.getIDToken(audience),`,
          '};',
        ].join('\n');
        return { contents, loader: 'js', resolveDir: dirname(file) };
      });
    },
  };
}
