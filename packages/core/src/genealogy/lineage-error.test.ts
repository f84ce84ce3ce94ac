import { describe, expect, it } from 'vitest';
import { lineageEvidenceError, lineageMeanError } from './lineage-error.js';

const logOf = (w: number[]) => Float64Array.from(w, Math.log);

describe('lineageEvidenceError', () => {
  it('is the importance-sampling error sqrt(sum w^2) when every particle is its own lineage and nothing was resampled', () => {
    const w = [0.1, 0.2, 0.3, 0.4];
    const err = lineageEvidenceError(logOf(w), Int32Array.of(0, 1, 2, 3), 4, new Float64Array(4));
    expect(err).toBeCloseTo(Math.sqrt(w.reduce((s, v) => s + v * v, 0)), 12);
  });

  it('grows when the weight sits in few lineages: one lineage carrying everything gives a relative error of 1', () => {
    const err = lineageEvidenceError(logOf([0.25, 0.25, 0.25, 0.25]), Int32Array.of(0, 0, 0, 0), 4, new Float64Array(4));
    expect(err).toBeCloseTo(1, 12);
  });

  it('subtracts the merging that resampling alone explains (survival below 1 lowers the error)', () => {
    const logw = logOf([0.25, 0.25, 0.25, 0.25]);
    const lineage = Int32Array.of(0, 0, 1, 1);
    const unmerged = lineageEvidenceError(logw, lineage, 2, new Float64Array(4));
    const merged = lineageEvidenceError(logw, lineage, 2, new Float64Array(4).fill(Math.log(0.8)));
    // 1 - (1 - 1/2) / 1 = 0.5 and 1 - (1 - 1/2) / 0.8 = 0.375, both above the floor sum w^2 = 0.25.
    expect(unmerged).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(merged).toBeCloseTo(Math.sqrt(0.375), 12);
    // With survival 0.6 the difference would be 1/6, below the floor: the floor is returned.
    expect(lineageEvidenceError(logw, lineage, 2, new Float64Array(4).fill(Math.log(0.6)))).toBeCloseTo(0.5, 12);
  });

  it('is invariant to the scale of the log-weights and infinite without weight', () => {
    const lineage = Int32Array.of(0, 1, 1);
    const a = lineageEvidenceError(logOf([1, 2, 3]), lineage, 2, new Float64Array(3));
    const b = lineageEvidenceError(Float64Array.from(logOf([1, 2, 3]), (v) => v - 800), lineage, 2, new Float64Array(3));
    expect(b).toBeCloseTo(a, 12);
    expect(lineageEvidenceError(Float64Array.of(-Infinity, -Infinity), Int32Array.of(0, 1), 2, new Float64Array(2))).toBe(Infinity);
  });
});

describe('lineageMeanError', () => {
  it('gives the weighted mean and, for independent particles, the importance-sampling error', () => {
    const weights = Float64Array.of(0.5, 0.25, 0.25);
    const values = Float64Array.of(1, 2, 4);
    const { mean, error } = lineageMeanError(weights, values, Int32Array.of(0, 1, 2), 3, new Float64Array(3));
    expect(mean).toBeCloseTo(2, 12);
    // sum_s W_s^2 (f_s - mean)^2 = 0.25 + 0 + 0.0625 * 4
    expect(error).toBeCloseTo(Math.sqrt(0.25 + 0.25), 12);
  });

  it('adds the covariance within a lineage', () => {
    const weights = Float64Array.of(0.25, 0.25, 0.25, 0.25);
    const values = Float64Array.of(1, 1, -1, -1);
    const split = lineageMeanError(weights, values, Int32Array.of(0, 1, 2, 3), 4, new Float64Array(4));
    const paired = lineageMeanError(weights, values, Int32Array.of(0, 0, 1, 1), 2, new Float64Array(4));
    expect(paired.error).toBeCloseTo(Math.SQRT2 * split.error, 12);
  });
});
