/**
 * Issue #15 items 1, 2, 4, 5 and #12 item 8 through the committed action
 * (dist/main) on a real registry: metadata-action's rules, flavor, labels
 * and annotations; an image name with capitals; the outputs a workflow uses
 * directly (tags, digest, image, imageid, metadata, json, by-plugin,
 * manifests); the SBOM referrer; a bad rule failing before any build; and a
 * branch named like a release.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestRepo, events } from '../support/git-repo.js';
import { oras } from '../support/oras.js';
import { ReliabilityTable } from '../support/reliability-table.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import {
  artifactsOf,
  fetchManifest,
  goJobEnv,
  healthyMain,
  registryTags,
  wipeRunner,
} from './helpers.js';
import { ActionJob } from './runner.js';

let registry: TestRegistry;
let repo: TestRepo;
let runnerDir: string;
let sha: string;
let releaseDigest: string;
// it8: the #12 item 8 test, also a row of #12.8 in docs/reliability.md.
const table = new ReliabilityTable('inputs-publish');
afterAll(() => table.save());
const it8 = table.it('#12.8 branch tags taking release names');

beforeAll(async () => {
  registry = await startRegistry('anonymous');
  repo = TestRepo.create([{ name: 'delta', files: { 'main.go': healthyMain() } }]);
  repo.write('.gitignore', '.wasm-plugin-ci/\ndeploy/\n');
  sha = repo.commit('ignore build output');
  runnerDir = mkdtempSync(join(tmpdir(), 'wpci-runner-'));
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  repo?.cleanup();
  if (runnerDir) {
    wipeRunner(runnerDir);
    rmSync(runnerDir, { recursive: true, force: true });
  }
});

function job(event: unknown, ref: string): ActionJob {
  return new ActionJob({
    workspace: repo.dir,
    runnerDir,
    eventName: 'push',
    event,
    env: {
      ...goJobEnv(runnerDir),
      GITHUB_REF: ref,
      GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''),
      GITHUB_SHA: sha,
      GITHUB_REPOSITORY: 'Acme/Plugins',
    },
  });
}

const inputs = (extra: Record<string, string> = {}) => ({
  // The README's own `ghcr.io/${{ github.repository_owner }}/...` can carry capitals.
  image: `${registry.host}/Acme/{{plugin}}`,
  cache: 'false',
  smoke: 'false',
  ...extra,
});

describe('the action publishes with metadata-action rules and gives build-push-action outputs', () => {
  it('a release: tags, labels, annotations, outputs, SBOM and deploy manifests', async () => {
    repo.git('tag', 'delta-v1.2.3', sha);
    const r = await job(events.tagPush('delta-v1.2.3', sha), 'refs/tags/delta-v1.2.3').main(
      inputs({
        flavor: 'latest=auto',
        labels: 'org.opencontainers.image.vendor=Acme',
        annotations:
          'com.example.plugin={{plugin}}\norg.opencontainers.image.description=Key checks',
        'deploy-dir': 'deploy',
      }),
    );
    expect(r.code).toBe(0);
    const image = `${registry.host}/acme/delta`;
    const refs = ['1.2.3', '1.2', '1', 'latest'].map((t) => `${image}:${t}`);
    expect(r.outputs.tags).toBe(refs.join('\n'));
    expect(r.outputs.version).toBe('1.2.3');
    expect(r.outputs.image).toBe(image);
    const [artifact] = artifactsOf(r.outputs);
    expect(r.outputs.digest).toBe(artifact!.digest);
    releaseDigest = artifact!.digest!;
    // Our artifact's config is the empty `{}` blob: that is its image ID.
    expect(r.outputs.imageid).toBe(
      'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
    const metadata = JSON.parse(r.outputs.metadata!);
    expect(metadata).toMatchObject({
      'containerimage.digest': artifact!.digest,
      'containerimage.config.digest': r.outputs.imageid,
      'containerimage.descriptor': {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: artifact!.digest,
      },
      'image.name': refs.join(','),
    });
    const json = JSON.parse(r.outputs.json!);
    expect(json.tags).toEqual(refs);
    expect(json['tag-names']).toEqual(['1.2.3', '1.2', '1', 'latest']);
    expect(json.labels).toMatchObject({
      'org.opencontainers.image.title': 'delta',
      'org.opencontainers.image.version': '1.2.3',
      'org.opencontainers.image.vendor': 'Acme',
      'org.opencontainers.image.revision': sha,
    });
    expect(json.annotations).toContain('manifest:com.example.plugin=delta');
    const byPlugin = JSON.parse(r.outputs['by-plugin']!).delta;
    expect(byPlugin.digest).toBe(artifact!.digest);
    expect(byPlugin.sbom.artifactType).toBe('application/spdx+json');

    // What is in the registry: the tags, the manifest's annotations, the SBOM referrer.
    expect(await registryTags(image)).toEqual(
      expect.arrayContaining(['1', '1.2', '1.2.3', 'latest']),
    );
    const { manifest } = await fetchManifest(`${image}:1.2.3`);
    expect(manifest.annotations).toMatchObject({
      'org.opencontainers.image.vendor': 'Acme',
      'com.example.plugin': 'delta',
      'org.opencontainers.image.description': 'Key checks',
      'org.opencontainers.image.version': '1.2.3',
    });
    const found = JSON.parse(
      await oras(['discover', '--plain-http', '--format', 'json', `${image}:1.2.3`]),
    );
    const referrers = (found.referrers ?? found.manifests) as {
      digest: string;
      artifactType: string;
    }[];
    expect(referrers.map((x) => [x.digest, x.artifactType])).toEqual([
      [byPlugin.sbom.digest, 'application/spdx+json'],
    ]);

    // Deploy manifests: an output, the summary, and the files, all pinned by the digest.
    const manifests = JSON.parse(r.outputs.manifests!).delta;
    expect(Object.keys(manifests).sort()).toEqual(['envoy-gateway', 'higress', 'istio']);
    for (const text of Object.values(manifests) as string[])
      expect(text).toContain(`${image}@${artifact!.digest}`);
    expect(readFileSync(join(repo.dir, 'deploy', 'delta', 'istio.yaml'), 'utf8')).toBe(
      manifests.istio,
    );
    expect(r.summary).toContain('<details><summary>Deploy delta (');
  }, 240_000);

  it('a bad rule fails the step before anything is built, naming the rule', async () => {
    const r = await job(events.push({ after: sha }), 'refs/heads/main').main(
      inputs({ tags: 'type=ref,event=branch\ntype=raw,value=y,bogus=1' }),
    );
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain("tags line 2 'type=raw,value=y,bogus=1': unknown key 'bogus'");
    expect(r.stdout).not.toMatch(/go build/);
    expect(r.outputs.artifacts).toBeUndefined();
  }, 120_000);

  it8(
    'a branch named like a release never takes the release tags (#12 item 8)',
    async () => {
      const before = await registryTags(`${registry.host}/acme/delta`);
      const r = await job(
        events.push({ after: sha, ref: 'refs/heads/1.2.3' }),
        'refs/heads/1.2.3',
      ).main(inputs({ tags: 'type=ref,event=branch\ntype=raw,value={{branch}}-x\ntype=sha' }));
      expect(r.code).toBe(0);
      const image = `${registry.host}/acme/delta`;
      expect(r.outputs.tags!.split('\n')).toEqual([
        `${image}:branch-1.2.3`,
        `${image}:branch-1.2.3-x`,
        `${image}:sha-${sha.slice(0, 7)}`,
      ]);
      // 1.2.3 and latest still name the release
      for (const t of ['1.2.3', '1.2', '1', 'latest'])
        expect((await fetchManifest(`${image}:${t}`)).digest).toBe(releaseDigest);
      const added = (await registryTags(image)).filter((t) => !before.includes(t));
      expect(added.sort()).toEqual(
        ['branch-1.2.3', 'branch-1.2.3-x', `sha-${sha.slice(0, 7)}`].sort(),
      );
    },
    240_000,
  );
});
