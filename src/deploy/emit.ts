/**
 * Where the deploy manifests go: files under a directory (CLI
 * `--emit-manifests DIR`, the action's `deploy-dir`), a collapsed section of
 * the job summary, and an output.
 */
import { lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../common/errors.js';
import type { DeployManifest } from './manifests.js';

export interface PluginDeploy {
  plugin: string;
  digest: string;
  manifests: DeployManifest[];
}

function refuseSymlink(path: string): void {
  try {
    if (lstatSync(path).isSymbolicLink())
      throw new InputError(`${path}: is a symbolic link; manifests are not written through links`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Writes <dir>/<plugin>/<gateway>.yaml; returns the paths written. */
export function writeDeployManifests(dir: string, deploys: PluginDeploy[]): string[] {
  refuseSymlink(dir);
  const written: string[] = [];
  for (const d of deploys)
    for (const m of d.manifests) {
      const path = join(dir, m.file);
      mkdirSync(dirname(path), { recursive: true });
      refuseSymlink(dirname(path));
      refuseSymlink(path);
      writeFileSync(path, m.yaml);
      written.push(path);
    }
  return written;
}

/** `{ plugin: { higress, istio, "envoy-gateway" } }`, each a YAML text: the `manifests` output. */
export function manifestsOutput(deploys: PluginDeploy[]): Record<string, Record<string, string>> {
  return Object.fromEntries(
    deploys.map((d) => [d.plugin, Object.fromEntries(d.manifests.map((m) => [m.gateway, m.yaml]))]),
  );
}

const GATEWAY_TITLE: Record<DeployManifest['gateway'], string> = {
  higress: 'Higress WasmPlugin',
  istio: 'Istio WasmPlugin',
  'envoy-gateway': 'Envoy Gateway EnvoyExtensionPolicy',
};

/** A code fence longer than any run of backticks in `text` (a config may hold some). */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Markdown for the job summary: one collapsed block per plugin. */
export function deploySummary(deploys: PluginDeploy[]): string {
  if (!deploys.length) return '';
  const blocks = deploys.map((d) => {
    const body = d.manifests
      .map((m) => {
        const f = fence(m.yaml);
        return `${GATEWAY_TITLE[m.gateway]}:\n\n${f}yaml\n${m.yaml}${f}`;
      })
      .join('\n\n');
    return `<details><summary>Deploy ${d.plugin} (${d.digest.slice(0, 19)}…)</summary>\n\n${body}\n\n</details>`;
  });
  return `\n#### Deploy manifests (pinned by digest)\n\n${blocks.join('\n\n')}\n`;
}
