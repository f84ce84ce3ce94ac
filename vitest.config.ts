import { defineConfig } from 'vitest/config';

// One root config; each package is a project. Sibling packages resolve to their
// TypeScript source through the "@tempest/source" export condition, so tests never
// need a build first.
export default defineConfig({
  resolve: { conditions: ['@tempest/source'] },
  ssr: { resolve: { conditions: ['@tempest/source'] } },
  test: {
    projects: ['packages/*', 'tools'],
  },
});
