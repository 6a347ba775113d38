/**
 * Finds the plugins of a repository. By default a plugin is a directory
 * holding a go.mod whose main package builds to a proxy-wasm module (see
 * isProxyWasmPlugin), so Higress's plugins/wasm-go/extensions/* works with
 * no configuration;
 * `plugins` globs select directories explicitly, `exclude` globs drop some.
 */
import { existsSync, readdirSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { messageLocation } from '../common/location.js';
import { InputError } from '../common/errors.js';
import { FILE_LIMITS, inPlugin, inRepository, readContainedText } from '../common/files.js';
import type { Log } from '../common/log.js';
import type { Builder, Plugin } from '../model.js';
import { checkFlagsForBuilder, emptySettings, parseBuildrc } from './buildrc.js';
import { globMatcher } from './glob.js';
import { checkGoInputs, type WalkedDir } from './go-inputs.js';
import { parseGoMod } from './gomod.js';
import { readGoPackage } from './gosource.js';
import { validatePluginName } from './names.js';
import { builderFromModule, isSdkImport, isStandardImport, requiresSdk } from './sdk.js';

export interface DiscoverOptions {
  /** Directory globs (relative to the repository); empty: every proxy-wasm plugin. */
  plugins?: string[];
  exclude?: string[];
  /** The `builder` input: used when a plugin's .buildrc names none. */
  builder?: Builder;
}

// Go ignores directories starting with . or _, and testdata; vendor and
// node_modules hold other people's code.
function skipDir(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.startsWith('_') ||
    name === 'testdata' ||
    name === 'vendor' ||
    name === 'node_modules'
  );
}

interface Candidate extends WalkedDir {
  /** Regular files. */
  entries: string[];
  /** Names that are neither regular files nor directories (links, pipes): read only under the file rule. */
  others: string[];
}

/** Whether the directory holds `name` in any form but a directory. */
function holds(c: Candidate, name: string): boolean {
  return c.entries.includes(name) || c.others.includes(name);
}

function walk(root: string): Candidate[] {
  const out: Candidate[] = [];
  const visit = (dir: string) => {
    let dirents: Dirent[];
    try {
      dirents = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    out.push({
      dir,
      relDir: toPosix(relative(root, dir)),
      entries: dirents.filter((d) => d.isFile()).map((d) => d.name),
      links: dirents.filter((d) => d.isSymbolicLink()).map((d) => d.name),
      others: dirents.filter((d) => !d.isFile() && !d.isDirectory()).map((d) => d.name),
    });
    for (const d of dirents) if (d.isDirectory() && !skipDir(d.name)) visit(join(dir, d.name));
  };
  visit(root);
  return out;
}

export function toPosix(p: string): string {
  return p.split(sep).join('/');
}

/** The go.mod governing `dir`: its own, or the nearest one above it inside the repository. */
export function governingGoMod(repoDir: string, dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const f = join(d, 'go.mod');
    if (existsSync(f)) return f;
    if (resolve(d) === resolve(repoDir) || dirname(d) === d) return undefined;
  }
}

/**
 * A plugin, when no globs say otherwise: a directory with its own go.mod
 * whose `main` package builds to a proxy-wasm module, whatever the path of
 * its SDK import. Read from source and go.mod only (no `go list`), so
 * discovery over a hundred plugins stays in milliseconds:
 * - the package imports a proxy-wasm SDK (or a fork keeping its name), or
 * - it imports a non-standard package and its go.mod requires an SDK,
 *   directly or `// indirect` (Go >= 1.17 lists the whole build's modules).
 * A main package of a module without an SDK (waf's magefiles) is not one.
 */
function isProxyWasmPlugin(c: Candidate): boolean {
  if (!c.entries.includes('go.mod')) return false;
  const pkg = readGoPackage(c.dir, c.entries);
  if (pkg?.name !== 'main') return false;
  if (pkg.imports.some(isSdkImport)) return true;
  if (pkg.imports.every(isStandardImport)) return false;
  try {
    const text = readContainedText(
      join(c.dir, 'go.mod'),
      inPlugin(c.dir, 'go.mod', FILE_LIMITS.goMod),
    );
    return requiresSdk(parseGoMod(text, 'go.mod'));
  } catch {
    return false; // no module directive: not a module Go could build
  }
}

function toPlugin(
  repoDir: string,
  c: Candidate,
  options: DiscoverOptions,
  log: Log,
  walked: Candidate[],
): Plugin {
  const name = validatePluginName(basename(c.dir), c.relDir || '.');
  const modFile = governingGoMod(repoDir, c.dir);
  if (!modFile) throw new InputError(`plugin directory '${c.relDir}': no go.mod in it or above it`);
  const modRel = toPosix(relative(repoDir, modFile));
  const mod = parseGoMod(
    readContainedText(modFile, inRepository(repoDir, modRel, FILE_LIMITS.goMod)),
    modRel,
  );
  const rcPath = join(c.dir, '.buildrc');
  const rcRel = toPosix(relative(repoDir, rcPath));
  let settings = emptySettings();
  let configError: Plugin['configError'];
  // One bad input of a plugin (its .buildrc or its flags, VERSION, a link or
  // a replace its build would read outside the repository) fails that plugin
  // at build (exit 2), not the whole run.
  const own = (file: string, fn: () => void) => {
    if (configError) return;
    try {
      fn();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      configError = {
        message: err.message,
        where: messageLocation(err.message, repoDir) ?? { file },
      };
    }
  };
  own(modRel, () => checkGoInputs(repoDir, c.dir, modFile, mod, walked));
  if (holds(c, '.buildrc')) {
    own(rcRel, () => {
      const text = readContainedText(rcPath, inPlugin(c.dir, rcRel, FILE_LIMITS.buildrc));
      settings = parseBuildrc(text, rcRel, log);
    });
  }
  if (settings.smokeConfig && !existsSync(join(c.dir, settings.smokeConfig))) {
    log.warn(`SMOKE_CONFIG names '${settings.smokeConfig}', which does not exist in ${c.relDir}`, {
      file: rcRel,
    });
  }
  if (!settings.smokeConfig && holds(c, 'smoke.yaml')) settings.smokeConfig = 'smoke.yaml';
  const plugin: Plugin = {
    name,
    dir: c.dir,
    relDir: c.relDir,
    module: mod.module,
    builder: settings.builder ?? options.builder ?? builderFromModule(mod),
    settings,
  };
  own(rcRel, () => checkFlagsForBuilder(settings, plugin.builder));
  if (holds(c, 'VERSION')) {
    const versionRel = toPosix(relative(repoDir, join(c.dir, 'VERSION')));
    own(versionRel, () => {
      const rule = inPlugin(c.dir, versionRel, FILE_LIMITS.version);
      const v = readContainedText(join(c.dir, 'VERSION'), rule).trim();
      if (v) plugin.version = v;
    });
  }
  if (configError) plugin.configError = configError;
  return plugin;
}

/** Plugins of the repository at `repoDir`, sorted by name. Names are unique. */
export async function discoverPlugins(
  repoDir: string,
  options: DiscoverOptions,
  log: Log,
): Promise<Plugin[]> {
  const root = resolve(repoDir);
  if (!existsSync(root)) throw new InputError(`repository directory '${repoDir}' does not exist`);
  const candidates = walk(root);
  const globs = options.plugins?.filter((g) => g.trim()) ?? [];
  const excluded = globMatcher(options.exclude?.filter((g) => g.trim()) ?? []);
  let selected: Candidate[];
  if (globs.length > 0) {
    const matchers = globs.map((g) => ({ glob: g, match: globMatcher([g]) }));
    selected = candidates.filter(
      (c) =>
        c.relDir !== '' &&
        matchers.some((m) => m.match(c.relDir)) &&
        (c.entries.includes('go.mod') || readGoPackage(c.dir, c.entries)?.name === 'main'),
    );
    for (const m of matchers) {
      if (!selected.some((c) => m.match(c.relDir))) {
        throw new InputError(`plugins glob '${m.glob}' matches no directory holding a Go plugin`);
      }
    }
  } else {
    selected = candidates.filter(isProxyWasmPlugin);
  }
  selected = selected.filter((c) => !excluded(c.relDir));
  const plugins = selected.map((c) => toPlugin(root, c, options, log, candidates));
  const byName = new Map<string, Plugin>();
  for (const p of plugins) {
    const other = byName.get(p.name);
    if (other) {
      throw new InputError(
        `two plugin directories share the name '${p.name}': '${other.relDir}' and '${p.relDir}'; exclude one`,
      );
    }
    byName.set(p.name, p);
  }
  log.debug(`discovered ${plugins.length} plugin(s)`);
  return plugins.sort((a, b) => a.name.localeCompare(b.name));
}

/** A plugin with a bad .buildrc stays selected (its build fails, not the others'): said here. */
export function warnConfigErrors(plugins: Plugin[], log: Log): void {
  for (const p of plugins) {
    if (p.configError)
      log.warn(`${p.name} will fail to build: ${p.configError.message}`, p.configError.where);
  }
}
