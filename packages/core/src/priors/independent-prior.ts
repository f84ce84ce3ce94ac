import type { PriorTransform } from '../likelihood/model-functions.js';
import { TempestError } from '../tempest-error.js';
import type { UnitTransform } from './unit-transform.js';

/**
 * A prior transform for independent parameters: parameter j is `transforms[j]` of its own
 * coordinate u_j. The result is a fresh `Float64Array` per call, the shape `priorTransform` takes.
 * @param transforms - one unit transform per parameter, in model order
 * @returns the prior transform of the whole vector
 * @throws {TempestError} `INVALID_ARGUMENT` when an entry is not a function, or there is none
 * @example
 * ```ts
 * import { priors } from '@tempest/core';
 * const { independentPrior, uniform, logUniform, normal } = priors;
 * export const priorTransform = independentPrior(uniform(-5, 5), logUniform(1e-3, 1), normal(0, 2));
 * ```
 */
export function independentPrior(...transforms: UnitTransform[]): PriorTransform {
  const bad = transforms.findIndex((t) => typeof t !== 'function');
  if (transforms.length === 0 || bad >= 0) {
    throw new TempestError('INVALID_ARGUMENT', `independentPrior needs one unit transform (a function of u) per parameter; ${transforms.length === 0 ? 'got none' : `argument ${bad} is ${typeof transforms[bad]}`}. Pass e.g. independentPrior(uniform(0, 1), normal(0, 1)).`, { option: 'transforms', value: bad });
  }
  const n = transforms.length;
  return (u: Float64Array) => {
    const x = new Float64Array(n);
    for (let j = 0; j < n; j++) x[j] = transforms[j](u[j]);
    return x;
  };
}
