import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../../common/errors.js';
import type { SmokeReport } from '../../model.js';
import { checkMemoryLimit, configBytes, parsePropertyArgument } from '../../smoke/config.js';
import { formatFailure } from '../../smoke/failure.js';
import { smokeTest, type SmokeOptions } from '../../smoke/index.js';
import { findProfile, PROFILES } from '../../smoke/profiles.js';
import { parseCommandArgs, printJson, type CliIO, type Command } from '../io.js';

const HELP = `usage: wasm-plugin-ci smoke FILE.wasm [--host PROFILE] [--plugin-config FILE|JSON]
                            [--vm-config FILE|JSON] [--timeout-ms N] [--memory-limit-mb N]
                            [--property PATH=VALUE]... [--json]

Loads FILE.wasm the way the gateway does and reports the verdict.
--property sets what proxy_get_property answers for PATH (dot-separated,
e.g. source.address=10.0.0.1:4321); VALUE is encoded with the attribute's
type (source.port=8080 is an 8-byte int); --property PATH makes it absent.
Profiles: ${Object.keys(PROFILES).join(', ')} (default higress).
Exit codes: 0 loaded and ran, 1 the plugin failed, 2 bad input.
`;

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value))
    throw new InputError(`smoke: ${option} '${value}' is not a positive integer`);
  return Number(value);
}

/** The path the plugin took, in a few lines: actions, local replies, calls. */
function activityLines(report: SmokeReport): string[] {
  const a = report.activity;
  if (!a) return [];
  const out: string[] = [];
  if (a.callbacks.length)
    out.push(
      `callbacks: ${a.callbacks.map((c) => `${c.callback.replace(/^proxy_on_/, '')}=${c.result}`).join(' ')}`,
    );
  for (const r of a.localReplies)
    out.push(`local reply ${r.status} (${r.details || 'no details'}) in ${r.callback || 'start'}`);
  for (const c of a.httpCalls)
    out.push(
      `http call to ${c.upstream} in ${c.callback}${c.answered ? `, answered ${c.answered}` : ''}`,
    );
  for (const c of a.redisCalls)
    out.push(`redis ${c.command.slice(0, 2).join(' ')} to ${c.upstream} in ${c.callback}`);
  const missing = a.properties.filter((p) => !p.found).map((p) => p.path);
  if (missing.length) out.push(`properties not found: ${missing.join(', ')}`);
  return out;
}

function printHuman(io: CliIO, file: string, report: SmokeReport): void {
  const out: string[] = [];
  out.push(
    `${report.ok ? 'PASS' : 'FAIL'} ${file} on ${report.host} (abi ${report.abi ?? 'none'}, entry ${report.entry ?? 'none'})`,
  );
  for (const p of report.phases)
    out.push(`  ${p.ok ? 'ok  ' : 'FAIL'} ${p.name.padEnd(24)} ${p.ms.toFixed(1)} ms`);
  if (report.logs.length) {
    out.push('plugin log:');
    for (const l of report.logs) out.push(`  [${l.level}] ${l.message}`);
  }
  out.push(...activityLines(report));
  if (report.error) {
    out.push(`failed in phase ${report.error.phase}:`);
    out.push(formatFailure(report.error.message, report.error.backtrace));
  }
  io.stderr(`${out.join('\n')}\n`);
}

const smoke: Command = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    'smoke',
    args,
    {
      host: { type: 'string' },
      'plugin-config': { type: 'string' },
      'vm-config': { type: 'string' },
      'timeout-ms': { type: 'string' },
      'memory-limit-mb': { type: 'string' },
      property: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new InputError(`smoke: expected one FILE.wasm, got ${positionals.length}\n\n${HELP}`);
  const file = positionals[0]!;
  if (values.host !== undefined && !findProfile(values.host)) {
    throw new InputError(
      `smoke: unknown host profile '${values.host}' (known: ${Object.keys(PROFILES).join(', ')})`,
    );
  }
  const memoryLimitMb = positiveInt(values['memory-limit-mb'], '--memory-limit-mb');
  const options: SmokeOptions = {
    host: values.host,
    timeoutMs: positiveInt(values['timeout-ms'], '--timeout-ms'),
    memoryLimitMb:
      memoryLimitMb === undefined
        ? undefined
        : checkMemoryLimit(memoryLimitMb, `smoke: --memory-limit-mb`),
  };
  if (values.property?.length)
    options.properties = Object.fromEntries(values.property.map(parsePropertyArgument));
  if (values['plugin-config'] !== undefined)
    options.pluginConfig = await configBytes(values['plugin-config'], '--plugin-config', io.cwd);
  if (values['vm-config'] !== undefined)
    options.vmConfig = await configBytes(values['vm-config'], '--vm-config', io.cwd);

  const path = isAbsolute(file) ? file : resolve(io.cwd, file);
  const report = await smokeTest(path, { ...options, file });
  if (values.json) printJson(io, report);
  printHuman(io, file, report);
  return report.ok ? 0 : 1;
};
export default smoke;
