// The rival model of sinusoid.ts for the same measurements: the sinusoid plus a linear trend
// (slope ~ U(-0.1, 0.1) per day). Compare the two with
//
//   npx tempest run examples/models/sinusoid.ts --seed 1 --out sinusoid
//   npx tempest run examples/models/sinusoid-trend.ts --seed 1 --out sinusoid-trend
//   npx tempest compare sinusoid sinusoid-trend
//
// which prints the Bayes factor with its error and draws both posteriors on one corner plot.
import { priors } from '@tempest/core';
import { data } from './sinusoid-data.js';

const { independentPrior, uniform, logUniform } = priors;

export const nDim = 4;
export const parameterNames = ['amplitude', 'period', 'phase', 'slope'];
export const parameterLabels = ['$A$', '$P$ [d]', '$\\phi$ [rad]', '$s$ [d$^{-1}$]'];
export const periodic = [2];

export const priorTransform = independentPrior(logUniform(0.1, 10), uniform(5, 10), uniform(0, 2 * Math.PI), uniform(-0.1, 0.1));

const LOG_NORM = data.sigma.reduce((s, e) => s - Math.log(Math.sqrt(2 * Math.PI) * e), 0);

/** Gaussian log-likelihood of the measurements under sinusoid plus trend. */
export function logLikelihood([amplitude, period, phase, slope]: Float64Array): number {
  let chi2 = 0;
  for (let i = 0; i < data.t.length; i++) {
    const model = amplitude * Math.sin((2 * Math.PI * data.t[i]) / period + phase) + slope * (data.t[i] - 20);
    chi2 += ((data.y[i] - model) / data.sigma[i]) ** 2;
  }
  return LOG_NORM - 0.5 * chi2;
}
