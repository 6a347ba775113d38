/**
 * Decides which versions of which tools to install, and (lazily: a warm tool
 * cache needs no network) where each archive comes from and what its sha256
 * must be. Precedence per tool: direct input, then the plugins' .buildrc,
 * then go-version-file.
 */
import { InputError } from '../common/errors.js';
import type { Log } from '../common/log.js';
import {
  bareGoVersion,
  classifyGoSpec,
  compareGoVersions,
  goArchiveFor,
  goSemver,
  goSpecAccepts,
  parseGoListing,
  resolveGoSpec,
  type GoRelease,
} from './go-versions.js';
import { fetchText, HttpStatusError } from './http.js';
import { PINNED_SHA256 } from './pinned-checksums.js';
import { cachedVersions } from './tool-cache.js';
import {
  baseUrlFor,
  DEFAULT_BASE_URLS,
  binaryenArchiveName,
  binaryenArchiveUrl,
  goArchiveUrl,
  goListingUrl,
  normaliseExactVersion,
  orasArchiveName,
  orasArchiveUrl,
  orasChecksumsUrl,
  tinygoArchiveName,
  tinygoArchiveUrl,
} from './sources.js';
import type { PlannedTool, RunnerEnv, ToolchainRequest, ToolName } from './types.js';
import { readVersionFile } from './version-file.js';

/** A version wanted, with where the wish came from (for messages). */
export interface VersionWish {
  spec: string;
  where: string;
}

export interface ToolPlan {
  tool: ToolName;
  version: string;
  /** Directory name in the tool cache. */
  semver: string;
  where: string;
  /** Where to download from and what to expect; only called on a cache miss. */
  source: () => Promise<PlannedTool>;
}

const TOOLS: ToolName[] = ['go', 'tinygo', 'oras', 'wasm-opt'];
const INPUT_NAMES: Record<ToolName, string> = {
  go: 'go-version',
  tinygo: 'tinygo-version',
  oras: 'oras-version',
  'wasm-opt': 'wasm-opt-version',
};

/** `1.24.4, 1.23.x` or `1.24.4 1.23.x`; a semver range (`>=1.23 <1.25`) keeps its spaces. */
function splitList(spec: string): string[] {
  const parts = /[<>=^~|]/.test(spec) ? spec.split(/[,\n]/) : spec.split(/[\s,]+/);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The wished-for versions per tool, in precedence order (first = default). */
export async function collectWishes(
  request: ToolchainRequest,
): Promise<Record<ToolName, VersionWish[]>> {
  const direct: Record<ToolName, string | undefined> = {
    go: request.go,
    tinygo: request.tinygo,
    oras: request.oras,
    'wasm-opt': request.wasmOpt,
  };
  const wishes = {} as Record<ToolName, VersionWish[]>;
  for (const tool of TOOLS) {
    wishes[tool] = splitList(direct[tool] ?? '').map((spec) => ({
      spec,
      where: INPUT_NAMES[tool],
    }));
  }
  for (const tool of ['go', 'tinygo'] as const) {
    if (wishes[tool].length) continue;
    for (const p of request.plugins ?? []) {
      const spec = tool === 'go' ? p.goVersion : p.tinygoVersion;
      if (spec)
        wishes[tool].push({
          spec,
          where: `${p.source} (${tool === 'go' ? 'GO_VERSION' : 'TINYGO_VERSION'})`,
        });
    }
  }
  if (request.goVersionFile && (!wishes.go.length || !wishes.tinygo.length)) {
    const found = await readVersionFile(request.goVersionFile);
    if (!wishes.go.length && found.go)
      wishes.go.push({ spec: found.go, where: request.goVersionFile });
    if (!wishes.tinygo.length && found.tinygo)
      wishes.tinygo.push({ spec: found.tinygo, where: request.goVersionFile });
  }
  return wishes;
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

/** 404 on a versioned URL means the version does not exist: the caller's input to fix. */
export function notFoundAsInput<T>(what: string, fn: () => Promise<T>): Promise<T> {
  return fn().catch((err) => {
    if (err instanceof HttpStatusError && err.status === 404) {
      throw new InputError(`${what}: not found (${err.url} answered 404); is the version right?`);
    }
    throw err;
  });
}

function checkSha(value: string, where: string): string {
  const v = value.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(v))
    throw new InputError(`${where}: '${value}' is not a sha256 (64 hex digits)`);
  return v;
}

/**
 * Go and ORAS: the user's sha256 when given (a value no mirror controls),
 * else the publisher's own listing or checksums file fetched from `base`.
 * That is what Go's own golang.org/dl does (the .sha256 from the server the
 * archive comes from) and more than actions/setup-go does (no check at all,
 * also with go-download-base-url). From a mirror, both the archive and its
 * listing come from the mirror: the check then proves the transfer, not the
 * publisher, and is labelled so instead of claiming go.dev.
 */
function givenOr(
  tool: 'go' | 'oras',
  request: ToolchainRequest,
  versionsOfTool: number,
): Pick<PlannedTool, 'sha256' | 'checksumSource'> | undefined {
  const given = request.sha256?.[tool];
  if (!given) return undefined;
  if (versionsOfTool > 1)
    throw new InputError(
      `${tool}-sha256: one checksum given but ${versionsOfTool} ${tool} versions requested`,
    );
  return { sha256: checkSha(given, `${tool}-sha256`), checksumSource: `the ${tool}-sha256 input` };
}

/** Whether `base` is the tool's own download site rather than a mirror or a base URL of the user's. */
function fromPublisher(tool: ToolName, base: string): boolean {
  return base === DEFAULT_BASE_URLS[tool];
}

/** TinyGo and binaryen: user checksum, else the pinned table, else an explicit opt-out. */
function pinnedOrGiven(
  tool: 'tinygo' | 'wasm-opt',
  version: string,
  archiveName: string,
  request: ToolchainRequest,
  versionsOfTool: number,
  log: Log,
): Pick<PlannedTool, 'sha256' | 'checksumSource'> {
  const given = request.sha256?.[tool];
  if (given) {
    if (versionsOfTool > 1) {
      throw new InputError(
        `${tool}-sha256: one checksum given but ${versionsOfTool} ${tool} versions requested`,
      );
    }
    return {
      sha256: checkSha(given, `${tool}-sha256`),
      checksumSource: `the ${tool}-sha256 input`,
    };
  }
  const pinned = PINNED_SHA256[archiveName];
  if (pinned) return { sha256: pinned, checksumSource: 'the pinned table' };
  if (request.allowUnverifiedDownloads) {
    log.warn(
      `${tool} ${version}: no known checksum for ${archiveName}; installing UNVERIFIED (allow-unverified-downloads)`,
    );
    return { sha256: undefined, checksumSource: 'none (allow-unverified-downloads)' };
  }
  throw new InputError(
    `${tool} ${version}: no published checksum is known for ${archiveName}; ` +
      `give its sha256 in ${tool}-sha256, or set allow-unverified-downloads: true to install it unverified`,
  );
}

export function parseChecksumsFile(text: string, archiveName: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(\S+)$/.exec(line.trim());
    if (m && m[2] === archiveName) return m[1]!.toLowerCase();
  }
  return undefined;
}

function dedupe(plans: ToolPlan[]): ToolPlan[] {
  const seen = new Set<string>();
  return plans.filter((p) => {
    const id = `${p.tool}@${p.version}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Every tool version to install, each once, the default of each tool first.
 * Go ranges (1.24.x, stable) are resolved here from the go.dev listing; exact
 * versions are not looked up until a download needs their checksum.
 */
export async function resolveVersions(
  request: ToolchainRequest,
  env: RunnerEnv,
  log: Log,
): Promise<ToolPlan[]> {
  const wishes = await collectWishes(request);
  const { os, arch } = env;
  const plans: ToolPlan[] = [];

  const goBase = baseUrlFor('go', request);
  const listing = once(async (): Promise<GoRelease[]> => {
    const url = goListingUrl(goBase);
    return parseGoListing(await fetchText(url, env.retry, log), url);
  });
  const goPlans: ToolPlan[] = [];
  // setup-go's check-latest: without it, a line or range a cached Go satisfies needs no listing.
  const cached = request.checkLatest === false ? cachedVersions(env.toolCacheDir, 'go', arch) : [];
  const goVersions = new Set(wishes.go.map((w) => w.spec.trim())).size;
  for (const wish of wishes.go) {
    const kind = classifyGoSpec(wish.spec, wish.where).kind;
    const fromCache =
      kind === 'minor' || kind === 'range'
        ? cached
            .filter((v) => goSpecAccepts(wish.spec, v, wish.where))
            .sort((a, b) => compareGoVersions(b, a))[0]
        : undefined;
    if (fromCache)
      log.info(`go ${wish.spec}: ${fromCache} from the tool cache (check-latest: false)`);
    const version =
      kind === 'exact'
        ? bareGoVersion(wish.spec.trim())
        : (fromCache ??
          bareGoVersion(resolveGoSpec(wish.spec, await listing(), wish.where).version));
    goPlans.push({
      tool: 'go',
      version,
      semver: goSemver(version),
      where: wish.where,
      source: async () => {
        const release = resolveGoSpec(version, await listing(), wish.where);
        const file = goArchiveFor(release, os, arch);
        const listed = goListingUrl(goBase);
        const check = givenOr('go', request, goVersions) ?? {
          sha256: file.sha256.toLowerCase(),
          ...(fromPublisher('go', goBase)
            ? { checksumSource: `the go.dev release listing (${listed})` }
            : {
                checksumSource: `the release listing served by the same mirror (${listed})`,
                checksumFromSameMirror: true,
              }),
        };
        return {
          tool: 'go',
          version,
          url: goArchiveUrl(goBase, file.filename),
          archiveName: file.filename,
          ...check,
          strip: 1,
          binSubdir: 'bin',
        };
      },
    });
  }
  // Input order for direct wishes; newest first when the plugins disagree.
  if (wishes.go[0]?.where !== INPUT_NAMES.go)
    goPlans.sort((a, b) => compareGoVersions(b.version, a.version));
  plans.push(...dedupe(goPlans));

  const tinygoBase = baseUrlFor('tinygo', request);
  const tinygoVersions = [
    ...new Set(wishes.tinygo.map((w) => normaliseExactVersion('tinygo', w.spec, w.where))),
  ];
  if (wishes.tinygo[0]?.where !== INPUT_NAMES.tinygo) tinygoVersions.sort(compareDotted).reverse();
  for (const version of tinygoVersions) {
    const archiveName = tinygoArchiveName(version, os, arch);
    const check = pinnedOrGiven(
      'tinygo',
      version,
      archiveName,
      request,
      tinygoVersions.length,
      log,
    );
    plans.push({
      tool: 'tinygo',
      version,
      semver: version,
      where: INPUT_NAMES.tinygo,
      source: async () => ({
        tool: 'tinygo',
        version,
        url: tinygoArchiveUrl(tinygoBase, version, os, arch),
        archiveName,
        ...check,
        strip: 1,
        binSubdir: 'bin',
      }),
    });
  }

  const orasBase = baseUrlFor('oras', request);
  const orasVersions = new Set(
    wishes.oras.map((w) => normaliseExactVersion('oras', w.spec, w.where)),
  );
  for (const version of orasVersions) {
    const archiveName = orasArchiveName(version, os, arch);
    plans.push({
      tool: 'oras',
      version,
      semver: version,
      where: INPUT_NAMES.oras,
      source: async () => {
        const given = givenOr('oras', request, orasVersions.size);
        const url = orasArchiveUrl(orasBase, version, os, arch);
        const layout = {
          tool: 'oras' as const,
          version,
          url,
          archiveName,
          strip: 0,
          binSubdir: '.',
        };
        if (given) return { ...layout, ...given };
        const sumsUrl = orasChecksumsUrl(orasBase, version);
        const sums = await notFoundAsInput(`oras ${version}`, () =>
          fetchText(sumsUrl, env.retry, log),
        );
        const sha256 = parseChecksumsFile(sums, archiveName);
        if (!sha256)
          throw new Error(`oras ${version}: ${sumsUrl} lists no checksum for ${archiveName}`);
        return {
          ...layout,
          sha256,
          ...(fromPublisher('oras', orasBase)
            ? { checksumSource: `the release's checksums file (${sumsUrl})` }
            : {
                checksumSource: `the checksums file served by the same mirror (${sumsUrl})`,
                checksumFromSameMirror: true,
              }),
        };
      },
    });
  }

  const binaryenBase = baseUrlFor('wasm-opt', request);
  const wasmOptVersions = [
    ...new Set(wishes['wasm-opt'].map((w) => normaliseExactVersion('wasm-opt', w.spec, w.where))),
  ];
  for (const version of wasmOptVersions) {
    const archiveName = binaryenArchiveName(version, os, arch);
    const check = pinnedOrGiven(
      'wasm-opt',
      version,
      archiveName,
      request,
      wasmOptVersions.length,
      log,
    );
    plans.push({
      tool: 'wasm-opt',
      version,
      semver: `${version}.0.0`,
      where: INPUT_NAMES['wasm-opt'],
      source: async () => ({
        tool: 'wasm-opt',
        version,
        url: binaryenArchiveUrl(binaryenBase, version, os, arch),
        archiveName,
        ...check,
        strip: 1,
        binSubdir: 'bin',
      }),
    });
  }
  return plans;
}

function compareDotted(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d) return d;
  }
  return 0;
}
