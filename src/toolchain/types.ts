/**
 * What the setup stage is asked for and what it runs against. Front ends (the
 * action, the CLI) fill these in; nothing here reads process.env itself.
 */
import type { ToolName } from '../model.js';

export type { ToolName };
export type OsName = 'linux' | 'darwin';
export type ArchName = 'amd64' | 'arm64';

/** One plugin's own wishes, from its `.buildrc` (GO_VERSION, TINYGO_VERSION). */
export interface PluginToolVersions {
  /** Where the wish came from, for error messages (e.g. plugins/foo/.buildrc). */
  source: string;
  goVersion?: string;
  tinygoVersion?: string;
}

export interface ToolchainRequest {
  /** Version specs given directly (action inputs, CLI flags); they win over everything else. */
  go?: string;
  tinygo?: string;
  oras?: string;
  wasmOpt?: string;
  /** Per-plugin versions from .buildrc, used when the direct spec is absent. */
  plugins?: PluginToolVersions[];
  /** go.mod, .go-version or .tool-versions; the last resort for Go (and TinyGo in .tool-versions). */
  goVersionFile?: string;
  /** User-supplied sha256 for a tool archive whose checksum we cannot look up. */
  sha256?: Partial<Record<ToolName, string>>;
  /** Explicit opt-in to install TinyGo/binaryen archives no checksum covers. */
  allowUnverifiedDownloads?: boolean;
  /** A mirror root holding go/, tinygo/, oras/ and binaryen/ (docs/setup.md). */
  mirror?: string;
  /** Per-tool download base URLs; they win over `mirror`. */
  baseUrls?: Partial<Record<ToolName, string>>;
  /**
   * actions/setup-go's check-latest. false: a Go line or range (1.24.x, ^1.24)
   * that a complete tool-cache entry satisfies uses it without the listing.
   * true or absent (the CLI): always the newest in the go.dev listing.
   */
  checkLatest?: boolean;
}

/** The across-runs cache (@actions/cache in Actions, absent on the CLI). */
export interface RunCache {
  /** The key that matched, or undefined on a miss; never throws for service trouble. */
  restore(paths: string[], key: string, restoreKeys?: string[]): Promise<string | undefined>;
  /** Never throws for service trouble either: caching is an optimisation. */
  save(paths: string[], key: string): Promise<void>;
}

export interface RetryPolicy {
  attempts: number;
  /** First backoff; doubled each attempt. */
  baseDelayMs: number;
  /** A request that stalls this long (no bytes) is abandoned and retried. */
  timeoutMs: number;
}

export interface RunnerEnv {
  os: OsName;
  arch: ArchName;
  /** $RUNNER_TOOL_CACHE, or the user's cache dir on the CLI. */
  toolCacheDir: string;
  /** Scratch space for downloads; same file system as toolCacheDir is best (rename). */
  tempDir: string;
  runCache?: RunCache;
  retry?: Partial<RetryPolicy>;
  /** Downloads larger than this many bytes log progress. */
  progressBytes?: number;
}

/** A tool version decided, with where to fetch it and how to check it. */
export interface PlannedTool {
  tool: ToolName;
  version: string;
  url: string;
  archiveName: string;
  /** Expected sha256 (hex), or undefined when the user allowed unverified downloads. */
  sha256?: string;
  /** Where the checksum came from, as the log names it ("the go-sha256 input", "the pinned table", ...). */
  checksumSource: string;
  /**
   * True when the checksum came from the same place as the archive (a mirror
   * serving both): it proves the transfer, not the publisher, and the log says so.
   */
  checksumFromSameMirror?: boolean;
  /** Leading path components to drop (go/, tinygo/, binaryen-version_N/). */
  strip: number;
  /** Relative path of the directory holding the binaries inside the install. */
  binSubdir: string;
}

/** A run-cache entry to save in the post step because its key missed. */
export interface PendingSave {
  key: string;
  paths: string[];
}

export interface SetupResult {
  tools: import('../model.js').ToolInstall[];
  /** Run-cache entries that missed and should be saved in the post step. */
  pendingSaves: PendingSave[];
  /** The default installation per tool (first on PATH). */
  defaults: Partial<Record<ToolName, import('../model.js').ToolInstall>>;
}
