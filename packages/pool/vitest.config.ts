import { packageProject } from '../../tools/vitest-project.js';

export default packageProject('pool', { testTimeout: 30_000, hookTimeout: 30_000 });
