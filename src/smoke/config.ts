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
  'request',
  'response',
  'properties',
  'wasiExport',
];

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
    out.memoryLimitMb = positive(d.memoryLimitMb, file, 'memoryLimitMb');
  if (d.wasiExport !== undefined) {
    if (typeof d.wasiExport !== 'string') fail(file, 'wasiExport', 'a string');
    out.wasiExport = d.wasiExport;
  }
  if (d.httpCallResponse !== undefined) {
    const h = d.httpCallResponse as Record<string, unknown>;
    if (!h || typeof h !== 'object') fail(file, 'httpCallResponse', 'a map');
    const headers =
      h.headers === undefined ? [] : pairs(h.headers, file, 'httpCallResponse.headers');
    const status =
      h.status === undefined ? 200 : positive(h.status, file, 'httpCallResponse.status');
    out.httpCallResponse = {
      headers: [[':status', String(status)], ...headers.filter(([k]) => k !== ':status')],
      body: h.body === undefined ? '' : String(h.body),
      trailers:
        h.trailers === undefined ? [] : pairs(h.trailers, file, 'httpCallResponse.trailers'),
    };
  }
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
  if (d.properties !== undefined) {
    if (!d.properties || typeof d.properties !== 'object') fail(file, 'properties', 'a map');
    out.properties = Object.fromEntries(
      Object.entries(d.properties).map(([k, v]) => [k, String(v)]),
    );
  }
  return out;
}

/**
 * The plugin's own smoke settings: `smoke.yaml` in its directory (or the file
 * its .buildrc names), with the .buildrc's host profile taking precedence.
 * Returns `{}` when the plugin has none.
 */
export async function loadSmokeConfig(
  pluginDir: string,
  settings?: Pick<BuildSettings, 'smokeConfig' | 'smokeHost'>,
): Promise<SmokeOptions> {
  const file = join(pluginDir, settings?.smokeConfig ?? SMOKE_CONFIG_FILE);
  let options: SmokeOptions = {};
  // Read under the file rule (src/common/files.ts): inside the plugin directory, a regular file.
  const text = readContainedIfPresent(file, inPlugin(pluginDir, file, FILE_LIMITS.smokeConfig));
  if (text) {
    options = await parseSmokeConfig(text.toString('utf8'), file);
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
