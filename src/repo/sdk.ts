/**
 * Which proxy-wasm Go SDK a plugin uses, and which compiler that SDK needs.
 * The TinyGo-era SDKs (tetratelabs, higress-group before mid-2025) only build
 * with TinyGo; the Go 1.24 line (proxy-wasm/proxy-wasm-go-sdk, higress-group
 * from 2025-05 on, higress-group/wasm-go) builds with `go build
 * -buildmode=c-shared`, which needs a `go 1.24` module.
 */
import type { Builder } from '../model.js';
import { versionAtLeast, type GoMod } from './gomod.js';

export const SDK_MODULES = [
  'github.com/proxy-wasm/proxy-wasm-go-sdk',
  'github.com/tetratelabs/proxy-wasm-go-sdk',
  'github.com/higress-group/proxy-wasm-go-sdk',
  'github.com/higress-group/wasm-go',
  'github.com/alibaba/higress/plugins/wasm-go',
] as const;

// A fork keeps the SDK's repository name (github.com/<someone>/proxy-wasm-go-sdk).
const SDK_FORK = /(?:^|\/)proxy-wasm-go-sdk(?:\/|$)/;

/** True when an import path belongs to one of the SDKs (or a fork of one). */
export function isSdkImport(importPath: string): boolean {
  return (
    SDK_MODULES.some((m) => importPath === m || importPath.startsWith(`${m}/`)) ||
    SDK_FORK.test(importPath)
  );
}

/**
 * True when the module's build list holds an SDK. Since Go 1.17 go.mod lists
 * every module that its packages need, direct or `// indirect`, so an SDK
 * reached only through another package (Higress's waf: main imports its own
 * wasmplugin package, which imports the SDK) is listed too.
 */
export function requiresSdk(mod: GoMod): boolean {
  for (const path of mod.require.keys()) {
    if (isSdkImport(path) || isSdkImport(mod.moduleReplace.get(path)?.path ?? '')) return true;
  }
  return false;
}

/** Go's rule: a standard-library import path has no dot in its first element. */
export function isStandardImport(importPath: string): boolean {
  return !importPath.split('/')[0]!.includes('.');
}

const NOTTINYGC = ['github.com/higress-group/nottinygc', 'github.com/wasilibs/nottinygc'];

/** The higress-group SDK moved to Go 1.24 (higress PR #2532) with pseudo-versions from 2025-05. */
const HIGRESS_GO_LINE_FROM = 20250501000000;

function pseudoTimestamp(version: string): number | undefined {
  const m = /-(?:0\.)?(\d{14})-[0-9a-f]{12}$/.exec(version);
  return m ? Number(m[1]) : undefined;
}

/** True when the module links nottinygc, which TinyGo builds need `-gc=custom` for. */
export function usesNottinygc(mod: GoMod): boolean {
  return NOTTINYGC.some((m) => mod.require.has(m));
}

/** The builder the module's requirements call for. */
export function builderFromModule(mod: GoMod): Builder {
  // c-shared wasip1 with go:wasmexport exists from Go 1.24 on.
  if (!versionAtLeast(mod.go, '1.24')) return 'tinygo';
  if (usesNottinygc(mod)) return 'tinygo';
  const effective = (path: string) => mod.moduleReplace.get(path)?.path ?? path;
  for (const [path, version] of mod.require) {
    const target = effective(path);
    const targetVersion = mod.moduleReplace.get(path)?.version ?? version;
    if (target === 'github.com/tetratelabs/proxy-wasm-go-sdk') return 'tinygo';
    if (target === 'github.com/higress-group/proxy-wasm-go-sdk') {
      const ts = pseudoTimestamp(targetVersion);
      if (ts === undefined || ts < HIGRESS_GO_LINE_FROM) return 'tinygo';
    }
  }
  return 'go';
}
