/**
 * Random artifacts for the differential test: fast-check draws a spec from
 * the same pieces as the fixed corpus (entry names and kinds, tar formats,
 * gzip oddities, layer lists and media types, index wrappers) and this file
 * turns a spec into bytes.
 */
import fc from 'fast-check';
import { MT, image, index, type Artifact, type Blob } from './istio-artifacts.js';
import {
  END,
  entry,
  gnuLongName,
  gzip,
  gzipCorruptAfter,
  pax,
  tar,
  wasmModule,
} from './istio-tar.js';

const NAMES = [
  'plugin.wasm',
  './plugin.wasm',
  'a/plugin.wasm',
  'plugin.wasm/',
  'x/plugin.wasm//',
  'other.bin',
  'PLUGIN.wasm',
  '',
] as const;

export interface EntryDraw {
  name: (typeof NAMES)[number];
  namedBy: 'header' | 'pax' | 'pax-away' | 'gnu-long' | 'prefix';
  type: string;
  content: 'wasm' | 'empty' | 'junk' | 'short';
  format: 'ustar' | 'gnu' | 'v7';
}

export interface LayerDraw {
  kind: 'tar' | 'raw';
  mediaType: string;
  entries: EntryDraw[];
  end: 'marker' | 'none';
  gzip: 'plain' | 'members' | 'trailing' | 'bad-crc' | 'truncate' | 'corrupt' | 'not-gzip';
  at: number;
  content: EntryDraw['content'];
}

export interface ArtifactDraw {
  layers: LayerDraw[];
  manifestType: 'oci' | 'none' | 'docker';
  wrap: 'none' | 'index-amd64' | 'index-no-platform' | 'index-arm64-then-amd64' | 'index-arm64';
}

const entryDraw: fc.Arbitrary<EntryDraw> = fc.record({
  name: fc.constantFrom(...NAMES),
  namedBy: fc.constantFrom('header', 'header', 'pax', 'pax-away', 'gnu-long', 'prefix'),
  type: fc.constantFrom('0', '0', '0', '5', '2', '1', '\0', '7'),
  content: fc.constantFrom('wasm', 'wasm', 'empty', 'junk', 'short'),
  format: fc.constantFrom('ustar', 'ustar', 'gnu', 'v7'),
});

const layerDraw: fc.Arbitrary<LayerDraw> = fc.record({
  kind: fc.constantFrom('tar', 'tar', 'raw'),
  mediaType: fc.constantFrom(
    MT.tgz,
    MT.tgz,
    MT.tgz,
    MT.dockerLayer,
    MT.wasm,
    MT.wasm,
    MT.cncf,
    MT.octet,
    MT.wasmConfig,
    MT.doc,
  ),
  entries: fc.array(entryDraw, { maxLength: 4 }),
  end: fc.constantFrom('marker', 'marker', 'none'),
  gzip: fc.constantFrom(
    'plain',
    'plain',
    'members',
    'trailing',
    'bad-crc',
    'truncate',
    'corrupt',
    'not-gzip',
  ),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  content: fc.constantFrom('wasm', 'wasm', 'empty', 'junk'),
});

export const artifactDraw: fc.Arbitrary<ArtifactDraw> = fc.record({
  layers: fc.array(layerDraw, { maxLength: 4 }),
  manifestType: fc.constantFrom('oci', 'oci', 'none', 'docker'),
  wrap: fc.constantFrom(
    'none',
    'none',
    'none',
    'index-amd64',
    'index-no-platform',
    'index-arm64-then-amd64',
    'index-arm64',
  ),
});

function content(kind: EntryDraw['content']): Buffer {
  switch (kind) {
    case 'wasm':
      return wasmModule('m', 100);
    case 'empty':
      return Buffer.alloc(0);
    case 'short':
      return Buffer.from('0061736d01', 'hex');
    case 'junk':
      return Buffer.concat([Buffer.from('junk'), wasmModule('j', 24).subarray(8)]);
  }
}

function entryBytes(e: EntryDraw): Buffer {
  const data = ['5', '2', '1'].includes(e.type) ? Buffer.alloc(0) : content(e.content);
  const base = {
    type: e.type,
    format: e.format,
    data,
    linkname: e.type === '1' || e.type === '2' ? 'target' : undefined,
  };
  switch (e.namedBy) {
    case 'header':
      return entry({ ...base, name: e.name });
    case 'pax':
      return tar(pax({ path: e.name }), entry({ ...base, name: 'placeholder' }));
    case 'pax-away':
      return tar(pax({ path: 'moved.bin' }), entry({ ...base, name: e.name }));
    case 'gnu-long':
      return tar(
        gnuLongName(`${'long/'.repeat(25)}${e.name}`),
        entry({ ...base, name: 'cut', format: 'gnu' }),
      );
    case 'prefix':
      return entry({ ...base, name: e.name, prefix: 'pre/fix', format: 'ustar' });
  }
}

function layerBytes(l: LayerDraw): Blob {
  if (l.kind === 'raw') return { mediaType: l.mediaType, data: content(l.content) };
  const t = tar(...l.entries.map(entryBytes), l.end === 'marker' ? END : Buffer.alloc(0));
  const cut = Math.floor(l.at * t.length);
  switch (l.gzip) {
    case 'plain':
      return { mediaType: l.mediaType, data: gzip(t) };
    case 'members':
      return { mediaType: l.mediaType, data: gzip(t, { members: [cut] }) };
    case 'trailing':
      return {
        mediaType: l.mediaType,
        data: gzip(t, { trailing: Buffer.from('trailing bytes here') }),
      };
    case 'bad-crc':
      return { mediaType: l.mediaType, data: gzip(t, { badCrc: true }) };
    case 'truncate': {
      const gz = gzip(t);
      return { mediaType: l.mediaType, data: gz.subarray(0, Math.floor(l.at * gz.length)) };
    }
    case 'corrupt':
      return { mediaType: l.mediaType, data: gzipCorruptAfter(t, cut) };
    case 'not-gzip':
      return { mediaType: l.mediaType, data: t };
  }
}

export function materialize(d: ArtifactDraw): Artifact {
  const dockerConfig: Blob = { mediaType: MT.dockerConfig, data: Buffer.from('{"os":"linux"}') };
  const a =
    d.manifestType === 'docker'
      ? image(d.layers.map(layerBytes), { mediaType: MT.docker, config: dockerConfig })
      : image(d.layers.map(layerBytes), { mediaType: d.manifestType === 'none' ? null : MT.oci });
  const amd64 = { os: 'linux', architecture: 'amd64' };
  const arm64 = { os: 'linux', architecture: 'arm64' };
  const other = () =>
    image([
      {
        mediaType: MT.tgz,
        data: gzip(tar(entry({ name: 'plugin.wasm', data: wasmModule('arm') }), END)),
      },
    ]);
  switch (d.wrap) {
    case 'none':
      return a;
    case 'index-amd64':
      return index([{ artifact: a, platform: amd64 }]);
    case 'index-no-platform':
      return index([{ artifact: a }]);
    case 'index-arm64-then-amd64':
      return index([
        { artifact: other(), platform: arm64 },
        { artifact: a, platform: amd64 },
      ]);
    case 'index-arm64':
      return index([{ artifact: a, platform: arm64 }]);
  }
}
