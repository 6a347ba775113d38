/**
 * Shapes a pipeline result for people and for later jobs: the `artifacts`
 * JSON (one entry per plugin, no absolute paths), the job summary in
 * Markdown, the terminal's table, and each failure in the words a maintainer
 * can act on (the plugin's own panic and source line, the compiler's errors).
 */
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { goSourceMapper, parseGoPanic } from './build/diagnostics.js';
import type { Plugin, SmokeReport } from './model.js';
import type { PipelineResult, StageFailure, PluginReport } from './pipeline.js';
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

const LOG_TAIL_LINES = 20;

/**
 * A failed smoke test in a maintainer's terms. A Go module that panics
 * prints the panic and its goroutine trace to fd 2 before it aborts: the
 * message, and the innermost frame in the repository's code (`main.go:17`),
 * lead; the gateway's message and in-VM backtrace follow. Without a panic,
 * the plugin's last log lines (often its own complaint about its config).
 */
export function smokeFailure(smoke: SmokeReport, plugin: Plugin, repoDir: string): StageFailure {
  const error = smoke.error ?? { phase: 'smoke', message: 'failed', backtrace: [] };
  const text = smoke.logs.map((l) => l.message).join('\n');
  const panic = parseGoPanic(text, goSourceMapper(repoDir, plugin.dir));
  const entry = ['main.go', 'go.mod'].map((f) => join(plugin.dir, f)).find(existsSync);
  const where = panic?.where ?? {
    file: relative(repoDir, entry ?? plugin.dir)
      .split(sep)
      .join('/'),
  };
  const at = panic?.where
    ? `\nat ${panic.where.file}:${panic.where.line}${panic.func ? ` (${panic.func})` : ''}`
    : '';
  const tail = smoke.logs.slice(-LOG_TAIL_LINES).map((l) => `[${l.level}] ${l.message}`);
  return {
    stage: 'smoke',
    message: `${error.phase}: ${panic ? panic.message : error.message.split('\n')[0]}${at}`,
    where,
    log: panic ? panic.trace : tail.join('\n') || undefined,
    detail: formatFailure(error.message, error.backtrace),
  };
}

/** A failure as one block of text: the annotation's message and the terminal's. */
export function failureText(name: string, f: StageFailure): string {
  return [`${name}: ${f.stage} failed: ${f.message}`, f.detail].filter(Boolean).join('\n');
}

// Markdown from untrusted text: table cells stay one cell, code blocks stay
// closed (a fence longer than any run of backticks inside, as CommonMark
// allows), and no HTML is opened.
const cell = (text: string) =>
  text
    .replaceAll('|', '\\|')
    .replaceAll('<', '&lt;')
    .replace(/[\r\n]+/g, ' ');

function codeBlock(text: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [fence, text, fence];
}

function kib(bytes: number | undefined): string {
  return bytes === undefined ? '' : `${(bytes / 1024).toFixed(0)} KiB`;
}

function buildCell(r: PluginReport): string {
  return r.build ? `${(r.build.ms / 1000).toFixed(1)} s` : 'FAILED';
}

function smokeCell(r: PluginReport): string {
  if (r.smoke) {
    return r.smoke.ok ? `passed (${r.smoke.host})` : `FAILED in ${r.smoke.error?.phase ?? '?'}`;
  }
  // A smoke test that failed before it produced a report (its smoke.yaml) failed all the same.
  if (r.failure?.stage === 'smoke') return 'FAILED';
  return r.failure?.stage === 'build' ? 'not run' : 'skipped';
}

function tagsOf(r: PluginReport): string[] {
  return r.publish?.references.map((ref) => ref.slice(ref.lastIndexOf(':') + 1)) ?? [];
}

function headline(result: PipelineResult): string {
  const failed = result.plugins.filter((r) => r.failure).length;
  return result.ok
    ? `all ${result.plugins.length} plugin(s) passed`
    : `${failed} of ${result.plugins.length} plugin(s) failed`;
}

/** Markdown for GITHUB_STEP_SUMMARY (and `run --format markdown`). */
export function summaryMarkdown(result: PipelineResult): string {
  const lines = [
    `### wasm-plugin-ci: ${headline(result)}`,
    '',
    `${cell(result.detect.reason)}: ${result.plugins.length} plugin(s).`,
    '',
  ];
  if (result.plugins.length) {
    lines.push(
      '| plugin | builder | size | build | smoke | ABI | tags | digest |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const r of result.plugins) {
      lines.push(
        `| ${cell(r.plugin.name)} | ${r.plugin.builder} | ${kib(r.build?.size)} | ${buildCell(r)} | ${cell(
          smokeCell(r),
        )} | ${cell(r.smoke?.abi ?? '')} | ${cell(tagsOf(r).join(', '))} | ${
          r.publish ? `\`${r.publish.digest.slice(0, 19)}\`` : ''
        } |`,
      );
    }
  }
  for (const r of result.plugins.filter((r) => r.failure)) {
    const f = r.failure!;
    const where = f.where
      ? ` (\`${cell([f.where.file, f.where.line].filter(Boolean).join(':'))}\`)`
      : '';
    lines.push('', `#### ${cell(r.plugin.name)}: ${f.stage} failed${where}`, '');
    lines.push(...codeBlock(f.message));
    if (f.log) lines.push('', 'Plugin output:', '', ...codeBlock(f.log));
    if (f.detail) lines.push('', ...codeBlock(f.detail));
  }
  return `${lines.join('\n')}\n`;
}

/** Columns padded to their widest cell; a column empty below its heading is left out. */
function alignedRows(rows: string[][]): string[] {
  const keep = rows[0]!.map((_, i) => rows.slice(1).some((r) => r[i]));
  const kept = rows.map((r) => r.filter((_, i) => keep[i]));
  const widths = kept[0]!.map((_, i) => Math.max(...kept.map((r) => r[i]!.length)));
  return kept.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

export interface TextOptions {
  /** ANSI colours (a terminal that wants them). */
  color?: boolean;
}

/** The result for a person at a terminal: an aligned table, then each failure. */
export function summaryText(result: PipelineResult, options: TextOptions = {}): string {
  const paint = (code: string, text: string) =>
    options.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  const out: string[] = [];
  if (result.plugins.length) {
    const rows = [
      ['plugin', 'builder', 'size', 'build', 'smoke', 'tags', 'digest'],
      ...result.plugins.map((r) => [
        r.plugin.name,
        r.plugin.builder,
        kib(r.build?.size),
        buildCell(r),
        smokeCell(r),
        tagsOf(r).join(', '),
        r.publish?.digest.slice(0, 19) ?? '',
      ]),
    ];
    const [head, ...body] = alignedRows(rows);
    out.push(paint('1', head!));
    body.forEach((line, i) => out.push(result.plugins[i]!.failure ? paint('31', line) : line));
  }
  for (const r of result.plugins.filter((r) => r.failure)) {
    const f = r.failure!;
    out.push('', paint('1;31', `${r.plugin.name}: ${f.stage} failed`));
    out.push(f.message);
    if (f.detail) out.push(f.detail);
  }
  out.push('', paint(result.ok ? '1;32' : '1;31', `${result.detect.reason}: ${headline(result)}`));
  return `${out.join('\n')}\n`;
}
