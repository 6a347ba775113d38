import { InputError } from '../../common/errors.js';
import type { Command } from '../io.js';

// Placeholder until the stage lands: fails loudly rather than doing nothing.
const runAll: Command = async () => {
  throw new InputError('run: not available in this build yet');
};
export default runAll;
