import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tempest/source'] },
  ssr: { resolve: { conditions: ['@tempest/source'] } },
  test: {
    name: 'cli',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
