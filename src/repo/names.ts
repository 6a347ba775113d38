/**
 * Plugin names become OCI repository path components and matrix values, so
 * they follow the OCI distribution-spec path-component grammar (lower case).
 */
import { InputError } from '../common/errors.js';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** Throws an InputError naming the directory when its name is not usable. */
export function validatePluginName(name: string, relDir: string): string {
  if (name.length > 128 || !COMPONENT.test(name)) {
    throw new InputError(
      `plugin directory '${relDir}': name '${name}' cannot be an image name or matrix value ` +
        '(use lower-case letters, digits and single . _ - separators, at most 128 characters), or exclude it',
    );
  }
  return name;
}
