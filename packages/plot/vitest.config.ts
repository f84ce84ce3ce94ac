import { packageProject } from '../../tools/vitest-project.js';

export default packageProject('plot', { testTimeout: 120_000 });
