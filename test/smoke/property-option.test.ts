/**
 * `smoke --property PATH=VALUE`: what proxy_get_property answers, typed like
 * the gateway's attribute; a wrong value is exit 2 naming the option.
 */
import { describe, expect, it } from '@jest/globals';
import { cli } from '../support/cli.js';
import { compileWat, writeWasm } from '../support/wat.js';

/**
 * On request headers, reads `source.port` and `route_name` and logs the
 * size of each answer and the route name's text (or "missing").
 */
const READER = `(module
  (import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_get_property" (func $get (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 16) "source\\00port")
  (data (i32.const 32) "route_name")
  (data (i32.const 48) "missing")
  (data (i32.const 64) "size=")
  (global $heap (mut i32) (i32.const 4096))
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (i32.add (local.get $size) (i32.const 8))))
    (local.get $p))
  (func (export "proxy_abi_version_0_2_1"))
  (func (export "_start"))
  (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
  (func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 1))
  (func (export "proxy_on_context_create") (param i32 i32))
  (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
    ;; source.port: log "size=" followed by the size digit (8 for an int)
    (drop (call $get (i32.const 16) (i32.const 11) (i32.const 200) (i32.const 204)))
    (i32.store8 (i32.const 69) (i32.add (i32.const 48) (i32.load (i32.const 204))))
    (drop (call $log (i32.const 2) (i32.const 64) (i32.const 6)))
    (if (i32.eqz (call $get (i32.const 32) (i32.const 10) (i32.const 208) (i32.const 212)))
      (then (drop (call $log (i32.const 2) (i32.load (i32.const 208)) (i32.load (i32.const 212)))))
      (else (drop (call $log (i32.const 2) (i32.const 48) (i32.const 7)))))
    (i32.const 0)))`;

describe('smoke --property', () => {
  it('answers the given values, typed like the attribute, and PATH alone makes it absent', async () => {
    const file = writeWasm(await compileWat(READER, 'reader.wat'), 'property-reader');
    const given = await cli([
      'smoke',
      file,
      '--host',
      'higress',
      '--property',
      'source.port=8443',
      '--property',
      'route_name=route-a',
      '--json',
    ]);
    expect(given.code).toBe(0);
    const report = JSON.parse(given.stdout);
    const messages = report.logs.map((l: { message: string }) => l.message);
    expect(messages).toContain('size=8');
    expect(messages).toContain('route-a');
    expect(report.activity.properties).toEqual([
      { path: 'source.port', found: true },
      { path: 'route_name', found: true },
    ]);

    const absent = await cli(['smoke', file, '--property', 'route_name', '--json']);
    expect(absent.code).toBe(0);
    expect(JSON.parse(absent.stdout).logs.map((l: { message: string }) => l.message)).toContain(
      'missing',
    );
    // envoy-2026 no longer has the top-level route_name (Envoy #36619).
    const modern = await cli(['smoke', file, '--host', 'envoy-2026', '--json']);
    expect(JSON.parse(modern.stdout).activity.properties).toContainEqual({
      path: 'route_name',
      found: false,
    });
  });

  it('refuses a value the attribute cannot have, with exit 2', async () => {
    const file = writeWasm(await compileWat(READER, 'reader.wat'), 'property-reader');
    const r = await cli(['smoke', file, '--property', 'source.port=https']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "--property source.port=https: 'https' is not an integer (source.port is int)",
    );
    const empty = await cli(['smoke', file, '--property', '=x']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('is not a property path');
  });
});
