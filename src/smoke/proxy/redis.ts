/**
 * Redis for the Higress fork's proxy_redis_call: the query a plugin sends is a
 * RESP array of bulk strings (what Higress's wasm-go redis client writes);
 * the answer is whatever a smoke run configures per command, as RESP, handed
 * back through BufferType 9 like the gateway's redis client does.
 */

/** A reply as configured: RESP written out from a YAML value. */
export type RedisReplyValue =
  | string
  | number
  | boolean
  | null
  | RedisReplyValue[]
  | { status: string }
  | { error: string }
  | { resp: string };

export interface RedisRule {
  /** The command's first word, case-insensitive; absent or '*' matches any. */
  command?: string;
  reply: RedisReplyValue;
}

/** What a call is answered with when no rule matches: Redis's reply to a SET. */
export const DEFAULT_REDIS_REPLY = '+OK\r\n';

/** RESP for a configured value: text is a bulk string, an integer `:n`, a list an array. */
export function encodeResp(value: RedisReplyValue): string {
  if (value === null) return '$-1\r\n';
  if (typeof value === 'boolean') return `:${value ? 1 : 0}\r\n`;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? `:${value}\r\n` : bulk(String(value));
  }
  if (typeof value === 'string') return bulk(value);
  if (Array.isArray(value)) return `*${value.length}\r\n${value.map(encodeResp).join('')}`;
  if ('status' in value) return `+${value.status}\r\n`;
  if ('error' in value) return `-${value.error}\r\n`;
  return value.resp;
}

function bulk(text: string): string {
  return `$${Buffer.byteLength(text, 'utf8')}\r\n${text}\r\n`;
}

/**
 * The words of a RESP command (an array of bulk strings); a query in another
 * form (inline command) is split on spaces.
 */
export function decodeCommand(query: Uint8Array): string[] {
  const text = Buffer.from(query).toString('utf8');
  if (!text.startsWith('*')) return text.trim().split(/\s+/).filter(Boolean);
  const words: string[] = [];
  let pos = text.indexOf('\r\n') + 2;
  const count = Number(text.slice(1, pos - 2));
  for (let i = 0; i < count && pos > 1 && pos < text.length; i++) {
    if (text[pos] !== '$') break;
    const end = text.indexOf('\r\n', pos);
    const size = Number(text.slice(pos + 1, end));
    if (!Number.isInteger(size) || size < 0) break;
    // Sizes are bytes: slice the bytes, not the UTF-16 text.
    const start = Buffer.byteLength(text.slice(0, end + 2), 'utf8');
    words.push(
      Buffer.from(query)
        .subarray(start, start + size)
        .toString('utf8'),
    );
    pos =
      end +
      2 +
      Buffer.from(query)
        .subarray(start, start + size)
        .toString('utf8').length +
      2;
  }
  return words;
}

/** The reply for a command: the first rule naming it (or any), else +OK. */
export function redisReply(rules: readonly RedisRule[], command: string[]): string {
  const name = (command[0] ?? '').toUpperCase();
  const rule = rules.find(
    (r) => r.command === undefined || r.command === '*' || r.command.toUpperCase() === name,
  );
  return rule ? encodeResp(rule.reply) : DEFAULT_REDIS_REPLY;
}
