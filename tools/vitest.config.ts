import { packageProject } from './vitest-project.js';

// Repository-level tests: the examples run as users run them, the docs' links and programs, and
// the packaging test that packs and installs every package.
export default packageProject('tools', { include: ['test/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 600_000 });
