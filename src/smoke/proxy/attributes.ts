/**
 * Envoy attribute values (CEL values) as proxy_get_property hands them to a
 * plugin. Envoy walks a property path segment by segment (Context::
 * getProperty): a map by key, a message by field name, a list by index; then
 * serializes the value found (serializeValue in source/extensions/common/
 * wasm/context.cc): strings and bytes as they are, int/uint/double and
 * timestamps/durations (in nanoseconds) as 8 little-endian bytes, a bool as
 * one byte, a message as its protobuf encoding, and a map or list as the
 * proxy-wasm pair serialization (a list's items are the keys, with empty values).
 */
import { encodeMessage, type ProtoField } from './protobuf.js';

export type AttrValue =
  | { type: 'string'; value: string }
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'int'; value: bigint }
  | { type: 'uint'; value: bigint }
  | { type: 'double'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'timestamp'; ns: bigint }
  | { type: 'duration'; ns: bigint }
  /** `headers`: a header map, looked up by lower-cased name (Envoy's HeadersWrapper). */
  | { type: 'map'; entries: [string, AttrValue][]; headers?: boolean }
  | { type: 'list'; items: AttrValue[] }
  | { type: 'message'; fields: MessageField[] };

/** A protobuf message field: its name (for paths), number and value. */
export interface MessageField {
  name: string;
  number: number;
  value: AttrValue;
}

export const str = (value: string): AttrValue => ({ type: 'string', value });
export const int = (value: number | bigint): AttrValue => ({ type: 'int', value: BigInt(value) });
export const uint = (value: number | bigint): AttrValue => ({ type: 'uint', value: BigInt(value) });
export const bool = (value: boolean): AttrValue => ({ type: 'bool', value });
export const timestamp = (ns: bigint): AttrValue => ({ type: 'timestamp', ns });
export const duration = (ns: bigint): AttrValue => ({ type: 'duration', ns });
export const map = (entries: [string, AttrValue | undefined][]): AttrValue => ({
  type: 'map',
  entries: entries.filter((e): e is [string, AttrValue] => e[1] !== undefined),
});

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

function eightBytes(write: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(8);
  write(new DataView(out.buffer));
  return out;
}

/**
 * The proxy-wasm pair serialization (cpp-host PairsUtil::marshalPairs): u32
 * count, a u32 key size and u32 value size per pair, then each key and value
 * followed by a NUL; little-endian.
 */
export function marshalPairs(pairs: [Uint8Array, Uint8Array][]): Uint8Array {
  let size = 4;
  for (const [k, v] of pairs) size += 8 + k.length + 1 + v.length + 1;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, pairs.length, true);
  let lengths = 4;
  let data = 4 + 8 * pairs.length;
  for (const [k, v] of pairs) {
    view.setUint32(lengths, k.length, true);
    view.setUint32(lengths + 4, v.length, true);
    lengths += 8;
    out.set(k, data);
    data += k.length + 1;
    out.set(v, data);
    data += v.length + 1;
  }
  return out;
}

/** Envoy's serializeValue. */
export function serializeValue(value: AttrValue): Uint8Array {
  switch (value.type) {
    case 'string':
      return utf8(value.value);
    case 'bytes':
      return value.value;
    case 'int':
      return eightBytes((v) => v.setBigInt64(0, BigInt.asIntN(64, value.value), true));
    case 'uint':
      return eightBytes((v) => v.setBigUint64(0, BigInt.asUintN(64, value.value), true));
    case 'double':
      return eightBytes((v) => v.setFloat64(0, value.value, true));
    case 'bool':
      return new Uint8Array([value.value ? 1 : 0]);
    case 'timestamp':
      return eightBytes((v) => v.setBigInt64(0, value.ns, true));
    case 'duration':
      return eightBytes((v) => v.setBigInt64(0, value.ns, true));
    case 'map':
      return marshalPairs(value.entries.map(([k, v]) => [utf8(k), serializeValue(v)]));
    case 'list':
      return marshalPairs(value.items.map((item) => [serializeValue(item), new Uint8Array()]));
    case 'message':
      return encodeMessage(value.fields.map(protoField));
  }
}

function protoField(field: MessageField): ProtoField {
  const v = field.value;
  switch (v.type) {
    case 'string':
      return { number: field.number, kind: 'bytes', value: utf8(v.value) };
    case 'bytes':
      return { number: field.number, kind: 'bytes', value: v.value };
    case 'bool':
      return { number: field.number, kind: 'varint', value: v.value ? 1n : 0n };
    case 'int':
    case 'uint':
      return { number: field.number, kind: 'varint', value: v.value };
    case 'double':
      return { number: field.number, kind: 'fixed64', value: v.value };
    case 'message':
      return { number: field.number, kind: 'bytes', value: serializeValue(v) };
    case 'map':
      // A google.protobuf.Struct field (CEL shows it as a map).
      return { number: field.number, kind: 'bytes', value: structBytes(v) };
    default:
      return { number: field.number, kind: 'bytes', value: serializeValue(v) };
  }
}

/** google.protobuf.Struct: map<string, Value> fields = 1. */
function structBytes(value: Extract<AttrValue, { type: 'map' }>): Uint8Array {
  return encodeMessage(
    value.entries.map(([key, v]) => ({
      number: 1,
      kind: 'bytes',
      value: encodeMessage([
        { number: 1, kind: 'bytes', value: utf8(key) },
        { number: 2, kind: 'bytes', value: valueBytes(v) },
      ]),
    })),
  );
}

/** google.protobuf.Value: number 2, string 3, bool 4, struct 5. */
function valueBytes(v: AttrValue): Uint8Array {
  switch (v.type) {
    case 'map':
      return encodeMessage([{ number: 5, kind: 'bytes', value: structBytes(v) }]);
    case 'bool':
      return encodeMessage([{ number: 4, kind: 'varint', value: v.value ? 1n : 0n }]);
    case 'int':
    case 'uint':
      return encodeMessage([{ number: 2, kind: 'fixed64', value: Number(v.value) }]);
    case 'double':
      return encodeMessage([{ number: 2, kind: 'fixed64', value: v.value }]);
    default:
      return encodeMessage([{ number: 3, kind: 'bytes', value: serializeValue(v) }]);
  }
}

/**
 * One step of Envoy's path walk: a map by key, a message by field name, a
 * list by decimal index. Undefined is NOT_FOUND.
 */
export function step(value: AttrValue, segment: string): AttrValue | undefined {
  if (value.type === 'map') {
    const key = value.headers ? segment.toLowerCase() : segment;
    return value.entries.find(([k]) => k === key)?.[1];
  }
  if (value.type === 'message') return value.fields.find((f) => f.name === segment)?.value;
  if (value.type === 'list') {
    if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
    return value.items[Number(segment)];
  }
  return undefined;
}
