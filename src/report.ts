/**
 * Shapes a pipeline result for people and for later jobs: the `artifacts`
 * JSON (one entry per plugin, no absolute paths) and the job summary table.
 */
import type { PipelineResult, PluginReport } from './pipeline.js';
import { formatFailure } from './smoke/index.js';

export interface ArtifactSummary {
  plugin: string;
  dir: string;
  builder: string;
  ok: boolean;
  failedStage?: string;
  error?: string;
  wasmSha256?: string;
  size?: number;
  buildMs?: number;
  smoke?: { ok: boolean; host: string; abi: string | null; failedPhase?: string };
  references?: string[];
  digest?: string;
  layout?: string;
}

export function artifactSummary(r: PluginReport): ArtifactSummary {
  return {
    plugin: r.plugin.name,
    dir: r.plugin.relDir,
    builder: r.plugin.builder,
    ok: !r.failure,
    ...(r.failure ? { failedStage: r.failure.stage, error: r.failure.message } : {}),
    ...(r.build
      ? { wasmSha256: r.build.sha256, size: r.build.size, buildMs: Math.round(r.build.ms) }
      : {}),
    ...(r.smoke
      ? {
          smoke: {
            ok: r.smoke.ok,
            host: r.smoke.host,
            abi: r.smoke.abi,
            ...(r.smoke.error ? { failedPhase: r.smoke.error.phase } : {}),
          },
        }
      : {}),
    ...(r.publish
      ? { references: r.publish.references, digest: r.publish.digest, layout: r.publish.layout }
      : {}),
  };
}

export function artifactsOf(result: PipelineResult): ArtifactSummary[] {
  return result.plugins.map(artifactSummary);
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function kib(bytes: number | undefined): string {
  return bytes === undefined ? '' : `${(bytes / 1024).toFixed(0)} KiB`;
}

function smokeCell(r: PluginReport): string {
  if (!r.smoke) return r.failure?.stage === 'build' ? 'not run' : 'skipped';
  return r.smoke.ok ? `passed (${r.smoke.host})` : `FAILED in ${r.smoke.error?.phase ?? '?'}`;
}

/** Markdown for GITHUB_STEP_SUMMARY (and the CLI's human output). */
export function summaryMarkdown(result: PipelineResult): string {
  const lines = [
    `### wasm-plugin-ci: ${result.ok ? 'all plugins passed' : 'some plugins failed'}`,
    '',
    `${result.detect.reason}: ${result.plugins.length} plugin(s).`,
    '',
  ];
  if (result.plugins.length) {
    lines.push(
      '| plugin | builder | size | build | smoke | ABI | tags | digest |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const r of result.plugins) {
      const tags = r.publish?.references.map((ref) => ref.slice(ref.lastIndexOf(':') + 1)) ?? [];
      lines.push(
        `| ${cell(r.plugin.name)} | ${r.plugin.builder} | ${kib(r.build?.size)} | ${
          r.build ? `${(r.build.ms / 1000).toFixed(1)} s` : 'FAILED'
        } | ${smokeCell(r)} | ${r.smoke?.abi ?? ''} | ${cell(tags.join(', '))} | ${
          r.publish ? `\`${r.publish.digest.slice(0, 19)}\`` : ''
        } |`,
      );
    }
  }
  for (const r of result.plugins.filter((r) => r.failure)) {
    lines.push('', `#### ${r.plugin.name}: ${r.failure!.stage} failed`, '', '```');
    lines.push(
      r.smoke?.error
        ? formatFailure(r.smoke.error.message, r.smoke.error.backtrace)
        : r.failure!.message,
    );
    lines.push('```');
  }
  return `${lines.join('\n')}\n`;
}
