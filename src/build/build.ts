/**
 * The build stage: every plugin compiled to wasm with its .buildrc flags, in
 * parallel (one job per core by default) sharing one GOCACHE. Each plugin's
 * output is kept in its own log group, compiler errors become file:line
 * annotations, and a wasm is only ever renamed into place once complete.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { delimiter, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PluginFailure } from '../common/errors.js';
import { checkOutputDir, FILE_LIMITS, inRepository, readContainedText } from '../common/files.js';
import { keepModule, keptModuleFile, placeKeptModule } from './link-cache.js';
import { startTask, type Log, type SourceLocation, type Task } from '../common/log.js';
import type { BuildResult, Plugin, Toolchains, ToolName } from '../model.js';
import { governingGoMod } from '../repo/discover.js';
import { checkGoLines, parseGoMod, type GoMod } from '../repo/gomod.js';
import { usesNottinygc } from '../repo/sdk.js';
import { goCommandEnv, goToolchain } from '../toolchain/go-env.js';
import {
  goBuildCommand,
  tinygoBuildCommand,
  wasmOptCommand,
  type BuildCommand,
} from './commands.js';
import { compilerMessage, parseDiagnostics, type Diagnostic } from './diagnostics.js';
import { execTool } from './exec.js';
import { runGoTest } from './gotest.js';
import { mapLimit } from './pool.js';
import {
  buildOrder,
  guessFromSources,
  historyKey,
  HISTORY_FILE,
  primers,
  readHistory,
  recordBuilds,
  writeHistory,
  type PluginCost,
} from './schedule.js';

export interface BuildOptions {
  /** Repository root: annotations are relative to it. */
  repoDir: string;
  /** Where `<plugin>/plugin.wasm` go. */
  outDir: string;
  /** Parallel builds; default: the number of cores. */
  jobs?: number;
  /** Shared Go build cache; default: Go's own. */
  goCache?: string;
  /** Installed toolchains (setup stage); default: go / tinygo / wasm-opt on PATH. */
  toolchains?: Toolchains;
  /** Run wasm-opt on each module; `true` uses the default arguments. */
  wasmOpt?: boolean | { args: string[] };
  /** Run the plugin's own Go tests natively with WASM_FILE_PATH set to the wasm. */
  goTest?: boolean;
}

export interface BuildOutcome {
  plugin: Plugin;
  result?: BuildResult;
  /** Why it failed, for humans (the compiler's own messages); absent on success. */
  error?: string;
  /** Where the failure is, for its one annotation. */
  where?: SourceLocation;
  /** The plugin's own input (its .buildrc) is bad: exit code 2. */
  badInput?: boolean;
  diagnostics: Diagnostic[];
  /** Worth a look, not a failure (a go.mod toolchain line newer than the Go in use). */
  warnings?: Diagnostic[];
  output: string;
}

interface Tool {
  cmd: string;
  /** PATH entries the tool needs (its own bin directory). */
  path: string[];
  version?: string;
}

/** The tool of `name` to use: the installed version asked for, else the newest installed, else PATH. */
function pickTool(toolchains: Toolchains | undefined, name: ToolName, wanted?: string): Tool {
  const installs = toolchains?.tools.filter((t) => t.tool === name) ?? [];
  const pick =
    installs.find((t) => t.version === wanted || t.version === wanted?.replace(/^go/, '')) ??
    installs.at(-1);
  if (!pick) return { cmd: name, path: [] };
  return { cmd: join(pick.binDir, name), path: [pick.binDir], version: pick.version };
}

const versions = new Map<string, Promise<string>>();

/** `go env GOVERSION` / `tinygo version`, once per binary. */
function toolVersion(tool: Tool, kind: 'go' | 'tinygo', env: NodeJS.ProcessEnv): Promise<string> {
  const key = `${kind}:${tool.cmd}`;
  let v = versions.get(key);
  if (!v) {
    const argv = kind === 'go' ? [tool.cmd, 'env', 'GOVERSION'] : [tool.cmd, 'version'];
    v = execTool(argv, { cwd: process.cwd(), env }).then((r) => {
      if (r.code !== 0) throw new Error(`${argv.join(' ')} failed: ${r.output.trim()}`);
      const out = r.output.trim();
      return kind === 'go'
        ? out.replace(/^go/, '')
        : (/tinygo version (\S+)/.exec(out)?.[1] ?? out);
    });
    versions.set(key, v);
  }
  return v;
}

/** What the tools' environment gets added for the build cache the run names, if it names one. */
function goCacheEnv(options: Pick<BuildOptions, 'goCache'>): Record<string, string> {
  return options.goCache ? { GOCACHE: options.goCache } : {};
}

/** The environment of a tool: `base` plus `added`, its PATH entries first, GOTOOLCHAIN ours. */
function envWith(
  base: NodeJS.ProcessEnv,
  added: Record<string, string>,
  path: string[],
): NodeJS.ProcessEnv {
  const env = goCommandEnv(added, base);
  if (path.length) env.PATH = [...path, base.PATH ?? ''].join(delimiter);
  return env;
}

/**
 * The module's sha256, read a MiB at a time into one buffer: a whole-file
 * read would be one more module-sized allocation per plugin in a process
 * whose garbage collector already sees every module several times.
 */
async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(1 << 20);
  const handle = await open(file, 'r');
  try {
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

// `go: downloading m v1.2.3`: what a cold build spends its first minutes on.
const MODULE_PROGRESS = /^go: (?:downloading|finding|extracting) .*$/gm;

/** The plugin's governing go.mod, read under the file rule, and its repository-relative name. */
function readGoMod(options: BuildOptions, plugin: Plugin): { mod: GoMod; rel: string } | undefined {
  const file = governingGoMod(options.repoDir, plugin.dir);
  if (!file) return undefined;
  const rel = relative(options.repoDir, file).split(sep).join('/');
  const text = readContainedText(file, inRepository(options.repoDir, rel, FILE_LIMITS.goMod));
  return { mod: parseGoMod(text, rel), rel };
}

/** Where one plugin's module goes: `<outDir>/<plugin>`. */
function pluginOutDir(options: BuildOptions, plugin: Plugin): string {
  return resolve(options.outDir, plugin.name);
}

async function buildOne(
  plugin: Plugin,
  options: BuildOptions,
  task: Task,
  cacheDir?: string,
): Promise<BuildOutcome> {
  if (plugin.configError) {
    const { message, where } = plugin.configError;
    return { plugin, error: message, where, badInput: true, diagnostics: [], output: '' };
  }
  const started = performance.now();
  const dir = pluginOutDir(options, plugin);
  const wasm = join(dir, 'plugin.wasm');
  const tmp = join(dir, `.plugin.${process.pid}.wasm.tmp`);
  const added = goCacheEnv(options);
  let command: BuildCommand;
  let tool: Tool;
  let version: string;
  const goMod = readGoMod(options, plugin);
  const goTool = pickTool(options.toolchains, 'go', plugin.settings.goVersion);
  const goVersion = await toolVersion(goTool, 'go', envWith(process.env, added, goTool.path));
  if (plugin.builder === 'tinygo') {
    tool = pickTool(options.toolchains, 'tinygo', plugin.settings.tinygoVersion);
    tool.path.push(...goTool.path);
    version = await toolVersion(tool, 'tinygo', envWith(process.env, added, tool.path));
    const customGc = goMod ? usesNottinygc(goMod.mod) : false;
    command = tinygoBuildCommand(plugin, tmp, { version, customGc, tinygo: tool.cmd });
  } else {
    tool = goTool;
    version = goVersion;
    command = goBuildCommand(plugin, tmp, tool.cmd);
  }
  // The go line against the Go in use, before building: a clear error naming
  // go.mod:line, not the compiler's, and never another toolchain fetched.
  const lines = goMod ? checkGoLines(goMod.mod, goVersion, goToolchain()) : [];
  const located = (severity: 'error' | 'warning'): Diagnostic[] =>
    lines
      .filter((l) => l.severity === severity)
      .map((l) => ({ message: l.message, where: { file: goMod!.rel, line: l.line } }));
  const warnings = located('warning');
  const tooNew = located('error');

  checkOutputDir(dir, [options.repoDir]);
  mkdirSync(dir, { recursive: true });
  // Whatever sits where go and wasm-opt write goes first: written through, a
  // link left there would send the module elsewhere.
  rmSync(tmp, { force: true });
  rmSync(`${tmp}.opt`, { force: true });
  // A failed build must not leave the previous module looking like its output:
  // it moves aside. For go (without wasm-opt) it moves to where go writes, so
  // that go, finding its build ID up to date, can skip the link altogether.
  const previous = lstatSync(wasm, { throwIfNoEntry: false });
  const linkSkippable = plugin.builder === 'go' && !options.wasmOpt;
  if (linkSkippable && previous?.isFile()) renameSync(wasm, tmp);
  else rmSync(wasm, { force: true });
  // Else the module this plugin's last build left beside the build cache (link-cache.ts).
  const kept = linkSkippable && cacheDir ? keptModuleFile(cacheDir, historyKey(plugin)) : undefined;
  // A previous output moved to go's output path already: go judges that one.
  if (kept && !previous?.isFile()) placeKeptModule(kept, tmp);
  const env = { ...command.env, ...added };
  const fail = (error: string, output: string, diagnostics: Diagnostic[] = []): BuildOutcome => {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}.opt`, { force: true });
    const where = diagnostics.find((d) => d.where)?.where;
    return { plugin, error, where, diagnostics, warnings, output };
  };
  if (tooNew.length) {
    const at = tooNew[0]!.where!;
    return fail(`${at.file}${at.line ? `:${at.line}` : ''}: ${tooNew[0]!.message}`, '', tooNew);
  }
  let downloads = 0;
  const built = await execTool(command.argv, {
    cwd: command.cwd,
    env: envWith(process.env, env, tool.path),
    onOutput: (text) => {
      const lines = text.match(MODULE_PROGRESS);
      if (!lines) return;
      downloads += lines.length;
      task.update(`${lines.at(-1)} (${downloads} module(s) so far)`);
    },
  });
  let output = `$ ${command.argv.join(' ')}\n${built.output}`;
  if (built.code !== 0 || !existsSync(tmp)) {
    const diagnostics = parseDiagnostics(built.output, command.cwd, options.repoDir);
    const message =
      compilerMessage(built.output, command.cwd, options.repoDir) ||
      `${plugin.builder} build exited with code ${built.code}`;
    return fail(message, output, diagnostics);
  }
  if (options.wasmOpt) {
    const optTool = pickTool(options.toolchains, 'wasm-opt');
    const args = typeof options.wasmOpt === 'object' ? options.wasmOpt.args : undefined;
    const optOut = `${tmp}.opt`;
    const argv = wasmOptCommand(tmp, optOut, args, optTool.cmd);
    const opt = await execTool(argv, { cwd: dir, env: envWith(process.env, {}, optTool.path) });
    output += `$ ${argv.join(' ')}\n${opt.output}`;
    if (opt.code !== 0 || !existsSync(optOut))
      return fail(`wasm-opt exited with code ${opt.code}`, output);
    renameSync(optOut, tmp);
  }
  renameSync(tmp, wasm); // atomic: a reader never sees half a module
  const result: BuildResult = {
    plugin,
    wasm,
    size: statSync(wasm).size,
    sha256: await sha256(wasm),
    ms: Math.round(performance.now() - started),
    command: command.argv.map((a) => (a === tmp ? wasm : a)),
    env,
    toolchainVersion: version,
    // Beside the kept module, under the same plugin key.
    keptLayerFile: kept?.replace(/\.wasm$/, '.tar.gz'),
  };
  if (kept) keepModule(kept, wasm, result.sha256);
  if (options.goTest) {
    const goTool = pickTool(options.toolchains, 'go', plugin.settings.goVersion);
    const test = await runGoTest(plugin, wasm, { ...options, go: goTool.cmd, path: goTool.path });
    output += test.output;
    if (!test.ok) {
      const where = test.diagnostics.find((d) => d.where)?.where;
      const { error, diagnostics } = test;
      return { plugin, result, error, where, diagnostics, warnings, output };
    }
  }
  return { plugin, result, diagnostics: [], warnings, output };
}

const goCaches = new Map<string, Promise<string | undefined>>();

/**
 * The Go build cache the builds use: GOCACHE given, else the environment's
 * GOCACHE when it is an absolute path (go takes the variable before its env
 * file and refuses a relative one), else `go env GOCACHE`; undefined when off.
 */
function buildCacheDir(
  options: Pick<BuildOptions, 'goCache' | 'toolchains'>,
): Promise<string | undefined> {
  if (options.goCache) return Promise.resolve(resolve(options.goCache));
  const fromEnv = process.env.GOCACHE;
  if (fromEnv && isAbsolute(fromEnv)) return Promise.resolve(fromEnv);
  const tool = pickTool(options.toolchains, 'go');
  const key = `${tool.cmd}\0${process.env.GOCACHE ?? ''}`;
  let dir = goCaches.get(key);
  if (!dir) {
    const argv = [tool.cmd, 'env', 'GOCACHE'];
    dir = execTool(argv, { cwd: process.cwd(), env: envWith(process.env, {}, tool.path) }).then(
      (r) => {
        const out = r.output.trim();
        return r.code === 0 && isAbsolute(out) ? out : undefined;
      },
      () => undefined,
    );
    goCaches.set(key, dir);
  }
  return dir;
}

/**
 * Asks the default go for its version and build cache now (each asked once
 * per binary, as the builds ask), so that the answers are in when the first
 * build needs them while detection and release planning run meanwhile. A
 * failure here is the build's to report, when it asks again.
 */
export function warmGoFacts(options: Pick<BuildOptions, 'goCache' | 'toolchains'>): void {
  const go = pickTool(options.toolchains, 'go');
  toolVersion(go, 'go', envWith(process.env, goCacheEnv(options), go.path)).catch(() => undefined);
  buildCacheDir(options).catch(() => undefined);
}

/** `go 1.24.4`, `tinygo 0.34.0`: what a plugin builds with (the build cache keys by it). */
async function toolchainOf(plugin: Plugin, options: BuildOptions): Promise<string> {
  const added = goCacheEnv(options);
  const go = pickTool(options.toolchains, 'go', plugin.settings.goVersion);
  if (plugin.builder === 'go')
    return `go ${await toolVersion(go, 'go', envWith(process.env, added, go.path))}`;
  const tinygo = pickTool(options.toolchains, 'tinygo', plugin.settings.tinygoVersion);
  const path = [...tinygo.path, ...go.path];
  return `tinygo ${await toolVersion(tinygo, 'tinygo', envWith(process.env, added, path))}`;
}

/** The size of the module an earlier build left in the output directory. */
function previousModuleSize(options: BuildOptions, plugin: Plugin): number | undefined {
  const st = lstatSync(join(pluginOutDir(options, plugin), 'plugin.wasm'), {
    throwIfNoEntry: false,
  });
  return st?.isFile() ? st.size : undefined;
}

export interface Schedule {
  /** Build alone, before the others (a cold cache). */
  first: Plugin[];
  /** Then these, largest first, `jobs` at a time. */
  rest: Plugin[];
  toolchains: Map<Plugin, string>;
  /** The Go build cache (the history and the kept modules live in it), when there is one. */
  cacheDir?: string;
  historyFile?: string;
}

/** What to build when (src/build/schedule.ts), from the history in the build cache. */
export async function scheduleBuilds(
  plugins: Plugin[],
  options: BuildOptions,
  jobs: number,
): Promise<Schedule> {
  // Both ask go (its version, its cache): at once, so the first build waits for one.
  const [cache, toolchains] = await Promise.all([
    buildCacheDir(options),
    Promise.all(
      // A toolchain that cannot even report its version fails the build itself.
      plugins.map((p) => toolchainOf(p, options).catch(() => p.builder as string)),
    ),
  ]);
  const historyFile = cache && join(cache, HISTORY_FILE);
  const history = readHistory(historyFile);
  const recorded = new Set([...history.values()].map((r) => r.toolchain));
  const costs = plugins.map((plugin, i): PluginCost => {
    const goMod = governingGoMod(options.repoDir, plugin.dir);
    return {
      plugin,
      toolchain: toolchains[i]!,
      size: history.get(historyKey(plugin))?.size ?? previousModuleSize(options, plugin),
      guess: () => guessFromSources(plugin.dir, goMod && join(dirname(goMod), 'go.sum')),
      warm: recorded.has(toolchains[i]!),
    };
  });
  const ordered = buildOrder(costs);
  const first = new Set(primers(ordered, jobs));
  return {
    first: [...first].map((c) => c.plugin),
    rest: ordered.filter((c) => !first.has(c)).map((c) => c.plugin),
    toolchains: new Map(costs.map((c) => [c.plugin, c.toolchain])),
    cacheDir: cache,
    historyFile,
  };
}

/** Adds this run's builds to the history; a cache we cannot write only loses the order. */
function saveHistory(schedule: Schedule, outcomes: BuildOutcome[], log: Log): void {
  if (!schedule.historyFile) return;
  const builds = outcomes.flatMap((o) =>
    o.result
      ? [
          {
            key: historyKey(o.plugin),
            record: {
              size: o.result.size,
              ms: o.result.ms,
              toolchain: schedule.toolchains.get(o.plugin) ?? o.plugin.builder,
              at: Date.now(),
            },
          },
        ]
      : [],
  );
  if (!builds.length) return;
  try {
    writeHistory(schedule.historyFile, recordBuilds(readHistory(schedule.historyFile), builds));
  } catch (err) {
    log.debug(`build history not saved: ${(err as Error).message}`);
  }
}

/** Called as each plugin's build ends (the pipeline starts its smoke test there). */
export interface BuildHooks {
  onBuilt?: (outcome: BuildOutcome) => void;
}

/**
 * Builds every plugin, largest first, `jobs` at a time (one alone first on a
 * cold cache; see src/build/schedule.ts); one outcome per plugin in input
 * order, failures included.
 */
export async function buildAll(
  plugins: Plugin[],
  options: BuildOptions,
  log: Log,
  hooks: BuildHooks = {},
): Promise<BuildOutcome[]> {
  const jobs = options.jobs ?? availableParallelism();
  // A committed link on the way to an output directory is the run's bad input (exit 2).
  checkOutputDir(options.outDir, [options.repoDir]);
  for (const p of plugins) checkOutputDir(pluginOutDir(options, p), [options.repoDir]);
  const schedule = await scheduleBuilds(plugins, options, jobs);
  const one = async (plugin: Plugin): Promise<BuildOutcome> => {
    const task = startTask(log, `${plugin.builder} build ${plugin.name}`);
    const outcome = await buildOne(plugin, options, task, schedule.cacheDir)
      .catch((err: unknown): BuildOutcome => ({
        plugin,
        error: (err as Error).message,
        diagnostics: [],
        output: '',
      }))
      .finally(() => task.end());
    // One group per plugin, written once it is done, so parallel output never interleaves.
    await log.group(`${plugin.builder} build ${plugin.name}`, async () => {
      if (outcome.output) log.info(outcome.output.trimEnd());
      for (const w of outcome.warnings ?? []) log.warn(w.message, w.where);
      // One failure, one annotation: on the first error's line, with every message.
      if (outcome.error) log.error(`${plugin.name}: build failed: ${outcome.error}`, outcome.where);
      else if (outcome.result) {
        log.info(
          `${plugin.name}: ${outcome.result.size} bytes, sha256 ${outcome.result.sha256}, ${outcome.result.ms} ms`,
        );
      }
    });
    hooks.onBuilt?.(outcome);
    return outcome;
  };
  const outcomes = new Map<Plugin, BuildOutcome>();
  const record = (list: Plugin[], settled: PromiseSettledResult<BuildOutcome>[]) =>
    settled.forEach((s, i) =>
      outcomes.set(
        list[i],
        s.status === 'fulfilled'
          ? s.value
          : {
              plugin: list[i],
              error: String((s.reason as Error)?.message ?? s.reason),
              diagnostics: [],
              output: '',
            },
      ),
    );
  record(schedule.first, await mapLimit(schedule.first, jobs, one));
  record(schedule.rest, await mapLimit(schedule.rest, jobs, one));
  saveHistory(schedule, [...outcomes.values()], log);
  return plugins.map((p) => outcomes.get(p) as BuildOutcome);
}

/** Builds every plugin; throws a PluginFailure naming the ones that failed. */
export async function buildPlugins(
  plugins: Plugin[],
  options: BuildOptions,
  log: Log,
): Promise<BuildResult[]> {
  const outcomes = await buildAll(plugins, options, log);
  const failed = outcomes.filter((o) => o.error);
  if (failed.length) {
    throw new PluginFailure(
      `build failed: ${failed.map((o) => `${o.plugin.name} (${o.error})`).join(', ')}`,
    );
  }
  return outcomes.map((o) => o.result as BuildResult);
}
