/**
 * Calls a plugin makes out of the proxy: HTTP calls, gRPC calls and streams,
 * and (Higress) Redis calls. Nothing leaves the process: each call is
 * recorded with a token, and the lifecycle later makes a canned response
 * current while it runs the plugin's response callback.
 */
import { ConstBuffer } from './buffers.js';
import type {
  CannedHttpResponse,
  HttpCallRule,
  PendingHttpCall,
  PendingRedisCall,
} from './contract.js';
import { HeaderMap, type Pairs } from './header-map.js';

/** Headers Envoy requires on every proxy_http_call (else BAD_ARGUMENT). */
const REQUIRED_HTTP_CALL_HEADERS = [':path', ':method', ':authority'];

export function missingHttpCallHeaders(headers: Pairs): string[] {
  const present = new Set(headers.map(([k]) => k.toLowerCase()));
  // Envoy accepts `host` for :authority (both are Http::Headers::Host).
  if (present.has('host')) present.add(':authority');
  return REQUIRED_HTTP_CALL_HEADERS.filter((h) => !present.has(h));
}

export interface CurrentHttpResponse {
  headers: HeaderMap;
  body: ConstBuffer;
  trailers: HeaderMap;
}

export interface GrpcCall {
  token: number;
  contextId: number;
  /** `call` for proxy_grpc_call (odd tokens), `stream` for proxy_grpc_stream (even). */
  kind: 'call' | 'stream';
  upstream: string;
  service: string;
  method: string;
  metadata: Pairs;
  messages: Uint8Array[];
}

export class OutboundCalls {
  private pendingHttp: PendingHttpCall[] = [];
  private nextHttpToken = 1;
  private currentHttp: CurrentHttpResponse | undefined;

  private readonly grpc = new Map<number, GrpcCall>();
  private nextGrpcCallToken = 1; // odd, like Envoy's nextGrpcCallId
  private nextGrpcStreamToken = 2; // even, like nextGrpcStreamId

  private readonly redisClusters = new Set<string>();
  private pendingRedis: PendingRedisCall[] = [];
  private nextRedisToken = 1;
  private currentRedis: ConstBuffer | undefined;

  /** What proxy_get_status reports: Envoy's status_code_/status_message_, 0 and "" unless a call failed. */
  private lastStatus = { code: 0, message: '' };

  constructor(
    private readonly canned: CannedHttpResponse,
    private readonly rules: readonly HttpCallRule[] = [],
  ) {}

  /** The configured answer for a call: the first rule that matches it, else the default. */
  responseFor(call: Pick<PendingHttpCall, 'upstream' | 'headers'>): CannedHttpResponse {
    const path = new HeaderMap(call.headers).get(':path') ?? '';
    const rule = this.rules.find(
      (r) =>
        (r.upstream === undefined || r.upstream === call.upstream) &&
        (r.path === undefined || path.startsWith(r.path)),
    );
    return rule?.response ?? this.canned;
  }

  status(): { code: number; message: string } {
    return this.lastStatus;
  }

  // HTTP

  dispatchHttp(call: Omit<PendingHttpCall, 'token'>): number {
    const token = this.nextHttpToken++;
    this.pendingHttp.push({ ...call, token });
    return token;
  }

  takePendingHttp(): PendingHttpCall[] {
    const calls = this.pendingHttp;
    this.pendingHttp = [];
    return calls;
  }

  prepareHttpResponse(call?: Pick<PendingHttpCall, 'upstream' | 'headers'>): {
    headers: number;
    bodySize: number;
    trailers: number;
  } {
    const canned = call ? this.responseFor(call) : this.canned;
    const body = new Uint8Array(Buffer.from(canned.body, 'utf8'));
    this.currentHttp = {
      headers: new HeaderMap(canned.headers),
      body: new ConstBuffer(body),
      trailers: new HeaderMap(canned.trailers),
    };
    return {
      headers: this.currentHttp.headers.size,
      bodySize: body.length,
      trailers: this.currentHttp.trailers.size,
    };
  }

  httpResponse(): CurrentHttpResponse | undefined {
    return this.currentHttp;
  }

  finishHttpResponse(): void {
    this.currentHttp = undefined;
  }

  // gRPC

  startGrpc(call: Omit<GrpcCall, 'token' | 'messages'>): number {
    let token: number;
    if (call.kind === 'call') {
      token = this.nextGrpcCallToken;
      this.nextGrpcCallToken += 2;
    } else {
      token = this.nextGrpcStreamToken;
      this.nextGrpcStreamToken += 2;
    }
    this.grpc.set(token, { ...call, token, messages: [] });
    return token;
  }

  grpcCall(token: number): GrpcCall | undefined {
    return this.grpc.get(token);
  }

  endGrpc(token: number): boolean {
    return this.grpc.delete(token);
  }

  grpcCalls(): GrpcCall[] {
    return [...this.grpc.values()];
  }

  // Redis (Higress)

  initRedis(upstream: string): void {
    this.redisClusters.add(upstream);
  }

  redisReady(upstream: string): boolean {
    return this.redisClusters.has(upstream);
  }

  dispatchRedis(call: Omit<PendingRedisCall, 'token'>): number {
    const token = this.nextRedisToken++;
    this.pendingRedis.push({ ...call, token });
    return token;
  }

  takePendingRedis(): PendingRedisCall[] {
    const calls = this.pendingRedis;
    this.pendingRedis = [];
    return calls;
  }

  prepareRedisResponse(response: Uint8Array): number {
    this.currentRedis = new ConstBuffer(response.slice());
    return response.length;
  }

  redisResponse(): ConstBuffer | undefined {
    return this.currentRedis;
  }

  finishRedisResponse(): void {
    this.currentRedis = undefined;
  }
}
