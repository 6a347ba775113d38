/** smoke.yaml keys for the host surface: properties, httpCalls, redis. */
import { describe, expect, it } from '@jest/globals';
import { parseSmokeConfig } from '../../src/smoke/index.js';

describe('smoke.yaml host surface', () => {
  it('properties: nested maps are paths, values keep their YAML type, null is absent', async () => {
    const o = await parseSmokeConfig(
      `properties:
  source: { address: '10.1.2.3:4444', port: 4444 }
  route_name: route-a
  response.code_details: null
  custom: { flag: true }
`,
      'p/smoke.yaml',
    );
    expect(o.properties).toEqual({
      'source.address': '10.1.2.3:4444',
      'source.port': 4444,
      route_name: 'route-a',
      'response.code_details': null,
      'custom.flag': true,
    });
  });

  it('properties: a value the attribute cannot have names file and path', async () => {
    await expect(
      parseSmokeConfig('properties: {source.port: http}\n', 'p/smoke.yaml'),
    ).rejects.toThrow("p/smoke.yaml: properties: 'http' is not an integer (source.port is int)");
    await expect(
      parseSmokeConfig('properties: {connection.mtls: 2}\n', 'p/smoke.yaml'),
    ).rejects.toThrow(
      "p/smoke.yaml: properties: '2' is not true or false (connection.mtls is a bool)",
    );
    await expect(parseSmokeConfig('properties: {a: [1]}\n', 'p/smoke.yaml')).rejects.toThrow(
      "p/smoke.yaml: 'properties.a' must be a string, number, boolean, null or map",
    );
  });

  it('httpCalls and redis rules', async () => {
    const o = await parseSmokeConfig(
      `httpCalls:
  - upstream: outbound|80||auth.dns
    path: /check
    status: 403
    headers: { x-reason: denied }
    body: { allow: false }
redis:
  - command: EVALSHA
    reply: [1, 'x', null]
  - reply: { error: ERR nope }
`,
      'p/smoke.yaml',
    );
    expect(o.httpCalls).toEqual([
      {
        upstream: 'outbound|80||auth.dns',
        path: '/check',
        response: {
          headers: [
            [':status', '403'],
            ['x-reason', 'denied'],
          ],
          body: '{"allow":false}',
          trailers: [],
        },
      },
    ]);
    expect(o.redisReplies).toEqual([
      { command: 'EVALSHA', reply: [1, 'x', null] },
      { command: undefined, reply: { error: 'ERR nope' } },
    ]);
    await expect(parseSmokeConfig('redis: [{command: GET}]\n', 'p/smoke.yaml')).rejects.toThrow(
      "p/smoke.yaml: 'redis[0].reply' must be given",
    );
    await expect(
      parseSmokeConfig('redis: [{reply: {weird: 1}}]\n', 'p/smoke.yaml'),
    ).rejects.toThrow("p/smoke.yaml: 'redis[0].reply' must be a string, integer, null, list");
    await expect(parseSmokeConfig('httpCalls: {a: 1}\n', 'p/smoke.yaml')).rejects.toThrow(
      "p/smoke.yaml: 'httpCalls' must be a list",
    );
  });
});
