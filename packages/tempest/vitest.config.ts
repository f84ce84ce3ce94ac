import { packageProject } from '../../tools/vitest-project.js';

export default packageProject('tempest', { testTimeout: 60_000 });
