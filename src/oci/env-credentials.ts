/**
 * Registry credentials a front end hands in: WPCI_REGISTRY_USERNAME with
 * WPCI_REGISTRY_PASSWORD, or the password on standard input. Never argv,
 * where other processes and CI logs could read it.
 */
import { InputError } from '../common/errors.js';
import type { Credentials } from './docker-config.js';

/** All of stdin, without the trailing newline `echo` adds. */
async function readStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of process.stdin) parts.push(chunk as Buffer);
  return Buffer.concat(parts)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * Credentials from WPCI_REGISTRY_USERNAME / WPCI_REGISTRY_PASSWORD, or with
 * `passwordFromStdin` the password from standard input; never from argv.
 */
export async function credentialsFor(
  env: NodeJS.ProcessEnv,
  passwordFromStdin: boolean,
): Promise<Credentials | undefined> {
  if (!passwordFromStdin) return credentialsFrom(env);
  const username = env.WPCI_REGISTRY_USERNAME;
  if (!username)
    throw new InputError('--password-stdin needs WPCI_REGISTRY_USERNAME in the environment');
  const password = await readStdin();
  if (!password) throw new InputError('--password-stdin: standard input was empty');
  return { username, password };
}

export function credentialsFrom(env: NodeJS.ProcessEnv): Credentials | undefined {
  const username = env.WPCI_REGISTRY_USERNAME;
  const password = env.WPCI_REGISTRY_PASSWORD;
  if (!username && !password) return undefined;
  if (!username || !password) {
    throw new InputError('set both WPCI_REGISTRY_USERNAME and WPCI_REGISTRY_PASSWORD, or neither');
  }
  return { username, password };
}
