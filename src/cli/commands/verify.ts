/**
 * `wasm-plugin-ci verify REF|--oci-layout DIR:TAG [--sha256 HEX] [--json]`:
 * reads an artifact back and applies the gateway's fetch rules. Exit 1 when
 * a gateway would not load it (or its plugin.wasm differs from --sha256).
 */
import { InputError } from '../../common/errors.js';
import {
  explain,
  layoutSource,
  verifyArtifact,
  verifySource,
  type VerifyResult,
} from '../../oci/verify.js';
import { credentialsFor } from '../../oci/env-credentials.js';
import { nodeHttpFetch } from '../../oci/http-transport.js';
import { parseCommandArgs, printJson, type Command } from '../io.js';

const HELP = `usage: wasm-plugin-ci verify REF | --oci-layout DIR:TAG [--sha256 HEX] [--insecure] [--password-stdin] [--json]
Credentials: WPCI_REGISTRY_USERNAME and WPCI_REGISTRY_PASSWORD, else docker's config.json.
`;

const verify: Command = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    'verify',
    args,
    {
      'oci-layout': { type: 'string' },
      sha256: { type: 'string' },
      insecure: { type: 'boolean', default: false },
      'password-stdin': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const layout = values['oci-layout'];
  if ((layout ? 1 : 0) + positionals.length !== 1)
    throw new InputError(`verify: give exactly one REF or --oci-layout DIR:TAG\n${HELP}`);
  const expected = values.sha256?.replace(/^sha256:/, '');
  if (expected !== undefined && !/^[a-f0-9]{64}$/.test(expected))
    throw new InputError(`verify: --sha256 '${values.sha256}' is not a sha256 hex digest`);
  let result: VerifyResult;
  if (layout) {
    result = await verifySource(layoutSource(layout), expected);
  } else {
    result = await verifyArtifact(positionals[0]!, expected, {
      credentials: await credentialsFor(io.env, values['password-stdin']!),
      insecure: values.insecure,
      env: io.env,
      log: io.log,
      fetch: nodeHttpFetch,
    });
  }
  if (values.json) printJson(io, result);
  if (result.ok) {
    io.log.info(
      `${result.reference}: ok: the gateway loads it (${result.variant} rule, plugin.wasm sha256 ${result.wasmSha256}, ${result.wasmSize} bytes)`,
    );
  } else {
    io.log.error(`${result.reference}: a gateway would not load this artifact: ${result.reason}`);
  }
  for (const line of explain(result)) io.log.info(`  ${line}`);
  return result.ok ? 0 : 1;
};
export default verify;
