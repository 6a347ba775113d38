/**
 * Wires the five stages: setup -> detect -> build -> smoke -> publish. Both
 * front ends (the action, the CLI) fill in PipelineOptions and call
 * runPipeline; neither holds logic of its own. A plugin that fails a stage is
 * recorded and skips the later ones; the others carry on.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { InputError, PluginFailure } from './common/errors.js';
import { checkLayoutDir, checkOutputDir } from './common/files.js';
import { attachSbom, type SbomOutcome } from './oci/attach-sbom.js';
import {
  deployManifests,
  readPluginSpec,
  type DeployManifest,
  type DeployOptions,
} from './deploy/manifests.js';
import type { Log, SourceLocation } from './common/log.js';
import type { BuildResult, Layout, Plugin, SmokeReport, Toolchains } from './model.js';
import { buildAll, warmGoFacts, type BuildOptions, type BuildOutcome } from './build/build.js';
import { messageLocation } from './common/location.js';
import { limiter, type Slot } from './build/pool.js';
import { runDetect, type DetectStageOptions, type DetectStageResult } from './repo/stage.js';
import { failureText, smokeFailure } from './report.js';
import {
  DEFAULT_SMOKE_CAPS,
  loadSmokeConfig,
  prewarmSmokeWorkers,
  smokeTest,
  type SmokeCaps,
  type SmokeOptions,
} from './smoke/index.js';
import { setupToolchains } from './toolchain/setup.js';
import type {
  PluginToolVersions,
  RunnerEnv,
  SetupResult,
  ToolchainRequest,
} from './toolchain/types.js';
import { discoverPlugins } from './repo/discover.js';
import { publishPlugin, type PublishOutcome, type PublishTarget } from './oci/publish.js';
import { packWasm, type PackedWasm } from './oci/layouts.js';
import { planPluginRelease, type PluginRelease, type ReleaseRules } from './oci/plugin-release.js';

/** Tags, labels and annotations (ReleaseRules, src/oci/plugin-release.ts), layout and target. */
export interface PublishPlan extends ReleaseRules {
  layout?: Layout;
  /** Attach an SPDX SBOM to each artifact pushed to a registry (src/oci/attach-sbom.ts). */
  sbom?: boolean;
  /** Write the manifests that deploy each artifact pushed to a registry (src/deploy/). */
  deploy?: DeployOptions;
  /** Where one plugin goes: a registry repository or a local OCI layout. */
  target(plugin: Plugin): PublishTarget;
}

export interface PipelineOptions {
  repoDir: string;
  /**
   * Install pinned toolchains first (with the GO_VERSION / TINYGO_VERSION of
   * every plugin's .buildrc); without it, the tools on PATH are used.
   * `installed` lets the front end put them on PATH before detect runs `go list`.
   */
  setup?: {
    request: ToolchainRequest;
    runner: RunnerEnv;
    installed?: (result: SetupResult) => void | Promise<void>;
  };
  detect: DetectStageOptions;
  /** Only this plugin (one leg of a matrix); it must be among the plugins found. */
  plugin?: string;
  build: Omit<BuildOptions, 'repoDir' | 'toolchains'>;
  smoke: { enabled: boolean } & Pick<SmokeOptions, 'host' | 'timeoutMs' | 'memoryLimitMb'> & {
      /** The most a plugin's own smoke.yaml may ask for (defaults: DEFAULT_SMOKE_CAPS). */
      caps?: Partial<SmokeCaps>;
    };
  /** Called with the plugins about to be built (e.g. to restore the Go module cache). */
  beforeBuild?: (plugins: Plugin[]) => Promise<void>;
  /** Absent: nothing is published. */
  publish?: PublishPlan;
}

/** Why a plugin failed, in the words its maintainer can act on (see src/report.ts). */
export interface StageFailure {
  stage: 'build' | 'smoke' | 'publish';
  /** The cause: the compiler's errors, the plugin's panic and its source line, ... */
  message: string;
  /** The source line to annotate, relative to the repository. */
  where?: SourceLocation;
  /** The plugin's own input (.buildrc, smoke.yaml) is bad: exit code 2 rather than 1. */
  badInput?: boolean;
  /** What the plugin printed that explains it (a panic's goroutine trace, its last log lines). */
  log?: string;
  /** The gateway's own report (message and in-VM backtrace). */
  detail?: string;
}

/** What happened to one plugin, stage by stage. */
export interface PluginReport {
  plugin: Plugin;
  build?: BuildResult;
  smoke?: SmokeReport;
  publish?: PublishOutcome;
  /** Its tags, labels and annotations, decided before the build (when publishing). */
  release?: PluginRelease;
  /** The SPDX SBOM attached to the pushed artifact. */
  sbom?: SbomOutcome;
  /** Its WasmPlugin / EnvoyExtensionPolicy, pinned by the pushed digest. */
  deploy?: DeployManifest[];
  /** The stage that failed and why; absent when every stage passed. */
  failure?: StageFailure;
}

/** The front ends' exit code: 0, 1 when a plugin failed, 2 when a plugin's own input was bad. */
export function exitCodeOfResult(result: PipelineResult): number {
  if (result.plugins.some((r) => r.failure?.badInput)) return 2;
  return result.ok ? 0 : 1;
}

/** Records a plugin's failure with its one error line (and annotation). */
function fail(report: PluginReport, failure: StageFailure, log: Log): void {
  report.failure = failure;
  log.error(failureText(report.plugin.name, failure), failure.where);
}

export interface PipelineResult {
  setup?: SetupResult;
  detect: DetectStageResult;
  plugins: PluginReport[];
  ok: boolean;
}

function selectOne(detect: DetectStageResult, name: string): Plugin[] {
  const found = detect.discovered.find((p) => p.name === name);
  if (!found) {
    const known = detect.discovered.map((p) => p.name).join(', ') || 'none';
    throw new InputError(`plugin '${name}' not found in the repository (found: ${known})`);
  }
  // A matrix leg keeps the version a release tag gave it in the detect job.
  return [detect.selected.find((p) => p.name === name) ?? found];
}

async function smokeOne(report: PluginReport, options: PipelineOptions, log: Log): Promise<void> {
  const { plugin, build } = report;
  if (!build) return;
  const own = await loadSmokeConfig(plugin.dir, plugin.settings, {
    ...DEFAULT_SMOKE_CAPS,
    ...options.smoke.caps,
  });
  const smoke = await smokeTest(build.wasm, {
    ...own,
    // The plugin's own profile wins over the run-wide default: it knows its gateway.
    host: own.host ?? options.smoke.host,
    timeoutMs: options.smoke.timeoutMs ?? own.timeoutMs,
    memoryLimitMb: options.smoke.memoryLimitMb ?? own.memoryLimitMb,
    file: `${plugin.relDir}/plugin.wasm`,
  });
  report.smoke = smoke;
  await log.group(`smoke ${plugin.name} (${smoke.host})`, async () => {
    for (const p of smoke.phases)
      log.info(`${p.ok ? 'ok  ' : 'FAIL'} ${p.name} ${p.ms.toFixed(1)} ms`);
    for (const l of smoke.logs) log.info(`[${l.level}] ${l.message}`);
    // On the panicking source line when the trace names one, else the plugin's entry file.
    if (!smoke.ok) fail(report, smokeFailure(smoke, plugin, options.repoDir), log);
  });
}

async function publishOne(
  report: PluginReport,
  plan: PublishPlan,
  log: Log,
  packed?: PackedWasm,
): Promise<void> {
  const { plugin, build, smoke, release } = report;
  if (!build || !release) return;
  const tags = release.computed.tags;
  if (!tags.length) {
    log.info(`${plugin.name}: no tags for this event; nothing to publish`);
    return;
  }
  const target = plan.target(plugin);
  // The SBOM referrer needs only the manifest's descriptor: it is attached
  // while the other tags go up and the artifact is read back.
  let sbom: ReturnType<typeof attachSbom> | undefined;
  const attach =
    plan.sbom && target.kind === 'registry'
      ? (manifest: PublishOutcome['manifest']) => {
          sbom = Promise.resolve(packed?.wasm ?? readFile(build.wasm)).then((wasm) =>
            attachSbom(
              {
                plugin: plugin.name,
                target,
                published: { manifest },
                wasm,
                wasmSha256: build.sha256,
                toolchainVersion: build.toolchainVersion,
                version: plugin.version,
                licenses: plan.metadata?.licenses,
                created: plan.metadata?.created,
                source: plan.metadata?.source,
              },
              log,
            ),
          );
          sbom.catch(() => undefined); // awaited below, after the artifact's own outcome
        }
      : undefined;
  try {
    report.publish = await publishPlugin(
      {
        plugin: plugin.name,
        wasm: build.wasm,
        packed,
        pluginDir: plugin.dir,
        layout: plan.layout,
        tags,
        target,
        version: plugin.version,
        metadata: {
          ...plan.metadata,
          title: plugin.name,
          version: plugin.version ?? plan.metadata?.version,
          abiVersion: smoke?.abi ?? undefined,
          builder: plugin.builder,
          toolchainVersion: build.toolchainVersion,
          annotations: release.metadata.manifest,
        },
        onManifest: attach,
      },
      log,
    );
  } finally {
    // A failed push still waits for the SBOM it started: nothing runs on unwatched.
    await sbom?.catch(() => undefined);
  }
  const published = report.publish;
  if (plan.deploy && target.kind === 'registry') {
    const smokeConfig = plan.deploy.withConfig
      ? (await loadSmokeConfig(plugin.dir, plugin.settings)).pluginConfig
      : undefined;
    report.deploy = await deployManifests(
      {
        plugin: plugin.name,
        image: published.image,
        digest: published.digest,
        pluginDir: plugin.dir,
        smokeConfig,
      },
      plan.deploy,
    );
  }
  if (sbom) {
    try {
      report.sbom = await sbom;
    } catch (err) {
      // The artifact is pushed and verified; say so, and fail the plugin for its SBOM.
      throw new PluginFailure(
        `SBOM not attached: ${(err as Error).message}; the artifact was pushed: ${published.references.join(', ')} (${published.digest})`,
        { cause: err },
      );
    }
  }
}

/**
 * Where a plugin's publish waits: at most `jobs` publishes at once, and one
 * writer at a time per local layout directory (plugins may share a layout;
 * its index.json takes one writer).
 */
export function publishSlots(jobs: number): (target: PublishTarget) => Slot {
  const publishSlot = limiter(jobs);
  const layoutWriter = new Map<string, Slot>();
  return (target) => {
    if (target.kind !== 'layout') return publishSlot;
    const dir = resolve(target.dir);
    if (!layoutWriter.has(dir)) layoutWriter.set(dir, limiter(1));
    const writer = layoutWriter.get(dir)!;
    return (fn) => writer(() => publishSlot(fn));
  };
}

/**
 * Build, smoke and publish, pipelined per plugin: a plugin is smoke-tested as
 * soon as its own build is done and published as soon as its smoke passed,
 * while the other plugins are still building. The build stage orders the
 * builds (largest first, one alone first on a cold cache: src/build/schedule.ts),
 * so the largest module's smoke test and upload overlap the smaller builds
 * rather than trail them. Builds, smoke tests and publishes each run at most
 * `jobs` at a time; writes into one local layout run one at a time (plugins may share a
 * layout; its index.json takes one writer). A plugin's layer is compressed while its
 * smoke test runs. Reports keep the plugins' order.
 */
async function buildSmokePublish(
  plugins: Plugin[],
  options: PipelineOptions,
  toolchains: Toolchains | undefined,
  log: Log,
  releases?: Map<Plugin, PluginRelease>,
): Promise<PluginReport[]> {
  const jobs = options.build.jobs ?? availableParallelism();
  if (options.smoke.enabled && plugins.length) prewarmSmokeWorkers(Math.min(jobs, plugins.length));
  const buildOptions = { ...options.build, repoDir: options.repoDir, toolchains, jobs };
  const smokeSlot = limiter(jobs);
  const targetSlot = publishSlots(jobs);
  // An InputError is the run's, not one plugin's: rethrown once everything settled.
  let inputError: InputError | undefined;

  const rest = async (report: PluginReport): Promise<void> => {
    const plan = options.publish;
    // Compression is most of publishing's own work: it runs beside the smoke test,
    // and starts with it, so packed layers never pile up ahead of the smoke tests.
    let packed: Promise<PackedWasm> | undefined;
    const pack = () => {
      if (!plan || (plan.layout ?? 'higress') === 'oci') return;
      const { wasm, sha256, keptLayerFile } = report.build!;
      packed = readFile(wasm).then((bytes) => packWasm(bytes, sha256, keptLayerFile));
      packed.catch(() => undefined); // dropped if the smoke test fails; publish reports it otherwise
    };
    if (options.smoke.enabled) {
      try {
        await smokeSlot(() => {
          pack();
          return smokeOne(report, options, log);
        });
      } catch (err) {
        // Its smoke.yaml is the plugin's own input: it fails that plugin only.
        const badInput = err instanceof InputError;
        const message = String((err as Error).message);
        const where = badInput ? messageLocation(message, options.repoDir) : undefined;
        fail(report, { stage: 'smoke', message, where, badInput }, log);
      }
    } else pack();
    if (!plan || report.failure || inputError) return;
    await targetSlot(plan.target(report.plugin))(async () => {
      try {
        await publishOne(report, plan, log, await packed);
      } catch (err) {
        if (err instanceof InputError) inputError ??= err;
        fail(report, { stage: 'publish', message: (err as Error).message }, log);
      }
    });
  };

  const later: Promise<void>[] = [];
  const reports = new Map<Plugin, PluginReport>();
  // As each build ends, its smoke test and publish start, beside the builds still running.
  const built = (o: BuildOutcome) => {
    // A failed build was reported (one error, one annotation) by the build stage.
    const report: PluginReport = {
      plugin: o.plugin,
      build: o.result,
      release: releases?.get(o.plugin),
    };
    if (o.error || !o.result) {
      const { where, badInput } = o;
      report.failure = { stage: 'build', message: o.error ?? 'build failed', where, badInput };
    }
    reports.set(o.plugin, report);
    if (!report.failure) later.push(rest(report));
  };
  const outcomes = await buildAll(plugins, buildOptions, log, { onBuilt: built });
  for (const o of outcomes) if (!reports.has(o.plugin)) built(o);
  await Promise.all(later);
  if (inputError) throw inputError;
  return plugins.map((p) => reports.get(p)!);
}

/**
 * Output directories reached through a committed link are the run's bad
 * input (exit 2), refused before anything is built (src/common/files.ts).
 */
function refuseLinkedOutputs(plugins: Plugin[], options: PipelineOptions): void {
  const roots = [options.repoDir];
  checkOutputDir(options.build.outDir, roots);
  for (const p of plugins) {
    checkOutputDir(join(options.build.outDir, p.name), roots);
    const target = options.publish?.target(p);
    if (target?.kind === 'layout') checkLayoutDir(target.dir, roots);
  }
}

/** Runs the stages; throws only for bad input (InputError), never for a failing plugin. */
export async function runPipeline(options: PipelineOptions, log: Log): Promise<PipelineResult> {
  let setup: SetupResult | undefined;
  let toolchains: Toolchains | undefined;
  let found: Plugin[] | undefined;
  if (options.setup) {
    const { request, runner, installed } = options.setup;
    // Discovery only parses files, so it can run before any toolchain exists.
    found = await discoverPlugins(options.repoDir, options.detect, log);
    const wanted = options.plugin ? found.filter((p) => p.name === options.plugin) : found;
    const plugins: PluginToolVersions[] = wanted.map((p) => ({
      source: p.settings.file ? relative(options.repoDir, p.settings.file) : p.relDir,
      goVersion: p.settings.goVersion,
      tinygoVersion: p.settings.tinygoVersion,
    }));
    setup = await log.group('setup', () =>
      setupToolchains(
        { ...request, plugins: [...(request.plugins ?? []), ...plugins] },
        runner,
        log,
      ),
    );
    toolchains = { tools: setup.tools };
    await installed?.(setup);
  }

  const detect = await log.group('detect', () =>
    runDetect(options.repoDir, options.detect, log, found),
  );
  const plugins = options.plugin ? selectOne(detect, options.plugin) : detect.selected;
  log.info(
    plugins.length
      ? `plugins: ${plugins.map((p) => p.name).join(', ')} (${detect.reason})`
      : `no plugin to build (${detect.reason})`,
  );

  // Answered while the releases are planned, not in front of the first build
  // (and not asked at all when nothing is built).
  if (plugins.length && options.detect.builder !== 'tinygo')
    warmGoFacts({ toolchains, goCache: options.build.goCache });
  refuseLinkedOutputs(plugins, options);
  // Tags, labels and annotations are decided now: a bad rule fails before any build.
  const plan = options.publish;
  const releases = plan && new Map(plugins.map((p) => [p, planPluginRelease(p, plan, log)]));
  if (plan?.deploy) for (const p of plugins) await readPluginSpec(p.dir); // a bad spec.yaml fails now
  await options.beforeBuild?.(plugins);
  const reports = await buildSmokePublish(plugins, options, toolchains, log, releases);
  return { setup, detect, plugins: reports, ok: reports.every((r) => !r.failure) };
}

/** The local OCI layout target the CLI uses by default: one layout per plugin. */
export function layoutTarget(root: string): (plugin: Plugin) => PublishTarget {
  return (plugin) => ({ kind: 'layout', dir: join(root, plugin.name) });
}
