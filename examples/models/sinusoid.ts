// A periodic signal fitted to measurements read from a CSV file (sinusoid.csv, next to this file):
// y = A sin(2π t / P + φ) with Gaussian errors. The phase φ is periodic, and its posterior straddles
// 0 = 2π, so the summary gives its circular mean and the corner plot recentres its axis.
//
//   npx tempest run examples/models/sinusoid.ts --seed 1 --out sinusoid
//   npx tempest run examples/models/sinusoid.ts --pool threads:2       (every pool: workers read the file too)
import { priors } from '@tempest/core';
import { data } from './sinusoid-data.js';

const { independentPrior, uniform, logUniform } = priors;

export const nDim = 3;
/** Identifiers: samples.csv's columns and the summary's rows. */
export const parameterNames = ['amplitude', 'period', 'phase'];
/** What the plots draw (TeX). */
export const parameterLabels = ['$A$', '$P$ [d]', '$\\phi$ [rad]'];
export const periodic = [2];
export const truths = [1.5, 7.3, 0.05]; // the values the data were made with

/** A ~ log-U(0.1, 10), P ~ U(5, 10) d, φ ~ U(0, 2π): each parameter's quantile function of its own u. */
export const priorTransform = independentPrior(logUniform(0.1, 10), uniform(5, 10), uniform(0, 2 * Math.PI));

const LOG_NORM = data.sigma.reduce((s, e) => s - Math.log(Math.sqrt(2 * Math.PI) * e), 0);

/** Gaussian log-likelihood of the measurements. */
export function logLikelihood([amplitude, period, phase]: Float64Array): number {
  let chi2 = 0;
  for (let i = 0; i < data.t.length; i++) {
    const model = amplitude * Math.sin((2 * Math.PI * data.t[i]) / period + phase);
    chi2 += ((data.y[i] - model) / data.sigma[i]) ** 2;
  }
  return LOG_NORM - 0.5 * chi2;
}
