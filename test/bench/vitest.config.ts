import { defineConfig } from 'vitest/config';

/**
 * Benchmarks run as one vitest file (vitest gives us the same TypeScript and `?raw` transforms as the tests) that
 * measures Steadfast's engine and its peers in the same run, on the same demo chain, and prints a table of ratios.
 * They assert correctness of the values read, never timings.
 */
export default defineConfig({
  test: {
    include: ['test/bench/**/*.measure.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
