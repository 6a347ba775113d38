/**
 * Credentials from docker's config.json ($DOCKER_CONFIG/config.json or
 * ~/.docker/config.json): `credHelpers[registry]`, then `auths[registry]`,
 * then `credsStore`. Helpers follow docker's protocol: `docker-credential-<name> get`
 * reads the server URL on stdin and prints {ServerURL, Username, Secret}.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../common/errors.js';

export interface Credentials {
  username?: string;
  password?: string;
  /** OAuth2 refresh token (docker's identitytoken), used as the password of a token request. */
  identityToken?: string;
  /** A ready bearer token (registrytoken). */
  registryToken?: string;
}

interface DockerConfig {
  auths?: Record<
    string,
    {
      auth?: string;
      username?: string;
      password?: string;
      identitytoken?: string;
      registrytoken?: string;
    }
  >;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
}

/** The keys docker may have written for a registry. */
function keysFor(registry: string): string[] {
  const keys = [
    registry,
    `https://${registry}`,
    `http://${registry}`,
    `https://${registry}/v1/`,
    `https://${registry}/v2/`,
  ];
  if (registry === 'docker.io' || registry === 'registry-1.docker.io')
    keys.push('https://index.docker.io/v1/', 'index.docker.io');
  return keys;
}

async function runHelper(
  helper: string,
  serverUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<Credentials | undefined> {
  // Loaded only when a helper runs: most pushes never start one, and a CLI push is a short process.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = execFile(
      `docker-credential-${helper}`,
      ['get'],
      { env, timeout: 30_000 },
      (err, stdout) => {
        if (err) {
          // "credentials not found" is an ordinary answer, not a failure
          if (/not found/i.test(String(stdout)) || /not found/i.test(err.message))
            return resolve(undefined);
          return reject(
            new Error(
              `docker-credential-${helper} get failed for ${serverUrl}: exit ${err.code ?? err.message}`,
            ),
          );
        }
        try {
          const out = JSON.parse(stdout) as { Username?: string; Secret?: string };
          if (!out.Secret) return resolve(undefined);
          // docker's convention: username <token> means the secret is an identity token
          resolve(
            out.Username === '<token>'
              ? { identityToken: out.Secret }
              : { username: out.Username, password: out.Secret },
          );
        } catch {
          reject(new Error(`docker-credential-${helper} printed something that is not JSON`));
        }
      },
    );
    child.stdin?.end(serverUrl);
  });
}

/** Credentials for `registry` from docker's config, or undefined when it has none. */
export async function dockerCredentials(
  registry: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials | undefined> {
  const path = dockerConfigPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new InputError(`cannot read ${path}: ${code ?? (err as Error).message}`);
  }
  let config: DockerConfig;
  try {
    config = JSON.parse(text) as DockerConfig;
  } catch {
    // Never the parser's message: it quotes the text around the error, credentials included.
    throw new InputError(`${path} is not valid JSON`);
  }
  if (typeof config !== 'object' || config === null)
    throw new InputError(`${path} is not a JSON object`);
  const keys = keysFor(registry);
  const helper = keys.map((k) => config.credHelpers?.[k]).find(Boolean);
  if (helper) return runHelper(helper, registry, env);
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (!entry) continue;
    if (entry.registrytoken) return { registryToken: entry.registrytoken };
    if (entry.identitytoken)
      return { identityToken: entry.identitytoken, username: entry.username };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const sep = decoded.indexOf(':');
      if (sep > 0) return { username: decoded.slice(0, sep), password: decoded.slice(sep + 1) };
    }
    if (entry.username && entry.password)
      return { username: entry.username, password: entry.password };
  }
  if (config.credsStore) return runHelper(config.credsStore, registry, env);
  return undefined;
}
