import { describe, expect, it } from 'vitest';
import { BOUNDARY_NONE, BOUNDARY_PERIODIC } from '../math/boundaries.js';
import { beta, halfNormal, independentPrior, logNormal, logUniform, normal, uniform } from '../priors/index.js';
import type { UnitTransform } from '../priors/index.js';
import { unboundedCoordinates } from './unbounded-priors.js';

/** A row-wise transform from one unit transform per coordinate, as the evaluator applies a prior transform. */
function rows(...t: UnitTransform[]) {
  const prior = independentPrior(...t);
  const d = t.length;
  return (out: Float64Array, u: Float64Array, m: number) => {
    for (let i = 0; i < m; i++) out.set(prior(u.subarray(i * d, (i + 1) * d)), i * d);
  };
}

const plain = (d: number) => new Uint8Array(d).fill(BOUNDARY_NONE);

describe('unboundedCoordinates', () => {
  it('reads normal, log-normal, half-normal and Cauchy-like priors as unbounded, uniform, log-uniform and beta ones as bounded', () => {
    const cauchy: UnitTransform = (u) => Math.tan(Math.PI * (u - 0.5));
    const power: UnitTransform = (u) => u ** 0.1; // bounded, though steep at 0
    const t = rows(normal(0, 1), logNormal(0, 1), halfNormal(2), cauchy, uniform(-5, 5), logUniform(1e-3, 1e3), beta(0.5, 0.5), power);
    expect(Array.from(unboundedCoordinates(t, plain(8)))).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('leaves periodic coordinates alone, and reads a transform that throws at its extremes as bounded', () => {
    const t = rows(normal(0, 1), normal(0, 1));
    const kinds = Uint8Array.of(BOUNDARY_PERIODIC, BOUNDARY_NONE);
    expect(Array.from(unboundedCoordinates(t, kinds))).toEqual([0, 1]);
    const refusing = () => {
      throw new Error('no');
    };
    expect(Array.from(unboundedCoordinates(refusing, plain(2)))).toEqual([0, 0]);
  });

  it('sees a coordinate that moves another parameter (a transform that mixes coordinates)', () => {
    // x0 = u0, x1 = Phi^-1(u0) + u1: coordinate 0 is unbounded through x1, coordinate 1 bounded.
    const n = normal(0, 1);
    const t = (out: Float64Array, u: Float64Array, m: number) => {
      for (let i = 0; i < m; i++) {
        out[2 * i] = u[2 * i];
        out[2 * i + 1] = n(u[2 * i]) + u[2 * i + 1];
      }
    };
    expect(Array.from(unboundedCoordinates(t, plain(2)))).toEqual([1, 0]);
  });
});
