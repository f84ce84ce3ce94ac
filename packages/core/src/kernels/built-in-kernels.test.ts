// The built-in kernels pass the exported kernel conformance suite (with the seeds the invariance
// tests always had: 5 for t-pCN, 6 for RWM).
import { describeKernelConformance } from './kernel-conformance.js';
import { BUILT_IN_KERNELS } from './kernel-registry.js';

describeKernelConformance('tpcn', BUILT_IN_KERNELS.tpcn, { seed: 5 });
describeKernelConformance('rwm', BUILT_IN_KERNELS.rwm, { seed: 6 });
