/**
 * The detect stage as both front ends call it: discover the plugins, work
 * out what changed, and shape the outputs (matrix, plugins, any-changed).
 */
import type { Log } from '../common/log.js';
import type { Builder, Plugin } from '../model.js';
import { explainChanges, type DetectOptions } from './changes.js';
import { discoverPlugins } from './discover.js';
import type { ChangeSource } from './event.js';
import { toMatrix, type Matrix } from './matrix.js';

export interface DetectStageOptions extends DetectOptions {
  plugins?: string[];
  exclude?: string[];
  builder?: Builder;
  source: ChangeSource;
}

export interface DetectStageResult {
  /** Every plugin found, changed or not. */
  discovered: Plugin[];
  selected: Plugin[];
  matrix: Matrix;
  anyChanged: boolean;
  reason: string;
  files?: string[];
}

/** `discovered`: plugins the caller already found with the same options (not found again). */
export async function runDetect(
  repoDir: string,
  options: DetectStageOptions,
  log: Log,
  discovered?: Plugin[],
): Promise<DetectStageResult> {
  discovered ??= await discoverPlugins(repoDir, options, log);
  const result = await explainChanges(repoDir, discovered, options.source, log, options);
  return {
    discovered,
    selected: result.plugins,
    matrix: toMatrix(result.plugins),
    anyChanged: result.plugins.length > 0,
    reason: result.reason,
    ...(result.files ? { files: result.files } : {}),
  };
}

/** The JSON shape of one plugin in outputs: what a later job needs, no absolute paths. */
export function pluginSummary(p: Plugin): Record<string, unknown> {
  return {
    name: p.name,
    dir: p.relDir,
    module: p.module,
    builder: p.builder,
    ...(p.version ? { version: p.version } : {}),
    ...(p.settings.extraTags.length ? { extraTags: p.settings.extraTags } : {}),
    ...(p.settings.smokeConfig ? { smokeConfig: p.settings.smokeConfig } : {}),
    ...(p.settings.smokeHost ? { smokeHost: p.settings.smokeHost } : {}),
  };
}
