import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/common/errors.js';
import { configBytes, loadSmokeConfig, parseSmokeConfig } from '../../src/smoke/index.js';

const dir = mkdtempSync(join(tmpdir(), 'smoke-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('configBytes (--plugin-config / --vm-config)', () => {
  it('passes inline JSON through and turns inline YAML into JSON', async () => {
    expect(text(await configBytes('{"a": 1}', '--plugin-config'))).toBe('{"a":1}');
    expect(text(await configBytes('{a: 1, b: [x]}', '--plugin-config'))).toBe('{"a":1,"b":["x"]}');
    expect(text(await configBytes('upstream: backend', '--plugin-config'))).toBe(
      '{"upstream":"backend"}',
    );
    expect(await configBytes('', '--vm-config')).toHaveLength(0);
  });

  it('reads JSON files as they are and YAML files as JSON', async () => {
    writeFileSync(join(dir, 'c.json'), '{ "upstream": "x" }\n');
    writeFileSync(join(dir, 'c.yaml'), 'upstream: y\nretries: 3\n');
    expect(text(await configBytes('c.json', '--plugin-config', dir))).toBe('{ "upstream": "x" }\n');
    expect(text(await configBytes(join(dir, 'c.yaml'), '--plugin-config'))).toBe(
      '{"upstream":"y","retries":3}',
    );
  });

  it('names the value or file when it is neither', async () => {
    await expect(configBytes('missing.json', '--plugin-config', dir)).rejects.toThrow(
      new InputError("--plugin-config 'missing.json': no such file, and not inline JSON or YAML"),
    );
    writeFileSync(join(dir, 'bad.json'), '{nope');
    await expect(configBytes('bad.json', '--plugin-config', dir)).rejects.toThrow(
      /^bad\.json: not valid JSON/,
    );
    await expect(configBytes('{a: [1,', '--vm-config')).rejects.toThrow(
      /^--vm-config '\{a: \[1,'( line \d+)?: not valid YAML/,
    );
  });
});

describe('smoke.yaml', () => {
  it('parses every key', async () => {
    const o = await parseSmokeConfig(
      `host: envoy
pluginConfig: {upstream: backend}
vmConfig: raw text
timeoutMs: 5000
memoryLimitMb: 128
wasiExport: run
httpCallResponse:
  status: 403
  headers: {x-reason: denied}
  body: nope
request:
  headers: {":method": GET, ":path": /x}
  body: ""
response:
  headers: [[":status", "204"]]
properties:
  node.id: gw-1
`,
      'smoke.yaml',
    );
    expect(text(o.pluginConfig as Uint8Array)).toBe('{"upstream":"backend"}');
    expect(text(o.vmConfig as Uint8Array)).toBe('raw text');
    expect(o).toMatchObject({
      host: 'envoy',
      timeoutMs: 5000,
      memoryLimitMb: 128,
      wasiExport: 'run',
      httpCallResponse: {
        headers: [
          [':status', '403'],
          ['x-reason', 'denied'],
        ],
        body: 'nope',
        trailers: [],
      },
      request: {
        requestHeaders: [
          [':method', 'GET'],
          [':path', '/x'],
        ],
        requestBody: '',
        responseHeaders: [[':status', '204']],
      },
      properties: { 'node.id': 'gw-1' },
    });
  });

  it('rejects unknown keys, bad values and bad YAML, naming file and key', async () => {
    await expect(parseSmokeConfig('hots: envoy\n', 'p/smoke.yaml')).rejects.toThrow(
      /^p\/smoke\.yaml: unknown key 'hots'/,
    );
    await expect(parseSmokeConfig('host: nginx\n', 'p/smoke.yaml')).rejects.toThrow(
      "p/smoke.yaml: 'host' must be one of envoy-legacy, envoy, envoy-2026, higress, wasi",
    );
    await expect(parseSmokeConfig('timeoutMs: -1\n', 'p/smoke.yaml')).rejects.toThrow(
      "p/smoke.yaml: 'timeoutMs' must be a positive integer",
    );
    await expect(parseSmokeConfig('a: [1,\n', 'p/smoke.yaml')).rejects.toThrow(
      /^p\/smoke\.yaml:\d+: not valid YAML/,
    );
  });

  it('loadSmokeConfig reads the plugin directory, and .buildrc settings override the host', async () => {
    const plugin = join(dir, 'plugin');
    mkdirSync(plugin);
    expect(await loadSmokeConfig(plugin)).toEqual({});
    writeFileSync(join(plugin, 'smoke.yaml'), 'host: envoy\ntimeoutMs: 2000\n');
    expect(await loadSmokeConfig(plugin)).toEqual({ host: 'envoy', timeoutMs: 2000 });
    expect(await loadSmokeConfig(plugin, { smokeHost: 'envoy-2026' })).toEqual({
      host: 'envoy-2026',
      timeoutMs: 2000,
    });
    writeFileSync(join(plugin, 'ci-smoke.yml'), 'host: wasi\n');
    expect(await loadSmokeConfig(plugin, { smokeConfig: 'ci-smoke.yml' })).toEqual({
      host: 'wasi',
    });
    await expect(loadSmokeConfig(plugin, { smokeConfig: 'nope.yaml' })).rejects.toThrow(InputError);
    await expect(loadSmokeConfig(plugin, { smokeHost: 'iis' })).rejects.toThrow(
      /^iis: unknown smoke host profile/,
    );
  });
});
