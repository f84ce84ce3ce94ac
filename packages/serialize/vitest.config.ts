import { packageProject } from '../../tools/vitest-project.js';

export default packageProject('serialize', { testTimeout: 30_000 });
