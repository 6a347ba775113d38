/**
 * The setup stage: resolve versions, install every tool version once (all in
 * parallel), and report what is where. Front ends turn the result into PATH,
 * GOROOT, outputs (src/toolchain/environment.ts).
 */
import type { Log } from '../common/log.js';
import type { ToolInstall } from '../model.js';
import { installTool } from './install.js';
import { resolveVersions } from './plan.js';
import type { PendingSave, RunnerEnv, SetupResult, ToolchainRequest, ToolName } from './types.js';

export async function setupToolchains(
  request: ToolchainRequest,
  env: RunnerEnv,
  log: Log,
): Promise<SetupResult> {
  const plans = await resolveVersions(request, env, log);
  if (plans.some((p) => p.tool === 'tinygo') && !plans.some((p) => p.tool === 'go')) {
    log.warn(
      'TinyGo needs a Go toolchain and no Go version was requested; it will use whatever go is on PATH',
    );
  }
  const outcomes = await Promise.allSettled(plans.map((plan) => installTool(plan, env, log)));
  const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []));
  if (failures.length) {
    for (const f of failures.slice(1)) log.error(f.message);
    throw failures[0]; // the first, with its own class (InputError -> exit 2)
  }
  const tools: ToolInstall[] = [];
  const pendingSaves: PendingSave[] = [];
  const defaults: Partial<Record<ToolName, ToolInstall>> = {};
  for (const o of outcomes) {
    if (o.status !== 'fulfilled') continue;
    tools.push(o.value.install);
    defaults[o.value.install.tool] ??= o.value.install;
    if (o.value.pendingSave) pendingSaves.push(o.value.pendingSave);
  }
  return { tools, pendingSaves, defaults };
}

/** The post step: save what missed. Service trouble is the RunCache's to absorb. */
export async function savePending(saves: PendingSave[], env: RunnerEnv, log: Log): Promise<void> {
  if (!env.runCache) return;
  for (const s of saves) {
    log.info(`run cache: saving ${s.key}`);
    await env.runCache.save(s.paths, s.key);
  }
}
