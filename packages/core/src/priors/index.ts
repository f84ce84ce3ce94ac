// Priors as unit-cube transforms: each is a distribution's quantile function, exact at u = 0 and
// 1 for bounded priors and clipped to finite values for unbounded ones (see UNIT_CLIP).
export { UNIT_CLIP, type UnitTransform } from './unit-transform.js';
export { uniform } from './uniform.js';
export { logUniform } from './log-uniform.js';
export { normal } from './normal.js';
export { truncatedNormal } from './truncated-normal.js';
export { logNormal } from './log-normal.js';
export { halfNormal } from './half-normal.js';
export { beta } from './beta.js';
export { gamma } from './gamma.js';
export { independentPrior } from './independent-prior.js';
