// ESM all the way: @actions/* are ESM-only, so tests run under
// --experimental-vm-modules (set by scripts/test.mjs) with ts-jest in ESM mode.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/count-reporter.cjs'],
  // the reliability doc's check last: it reads the rows the other files keep
  testSequencer: '<rootDir>/test/support/reliability-sequencer.cjs',
};
