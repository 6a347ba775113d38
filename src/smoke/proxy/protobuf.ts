/**
 * Just enough of the protobuf wire format for the host: encoding the
 * messages Envoy hands out as attributes (the bootstrap Node), and decoding
 * the argument messages of foreign functions (declare_property,
 * set_envoy_filter_state, Higress's inject_encoded_data_to_filter_chain*).
 */

export type ProtoField =
  | { number: number; kind: 'varint'; value: bigint }
  | { number: number; kind: 'fixed64'; value: number }
  | { number: number; kind: 'bytes'; value: Uint8Array };

function varint(n: bigint): number[] {
  let v = BigInt.asUintN(64, n);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}

export function encodeMessage(fields: ProtoField[]): Uint8Array {
  const out: number[] = [];
  for (const f of fields) {
    if (f.kind === 'varint') {
      out.push(...varint(BigInt(f.number << 3)), ...varint(f.value));
    } else if (f.kind === 'fixed64') {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, f.value, true);
      out.push(...varint(BigInt((f.number << 3) | 1)), ...b);
    } else {
      out.push(...varint(BigInt((f.number << 3) | 2)), ...varint(BigInt(f.value.length)));
      for (const byte of f.value) out.push(byte);
    }
  }
  return new Uint8Array(out);
}

/** A decoded field: varints as bigint, length-delimited as bytes; fixed fields as raw bytes. */
export interface DecodedField {
  number: number;
  varint?: bigint;
  bytes?: Uint8Array;
}

/** Decodes a message's fields in order; undefined when the bytes are not a valid message. */
export function decodeMessage(data: Uint8Array): DecodedField[] | undefined {
  const fields: DecodedField[] = [];
  let pos = 0;
  const readVarint = (): bigint | undefined => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= data.length) return undefined;
      const b = data[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    return undefined;
  };
  while (pos < data.length) {
    const key = readVarint();
    if (key === undefined) return undefined;
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (number === 0) return undefined;
    if (wire === 0) {
      const v = readVarint();
      if (v === undefined) return undefined;
      fields.push({ number, varint: v });
    } else if (wire === 2) {
      const len = readVarint();
      if (len === undefined || pos + Number(len) > data.length) return undefined;
      fields.push({ number, bytes: data.slice(pos, pos + Number(len)) });
      pos += Number(len);
    } else if (wire === 1 || wire === 5) {
      const len = wire === 1 ? 8 : 4;
      if (pos + len > data.length) return undefined;
      fields.push({ number, bytes: data.slice(pos, pos + len) });
      pos += len;
    } else {
      return undefined;
    }
  }
  return fields;
}

/** The last occurrence of a field (protobuf's rule for singular fields). */
export function lastField(fields: DecodedField[], number: number): DecodedField | undefined {
  for (let i = fields.length - 1; i >= 0; i--) if (fields[i]!.number === number) return fields[i];
  return undefined;
}
