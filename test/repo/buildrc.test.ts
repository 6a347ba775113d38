import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/common/errors.js';
import { memoryLog } from '../../src/common/log.js';
import { splitLinkerWords } from '../../src/repo/build-flags.js';
import { checkFlagsForBuilder, parseBuildrc } from '../../src/repo/buildrc.js';

const F = 'plugins/wasm-go/extensions/x/.buildrc';

function errorOf(text: string): InputError {
  try {
    parseBuildrc(text, F);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

describe('.buildrc grammar', () => {
  it("reads Higress's only real key", () => {
    const s = parseBuildrc('EXTRA_TAGS=proxy_wasm_version_0_2_100\n', F);
    expect(s.extraTags).toEqual(['proxy_wasm_version_0_2_100']);
    expect(s.file).toBe(F);
  });

  it('understands comments, export, quotes, escapes and ${KEY} of an earlier key', () => {
    const s = parseBuildrc(
      [
        '# a comment',
        '',
        'export BASE=abc',
        "BUILDER='tinygo'  # trailing comment",
        'TINYGO_VERSION="0.28.1"',
        'EXTRA_TAGS="${BASE}_tag other"',
        "LDFLAGS='-X main.v=$NOT_EXPANDED -s'",
        'BUILD_FLAGS="-gcflags=all=-N -v"',
        'SMOKE_HOST=envoy-1.33',
        'SMOKE_CONFIG=smoke/ci.yaml',
        'GO_VERSION=1.24.4',
        'ESC=a\\ b',
        'JOINED=x"y z"\'w\'',
      ].join('\r\n'),
      F,
    );
    expect(s.builder).toBe('tinygo');
    expect(s.tinygoVersion).toBe('0.28.1');
    expect(s.goVersion).toBe('1.24.4');
    expect(s.extraTags).toEqual(['abc_tag', 'other']);
    expect(s.ldflags).toBe('-X main.v=$NOT_EXPANDED -s');
    expect(s.buildFlags).toEqual(['-gcflags=all=-N', '-v']);
    expect(s.smokeHost).toBe('envoy-1.33');
    expect(s.smokeConfig).toBe('smoke/ci.yaml');
    expect(s.values.ESC).toBe('a b');
    expect(s.values.JOINED).toBe('xy zw');
  });

  it('warns about unknown keys with file and line', () => {
    const log = memoryLog();
    parseBuildrc('EXTRA_TAGS=a\nMYSTERY=1\n', F, log);
    expect(log.lines).toEqual([
      expect.stringMatching(new RegExp(`^warning: ${F}:2: unknown .buildrc key MYSTERY`)),
    ]);
  });

  it.each([
    ['EXTRA_TAGS=$(touch pwned)', 2, /command substitution \$\(\.\.\.\)/],
    ['EXTRA_TAGS="$(touch pwned)"', 2, /command substitution/],
    ['EXTRA_TAGS=`touch pwned`', 2, /backticks/],
    ['EXTRA_TAGS="a`id`"', 2, /backticks/],
    ['EXTRA_TAGS=$HOME', 2, /expansion '\$HOME'/],
    ['EXTRA_TAGS=${HOME}', 2, /does not name an earlier key/],
    ['EXTRA_TAGS=${A:-x}', 2, /only \$\{KEY\}/],
    ['EXTRA_TAGS=a; touch pwned', 2, /unquoted ';'/],
    ['EXTRA_TAGS=a touch pwned', 2, /unquoted whitespace.*'touch'/],
    ['EXTRA_TAGS=a && touch pwned', 2, /unquoted whitespace/],
    ['touch pwned', 2, /not a KEY=VALUE assignment/],
    ['source ./other', 2, /not a KEY=VALUE assignment/],
    ['EXTRA_TAGS="open', 2, /unterminated double quote/],
    ["EXTRA_TAGS='open", 2, /unterminated single quote/],
    ['EXTRA_TAGS=a|b', 2, /unquoted '\|'/],
    ['BUILDER=gcc', 2, /BUILDER must be 'go' or 'tinygo'/],
    ['BUILD_FLAGS=-toolexec=/bin/sh', 2, /flag '-toolexec' is not allowed/],
    ['BUILD_FLAGS="-o /etc/passwd"', 2, /flag '-o' is not allowed/],
    ['BUILD_FLAGS=notaflag', 2, /is not a flag/],
    [
      'BUILD_FLAGS=-overlay=x.json',
      2,
      /flag '-overlay' is not allowed \(allowed for go or tinygo: /,
    ],
    ['BUILD_FLAGS=-tags=x', 2, /'-tags' is not allowed here \(use EXTRA_TAGS\)/],
    ['BUILD_FLAGS=--ldflags=-s', 2, /'-ldflags' is not allowed here \(use LDFLAGS\)/],
    ['BUILD_FLAGS=-gcflags=all=-cpuprofile=/tmp/p', 2, /compiler flag '-cpuprofile=\/tmp\/p'/],
    ['BUILD_FLAGS=-gcflags=@/etc/passwd', 2, /compiler flag '@\/etc\/passwd'/],
    ['BUILD_FLAGS=-pgo=/etc/passwd', 2, /-pgo=\/etc\/passwd: not an allowed value/],
    ['BUILD_FLAGS=-pkgdir=/tmp/x', 2, /flag '-pkgdir' is not allowed/],
    ['BUILD_FLAGS=-work', 2, /flag '-work' is not allowed/],
    ['BUILD_FLAGS="-p 4"', 2, /-p takes a value: write -p=VALUE/],
    ['BUILD_FLAGS=-p', 2, /-p takes a value/],
    ['BUILD_FLAGS=-trimpath=yes', 2, /-trimpath takes no value/],
    ['LDFLAGS="-o /tmp/pwned"', 2, /linker flag '-o' is not allowed for go/],
    ['LDFLAGS="-s -w -o=/tmp/pwned"', 2, /linker flag '-o=\/tmp\/pwned'/],
    ['LDFLAGS="all=-o /tmp/pwned"', 2, /linker flag '-o'/],
    ['LDFLAGS="@/etc/passwd"', 2, /argument files are not allowed/],
    ['LDFLAGS="-X @/proc/self/environ"', 2, /not of the form importpath.name=value/],
    ['LDFLAGS="-X=novalue"', 2, /not of the form importpath.name=value/],
    ['LDFLAGS="-X"', 2, /-X needs importpath.name=value/],
    ['LDFLAGS="-extldflags=-static"', 2, /linker flag '-extldflags=-static'/],
    ['LDFLAGS="-tmpdir /tmp"', 2, /linker flag '-tmpdir'/],
    ['LDFLAGS="-X \'main.v=1"', 2, /unterminated ' string/],
    ['LDFLAGS="main.go"', 2, /'main.go' is not a linker flag/],
    ['SMOKE_CONFIG=../../secret', 2, /inside the plugin directory/],
    ['EXTRA_TAGS="a,b;c"', 2, /'b;c' is not a build tag/],
    ['GO_VERSION=latest', 2, /not a version/],
  ])('rejects %s naming file:line', (line, lineNo, why) => {
    const err = errorOf(`# first line\n${line}\n`);
    expect(err.message.startsWith(`${F}:${lineNo}: `)).toBe(true);
    expect(err.message).toMatch(why);
  });

  it('allows the flags plugin repositories use, as Go splits them', () => {
    const s = parseBuildrc(
      [
        'LDFLAGS="-s -w -X \'main.version=1.2 beta\' -X=main.commit=abc -buildid= -checklinkname=0"',
        'BUILD_FLAGS="-trimpath -v -x -a -p=4 -gcflags=all=-N -gcflags=-l -pgo=off -modcacherw"',
      ].join('\n'),
      F,
    );
    expect(s.buildFlags).toHaveLength(9);
    expect(() => checkFlagsForBuilder(s, 'go')).not.toThrow();
    expect(splitLinkerWords(s.ldflags!)).toEqual([
      '-s',
      '-w',
      '-X',
      'main.version=1.2 beta',
      '-X=main.commit=abc',
      '-buildid=',
      '-checklinkname=0',
    ]);
  });

  it("checks the flags again for the plugin's builder, naming file:line", () => {
    const tiny = parseBuildrc('# tinygo flags\nBUILD_FLAGS="-opt=z -no-debug -panic=trap"\n', F);
    expect(() => checkFlagsForBuilder(tiny, 'tinygo')).not.toThrow();
    expect(() => checkFlagsForBuilder(tiny, 'go')).toThrow(
      `${F}:2: BUILD_FLAGS: flag '-opt' is not allowed (allowed for go: `,
    );
    const go = parseBuildrc('LDFLAGS="-s -w"\n', F);
    expect(() => checkFlagsForBuilder(go, 'go')).not.toThrow();
    expect(() => checkFlagsForBuilder(go, 'tinygo')).toThrow(
      `${F}:1: LDFLAGS: linker flag '-s' is not allowed for tinygo (allowed: -X only)`,
    );
    expect(() =>
      checkFlagsForBuilder(parseBuildrc("LDFLAGS='-X main.v=1'\n", F), 'tinygo'),
    ).not.toThrow();
  });

  it('never runs anything: an injection attempt creates no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpci-inject-'));
    const marker = join(dir, 'pwned');
    const attempts = [
      `EXTRA_TAGS=$(touch ${marker})`,
      `EXTRA_TAGS=\`touch ${marker}\``,
      `EXTRA_TAGS=x; touch ${marker}`,
      `touch ${marker}`,
      `EXTRA_TAGS="$(touch ${marker})"`,
    ];
    try {
      for (const a of attempts) expect(() => parseBuildrc(`${a}\n`, F)).toThrow(InputError);
      expect(existsSync(marker)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('round-trips any single-quoted value literally', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/['"\r\n]/.test(s)),
        (v) => {
          const value = `-X "main.v=${v}"`;
          expect(parseBuildrc(`LDFLAGS='${value}'\n`, F).ldflags).toBe(value);
          expect(parseBuildrc(`X='${v}'\n`, F).values.X).toBe(v);
        },
      ),
    );
  });

  it('either parses or throws an InputError on any text, never anything else', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseBuildrc(text, F);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          expect((err as Error).message.startsWith(`${F}:`)).toBe(true);
        }
      }),
    );
  });
});
