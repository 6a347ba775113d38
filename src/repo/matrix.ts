/**
 * The `matrix` output: one job per plugin through `fromJSON(...)`. GitHub
 * runs at most 256 jobs per matrix, so more is an error that says what to do
 * rather than a matrix that fails later with a vaguer message.
 */
import { InputError } from '../common/errors.js';
import type { Plugin } from '../model.js';

export const MAX_MATRIX_JOBS = 256;

export interface MatrixEntry {
  plugin: string;
  dir: string;
}

export interface Matrix {
  include: MatrixEntry[];
}

export function toMatrix(plugins: Plugin[]): Matrix {
  if (plugins.length > MAX_MATRIX_JOBS) {
    throw new InputError(
      `${plugins.length} plugins selected, but a GitHub matrix runs at most ${MAX_MATRIX_JOBS} jobs; ` +
        'split them with the plugins/exclude inputs across several detect steps',
    );
  }
  return { include: plugins.map((p) => ({ plugin: p.name, dir: p.relDir })) };
}
