import { packageProject } from '../../tools/vitest-project.js';

export default packageProject('cli', { testTimeout: 120_000 });
