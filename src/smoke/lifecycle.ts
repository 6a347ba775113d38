/**
 * The in-thread smoke run: load checks, then the lifecycle as the gateway
 * drives it (canary VM, then worker VM: start, vm_start, configure; then one
 * HTTP stream, http-call responses and a tick on the worker VM). Each phase
 * is timed; the first failure ends the run and becomes the report's error.
 */
import { InputError } from '../common/errors.js';
import type { SmokeLogLine, SmokePhase, SmokeReport } from '../model.js';
import { formatMiB } from '../wasm/memory-cap.js';
import { backtraceOf, trapMessage, VmFailure, withDeepStacks } from './failure.js';
import {
  GATEWAY_MEMORY_LIMIT_MB,
  MAX_LOG_BYTES,
  MAX_LOG_LINES,
  PluginLimitExceeded,
} from './limits.js';
import {
  checkExports,
  checkImports,
  compileModule,
  type EntryPlan,
  type LoadedModule,
} from './loader.js';
import {
  DEFAULT_HTTP_CALL_RESPONSE,
  DEFAULT_MEMORY_LIMIT_MB,
  DEFAULT_STREAM,
  toBytes,
  type SmokeOptions,
} from './options.js';
import { DEFAULT_PROFILE, findProfile, PROFILES, type HostProfile } from './profiles.js';
import { checkMemoryLimit, propertyOverrides } from './config.js';
import type { ProxyHostOptions, ProxyLogLevel, QueueReady } from './proxy/contract.js';
import { routedStreamInput } from './proxy/routed-request.js';
import { createVm, offeredSignatures, type Vm } from './vm.js';
import { ProcExit } from './wasi.js';

/** Progress, for the isolating worker (so a timeout still reports phase and logs). */
export interface SmokeHooks {
  onPhase?(name: string): void;
  /** A phase finished (ok or not). */
  onPhaseEnd?(phase: SmokePhase): void;
  /** The load checks passed: the ABI marker and entry point are known. */
  onLoad?(info: { abi: string | null; entry: string | null }): void;
  onLog?(line: SmokeLogLine): void;
}

const ROOT_ID = 1;
const STREAM_ID = 2;
const ACTION_PAUSE = 1;
/** Callbacks whose result is an action (the others return a bool or nothing). */
const PAUSABLE = new Set([
  'request_headers',
  'request_body',
  'request_trailers',
  'response_headers',
  'response_body',
  'response_trailers',
]);

type Fn = (...args: number[]) => number | undefined;

class Run {
  readonly phases: SmokePhase[] = [];
  readonly logs: SmokeLogLine[] = [];
  current = 'load';
  currentFunction = '';
  /** The VM created last (the one a failure happened in). */
  vm: Vm | undefined;
  /** Log kept so far, and what was dropped past the limits (src/smoke/limits.ts). */
  private logBytes = 0;
  private dropped = { lines: 0, bytes: 0 };

  constructor(
    readonly loaded: LoadedModule,
    readonly hooks: SmokeHooks,
  ) {}

  private keep(line: SmokeLogLine): void {
    this.logs.push(line);
    this.hooks.onLog?.(line);
  }

  /** The plugin's log, kept up to MAX_LOG_BYTES / MAX_LOG_LINES; the rest is counted. */
  log = (level: string, message: string) => {
    const bytes = Buffer.byteLength(message);
    if (
      this.dropped.lines === 0 &&
      this.logs.length < MAX_LOG_LINES &&
      this.logBytes + bytes <= MAX_LOG_BYTES
    ) {
      this.logBytes += bytes;
      this.keep({ level, message });
      return;
    }
    if (this.dropped.lines === 0) {
      this.keep({
        level: 'warn',
        message: `smoke: log truncated after ${this.logBytes} bytes (${this.logs.length} lines): a run keeps at most ${MAX_LOG_BYTES} bytes or ${MAX_LOG_LINES} lines of a plugin's log`,
      });
    }
    this.dropped.lines++;
    this.dropped.bytes += bytes;
  };

  /** Says how much of the log was dropped, once the run is over. */
  closeLog(): void {
    if (this.dropped.lines === 0) return;
    this.keep({
      level: 'warn',
      message: `smoke: ${this.dropped.lines} more log lines (${this.dropped.bytes} bytes) were dropped`,
    });
  }

  /** Times `body` as phase `name`; a thrown error ends the run as this phase's failure. */
  phase<T>(name: string, body: () => T): T {
    this.current = name;
    this.hooks.onPhase?.(name);
    const started = performance.now();
    try {
      const result = withDeepStacks(body);
      this.record({ name, ok: true, ms: performance.now() - started });
      return result;
    } catch (err) {
      this.record({ name, ok: false, ms: performance.now() - started });
      throw this.failure(err);
    }
  }

  record(phase: SmokePhase): void {
    this.phases.push(phase);
    this.hooks.onPhaseEnd?.(phase);
  }

  failure(err: unknown): VmFailure {
    if (err instanceof VmFailure || err instanceof InputError) return err as VmFailure;
    if (err instanceof PluginLimitExceeded) {
      const where = this.currentFunction ? ` (in ${this.currentFunction})` : '';
      return new VmFailure(this.current, `${err.message}${where}`);
    }
    const names = this.loaded.info.functionNames;
    const backtrace = backtraceOf(err, names, this.loaded.offsetDelta);
    if (!this.currentFunction) {
      // No export was running: instantiation itself failed (start section, data
      // segments); V8::link reports only this, V8's reason goes to the log.
      this.log('warn', `smoke: V8 could not instantiate the module: ${(err as Error).message}`);
      return new VmFailure(this.current, 'Failed to create new Wasm instance', backtrace);
    }
    const what = err instanceof ProcExit ? `proc_exit(${err.code})` : trapMessage(err);
    return new VmFailure(
      this.current,
      `Function: ${this.currentFunction} failed: ${what}`,
      backtrace,
    );
  }

  /** A fresh VM, created inside the current phase so instantiation failures belong to it. */
  createVm(options: ProxyHostOptions): Vm {
    this.currentFunction = '';
    this.vm = createVm(this.loaded, options, this.log);
    return this.vm;
  }

  /**
   * Calls a plugin callback on `contextId`: the host makes it the effective
   * context and brackets the call, so data is readable only where Envoy has it
   * (the plugin configuration inside proxy_on_configure, a stream's headers
   * until the callback that delivered them continues).
   */
  callback(vm: Vm, contextId: number, name: string, ...args: number[]): number | undefined {
    const proxy = vm.proxy!;
    proxy.setEffectiveContext(contextId);
    proxy.beginCallback?.(contextId, name);
    const result = this.call(vm, name, ...args);
    proxy.endCallback?.(contextId, name, result);
    return result;
  }

  /** Calls an export; absent exports are skipped (undefined), as cpp-host does. */
  call(vm: Vm, name: string, ...args: number[]): number | undefined {
    const fn = vm.exports[name];
    if (typeof fn !== 'function') return undefined;
    this.currentFunction = name;
    const result = (fn as Fn)(...args);
    return typeof result === 'number' ? result : undefined;
  }
}

function proxyOptions(
  options: SmokeOptions,
  profile: HostProfile,
  log: Run['log'],
): ProxyHostOptions {
  return {
    vmConfig: toBytes(options.vmConfig),
    pluginConfig: toBytes(options.pluginConfig),
    properties: propertyOverrides(options.properties),
    profile: profile.name,
    httpCallResponse: { ...DEFAULT_HTTP_CALL_RESPONSE, ...options.httpCallResponse },
    httpCalls: options.httpCalls,
    redisReplies: options.redisReplies,
    stream: routedStreamInput({ ...DEFAULT_STREAM, ...options.request }),
    higressExtras: profile.higressExtras,
    pluginName: 'smoke',
    log: (level: ProxyLogLevel, message: string) => log(level, message),
  };
}

/**
 * _initialize then main/__main_void, or _start, with host calls restricted.
 * On a proxy-wasm host a trap in _initialize does not stop main: WasmBase::startVm
 * calls both and the first failure is the one reported.
 */
function startVm(run: Run, vm: Vm, plan: EntryPlan, restricted: boolean): void {
  vm.restricted = restricted;
  let first: VmFailure | undefined;
  const call = (name: string, ...args: number[]) => {
    try {
      run.call(vm, name, ...args);
    } catch (err) {
      if (err instanceof ProcExit || !restricted) throw err; // plain WASI: exit ends the VM
      first ??= run.failure(err);
    }
  };
  try {
    if (plan.kind === 'reactor') {
      call('_initialize');
      if (plan.main) call(plan.main, ...(plan.main === 'main' ? [0, 0] : []));
    } else if (plan.kind === 'command') {
      call('_start');
    }
  } finally {
    vm.restricted = false;
    vm.wasi.flush();
  }
  if (first) throw first;
}

/**
 * Delivers what the plugin is waiting for, as the gateway would between
 * callbacks: http call responses (the canned one), queue-ready notifications
 * and Higress redis replies (configured per command). Rounds, because an answer may start another call.
 */
function answerPending(run: Run, vm: Vm, carried: QueueReady[] = []): void {
  const proxy = vm.proxy!;
  for (let round = 0; round < 16; round++) {
    const calls = proxy.takePendingHttpCalls();
    const queues = [...(round === 0 ? carried : []), ...(proxy.takeQueueReady?.() ?? [])];
    const redis = proxy.takePendingRedisCalls?.() ?? [];
    if (calls.length + queues.length + redis.length === 0) return;
    for (const call of calls) {
      const context = call.rootContextId ?? ROOT_ID;
      run.phase('http_call_response', () => {
        const sizes = proxy.prepareHttpCallResponse(call);
        try {
          run.callback(
            vm,
            context,
            'proxy_on_http_call_response',
            context,
            call.token,
            sizes.headers,
            sizes.bodySize,
            sizes.trailers,
          );
        } finally {
          proxy.finishHttpCallResponse();
        }
      });
    }
    for (const q of queues) {
      run.phase('queue_ready', () =>
        run.callback(vm, q.contextId, 'proxy_on_queue_ready', q.contextId, q.token),
      );
    }
    for (const call of redis) {
      run.phase('redis_call_response', () => {
        const size = proxy.prepareRedisCallResponse!(call);
        try {
          run.callback(
            vm,
            call.rootContextId,
            'proxy_on_redis_call_response',
            call.rootContextId,
            call.token,
            0,
            size,
          );
        } finally {
          proxy.finishRedisCallResponse!();
        }
      });
    }
  }
}

/** One VM through start, proxy_on_context_create, proxy_on_vm_start and proxy_on_configure. */
function startAndConfigure(
  run: Run,
  plan: EntryPlan,
  label: 'canary' | 'worker',
  options: ProxyHostOptions,
): Vm {
  const vm = run.phase(`${label}.start`, () => {
    const created = run.createVm(options);
    startVm(run, created, plan, true);
    return created;
  });
  const proxy = vm.proxy!;
  run.phase(`${label}.vm_start`, () => {
    proxy.contextCreated?.(ROOT_ID, 0);
    run.callback(vm, ROOT_ID, 'proxy_on_context_create', ROOT_ID, 0);
    if (run.callback(vm, ROOT_ID, 'proxy_on_vm_start', ROOT_ID, options.vmConfig.length) === 0) {
      throw new VmFailure(
        run.current,
        label === 'canary' ? 'Failed to start base Wasm' : 'Failed to start thread-local Wasm',
      );
    }
  });
  run.phase(`${label}.configure`, () => {
    if (
      run.callback(vm, ROOT_ID, 'proxy_on_configure', ROOT_ID, options.pluginConfig.length) === 0
    ) {
      throw new VmFailure(
        run.current,
        label === 'canary'
          ? 'Failed to configure base Wasm plugin'
          : 'Failed to configure thread-local Wasm plugin',
      );
    }
  });
  return vm;
}

function pairsCount(pairs: [string, string][]): number {
  return pairs.length;
}

/** Context 2 under root 1: request, response, log, done, delete. */
function driveStream(run: Run, vm: Vm, options: ProxyHostOptions): void {
  const proxy = vm.proxy!;
  const s = options.stream;
  const step = (name: string, fn: string, ...args: number[]) => {
    run.phase(`http.${name}`, () => {
      const result = run.callback(vm, STREAM_ID, fn, STREAM_ID, ...args);
      if (result === ACTION_PAUSE && PAUSABLE.has(name)) {
        run.log('debug', `smoke: ${fn} paused the stream`);
      }
      // proxy_on_done false: the context finishes later with proxy_done.
      if (name === 'done' && result === 0) proxy.expectDone?.(STREAM_ID);
    });
    answerPending(run, vm);
  };
  run.phase('http.context_create', () => {
    proxy.contextCreated?.(STREAM_ID, ROOT_ID);
    run.callback(vm, STREAM_ID, 'proxy_on_context_create', STREAM_ID, ROOT_ID);
  });
  const reqBody = new TextEncoder().encode(s.requestBody).length;
  const reqTrailers = s.requestTrailers.length > 0;
  // A local reply ends the request side: Envoy stops decoding and encodes the
  // reply through the filter chain instead of the upstream's response.
  const replied = () => proxy.repliedLocally?.(STREAM_ID) === true;
  step(
    'request_headers',
    'proxy_on_request_headers',
    pairsCount(s.requestHeaders),
    reqBody === 0 && !reqTrailers ? 1 : 0,
  );
  if (reqBody > 0 && !replied())
    step('request_body', 'proxy_on_request_body', reqBody, reqTrailers ? 0 : 1);
  if (reqTrailers && !replied())
    step('request_trailers', 'proxy_on_request_trailers', pairsCount(s.requestTrailers));
  const r = proxy.responseFor?.(STREAM_ID) ?? s;
  const respBody = new TextEncoder().encode(r.responseBody).length;
  const respTrailers = r.responseTrailers.length > 0;
  step(
    'response_headers',
    'proxy_on_response_headers',
    pairsCount(r.responseHeaders),
    respBody === 0 && !respTrailers ? 1 : 0,
  );
  if (respBody > 0) step('response_body', 'proxy_on_response_body', respBody, respTrailers ? 0 : 1);
  if (respTrailers)
    step('response_trailers', 'proxy_on_response_trailers', pairsCount(r.responseTrailers));
  for (const local of proxy.localResponses()) {
    run.log('info', `smoke: local response ${local.status} sent on context ${local.contextId}`);
  }
  step('log', 'proxy_on_log');
  step('done', 'proxy_on_done');
  step('delete', 'proxy_on_delete');
}

/**
 * After a failed export check (a bad signature, no allocator) WasmBase::initialize
 * still runs startVm, so the plugin's start-time logs appear; what fails there
 * is not reported (the first failure is).
 */
function startDespiteFailure(run: Run, plan: EntryPlan, options: ProxyHostOptions): void {
  try {
    startVm(run, run.createVm(options), plan, true);
  } catch {
    // the export check's failure stands
  }
}

/** plain WASI: `_start` (exit code 0 passes), or `_initialize` then the configured export. */
function runWasi(
  run: Run,
  plan: EntryPlan,
  options: SmokeOptions,
  proxyOptions: ProxyHostOptions,
): Vm {
  const exit = (err: unknown): boolean => {
    if (!(err instanceof ProcExit)) throw err;
    if (err.code !== 0)
      throw new VmFailure(
        run.current,
        `Function: ${run.currentFunction} failed: exit code ${err.code}`,
      );
    return true;
  };
  if (plan.kind === 'none') {
    throw new VmFailure('start', 'Wasm module exports neither _start nor _initialize');
  }
  let exited = false;
  const vm = run.phase('start', () => {
    const created = run.createVm(proxyOptions);
    try {
      startVm(run, created, plan, false);
    } catch (err) {
      exited = exit(err);
    }
    return created;
  });
  if (plan.kind !== 'reactor' || exited || !options.wasiExport) return vm;
  const name = options.wasiExport;
  if (typeof vm.exports[name] !== 'function') {
    throw new VmFailure('call', `Wasm module does not export function ${name}`);
  }
  run.phase('call', () => {
    try {
      const result = run.call(vm, name);
      if (result !== undefined) run.log('info', `smoke: ${name} returned ${result}`);
    } catch (err) {
      exit(err);
    } finally {
      vm.wasi.flush();
    }
  });
  return vm;
}

/** When the failure may come from the memory limit, a log line saying where memory was. */
function noteMemory(run: Run): void {
  const limit = run.loaded.memoryLimitBytes;
  const size = run.vm?.memory()?.buffer.byteLength ?? 0;
  const outOfMemory = run.logs.some((l) => /out of memory/i.test(l.message));
  if (size + (16 << 20) < limit && !outOfMemory) return;
  run.log(
    'warn',
    `smoke: linear memory was at ${formatMiB(size)} when the plugin failed; the memory limit is ${formatMiB(limit)}`,
  );
}

/**
 * Runs the smoke test in this thread (no timeout: use smokeTest for
 * isolation). Throws InputError for bad input (unknown profile, malformed wasm).
 * `spare`: free bytes before `wasm` in its buffer (see capModule).
 */
export async function runSmoke(
  wasm: Uint8Array,
  options: SmokeOptions = {},
  hooks: SmokeHooks = {},
  spare = 0,
): Promise<SmokeReport> {
  const hostName = options.host ?? DEFAULT_PROFILE;
  const profile = findProfile(hostName);
  if (!profile) {
    throw new InputError(
      `unknown host profile '${hostName}' (known: ${Object.keys(PROFILES).join(', ')})`,
    );
  }
  const file = options.file ?? 'module.wasm';
  // A value no wasm32 memory can hold is bad input; above the gateway's V8
  // cap it is clamped, since a larger limit would pass modules it refuses.
  const requestedMb = checkMemoryLimit(
    options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB,
    'memoryLimitMb',
  );
  const limitBytes = Math.min(requestedMb, GATEWAY_MEMORY_LIMIT_MB) * (1 << 20);
  const report: SmokeReport = {
    ok: false,
    host: profile.name,
    abi: null,
    entry: null,
    phases: [],
    logs: [],
    error: null,
  };

  if (requestedMb > GATEWAY_MEMORY_LIMIT_MB) {
    const line = {
      level: 'warn',
      message: `smoke: memoryLimitMb ${requestedMb} is above the gateway's ${GATEWAY_MEMORY_LIMIT_MB} MiB; using ${GATEWAY_MEMORY_LIMIT_MB} MiB`,
    };
    report.logs.push(line);
    hooks.onLog?.(line);
  }

  let run: Run | undefined;
  let vm: Vm | undefined;
  const loadStarted = performance.now();
  try {
    hooks.onPhase?.('load');
    const loaded = await compileModule(wasm, file, profile, limitBytes, spare);
    run = new Run(loaded, hooks);
    run.logs.push(...report.logs);
    report.abi = loaded.abi;
    const popts = proxyOptions(options, profile, run.log);
    checkImports(loaded, offeredSignatures(loaded, popts));
    const { plan, failure: loadFailure } = checkExports(loaded);
    if (loadFailure) {
      if (profile.kind === 'proxy-wasm') startDespiteFailure(run, plan, popts);
      throw loadFailure;
    }
    report.entry =
      plan.kind === 'reactor'
        ? ['_initialize', plan.main].filter(Boolean).join('+')
        : plan.kind === 'command'
          ? '_start'
          : null;
    run.record({ name: 'load', ok: true, ms: performance.now() - loadStarted });
    hooks.onLoad?.({ abi: report.abi, entry: report.entry });

    if (profile.kind === 'wasi') {
      vm = runWasi(run, plan, options, popts);
    } else {
      // The gateway configures a canary clone first, then each worker's own VM.
      // Envoy kills the canary once configured (WasmHandleBase::canary): its http and
      // redis calls are never answered. What it enqueues reaches the thread-local VM
      // (SharedQueue::enqueue posts to getThreadLocalWasm), after that VM is configured.
      const canary = startAndConfigure(run, plan, 'canary', popts);
      const queued = canary.proxy!.takeQueueReady?.() ?? [];
      vm = startAndConfigure(run, plan, 'worker', popts);
      answerPending(run, vm, queued);
      driveStream(run, vm, popts);
      if (vm.proxy!.tickPeriodMs(ROOT_ID) > 0) {
        run.phase('tick', () => run!.callback(vm!, ROOT_ID, 'proxy_on_tick', ROOT_ID));
        answerPending(run, vm);
      }
    }
    report.ok = true;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const failure =
      err instanceof VmFailure ? err : run ? run.failure(err) : new VmFailure('load', String(err));
    if (failure.phase === 'load' && !run?.phases.some((p) => p.name === 'load')) {
      (run?.phases ?? report.phases).push({
        name: 'load',
        ok: false,
        ms: performance.now() - loadStarted,
      });
    }
    if (run) noteMemory(run);
    report.error = {
      phase: failure.phase,
      message: failure.message,
      backtrace: failure.backtrace,
    };
  } finally {
    run?.vm?.wasi.flush();
    run?.closeLog();
  }
  if (run) {
    report.phases = run.phases;
    report.logs = run.logs;
    const activity = run.vm?.proxy?.activity?.(STREAM_ID);
    if (activity) report.activity = activity;
  }
  return report;
}
