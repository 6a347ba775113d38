import { resolve } from 'node:path';
import { InputError } from '../../common/errors.js';
import type { Builder } from '../../model.js';
import { warnConfigErrors } from '../../repo/discover.js';
import { changeSourceFromEnv, type ChangeSource } from '../../repo/event.js';
import { pluginSummary, runDetect } from '../../repo/stage.js';
import { parseCommandArgs, printJson, type Command } from '../io.js';

const HELP = `usage: wasm-plugin-ci detect [--repo DIR] [--plugins GLOB]... [--exclude GLOB]...
                             [--base REF] [--head REF] [--all] [--builder go|tinygo] [--json]

Lists the plugins a change touches. The change is --base...--head (merge
base, like a pull request), or the GitHub event in GITHUB_EVENT_NAME and
GITHUB_EVENT_PATH, or everything with --all or when neither is given.
`;

/** Which change to look at: flags first, then the GitHub event, else everything. */
export function sourceOf(
  values: { all?: boolean; base?: string; head?: string },
  env: NodeJS.ProcessEnv,
): ChangeSource {
  if (values.all) return { kind: 'all', reason: '--all' };
  if (values.head && !values.base) throw new InputError('detect: --head needs --base');
  if (values.base) {
    const head = values.head ?? 'HEAD';
    return {
      kind: 'diff',
      reason: `${values.base}...${head}`,
      base: values.base,
      head,
      threeDot: true,
      explicit: true,
    };
  }
  return (
    changeSourceFromEnv(env) ?? {
      kind: 'all',
      reason: 'no --base and no GitHub event: all plugins',
    }
  );
}

const detect: Command = async (args, io) => {
  const { values } = parseCommandArgs('detect', args, {
    repo: { type: 'string' },
    plugins: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    base: { type: 'string' },
    head: { type: 'string' },
    all: { type: 'boolean' },
    builder: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.builder !== undefined && values.builder !== 'go' && values.builder !== 'tinygo') {
    throw new InputError(`detect: --builder must be 'go' or 'tinygo', not '${values.builder}'`);
  }
  const repo = resolve(io.cwd, values.repo ?? '.');
  const result = await runDetect(
    repo,
    {
      plugins: values.plugins,
      exclude: values.exclude,
      builder: values.builder as Builder | undefined,
      source: sourceOf(values, io.env),
    },
    io.log,
  );
  io.log.info(
    `${result.reason}: ${result.selected.length} of ${result.discovered.length} plugin(s) selected`,
  );
  warnConfigErrors(result.selected, io.log);
  if (values.json) {
    printJson(io, {
      plugins: result.selected.map(pluginSummary),
      matrix: result.matrix,
      anyChanged: result.anyChanged,
      reason: result.reason,
      ...(result.files ? { files: result.files } : {}),
    });
  } else {
    for (const p of result.selected) io.stdout(`${p.name}\t${p.relDir}\n`);
  }
  return 0;
};
export default detect;
