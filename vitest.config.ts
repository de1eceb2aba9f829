import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most test files wait on child processes and loopback HTTP rather than the CPU: at least two
    // files at a time, even on a two-core machine (the default would run one).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
