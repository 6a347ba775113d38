/** The bundled example repository (examples/plugins), as the README's first-use command runs it. */
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';

export const EXAMPLES = join(repoRoot, 'examples', 'plugins');
const EXTENSIONS = join(EXAMPLES, 'wasm-go', 'extensions');

/** Every example plugin: each directory under wasm-go/extensions with a go.mod. */
export function examplePlugins(): string[] {
  return readdirSync(EXTENSIONS)
    .filter((name) => existsSync(join(EXTENSIONS, name, 'go.mod')))
    .sort();
}

/** A copy of examples/plugins without earlier output, so runs never share state. */
export function copyExamples(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'wpci-examples-')), 'plugins');
  cpSync(EXAMPLES, dir, {
    recursive: true,
    filter: (src) => !src.split(/[\\/]/).includes('.wasm-plugin-ci'),
  });
  return dir;
}
