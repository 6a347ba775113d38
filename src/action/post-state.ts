/** The state the main step leaves for the post step: run-cache entries to save. */
export const POST_STATE = 'wasm-plugin-ci-pending-saves';
