import * as core from '@actions/core';

// Placeholder until this entry is wired: fails the step rather than doing nothing.
core.setFailed('wasm-plugin-ci: this action entry is not available in this build yet');
