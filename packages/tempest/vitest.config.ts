import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tempest/source'] },
  ssr: { resolve: { conditions: ['@tempest/source'] } },
  test: {
    name: 'tempest',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
