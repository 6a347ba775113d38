// Types of lazy-imports.mjs, for the tests that drive it.
import type { Metafile, Plugin } from 'esbuild';

export function isCommonJs(file: string): boolean;
export function nodeExportNames(file: string): Promise<string[]>;
export function lazyCommonJs(): Plugin;
export function lazyChunkProblems(metafile: Metafile, root: string): Promise<string[]>;
export function deferCoreOidc(): Plugin;
