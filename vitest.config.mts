import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/integration/**/*.test.ts', 'test/lint/**/*.test.ts'],
    // Native modules (better-sqlite3) are safest in child processes.
    pool: 'forks',
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
