/**
 * verify against Istio's own fetcher (tools/istio-fetch: istio.io/istio
 * pkg/wasm, LocalFileCache.Get as istio-agent calls it). Every artifact of
 * the fixed corpus and a batch drawn by fast-check is pushed as it is to a
 * real registry; Istio's verdict and the sha256 of the module it would hand
 * Envoy must equal verify's, and verify must explain itself.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { verifyArtifact, type VerifyResult } from '../../src/oci/verify.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { FIXED_CASES } from './istio-corpus.js';
import {
  inBatches,
  istioFetch,
  RawPusher,
  type Artifact,
  type OracleAnswer,
} from './istio-artifacts.js';
import { artifactDraw, materialize, type ArtifactDraw } from './istio-mutants.js';

const RANDOM_RUNS = Number(process.env.WPCI_ISTIO_RANDOM_RUNS ?? 80);
const SEED = Number(process.env.WPCI_ISTIO_SEED ?? Date.now() % 2 ** 31);

interface Outcome {
  ref: string;
  pushError?: string;
  istio?: OracleAnswer;
  verify?: VerifyResult;
}

let registry: TestRegistry;

/** Push every artifact, ask Istio about all of them at once, then verify each. */
async function judge(artifacts: Artifact[], prefix: string): Promise<Outcome[]> {
  const pusher = new RawPusher(registry.url);
  const outcomes: Outcome[] = artifacts.map((_, i) => ({
    ref: `${registry.host}/${prefix}/a${i}:t`,
  }));
  await inBatches(artifacts, 6, async (a, i) => {
    try {
      await pusher.push(`${prefix}/a${i}`, 't', a);
    } catch (err) {
      outcomes[i]!.pushError = (err as Error).message;
    }
  });
  const pushed = outcomes.filter((o) => !o.pushError);
  const answers = await istioFetch(pushed.map((o) => o.ref));
  pushed.forEach((o, i) => (o.istio = answers[i]));
  await inBatches(pushed, 4, async (o) => {
    o.verify = await verifyArtifact(o.ref, undefined);
  });
  return outcomes;
}

/** What must agree: the verdict, and the module's sha256 when Istio loads it. */
const verdictOf = (o: Outcome) => ({
  loads: o.istio!.ok,
  sha256: o.istio!.ok ? o.istio!.sha256 : null,
});
const verifyVerdictOf = (o: Outcome) => ({
  loads: o.verify!.ok,
  sha256: o.verify!.ok ? o.verify!.wasmSha256 : null,
});

/** verify's explanation: every rule accounted for, the picking one named. */
function expectExplained(v: VerifyResult): void {
  if (v.rules.length) {
    expect(v.rules.map((r) => r.rule)).toEqual(['docker', 'compat', 'oci']);
    for (const r of v.rules) expect(r.detail.length).toBeGreaterThan(10);
  }
  const picking = v.rules.filter((r) => r.ok);
  if (v.variant) {
    expect(picking.map((r) => r.rule)).toEqual([v.variant]);
    expect(v.module).toBeTruthy();
  } else {
    expect(picking).toEqual([]);
  }
  if (!v.ok) expect(v.reason).toBeTruthy();
}

const describeOutcome = (o: Outcome) =>
  JSON.stringify(
    {
      istio: o.istio,
      verify: {
        ok: o.verify?.ok,
        sha256: o.verify?.wasmSha256,
        reason: o.verify?.reason,
        rules: o.verify?.rules,
      },
    },
    null,
    1,
  );

beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

describe(`verify agrees with Istio's fetcher on the fixed corpus (${FIXED_CASES.length} artifacts)`, () => {
  let outcomes: Outcome[];
  beforeAll(async () => {
    outcomes = await judge(
      FIXED_CASES.map((c) => c.artifact),
      'fixed',
    );
  }, 300_000);

  it('the registry takes every artifact of the corpus', () => {
    const refused = outcomes
      .map((o, i) => (o.pushError ? `${FIXED_CASES[i]!.name}: ${o.pushError}` : ''))
      .filter(Boolean);
    expect(refused).toEqual([]);
  });

  it.each(FIXED_CASES.map((c, i) => [c.name, i] as const))('%s', (name, i) => {
    const o = outcomes[i]!;
    if (o.pushError) return;
    const istio = verdictOf(o);
    expect({ name, ...verifyVerdictOf(o) }).toEqual({ name, ...istio });
    // The corpus documents what Istio does; the oracle confirms it.
    const expected = FIXED_CASES[i]!.expect;
    if (expected)
      expect({ name, loads: istio.loads }).toEqual({ name, loads: expected === 'loads' });
    expectExplained(o.verify!);
  });
});

describe(`verify agrees with Istio's fetcher on ${RANDOM_RUNS} drawn artifacts (seed ${SEED})`, () => {
  it('the same verdict and module sha256 on every one', async () => {
    const draws: ArtifactDraw[] = fc.sample(artifactDraw, { numRuns: RANDOM_RUNS, seed: SEED });
    const outcomes = await judge(draws.map(materialize), `drawn${SEED}`);
    const disagreements = outcomes
      .map((o, i) => ({ o, draw: draws[i]! }))
      .filter(({ o }) => !o.pushError)
      .filter(({ o }) => JSON.stringify(verdictOf(o)) !== JSON.stringify(verifyVerdictOf(o)))
      .map(({ o, draw }) => `draw ${JSON.stringify(draw)}\n${describeOutcome(o)}`);
    expect(disagreements).toEqual([]);
    for (const o of outcomes) if (o.verify) expectExplained(o.verify);
    // Most draws must reach both fetchers, or the property proves little.
    expect(outcomes.filter((o) => o.pushError).length).toBeLessThan(RANDOM_RUNS / 4);
  }, 300_000);
});
