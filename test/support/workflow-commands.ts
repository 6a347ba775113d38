/**
 * What GitHub's runner takes for workflow commands in a step's output, as
 * actions/runner reads it (src/Runner.Worker/ActionCommandManager.cs,
 * src/Runner.Common/ActionCommand.cs, Handlers/OutputManager.cs; written
 * here from those rules): stdout and stderr alike, lines ending at \n, \r or
 * \r\n (StreamReader.ReadLine); a line is a command when, after leading
 * white space, it is `::name props::data` with a registered name, or when it
 * contains `##[name props]data` anywhere; `::stop-commands::TOKEN` ignores
 * every command until `::TOKEN::`.
 */
export const REGISTERED = [
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'warning',
  'stop-commands',
];

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
  line: string;
}

const unescape = (text: string, codes: [string, string][]) =>
  [...codes, ['%25', '%'] as [string, string]].reduce(
    (t, [code, c]) => t.replaceAll(code, c),
    text,
  );
const LINE_CODES: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
];
const PROPERTY_CODES: [string, string][] = [...LINE_CODES, ['%3A', ':'], ['%2C', ',']];
const LEGACY_CODES: [string, string][] = [...LINE_CODES, ['%3B', ';'], ['%5D', ']']];

// .NET's Char.IsWhiteSpace, which TrimStart uses.
const leadingWhiteSpace =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;

/** `name key=value<sep>...` when `name` is registered: the command and its properties. */
function commandInfo(
  info: string,
  separator: string,
  codes: [string, string][],
  registered: Set<string>,
): Pick<WorkflowCommand, 'command' | 'properties'> | undefined {
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (!registered.has(command.toLowerCase())) return undefined;
  const properties: Record<string, string> = {};
  const pairs =
    space < 0
      ? []
      : info
          .slice(space + 1)
          .trim()
          .split(separator);
  for (const pair of pairs.filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq > 0 && eq < pair.length - 1)
      properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1), codes);
  }
  return { command, properties };
}

/** `::name props::data` after leading white space. */
function parseV2(line: string, registered: Set<string>): WorkflowCommand | undefined {
  const message = line.replace(leadingWhiteSpace, '');
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  const info =
    end < 0 ? undefined : commandInfo(message.slice(2, end), ',', PROPERTY_CODES, registered);
  return info && { ...info, data: unescape(message.slice(end + 2), LINE_CODES), line };
}

/** `##[name props]data` anywhere in the line. */
function parseLegacy(line: string, registered: Set<string>): WorkflowCommand | undefined {
  const at = line.indexOf('##[');
  const close = at < 0 ? -1 : line.indexOf(']', at);
  if (close < 0) return undefined;
  const info = commandInfo(line.slice(at + 3, close), ';', LEGACY_CODES, registered);
  return info && { ...info, data: unescape(line.slice(close + 1), LEGACY_CODES), line };
}

/** Every command the runner would process in `output` (one stream), in order. */
export function workflowCommands(output: string): WorkflowCommand[] {
  const registered = new Set(REGISTERED);
  const found: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const line of output.split(/\r\n|\r|\n/)) {
    const c = parseV2(line, registered) ?? parseLegacy(line, registered);
    if (!c) continue;
    if (stopToken !== undefined) {
      if (c.command.toLowerCase() === stopToken.toLowerCase()) {
        registered.delete(stopToken.toLowerCase());
        stopToken = undefined;
      }
      continue;
    }
    found.push(c);
    if (c.command.toLowerCase() === 'stop-commands') {
      stopToken = c.data;
      registered.add(c.data.toLowerCase());
    }
  }
  return found;
}

/**
 * Commands that hostile text planted: the markers tests use are a `title=X`
 * property, data that starts with INJECTED, or any stop-commands.
 */
export function plantedCommands(output: string): WorkflowCommand[] {
  return workflowCommands(output).filter(
    (c) =>
      c.command.toLowerCase() === 'stop-commands' ||
      c.data.startsWith('INJECTED') ||
      Object.values(c.properties).includes('X'),
  );
}
