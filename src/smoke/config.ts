/**
 * Smoke inputs from outside: `--plugin-config` / `--vm-config` values (a file,
 * or inline JSON or YAML; YAML becomes JSON bytes) and a plugin's own
 * `smoke.yaml`. Every problem is an InputError naming the file or value.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../common/errors.js';
import { FILE_LIMITS, inPlugin, readContainedIfPresent } from '../common/files.js';
import type { BuildSettings } from '../model.js';
import type { SmokeOptions } from './options.js';
import { findProfile, PROFILES } from './profiles.js';
import type { CannedHttpResponse, HttpCallRule } from './proxy/contract.js';
import { coerceProperty, type PropertyOverride } from './proxy/properties.js';
import type { RedisReplyValue, RedisRule } from './proxy/redis.js';

/** The file a plugin keeps its smoke settings in. */
export const SMOKE_CONFIG_FILE = 'smoke.yaml';

const encode = (text: string) => new TextEncoder().encode(text);

/** The YAML library, loaded the first time a plugin has YAML to read. */
const yaml = () => import('yaml');

/** A line suffix for messages, when the parser knows where it stopped. */
async function yamlLine(err: unknown, format: (line: number) => string): Promise<string> {
  const { YAMLParseError } = await yaml();
  return err instanceof YAMLParseError && err.linePos ? format(err.linePos[0].line) : '';
}

async function yamlToJson(text: string, where: string): Promise<Uint8Array> {
  const { parse } = await yaml();
  try {
    const value: unknown = parse(text);
    return value === null || value === undefined
      ? new Uint8Array(0)
      : encode(JSON.stringify(value));
  } catch (err) {
    const line = await yamlLine(err, (n) => ` line ${n}`);
    throw new InputError(
      `${where}${line}: not valid YAML (${(err as Error).message.split('\n')[0]})`,
    );
  }
}

/** Config bytes from a configuration value: a file, or inline JSON/YAML. */
export async function configBytes(
  value: string,
  option: string,
  cwd = process.cwd(),
): Promise<Uint8Array> {
  const trimmed = value.trim();
  if (trimmed === '') return new Uint8Array(0);
  const path = isAbsolute(value) ? value : resolve(cwd, value);
  if (!/^[[{]/.test(trimmed) && !trimmed.includes('\n') && existsSync(path)) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new InputError(
        `${option} ${value}: cannot read (${(err as NodeJS.ErrnoException).code})`,
      );
    }
    const ext = extname(path).toLowerCase();
    if (ext === '.json') {
      try {
        JSON.parse(text);
      } catch (err) {
        throw new InputError(`${value}: not valid JSON (${(err as Error).message})`);
      }
      return encode(text);
    }
    return await yamlToJson(text, value);
  }
  if (/^[[{]/.test(trimmed)) {
    try {
      return encode(JSON.stringify(JSON.parse(trimmed)));
    } catch {
      return await yamlToJson(trimmed, `${option} '${value}'`); // YAML flow style
    }
  }
  if (trimmed.includes(':') || trimmed.includes('\n'))
    return await yamlToJson(value, `${option} '${value}'`);
  throw new InputError(`${option} '${value}': no such file, and not inline JSON or YAML`);
}

function fail(file: string, key: string, want: string): never {
  throw new InputError(`${file}: '${key}' must be ${want}`);
}

type Pairs = [string, string][];

/** Headers as a map `{name: value}` or a list of `[name, value]` pairs. */
function pairs(value: unknown, file: string, key: string): Pairs {
  if (Array.isArray(value)) {
    return value.map((p) => {
      if (!Array.isArray(p) || p.length !== 2)
        fail(file, key, 'a map or a list of [name, value] pairs');
      return [String(p[0]), String(p[1])];
    });
  }
  if (value && typeof value === 'object')
    return Object.entries(value).map(([k, v]) => [k, String(v)]);
  return fail(file, key, 'a map or a list of [name, value] pairs');
}

function configValue(value: unknown): Uint8Array {
  if (value === undefined || value === null) return new Uint8Array(0);
  return encode(typeof value === 'string' ? value : JSON.stringify(value));
}

function positive(value: unknown, file: string, key: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    fail(file, key, 'a positive integer');
  return value;
}

const KNOWN_KEYS = [
  'host',
  'pluginConfig',
  'vmConfig',
  'timeoutMs',
  'memoryLimitMb',
  'httpCallResponse',
  'httpCalls',
  'redis',
  'request',
  'response',
  'properties',
  'wasiExport',
];

/** wasm32 addresses at most 65536 pages of 64 KiB. */
export const MAX_WASM32_MEMORY_MB = 4096;

/** A memory limit in MiB that a wasm32 memory can have; InputError naming `where` otherwise. */
export function checkMemoryLimit(mb: number, where: string): number {
  if (mb > MAX_WASM32_MEMORY_MB) {
    throw new InputError(
      `${where}: ${mb} MiB is more than a wasm32 linear memory can hold (at most ${MAX_WASM32_MEMORY_MB} MiB)`,
    );
  }
  return mb;
}

/**
 * The most a plugin's own smoke.yaml may ask for; the workflow owner sets
 * them (action inputs smoke-max-timeout-ms / smoke-max-memory-limit-mb, CLI
 * --max-timeout-ms / --max-memory-limit-mb). A repository cannot raise them.
 */
export interface SmokeCaps {
  maxTimeoutMs: number;
  maxMemoryLimitMb: number;
}

/** One minute per plugin; the 1 GiB that V8 in Envoy gives a linear memory. */
export const DEFAULT_SMOKE_CAPS: SmokeCaps = { maxTimeoutMs: 60_000, maxMemoryLimitMb: 1024 };

/**
 * The caps from the workflow's settings (each optional; `where` names them in
 * messages, e.g. `--max-memory-limit-mb`), checked like any memory limit.
 */
export function smokeCaps(
  given: { maxTimeoutMs?: number; maxMemoryLimitMb?: number },
  where: { maxMemoryLimitMb: string },
): SmokeCaps {
  const caps = { ...DEFAULT_SMOKE_CAPS };
  if (given.maxTimeoutMs !== undefined) caps.maxTimeoutMs = given.maxTimeoutMs;
  if (given.maxMemoryLimitMb !== undefined)
    caps.maxMemoryLimitMb = checkMemoryLimit(given.maxMemoryLimitMb, where.maxMemoryLimitMb);
  return caps;
}

/** Fails (InputError naming the file and key) when smoke.yaml asks for more than the caps. */
export function checkSmokeCaps(options: SmokeOptions, caps: SmokeCaps, file: string): void {
  const over = (key: string, value: number, max: number, setting: string) => {
    throw new InputError(
      `${file}: '${key}' ${value} exceeds the maximum of ${max} the workflow allows (${setting}); lower it, or raise ${setting} in the workflow`,
    );
  };
  if (options.timeoutMs !== undefined && options.timeoutMs > caps.maxTimeoutMs)
    over('timeoutMs', options.timeoutMs, caps.maxTimeoutMs, 'smoke-max-timeout-ms');
  if (options.memoryLimitMb !== undefined && options.memoryLimitMb > caps.maxMemoryLimitMb)
    over(
      'memoryLimitMb',
      options.memoryLimitMb,
      caps.maxMemoryLimitMb,
      'smoke-max-memory-limit-mb',
    );
}

/** `properties` keyed by dotted path, as the host keys them (segments joined with NUL). */
export function propertyOverrides(
  properties: Record<string, PropertyOverride> | undefined,
): Record<string, PropertyOverride> {
  const out: Record<string, PropertyOverride> = {};
  for (const [path, value] of Object.entries(properties ?? {}))
    out[path.split('.').join('\0')] = value;
  return out;
}

/** Checks a property's value against the attribute's type; InputError naming `where`. */
export function checkProperty(path: string, value: PropertyOverride, where: string): void {
  if (path === '' || path.split('.').some((segment) => segment === '')) {
    throw new InputError(`${where}: '${path}' is not a property path (segments joined with '.')`);
  }
  const coerced = coerceProperty(path, value);
  if (coerced instanceof Error) throw new InputError(`${where}: ${coerced.message}`);
}

/**
 * `--property PATH=VALUE` (the value is text, encoded with the attribute's
 * type) or `--property PATH` (the property is absent).
 */
export function parsePropertyArgument(arg: string): [string, PropertyOverride] {
  const eq = arg.indexOf('=');
  const [path, value] = eq < 0 ? [arg, null] : [arg.slice(0, eq), arg.slice(eq + 1)];
  checkProperty(path, value, `--property ${arg}`);
  return [path, value];
}

/** A YAML `properties:` map; nested maps are paths (`source: {port: 1}` is `source.port`). */
function properties(value: unknown, file: string): Record<string, PropertyOverride> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    fail(file, 'properties', 'a map');
  const out: Record<string, PropertyOverride> = {};
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const [key, v] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, path);
      else if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) {
        checkProperty(path, v as PropertyOverride, `${file}: properties`);
        out[path] = v as PropertyOverride;
      } else fail(file, `properties.${path}`, 'a string, number, boolean, null or map');
    }
  };
  walk(value as Record<string, unknown>, '');
  return out;
}

function cannedResponse(h: Record<string, unknown>, file: string, key: string): CannedHttpResponse {
  const headers = h.headers === undefined ? [] : pairs(h.headers, file, `${key}.headers`);
  const status = h.status === undefined ? 200 : positive(h.status, file, `${key}.status`);
  return {
    headers: [[':status', String(status)], ...headers.filter(([k]) => k !== ':status')],
    body: h.body === undefined ? '' : typeof h.body === 'string' ? h.body : JSON.stringify(h.body),
    trailers: h.trailers === undefined ? [] : pairs(h.trailers, file, `${key}.trailers`),
  };
}

function httpCalls(value: unknown, file: string): HttpCallRule[] {
  if (!Array.isArray(value))
    fail(file, 'httpCalls', 'a list of {upstream, path, status, headers, body}');
  return value.map((rule, i) => {
    const key = `httpCalls[${i}]`;
    if (!rule || typeof rule !== 'object' || Array.isArray(rule)) fail(file, key, 'a map');
    const r = rule as Record<string, unknown>;
    for (const k of ['upstream', 'path'] as const) {
      if (r[k] !== undefined && typeof r[k] !== 'string') fail(file, `${key}.${k}`, 'a string');
    }
    return {
      upstream: r.upstream as string | undefined,
      path: r.path as string | undefined,
      response: cannedResponse(r, file, key),
    };
  });
}

function redisReplyValue(value: unknown, file: string, key: string): RedisReplyValue {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
    return value as RedisReplyValue;
  if (Array.isArray(value)) return value.map((v, i) => redisReplyValue(v, file, `${key}[${i}]`));
  const o = value as Record<string, unknown>;
  const only = o && typeof o === 'object' ? Object.keys(o) : [];
  if (
    only.length === 1 &&
    ['status', 'error', 'resp'].includes(only[0]!) &&
    typeof o[only[0]!] === 'string'
  )
    return o as RedisReplyValue;
  return fail(
    file,
    key,
    'a string, integer, null, list, {status: ...}, {error: ...} or {resp: ...}',
  );
}

function redisRules(value: unknown, file: string): RedisRule[] {
  if (!Array.isArray(value)) fail(file, 'redis', 'a list of {command, reply}');
  return value.map((rule, i) => {
    const key = `redis[${i}]`;
    if (!rule || typeof rule !== 'object' || Array.isArray(rule)) fail(file, key, 'a map');
    const r = rule as Record<string, unknown>;
    if (r.command !== undefined && typeof r.command !== 'string')
      fail(file, `${key}.command`, 'a string');
    if (!('reply' in r)) fail(file, `${key}.reply`, 'given');
    return {
      command: r.command as string | undefined,
      reply: redisReplyValue(r.reply, file, `${key}.reply`),
    };
  });
}

/** Parses the text of a smoke.yaml (named `file` in messages). */
export async function parseSmokeConfig(text: string, file: string): Promise<SmokeOptions> {
  const { parse } = await yaml();
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    const line = await yamlLine(err, (n) => `:${n}`);
    throw new InputError(
      `${file}${line}: not valid YAML (${(err as Error).message.split('\n')[0]})`,
    );
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new InputError(`${file}: must be a YAML map`);
  const d = doc as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!KNOWN_KEYS.includes(key))
      throw new InputError(`${file}: unknown key '${key}' (known: ${KNOWN_KEYS.join(', ')})`);
  }
  const out: SmokeOptions = {};
  if (d.host !== undefined) {
    if (typeof d.host !== 'string' || !findProfile(d.host)) {
      fail(file, 'host', `one of ${Object.keys(PROFILES).join(', ')}`);
    }
    out.host = d.host;
  }
  if (d.pluginConfig !== undefined) out.pluginConfig = configValue(d.pluginConfig);
  if (d.vmConfig !== undefined) out.vmConfig = configValue(d.vmConfig);
  if (d.timeoutMs !== undefined) out.timeoutMs = positive(d.timeoutMs, file, 'timeoutMs');
  if (d.memoryLimitMb !== undefined)
    out.memoryLimitMb = checkMemoryLimit(
      positive(d.memoryLimitMb, file, 'memoryLimitMb'),
      `${file}: 'memoryLimitMb'`,
    );
  if (d.wasiExport !== undefined) {
    if (typeof d.wasiExport !== 'string') fail(file, 'wasiExport', 'a string');
    out.wasiExport = d.wasiExport;
  }
  if (d.httpCallResponse !== undefined) {
    const h = d.httpCallResponse as Record<string, unknown>;
    if (!h || typeof h !== 'object' || Array.isArray(h)) fail(file, 'httpCallResponse', 'a map');
    out.httpCallResponse = cannedResponse(h, file, 'httpCallResponse');
  }
  if (d.httpCalls !== undefined) out.httpCalls = httpCalls(d.httpCalls, file);
  if (d.redis !== undefined) out.redisReplies = redisRules(d.redis, file);
  const request: NonNullable<SmokeOptions['request']> = {};
  const r = d.request as Record<string, unknown> | undefined;
  if (r !== undefined) {
    if (!r || typeof r !== 'object') fail(file, 'request', 'a map');
    if (r.headers !== undefined) request.requestHeaders = pairs(r.headers, file, 'request.headers');
    if (r.body !== undefined) request.requestBody = String(r.body);
    if (r.trailers !== undefined)
      request.requestTrailers = pairs(r.trailers, file, 'request.trailers');
  }
  const s = d.response as Record<string, unknown> | undefined;
  if (s !== undefined) {
    if (!s || typeof s !== 'object') fail(file, 'response', 'a map');
    if (s.headers !== undefined)
      request.responseHeaders = pairs(s.headers, file, 'response.headers');
    if (s.body !== undefined) request.responseBody = String(s.body);
    if (s.trailers !== undefined)
      request.responseTrailers = pairs(s.trailers, file, 'response.trailers');
  }
  if (Object.keys(request).length > 0) out.request = request;
  if (d.properties !== undefined) out.properties = properties(d.properties, file);
  return out;
}

/**
 * The plugin's own smoke settings: `smoke.yaml` in its directory (or the file
 * its .buildrc names), with the .buildrc's host profile taking precedence.
 * Returns `{}` when the plugin has none. Fails when it asks for more time or
 * memory than the workflow's caps allow.
 */
export async function loadSmokeConfig(
  pluginDir: string,
  settings?: Pick<BuildSettings, 'smokeConfig' | 'smokeHost'>,
  caps: SmokeCaps = DEFAULT_SMOKE_CAPS,
): Promise<SmokeOptions> {
  const file = join(pluginDir, settings?.smokeConfig ?? SMOKE_CONFIG_FILE);
  let options: SmokeOptions = {};
  // Read under the file rule (src/common/files.ts): inside the plugin directory, a regular file.
  const text = readContainedIfPresent(file, inPlugin(pluginDir, file, FILE_LIMITS.smokeConfig));
  if (text) {
    options = await parseSmokeConfig(text.toString('utf8'), file);
    checkSmokeCaps(options, caps, file);
  } else if (settings?.smokeConfig) {
    throw new InputError(`${file}: smoke config named in .buildrc does not exist`);
  }
  if (settings?.smokeHost) {
    if (!findProfile(settings.smokeHost)) {
      throw new InputError(
        `${settings.smokeHost}: unknown smoke host profile in .buildrc (known: ${Object.keys(PROFILES).join(', ')})`,
      );
    }
    options.host = settings.smokeHost;
  }
  return options;
}
