import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // --expose-gc lets the memory tests measure live heap, not garbage not yet collected.
    execArgv: ['--expose-gc'],
    testTimeout: 30_000,
  },
});
