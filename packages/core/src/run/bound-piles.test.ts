import { describe, expect, it } from 'vitest';
import { BOUNDARY_NONE, BOUNDARY_PERIODIC } from '../math/boundaries.js';
import { RandomGenerator } from '../random/random-generator.js';
import { BOUND_PILE_MASS, BOUND_PILE_PARTICLES, BOUND_STRIP, chooseLogitCoordinates } from './bound-piles.js';

/** n equally weighted points whose coordinates are drawn by `draw(j)`. */
function cloud(n: number, d: number, draw: (j: number) => number): { u: Float64Array; w: Float64Array } {
  const u = new Float64Array(n * d);
  for (let k = 0; k < n; k++) for (let j = 0; j < d; j++) u[k * d + j] = draw(j);
  return { u, w: new Float64Array(n).fill(1 / n) };
}

describe('choosing the coordinates that move through the logit', () => {
  const rng = new RandomGenerator(3);
  const kinds = Uint8Array.of(BOUNDARY_NONE, BOUNDARY_NONE, BOUNDARY_PERIODIC, BOUNDARY_NONE);
  const n = 4000;

  it('never chooses one for the prior itself (0.2% of a uniform density lies in the strips)', () => {
    expect(2 * BOUND_STRIP).toBeLessThan(BOUND_PILE_MASS / 2);
    const { u, w } = cloud(n, 4, () => rng.uniform());
    const chosen = new Uint8Array(4);
    expect(chooseLogitCoordinates(chosen, u, w, n, kinds)).toBe(false);
    expect(Array.from(chosen)).toEqual([0, 0, 0, 0]);
  });

  it('chooses a coordinate piled against a bound, never a periodic one nor a density finite at the bound, and keeps what it chose', () => {
    // Coordinate 0: Beta(0.2, 3) (u^0.2 of it below u: 25% within 0.001 of 0, drawn as U^(1/0.2) x
    // a Beta(1, 3) factor, close enough here); 1: a half-Gaussian of width 0.1 against 0 (0.8% within
    // 0.001); 2: periodic, piled against 1; 3: a Gaussian of width 3e-5 against 1 (all of it within
    // 0.001 of 1, most within 1e-4).
    const draw = (j: number) => [rng.uniform() ** 5 * (1 - rng.uniform() ** (1 / 3)), Math.abs(0.1 * rng.normal()) % 1, 1 - Math.abs(0.0001 * rng.normal()), 1 - Math.abs(0.00003 * rng.normal())][j];
    const { u, w } = cloud(n, 4, draw);
    const chosen = new Uint8Array(4);
    expect(chooseLogitCoordinates(chosen, u, w, n, kinds)).toBe(true);
    expect(Array.from(chosen)).toEqual([1, 0, 0, 1]);
    // Later the particles leave the bounds: what was chosen stays chosen.
    const { u: away, w: wAway } = cloud(n, 4, () => 0.5 + 0.01 * rng.normal());
    expect(chooseLogitCoordinates(chosen, away, wAway, n, kinds)).toBe(true);
    expect(Array.from(chosen)).toEqual([1, 0, 0, 1]);
  });

  it('weighs the particles: mass in the strips, carried by enough of them', () => {
    // 100 points: `near` of them within 0.001 of 0 with weight `each`, the rest in the middle.
    const pile = (near: number, each: number) => {
      const u = new Float64Array(100).fill(0.5);
      const w = new Float64Array(100).fill((1 - near * each) / (100 - near));
      // Half of them within 1e-4 of the bound: a density that grows towards it.
      for (let k = 0; k < near; k++) {
        u[k] = k % 2 === 0 ? 0.00005 : 0.0005;
        w[k] = each;
      }
      const chosen = new Uint8Array(1);
      return chooseLogitCoordinates(chosen, u, w, 100, Uint8Array.of(BOUNDARY_NONE));
    };
    expect(BOUND_PILE_PARTICLES).toBe(20);
    expect(pile(20, 0.00095)).toBe(false); // 1.9% of the mass
    expect(pile(20, 0.00105)).toBe(true); // 2.1%, twenty particles
    expect(pile(1, 0.05)).toBe(false); // 5% on one heavy particle
    expect(pile(19, 0.002)).toBe(false); // 3.8% on nineteen
  });

  it('leaves a density that stays finite up to the bound in the cube, however narrow', () => {
    // A half-Gaussian of width 0.003 against 0 (an egg-box peak at the prior's edge): 24% within
    // 0.001 of the bound, a tenth of that within 1e-4.
    const { u, w } = cloud(n, 1, () => Math.abs(0.003 * rng.normal()));
    const chosen = new Uint8Array(1);
    expect(chooseLogitCoordinates(chosen, u, w, n, Uint8Array.of(BOUNDARY_NONE))).toBe(false);
    // A density u^-0.7 (Beta(0.3, 1): 10^-0.3 = half of the strip's mass in its innermost tenth) is chosen.
    const { u: divergent, w: w2 } = cloud(n, 1, () => rng.uniform() ** (1 / 0.3));
    expect(chooseLogitCoordinates(chosen, divergent, w2, n, Uint8Array.of(BOUNDARY_NONE))).toBe(true);
  });
});
