import { packageProject } from '../../tools/vitest-project.js';

export default packageProject('core', { testTimeout: 120_000 });
