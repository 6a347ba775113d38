import { resolve } from 'node:path';
import { InputError } from '../../common/errors.js';
import type { Builder } from '../../model.js';
import { buildAll } from '../../build/build.js';
import { DEFAULT_OUT_DIR, outcomeSummary } from '../../build/summary.js';
import { discoverPlugins } from '../../repo/discover.js';
import { parseCommandArgs, printJson, type Command } from '../io.js';

const HELP = `usage: wasm-plugin-ci build [--repo DIR] [--plugins GLOB]... [--exclude GLOB]... [--out DIR]
                            [--jobs N] [--builder go|tinygo] [--wasm-opt] [--go-test] [--json]

Builds plugins to DIR/<plugin>/plugin.wasm (default: <repo>/${DEFAULT_OUT_DIR})
with their .buildrc flags, N at a time (default: one per core).
`;

const build: Command = async (args, io) => {
  const { values } = parseCommandArgs('build', args, {
    repo: { type: 'string' },
    plugins: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    out: { type: 'string' },
    jobs: { type: 'string' },
    builder: { type: 'string' },
    'wasm-opt': { type: 'boolean' },
    'go-test': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) {
    throw new InputError(`build: --jobs must be a positive integer, not '${values.jobs}'`);
  }
  if (values.builder !== undefined && values.builder !== 'go' && values.builder !== 'tinygo') {
    throw new InputError(`build: --builder must be 'go' or 'tinygo', not '${values.builder}'`);
  }
  const repo = resolve(io.cwd, values.repo ?? '.');
  const plugins = await discoverPlugins(
    repo,
    {
      plugins: values.plugins,
      exclude: values.exclude,
      builder: values.builder as Builder | undefined,
    },
    io.log,
  );
  const outDir = values.out ? resolve(io.cwd, values.out) : resolve(repo, DEFAULT_OUT_DIR);
  const outcomes = await buildAll(
    plugins,
    {
      repoDir: repo,
      outDir,
      jobs,
      wasmOpt: values['wasm-opt'],
      goTest: values['go-test'],
      goCache: io.env.GOCACHE,
    },
    io.log,
  );
  const failed = outcomes.filter((o) => o.error);
  io.log.info(`built ${outcomes.length - failed.length} of ${outcomes.length} plugin(s)`);
  if (values.json)
    printJson(io, { ok: failed.length === 0, results: outcomes.map(outcomeSummary) });
  else for (const o of outcomes) if (o.result) io.stdout(`${o.plugin.name}\t${o.result.wasm}\n`);
  // A plugin whose own .buildrc is bad is bad input (2); the others were still built.
  return failed.some((o) => o.badInput) ? 2 : failed.length ? 1 : 0;
};
export default build;
