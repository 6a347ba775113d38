/**
 * The fixed corpus of the Istio differential test: one artifact for each
 * rule of the fetcher and of the Go readers under it. `expect` records what
 * Istio's code does (the oracle checks it too); the first seven are the
 * cases issue #13 found verify getting wrong.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { MT, image, index, type Blob, type Case } from './istio-artifacts.js';
import {
  END,
  entry,
  gnuLongName,
  gzip,
  gzipCorruptAfter,
  pax,
  paxRaw,
  tar,
  tarOfFile,
  wasmModule,
} from './istio-tar.js';

const W = (label: string, bytes?: number) => wasmModule(label, bytes);
const tgz = (t: Buffer): Blob => ({ mediaType: MT.tgz, data: gzip(t) });
const raw = (label: string): Blob => ({ mediaType: MT.wasm, data: W(label) });
const wasmConfig = (): Blob => ({ mediaType: MT.wasmConfig, data: Buffer.from('{"type":"wasm"}') });
const doc = (text: string): Blob => ({ mediaType: MT.doc, data: Buffer.from(text) });
/** The usual compat artifact: one tar.gz layer holding `t`. */
const compat = (t: Buffer) => image([tgz(t)]);
const file = (name: string, label = name) => tarOfFile(name, W(label));
const longPath = `${'deep/'.repeat(30)}plugin.wasm`;

/**
 * A tar.gz whose plugin.wasm starts just past 256 MiB of decompressed data,
 * built from gzip members (Go reads them as one stream) so that the 256 MiB
 * of zeros are compressed once, 1 MiB at a time, not held in memory.
 */
function pastTheLimit(): Buffer {
  const zeros = gzipSync(Buffer.alloc(1 << 20), { level: 1 });
  return Buffer.concat([
    gzipSync(entry({ name: 'pad.bin', size: 256 << 20 }).subarray(0, 512)),
    ...Array.from({ length: 256 }, () => zeros),
    gzipSync(tar(entry({ name: 'plugin.wasm', data: W('s3') }), END)),
  ]);
}

function cases(): Case[] {
  const c: Case[] = [];
  const add = (name: string, expect: Case['expect'], artifact: Case['artifact']) =>
    c.push({ name, expect, artifact });

  // --- The seven from issue #13.
  add(
    'issue: PAX path gives plugin.wasm a long path',
    'loads',
    compat(
      tar(pax({ path: longPath }), entry({ name: longPath.slice(0, 100), data: W('i1') }), END),
    ),
  );
  add(
    'issue: ustar name junk.bin, PAX path plugin.wasm',
    'loads',
    compat(tar(pax({ path: 'plugin.wasm' }), entry({ name: 'junk.bin', data: W('i2') }), END)),
  );
  add(
    'issue: ustar name plugin.wasm, PAX path renamed.bin',
    'rejects',
    compat(tar(pax({ path: 'renamed.bin' }), entry({ name: 'plugin.wasm', data: W('i3') }), END)),
  );
  add(
    'issue: first entry is the directory plugin.wasm/',
    'rejects',
    compat(
      tar(
        entry({ name: 'plugin.wasm/', type: '5' }),
        entry({ name: 'plugin.wasm', data: W('i4') }),
        END,
      ),
    ),
  );
  add(
    'issue: +wasm layer then a tar.gz without plugin.wasm',
    'loads',
    image([raw('i5'), tgz(file('other.wasm'))]),
  );
  add(
    'issue: +wasm layer then a plain tar labelled tar+gzip',
    'loads',
    image([raw('i6'), { mediaType: MT.tgz, data: file('plugin.wasm', 'i6b') }]),
  );
  add(
    'issue: index whose only child has no platform',
    'loads',
    index([{ artifact: compat(file('plugin.wasm', 'i7')) }]),
  );

  // --- Layer counts, orders and media types.
  add('compat: one tar.gz layer', 'loads', compat(file('plugin.wasm')));
  add(
    'higress: docs then tar.gz LAST',
    'loads',
    image([doc('# en'), doc('# zh'), tgz(file('plugin.wasm'))]),
  );
  add(
    'tar.gz first, doc last (2 layers, no raw wasm)',
    'rejects',
    image([tgz(file('plugin.wasm')), doc('x')]),
  );
  add(
    'tar.gz first, doc last (3 layers)',
    'rejects',
    image([tgz(file('plugin.wasm')), doc('x'), doc('y')]),
  );
  add('oci: config json then raw wasm', 'loads', image([wasmConfig(), raw('o1')]));
  add('oci: raw wasm then config json', 'loads', image([raw('o2'), wasmConfig()]));
  add('oci: two raw wasm layers (the first is taken)', 'loads', image([raw('o3a'), raw('o3b')]));
  add('oci: three layers with a raw wasm', 'rejects', image([wasmConfig(), raw('o4'), doc('x')]));
  add('single raw +wasm layer (higress #4528)', 'rejects', image([raw('o5')]));
  add(
    'single application/wasm layer (CNCF form)',
    'rejects',
    image([{ mediaType: MT.cncf, data: W('o6') }]),
  );
  add(
    'application/wasm plus config (2 layers)',
    'rejects',
    image([wasmConfig(), { mediaType: MT.cncf, data: W('o7') }]),
  );
  add('octet-stream raw module alone', 'rejects', image([{ mediaType: MT.octet, data: W('o8') }]));
  add(
    'octet-stream plus raw +wasm (2 layers)',
    'loads',
    image([{ mediaType: MT.octet, data: W('o9x') }, raw('o9')]),
  );
  add('no layers', 'rejects', image([]));
  add(
    'raw +wasm first, good tar.gz last: compat wins',
    'loads',
    image([raw('o10r'), tgz(file('plugin.wasm', 'o10t'))]),
  );
  add(
    'uncompressed tar layer type',
    'rejects',
    image([{ mediaType: MT.tar, data: file('plugin.wasm') }]),
  );
  add(
    'tar+zstd layer type',
    'rejects',
    image([{ mediaType: MT.zstd, data: gzip(file('plugin.wasm')) }]),
  );
  add(
    'media type in other letter case',
    'rejects',
    image([
      { mediaType: 'application/vnd.oci.image.layer.v1.tar+GZIP', data: gzip(file('plugin.wasm')) },
    ]),
  );
  add(
    'manifest without a mediaType field',
    'loads',
    image([tgz(file('plugin.wasm'))], { mediaType: null }),
  );
  add(
    '+wasm then tar.gz whose archive is corrupt',
    'loads',
    image([raw('o11'), { mediaType: MT.tgz, data: gzipCorruptAfter(file('x.bin'), 10) }]),
  );

  // --- Docker schema 2.
  const dockerConfig: Blob = {
    mediaType: MT.dockerConfig,
    data: Buffer.from('{"architecture":"amd64","os":"linux"}'),
  };
  add(
    'docker: docker layer LAST',
    'loads',
    image([{ mediaType: MT.dockerLayer, data: gzip(file('plugin.wasm', 'd1')) }], {
      mediaType: MT.docker,
      config: dockerConfig,
    }),
  );
  add(
    'docker: OCI tar+gzip layer (no compat fall back)',
    'rejects',
    image([tgz(file('plugin.wasm', 'd2'))], { mediaType: MT.docker, config: dockerConfig }),
  );
  add(
    'docker: config + raw wasm (no oci fall back)',
    'rejects',
    image([wasmConfig(), raw('d3')], { mediaType: MT.docker, config: dockerConfig }),
  );
  add(
    'docker: raw wasm then docker layer without plugin.wasm',
    'rejects',
    image([raw('d4'), { mediaType: MT.dockerLayer, data: gzip(file('x.wasm')) }], {
      mediaType: MT.docker,
      config: dockerConfig,
    }),
  );
  add(
    'OCI manifest with a docker layer last',
    'rejects',
    image([{ mediaType: MT.dockerLayer, data: gzip(file('plugin.wasm', 'd5')) }]),
  );

  // --- Config blobs and descriptors looked up by digest.
  add(
    'config: wasm config json (image-spec 1.0 form)',
    'loads',
    image([tgz(file('plugin.wasm'))], { config: wasmConfig() }),
  );
  const shared = W('c1');
  add(
    'config shares the raw layer digest: the layer takes the config type',
    'rejects',
    image([wasmConfig(), { mediaType: MT.wasm, data: shared }], {
      config: { mediaType: MT.wasmConfig, data: shared },
    }),
  );
  const shared2 = W('c2');
  add(
    'config typed +wasm shares an octet-stream layer digest',
    'loads',
    image([wasmConfig(), { mediaType: MT.octet, data: shared2 }], {
      config: { mediaType: MT.wasm, data: shared2 },
    }),
  );
  const tgzShared = gzip(file('plugin.wasm', 'c3'));
  add(
    'duplicate layer digests: the last takes the first one type',
    'rejects',
    image([
      { mediaType: MT.doc, data: tgzShared },
      { mediaType: MT.tgz, data: tgzShared },
    ]),
  );
  const rawShared = W('c4');
  add(
    'duplicate layer digests, first typed +wasm',
    'loads',
    image([
      { mediaType: MT.wasm, data: rawShared },
      { mediaType: MT.octet, data: rawShared },
    ]),
  );
  const sized = W('c5');
  add(
    'descriptor size smaller than the blob',
    'rejects',
    image([
      wasmConfig(),
      { mediaType: MT.wasm, data: sized, descriptor: { size: sized.length - 4 } },
    ]),
  );
  const tgzSized = gzip(file('plugin.wasm', 'c6'));
  add(
    'tar.gz descriptor size wrong, raw +wasm beside it',
    'loads',
    image([
      raw('c6r'),
      { mediaType: MT.tgz, data: tgzSized, descriptor: { size: tgzSized.length + 10 } },
    ]),
  );
  add(
    'layers key in another letter case',
    'loads',
    image([tgz(file('plugin.wasm'))], { rewrite: (j) => j.replace('"layers"', '"Layers"') }),
  );
  add(
    'mediaType key in another letter case (docker)',
    'loads',
    image([{ mediaType: MT.dockerLayer, data: gzip(file('plugin.wasm', 'c7')) }], {
      mediaType: MT.docker,
      config: dockerConfig,
      rewrite: (j) =>
        j.replace(
          '"mediaType":"application/vnd.docker.distribution',
          '"MediaType":"application/vnd.docker.distribution',
        ),
    }),
  );
  const embedded = W('c8');
  add(
    'layer with its content embedded as data',
    'loads',
    image([
      wasmConfig(),
      { mediaType: MT.wasm, data: embedded, descriptor: { data: embedded.toString('base64') } },
    ]),
  );

  // --- Tar formats and names.
  add('tar: ./plugin.wasm', 'loads', compat(file('./plugin.wasm')));
  add('tar: ../plugin.wasm', 'loads', compat(file('../plugin.wasm')));
  add('tar: /plugin.wasm', 'loads', compat(file('/plugin.wasm')));
  add('tar: a/../plugin.wasm', 'loads', compat(file('a/../plugin.wasm')));
  add('tar: dist/plugin.wasm', 'loads', compat(file('dist/plugin.wasm')));
  add(
    'tar: regular file named plugin.wasm// (Base drops the slashes)',
    'loads',
    compat(file('plugin.wasm//')),
  );
  add('tar: plugin.wasm/. is not plugin.wasm', 'rejects', compat(file('plugin.wasm/.')));
  add('tar: PLUGIN.WASM', 'rejects', compat(file('PLUGIN.WASM')));
  add('tar: trailing space', 'rejects', compat(file('plugin.wasm ')));
  add('tar: backslash is not a separator', 'rejects', compat(file('dist\\plugin.wasm')));
  add('tar: name field cut at NUL', 'loads', compat(file('plugin.wasm\0trailing')));
  add('tar: main.wasm only', 'rejects', compat(file('main.wasm')));
  add(
    'tar: ustar prefix dir + name',
    'loads',
    compat(tar(entry({ name: 'plugin.wasm', prefix: 'some/dir', data: W('t1') }), END)),
  );
  add(
    'tar: ustar prefix ending in plugin.wasm, empty name',
    'loads',
    compat(tar(entry({ name: '', prefix: 'x/plugin.wasm', data: W('t2') }), END)),
  );
  add(
    'tar: v7 header ignores the prefix area',
    'rejects',
    compat(tar(entry({ name: 'other', prefix: 'plugin.wasm', format: 'v7', data: W('t3') }), END)),
  );
  add(
    'tar: v7 header',
    'loads',
    compat(tar(entry({ name: 'plugin.wasm', format: 'v7', data: W('t4') }), END)),
  );
  add(
    'tar: GNU header',
    'loads',
    compat(tar(entry({ name: 'plugin.wasm', format: 'gnu', data: W('t5') }), END)),
  );
  add(
    'tar: star header with prefix',
    'loads',
    compat(tar(entry({ name: 'plugin.wasm', prefix: 'star', format: 'star', data: W('t6') }), END)),
  );
  add(
    'tar: GNU long name to plugin.wasm',
    'loads',
    compat(
      tar(gnuLongName(longPath), entry({ name: 'truncated', format: 'gnu', data: W('t7') }), END),
    ),
  );
  add(
    'tar: GNU long name away from plugin.wasm',
    'rejects',
    compat(
      tar(
        gnuLongName('elsewhere.bin'),
        entry({ name: 'plugin.wasm', format: 'gnu', data: W('t8') }),
        END,
      ),
    ),
  );
  add(
    'tar: GNU long name beats PAX path',
    'rejects',
    compat(
      tar(
        pax({ path: 'plugin.wasm' }),
        gnuLongName('other.bin'),
        entry({ name: 'x', data: W('t9') }),
        END,
      ),
    ),
  );
  add(
    'tar: GNU long link (K) is not a name',
    'loads',
    compat(tar(gnuLongName('target', 'K'), entry({ name: 'plugin.wasm', data: W('t10') }), END)),
  );
  add(
    'tar: PAX size record gives the data size',
    'loads',
    compat(tar(pax({ size: '64' }), entry({ name: 'plugin.wasm', size: 0, data: W('t11') }), END)),
  );
  add(
    'tar: PAX size not a number',
    'rejects',
    compat(tar(pax({ size: 'abc' }), entry({ name: 'plugin.wasm', data: W('t12') }), END)),
  );
  add(
    'tar: PAX size negative',
    'rejects',
    compat(tar(pax({ size: '-1' }), entry({ name: 'plugin.wasm', data: W('t13') }), END)),
  );
  add(
    'tar: PAX path empty keeps the ustar name',
    'loads',
    compat(tar(pax({ path: '' }), entry({ name: 'plugin.wasm', data: W('t14') }), END)),
  );
  add(
    'tar: PAX mtime malformed',
    'rejects',
    compat(tar(pax({ mtime: '12x' }), entry({ name: 'plugin.wasm', data: W('t15') }), END)),
  );
  add(
    'tar: PAX mtime with fraction',
    'loads',
    compat(
      tar(
        pax({ mtime: '1700000000.123456789123' }),
        entry({ name: 'plugin.wasm', data: W('t16') }),
        END,
      ),
    ),
  );
  add(
    'tar: PAX uid malformed',
    'rejects',
    compat(tar(pax({ uid: '1.5' }), entry({ name: 'plugin.wasm', data: W('t17') }), END)),
  );
  add(
    'tar: PAX record length wrong',
    'rejects',
    compat(tar(paxRaw('30 path=plugin.wasm\n'), entry({ name: 'x', data: W('t18') }), END)),
  );
  add(
    'tar: second PAX header replaces the first',
    'rejects',
    compat(
      tar(
        pax({ path: 'plugin.wasm' }),
        pax({ mtime: '1' }),
        entry({ name: 'x', data: W('t19') }),
        END,
      ),
    ),
  );
  add(
    'tar: PAX global header named plugin.wasm by its path',
    'rejects',
    compat(
      tar(
        pax({ path: 'plugin.wasm' }, 'g', 'pax_global_header'),
        entry({ name: 'plugin.wasm', data: W('t20') }),
        END,
      ),
    ),
  );
  add(
    'tar: PAX global header does not rename the next entry',
    'loads',
    compat(
      tar(
        pax({ path: 'other.bin' }, 'g', 'pax_global_header'),
        entry({ name: 'plugin.wasm', data: W('t21') }),
        END,
      ),
    ),
  );
  add(
    'tar: base-256 size',
    'loads',
    compat(tar(entry({ name: 'plugin.wasm', binarySize: true, data: W('t22') }), END)),
  );
  add(
    'tar: size padded with spaces',
    'loads',
    compat(tar(entry({ name: 'plugin.wasm', size: ' 100 ', data: W('t23', 64) }), END)),
  );
  add(
    'tar: size not octal',
    'rejects',
    compat(tar(entry({ name: 'plugin.wasm', size: '00000000089', data: W('t24') }), END)),
  );
  add(
    'tar: mode not octal',
    'rejects',
    compat(tar(entry({ name: 'plugin.wasm', mode: '0000abc\0', data: W('t25') }), END)),
  );
  add(
    'tar: bad checksum',
    'rejects',
    compat(tar(entry({ name: 'plugin.wasm', checksum: '0000000\0', data: W('t26') }), END)),
  );
  add(
    'tar: signed checksum (high bytes in the name)',
    'loads',
    (() => {
      const name = 'caf\xe9/plugin.wasm';
      const h = entry({ name, data: W('t27') });
      let signed = 0;
      for (let i = 0; i < 512; i++) {
        const b = i >= 148 && i < 156 ? 32 : h[i]!;
        signed += b > 127 ? b - 256 : b;
      }
      return compat(
        tar(
          entry({ name, data: W('t27'), checksum: signed.toString(8).padStart(6, '0') + '\0 ' }),
          END,
        ),
      );
    })(),
  );
  add(
    'tar: symlink named plugin.wasm first',
    'rejects',
    compat(
      tar(
        entry({ name: 'plugin.wasm', type: '2', linkname: 'real.wasm' }),
        entry({ name: 'real.wasm', data: W('t28') }),
        END,
      ),
    ),
  );
  add(
    'tar: hard link named plugin.wasm',
    'rejects',
    compat(
      tar(
        entry({ name: 'real.wasm', data: W('t29') }),
        entry({ name: 'plugin.wasm', type: '1', linkname: 'real.wasm' }),
        END,
      ),
    ),
  );
  add(
    'tar: hard link with a size field',
    'rejects',
    compat(tar(entry({ name: 'plugin.wasm', type: '1', linkname: 'x', size: 64 }), END)),
  );
  add(
    'tar: directory plugin.wasm without slash',
    'rejects',
    compat(tar(entry({ name: 'plugin.wasm', type: '5' }), END)),
  );
  add(
    'tar: old-style file type NUL',
    'loads',
    compat(tar(entry({ name: 'plugin.wasm', type: '\0', data: W('t30') }), END)),
  );
  add(
    'tar: old-style type NUL with a slash is a directory',
    'rejects',
    compat(tar(entry({ name: 'plugin.wasm/', type: '\0', data: W('t31') }), END)),
  );
  add(
    'tar: contiguous file type 7 has data',
    'loads',
    compat(tar(entry({ name: 'plugin.wasm', type: '7', data: W('t32') }), END)),
  );
  add(
    'tar: fifo named plugin.wasm',
    'rejects',
    compat(tar(entry({ name: 'plugin.wasm', type: '6' }), END)),
  );
  add(
    'tar: duplicate plugin.wasm (the first is taken)',
    'loads',
    compat(
      tar(
        entry({ name: 'plugin.wasm', data: W('t33a') }),
        entry({ name: 'plugin.wasm', data: W('t33b') }),
        END,
      ),
    ),
  );
  add(
    'tar: other files first, odd sizes',
    'loads',
    compat(
      tar(
        entry({ name: 'a.txt', data: Buffer.alloc(1001, 1) }),
        entry({ name: 'dir/', type: '5' }),
        entry({ name: 'dir/plugin.wasm', data: W('t34', 777) }),
        END,
      ),
    ),
  );
  add('tar: empty archive', 'rejects', compat(END));
  add('tar: no end marker', 'loads', compat(entry({ name: 'plugin.wasm', data: W('t35') })));
  add(
    'tar: cut inside plugin.wasm data',
    'rejects',
    compat(entry({ name: 'plugin.wasm', data: W('t36', 900) }).subarray(0, 512 + 400)),
  );
  add(
    'tar: cut right after plugin.wasm data',
    'loads',
    compat(entry({ name: 'plugin.wasm', data: W('t37', 900) }).subarray(0, 512 + 900)),
  );
  add(
    'tar: cut in the padding of an earlier entry',
    'rejects',
    compat(tar(entry({ name: 'a', data: Buffer.alloc(10, 1) })).subarray(0, 512 + 100)),
  );
  add(
    'tar: one zero block then a header',
    'rejects',
    compat(tar(Buffer.alloc(512), entry({ name: 'plugin.wasm', data: W('t38') }), END)),
  );
  add(
    'tar: earlier entry declares more data than there is',
    'rejects',
    compat(
      tar(
        entry({ name: 'a', size: 1 << 20, data: Buffer.alloc(10) }),
        entry({ name: 'plugin.wasm', data: W('t39') }),
      ),
    ),
  );
  add('module: empty plugin.wasm', 'rejects', compat(tarOfFile('plugin.wasm', Buffer.alloc(0))));
  add(
    'module: 7 bytes with the magic',
    'rejects',
    compat(tarOfFile('plugin.wasm', Buffer.from('0061736d010000', 'hex'))),
  );
  add(
    'module: magic then anything',
    'loads',
    compat(
      tarOfFile(
        'plugin.wasm',
        Buffer.concat([Buffer.from('0061736d', 'hex'), Buffer.from('not a real module')]),
      ),
    ),
  );
  add(
    'module: not wasm',
    'rejects',
    compat(tarOfFile('plugin.wasm', Buffer.from('#!/bin/sh\necho hi\n'))),
  );
  add(
    'module: raw layer not wasm',
    'rejects',
    image([wasmConfig(), { mediaType: MT.wasm, data: Buffer.from('ELF.......') }]),
  );

  // --- gzip.
  const t = file('plugin.wasm', 'g1');
  add(
    'gzip: two members split inside the header',
    'loads',
    image([{ mediaType: MT.tgz, data: gzip(t, { members: [100] }) }]),
  );
  add(
    'gzip: many members',
    'loads',
    image([{ mediaType: MT.tgz, data: gzip(t, { members: [1, 512, 513, 600, 1000] }) }]),
  );
  add(
    'gzip: trailing garbage after the archive',
    'loads',
    image([
      {
        mediaType: MT.tgz,
        data: gzip(file('plugin.wasm', 'g2'), {
          trailing: Buffer.from('garbage after the stream'),
        }),
      },
    ]),
  );
  add(
    'gzip: trailing garbage, no plugin.wasm',
    'rejects',
    image([
      {
        mediaType: MT.tgz,
        data: gzip(file('x.wasm'), { trailing: Buffer.from('garbage after the stream') }),
      },
    ]),
  );
  const bare = entry({ name: 'plugin.wasm', data: W('g3', 512) });
  add(
    'gzip: trailing garbage right where plugin.wasm ends',
    'loads',
    image([
      {
        mediaType: MT.tgz,
        data: gzip(bare, { trailing: Buffer.from('garbage after the stream') }),
      },
    ]),
  );
  add(
    'gzip: bad CRC, plugin.wasm found before the end',
    'loads',
    image([{ mediaType: MT.tgz, data: gzip(file('plugin.wasm', 'g4'), { badCrc: true }) }]),
  );
  add(
    'gzip: bad CRC, archive read to the end',
    'rejects',
    image([{ mediaType: MT.tgz, data: gzip(file('x.wasm'), { badCrc: true }) }]),
  );
  add(
    'gzip: bad size, plugin.wasm found before the end',
    'loads',
    image([{ mediaType: MT.tgz, data: gzip(file('plugin.wasm', 'g5'), { badSize: true }) }]),
  );
  const big = tar(
    entry({ name: 'plugin.wasm', data: W('g6', 3000) }),
    entry({ name: 'pad', data: Buffer.alloc(200_000, 3) }),
    END,
  );
  add(
    'gzip: cut after plugin.wasm',
    'loads',
    image([{ mediaType: MT.tgz, data: gzip(big, { truncateTo: 3000 }) }]),
  );
  add(
    'gzip: cut before plugin.wasm ends',
    'rejects',
    image([
      {
        mediaType: MT.tgz,
        data: gzip(
          tar(
            entry({
              name: 'plugin.wasm',
              data: Buffer.concat([
                W('g7'),
                Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919) % 251)),
              ]),
            }),
            END,
          ),
          { truncateTo: 200 },
        ),
      },
    ]),
  );
  add(
    'gzip: corrupt block after plugin.wasm',
    'loads',
    image([{ mediaType: MT.tgz, data: gzipCorruptAfter(big, 5000) }]),
  );
  add(
    'gzip: corrupt block before plugin.wasm ends',
    'rejects',
    image([{ mediaType: MT.tgz, data: gzipCorruptAfter(big, 600) }]),
  );
  add(
    'gzip: FNAME, FCOMMENT, FEXTRA and FHCRC',
    'loads',
    image([{ mediaType: MT.tgz, data: gzip(file('plugin.wasm', 'g8'), { headerFields: true }) }]),
  );
  add(
    'gzip: bad header CRC',
    'rejects',
    image([
      {
        mediaType: MT.tgz,
        data: gzip(file('plugin.wasm', 'g9'), { headerFields: true, badHeaderCrc: true }),
      },
    ]),
  );
  add(
    'gzip: stored blocks (level 0)',
    'loads',
    image([{ mediaType: MT.tgz, data: gzip(file('plugin.wasm', 'g10'), { level: 0 }) }]),
  );
  add(
    'gzip: level 9',
    'loads',
    image([{ mediaType: MT.tgz, data: gzip(file('plugin.wasm', 'g11'), { level: 9 }) }]),
  );
  const badMethod = gzip(file('plugin.wasm', 'g12'));
  badMethod[2] = 7;
  add(
    'gzip: compression method not deflate',
    'rejects',
    image([{ mediaType: MT.tgz, data: badMethod }]),
  );
  add(
    'gzip: gzip inside gzip',
    'rejects',
    image([{ mediaType: MT.tgz, data: gzipSync(gzip(file('plugin.wasm', 'g13'))) }]),
  );
  add('gzip: empty blob', 'rejects', image([{ mediaType: MT.tgz, data: Buffer.alloc(0) }]));
  add(
    'gzip: five bytes',
    'rejects',
    image([{ mediaType: MT.tgz, data: Buffer.from([0x1f, 0x8b, 8, 0, 0]) }]),
  );
  add(
    'gzip: plain tar labelled tar+gzip, alone',
    'rejects',
    image([{ mediaType: MT.tgz, data: file('plugin.wasm', 'g14') }]),
  );
  add(
    'gzip: empty member before the data',
    'loads',
    image([
      {
        mediaType: MT.tgz,
        data: Buffer.concat([gzipSync(Buffer.alloc(0)), gzip(file('plugin.wasm', 'g15'))]),
      },
    ]),
  );

  // --- Indexes.
  const child = (label: string) => compat(file('plugin.wasm', label));
  add(
    'index: linux/amd64 child',
    'loads',
    index([{ artifact: child('x1'), platform: { os: 'linux', architecture: 'amd64' } }]),
  );
  add(
    'index: only linux/arm64',
    'rejects',
    index([{ artifact: child('x2'), platform: { os: 'linux', architecture: 'arm64' } }]),
  );
  add(
    'index: arm64 then amd64',
    'loads',
    index([
      { artifact: child('x3a'), platform: { os: 'linux', architecture: 'arm64' } },
      { artifact: child('x3b'), platform: { os: 'linux', architecture: 'amd64' } },
    ]),
  );
  add(
    'index: arm64 then no platform',
    'loads',
    index([
      { artifact: child('x4a'), platform: { os: 'linux', architecture: 'arm64' } },
      { artifact: child('x4b') },
    ]),
  );
  add(
    'index: two amd64, the first broken',
    'rejects',
    index([
      { artifact: compat(file('nothing')), platform: { os: 'linux', architecture: 'amd64' } },
      { artifact: child('x5'), platform: { os: 'linux', architecture: 'amd64' } },
    ]),
  );
  add(
    'index: amd64 with a variant',
    'loads',
    index([
      { artifact: child('x6'), platform: { os: 'linux', architecture: 'amd64', variant: 'v3' } },
    ]),
  );
  add(
    'index: windows/amd64',
    'rejects',
    index([{ artifact: child('x7'), platform: { os: 'windows', architecture: 'amd64' } }]),
  );
  add(
    'index: empty platform object',
    'rejects',
    index([{ artifact: child('x8'), platform: { os: '', architecture: '' } }]),
  );
  add('index: no children', 'rejects', index([]));
  add(
    'index: docker manifest list',
    'loads',
    index(
      [
        {
          artifact: image([{ mediaType: MT.dockerLayer, data: gzip(file('plugin.wasm', 'x9')) }], {
            mediaType: MT.docker,
            config: dockerConfig,
          }),
          platform: { os: 'linux', architecture: 'amd64' },
        },
      ],
      MT.dockerList,
    ),
  );
  add('index: nested index', 'loads', index([{ artifact: index([{ artifact: child('x10') }]) }]));
  add(
    'index: oci-variant child',
    'loads',
    index([
      {
        artifact: image([wasmConfig(), raw('x11')]),
        platform: { os: 'linux', architecture: 'amd64' },
      },
    ]),
  );

  // --- Sizes.
  const incompressible = Buffer.concat([W('s1'), randomBytes(4 << 20)]);
  add('size: 4 MiB module, compat', 'loads', compat(tarOfFile('plugin.wasm', incompressible)));
  add(
    'size: 4 MiB module, oci',
    'loads',
    image([wasmConfig(), { mediaType: MT.wasm, data: incompressible }]),
  );
  add(
    'size: plugin.wasm after 20 MiB of other data',
    'loads',
    compat(
      tar(
        entry({ name: 'pad.bin', data: Buffer.alloc(20 << 20) }),
        entry({ name: 'plugin.wasm', data: W('s2') }),
        END,
      ),
    ),
  );
  add(
    'size: plugin.wasm past the 256 MiB read limit',
    'rejects',
    image([{ mediaType: MT.tgz, data: pastTheLimit() }]),
  );
  return c;
}

export const FIXED_CASES: Case[] = cases();
