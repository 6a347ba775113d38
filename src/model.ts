/**
 * The data that flows between stages (DESIGN.md). Each stage owns the
 * interface it produces; the others only read it.
 */

export type ToolName = 'go' | 'tinygo' | 'oras' | 'wasm-opt';

/** How an installed tool was obtained on this run. */
export type ToolSource = 'tool-cache' | 'run-cache' | 'download' | 'system';

/** One installed toolchain (setup stage). */
export interface ToolInstall {
  tool: ToolName;
  version: string;
  /** Root of the installation (GOROOT, TINYGOROOT, ...). */
  dir: string;
  /** Directory to put on PATH. */
  binDir: string;
  source: ToolSource;
}

/** Everything the setup stage installed; several versions of a tool may coexist. */
export interface Toolchains {
  tools: ToolInstall[];
}

export type Builder = 'go' | 'tinygo';

/** `.buildrc` after parsing (never sourcing); see src/repo/buildrc.ts. */
export interface BuildSettings {
  /** Source file the settings came from, when there was one. */
  file?: string;
  extraTags: string[];
  builder?: Builder;
  goVersion?: string;
  tinygoVersion?: string;
  /** Extra arguments for the build command, already split into words. */
  buildFlags: string[];
  ldflags?: string;
  smokeHost?: string;
  /** Path of the plugin's smoke config file, relative to the plugin directory. */
  smokeConfig?: string;
  /** Every key as parsed, for keys a later stage reads itself. */
  values: Record<string, string>;
  /** The line each key was set on, for messages. */
  lines?: Record<string, number>;
}

/** A plugin found in the repository (detect stage). */
export interface Plugin {
  /** Directory name; validated to be usable as an image name and matrix value. */
  name: string;
  /** Absolute path of the plugin directory. */
  dir: string;
  /** Path relative to the repository root, with forward slashes. */
  relDir: string;
  /** Go module path from go.mod. */
  module: string;
  builder: Builder;
  settings: BuildSettings;
  /** From a release tag, the VERSION file or an input; absent when none applies. */
  version?: string;
  /**
   * The plugin's own configuration (its .buildrc) could not be read: it fails
   * its build with this message; the other plugins carry on.
   */
  configError?: { message: string; where?: { file: string; line?: number } };
}

/** One plugin built (build stage). */
export interface BuildResult {
  plugin: Plugin;
  wasm: string;
  size: number;
  sha256: string;
  ms: number;
  /** The exact command line, argv form, and the environment it added. */
  command: string[];
  env: Record<string, string>;
  toolchainVersion: string;
  /** Where the plugin's packed layer is kept beside the Go build cache (src/oci/kept-layer.ts). */
  keptLayerFile?: string;
}

export interface SmokePhase {
  name: string;
  ok: boolean;
  ms: number;
}

export interface SmokeLogLine {
  level: string;
  message: string;
}

export interface BacktraceFrame {
  index: number;
  offset: number;
  name: string;
}

export interface SmokeFailure {
  phase: string;
  /** Envoy's wording (FACTS.md section 4). */
  message: string;
  backtrace: BacktraceFrame[];
}

/** The smoke test's verdict on one module; the JSON shape of `smoke --json`. */
export interface SmokeReport {
  ok: boolean;
  host: string;
  abi: string | null;
  entry: string | null;
  phases: SmokePhase[];
  logs: SmokeLogLine[];
  error: SmokeFailure | null;
  /** What the plugin did on the worker VM (the path it took); absent when no VM ran. */
  activity?: SmokeActivity;
}

/**
 * What a plugin did while the smoke test drove it: the observable path.
 * `callback` names the plugin callback it happened in (e.g. proxy_on_request_headers).
 */
export interface SmokeActivity {
  /** Stream callbacks in order, with the action returned (continue / pause / ...). */
  callbacks: { callback: string; context: number; result: string }[];
  localReplies: {
    callback: string;
    status: number;
    details: string;
    body: string;
    headers: [string, string][];
  }[];
  httpCalls: {
    callback: string;
    upstream: string;
    headers: [string, string][];
    body: string;
    timeoutMs: number;
    /** The :status it was answered with (absent while unanswered). */
    answered?: number;
  }[];
  redisCalls: { callback: string; upstream: string; command: string[]; reply?: string }[];
  foreignCalls: { name: string; status: string; count: number }[];
  /** Distinct property paths read (dot-joined), and whether the host had them. */
  properties: { path: string; found: boolean }[];
  /** What the plugin stored with proxy_set_property on the stream (last value per path). */
  propertiesSet: { path: string; value: string }[];
  /** Metrics the plugin defined, with their values at the end. */
  metrics: { kind: string; name: string; value: string }[];
  /** The stream as the gateway would pass it on, after the plugin's edits. */
  request: { headers: [string, string][]; body: string };
  response: { headers: [string, string][]; body: string };
}

export type Layout = 'higress' | 'compat' | 'oci';

/** One plugin published (publish stage). */
export interface PublishResult {
  plugin: string;
  /** Full references pushed, e.g. registry/repo:tag. */
  references: string[];
  digest: string;
  layout: Layout;
  verified: boolean;
  /** Bytes of blobs actually uploaded (0 when the registry had them all). */
  uploadedBytes: number;
}
