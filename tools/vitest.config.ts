import { defineProject } from 'vitest/config';

// Repository-level tests: the examples run as users run them, and the packaging test that packs
// and installs every package.
export default defineProject({
  resolve: { conditions: ['@tempest/source'] },
  ssr: { resolve: { conditions: ['@tempest/source'] } },
  test: {
    name: 'tools',
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
