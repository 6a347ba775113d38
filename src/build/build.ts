/**
 * The build stage: every plugin compiled to wasm with its .buildrc flags, in
 * parallel (one job per core by default) sharing one GOCACHE. Each plugin's
 * output is kept in its own log group, compiler errors become file:line
 * annotations, and a wasm is only ever renamed into place once complete.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { PluginFailure } from '../common/errors.js';
import { startTask, type Log, type SourceLocation, type Task } from '../common/log.js';
import type { BuildResult, Plugin, Toolchains, ToolName } from '../model.js';
import { governingGoMod } from '../repo/discover.js';
import { parseGoMod } from '../repo/gomod.js';
import { usesNottinygc } from '../repo/sdk.js';
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

function envWith(
  base: NodeJS.ProcessEnv,
  added: Record<string, string>,
  path: string[],
): NodeJS.ProcessEnv {
  const env = { ...base, ...added };
  if (path.length) env.PATH = [...path, base.PATH ?? ''].join(delimiter);
  return env;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

// `go: downloading m v1.2.3`: what a cold build spends its first minutes on.
const MODULE_PROGRESS = /^go: (?:downloading|finding|extracting) .*$/gm;

async function buildOne(plugin: Plugin, options: BuildOptions, task: Task): Promise<BuildOutcome> {
  if (plugin.configError) {
    const { message, where } = plugin.configError;
    return { plugin, error: message, where, badInput: true, diagnostics: [], output: '' };
  }
  const started = performance.now();
  const dir = resolve(options.outDir, plugin.name);
  mkdirSync(dir, { recursive: true });
  const wasm = join(dir, 'plugin.wasm');
  const tmp = join(dir, `.plugin.${process.pid}.wasm.tmp`);
  // A failed build must not leave the previous module looking like its output:
  // it moves aside. For go (without wasm-opt) it moves to where go writes, so
  // that go, finding its build ID up to date, can skip the link altogether.
  if (plugin.builder === 'go' && !options.wasmOpt) {
    try {
      renameSync(wasm, tmp);
    } catch {
      // no previous module
    }
  } else rmSync(wasm, { force: true });
  const added: Record<string, string> = {};
  if (options.goCache) added.GOCACHE = options.goCache;
  let command: BuildCommand;
  let tool: Tool;
  let version: string;
  if (plugin.builder === 'tinygo') {
    tool = pickTool(options.toolchains, 'tinygo', plugin.settings.tinygoVersion);
    const goTool = pickTool(options.toolchains, 'go', plugin.settings.goVersion);
    tool.path.push(...goTool.path);
    version = await toolVersion(tool, 'tinygo', envWith(process.env, added, tool.path));
    const modFile = governingGoMod(options.repoDir, plugin.dir);
    const customGc = modFile
      ? usesNottinygc(parseGoMod(readFileSync(modFile, 'utf8'), modFile))
      : false;
    command = tinygoBuildCommand(plugin, tmp, { version, customGc, tinygo: tool.cmd });
  } else {
    tool = pickTool(options.toolchains, 'go', plugin.settings.goVersion);
    version = await toolVersion(tool, 'go', envWith(process.env, added, tool.path));
    command = goBuildCommand(plugin, tmp, tool.cmd);
  }
  const env = { ...command.env, ...added };
  const fail = (error: string, output: string, diagnostics: Diagnostic[] = []): BuildOutcome => {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}.opt`, { force: true });
    return { plugin, error, where: diagnostics.find((d) => d.where)?.where, diagnostics, output };
  };
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
    sha256: sha256(wasm),
    ms: Math.round(performance.now() - started),
    command: command.argv.map((a) => (a === tmp ? wasm : a)),
    env,
    toolchainVersion: version,
  };
  if (options.goTest) {
    const goTool = pickTool(options.toolchains, 'go', plugin.settings.goVersion);
    const test = await runGoTest(plugin, wasm, { ...options, go: goTool.cmd, path: goTool.path });
    output += test.output;
    if (!test.ok) {
      const where = test.diagnostics.find((d) => d.where)?.where;
      return { plugin, result, error: test.error, where, diagnostics: test.diagnostics, output };
    }
  }
  return { plugin, result, diagnostics: [], output };
}

/**
 * The first plugin of each builder, built alone before the others: on a
 * cold cache it compiles the runtime, standard library and SDK once for
 * everybody, where parallel builds would each compile them at the same time.
 */
function primers(plugins: Plugin[], jobs: number): Set<Plugin> {
  const first = new Set<Plugin>();
  if (jobs < 2) return first;
  for (const builder of ['go', 'tinygo'] as const) {
    const same = plugins.filter((p) => p.builder === builder);
    if (same.length > 1) first.add(same[0]);
  }
  return first;
}

/** Builds every plugin; one outcome per plugin in input order, failures included. */
export async function buildAll(
  plugins: Plugin[],
  options: BuildOptions,
  log: Log,
): Promise<BuildOutcome[]> {
  const jobs = options.jobs ?? availableParallelism();
  const one = async (plugin: Plugin): Promise<BuildOutcome> => {
    const task = startTask(log, `${plugin.builder} build ${plugin.name}`);
    const outcome = await buildOne(plugin, options, task)
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
      // One failure, one annotation: on the first error's line, with every message.
      if (outcome.error) log.error(`${plugin.name}: build failed: ${outcome.error}`, outcome.where);
      else if (outcome.result) {
        log.info(
          `${plugin.name}: ${outcome.result.size} bytes, sha256 ${outcome.result.sha256}, ${outcome.result.ms} ms`,
        );
      }
    });
    return outcome;
  };
  const first = primers(plugins, jobs);
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
  const primed = [...first];
  record(primed, await mapLimit(primed, jobs, one));
  const rest = plugins.filter((p) => !first.has(p));
  record(rest, await mapLimit(rest, jobs, one));
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
