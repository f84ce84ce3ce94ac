// The accuracy suite: every problem, in the order the table prints them.
import type { AccuracyProblem } from '../problem.js';
import { correlatedGaussian, equicorrelatedGaussian, halfGaussian, partlyConstrainedGaussian, scaledGaussian, unitGaussian } from './gaussians.js';
import { fourGaussians, lightModes, twoGaussians, unequalGaussians } from './gaussian-mixtures.js';
import { correlatedStudent, studentProduct } from './heavy-tails.js';
import { eggBox, gaussianShells } from './dynesty-demos.js';
import { rosenbrockChain, rosenbrockPairs } from './rosenbrock.js';
import { logGammaProblem } from './log-gamma.js';
import { correlatedFunnel, nealFunnel } from './funnels.js';
import { periodSearch } from './period-search.js';
import { asymmetricGaussian, betaProduct, highBox, spikeAndSlab } from './ultranest.js';
import { eightSchools } from './hierarchical.js';
import { twistedGaussian } from './twisted-gaussian.js';
import { hyperbolaRidge } from './hyperbola.js';
import { cauchyProduct, concentricGaussians, himmelblau, laplaceProduct, manyModes, narrowGaussian, pyramid, stronglyCorrelatedGaussian } from './unseen.js';
import { ballConstraint, bimodalProduct, crossingRidges, exponentialCorner, gaussianOnPlateau, logNormalProduct, thinDiagonalGaussian, twinSpikes } from './unseen-2.js';
import { eightSchoolsStandardPriors, linearRegression, meanAndScale, multivariateStudent, priorTail, threeShapedGaussians, weddingCake } from './unseen-3.js';
import { labelSwitching, logisticRegression, orderedParameters, torus } from './unseen-4.js';
import { priorFilling, simplexProportions } from './unseen-5.js';

/** Every problem of the suite (built on each call; cheap). */
export function accuracyProblems(): AccuracyProblem[] {
  return [
    unitGaussian(10),
    correlatedGaussian(10),
    correlatedGaussian(25),
    correlatedGaussian(50),
    correlatedGaussian(100),
    correlatedGaussian(200),
    twoGaussians(10),
    eggBox(),
    gaussianShells(),
    rosenbrockPairs(5),
    rosenbrockChain(10),
    logGammaProblem(30),
    correlatedFunnel(20),
    nealFunnel(10),
    periodSearch(),
    asymmetricGaussian(16),
    betaProduct(),
    highBox(5),
    spikeAndSlab(2, 1000, 4),
    unequalGaussians(20),
    studentProduct(10),
    // Added in session 13, after the sampler's defaults were settled, as problems it was not tuned on.
    gaussianShells(5),
    gaussianShells(10),
    fourGaussians(8),
    halfGaussian(8),
    scaledGaussian(20),
    correlatedStudent(10),
    // Added in session 13 to test the closing sample's allowance for a lost mode on modes it was not chosen on.
    lightModes(4),
    equicorrelatedGaussian(10),
    // Added in session 14 with the closing proposal's folding at the bounds.
    partlyConstrainedGaussian(10, 5),
    // Added in session 15, where the closing sample's trust for bounded weights met a mixture much
    // wider than the posterior (ESS 0.07-0.08 per draw); measured on 8 seeds before the rule changed.
    gaussianShells(20),
    // Added in session 16 before any change was measured on them: a hierarchical model in its
    // centred form (the funnel of applied work), a strongly twisted Gaussian (a banana in 10-D) and
    // two thin hyperbolic ridges (a product degeneracy).
    eightSchools(),
    twistedGaussian(10, 0.1),
    hyperbolaRidge(10, 0.05),
    // Added in session 16 after a scratch probe: the unequal pair in 5-D, where the peers' volume
    // sampling finds the narrow mode and the anneal loses it in nearly every run, unflagged.
    unequalGaussians(5),
    // Added in session 20 as a probe of shapes never run before (see unseen.ts); measured on 10 seeds
    // before any change, where the concentric Gaussians came out 0.69 low in 9 runs, unflagged.
    concentricGaussians(5),
    pyramid(10),
    cauchyProduct(5),
    laplaceProduct(10),
    narrowGaussian(4),
    manyModes(),
    himmelblau(),
    stronglyCorrelatedGaussian(10),
    // Added in session 21 as a second probe of shapes never run before (see unseen-2.ts); measured on
    // 10 seeds before any change, where ball-5 stopped with an error in 2 of 10 runs (no prior draw in
    // a batch of 256 was inside) and in five others its log Z was the log of a count out of 256,
    // which led to the first iteration's prior batches; the others were within 1.9 of their errors.
    ballConstraint(5),
    logNormalProduct(10),
    exponentialCorner(10),
    gaussianOnPlateau(),
    twinSpikes(),
    crossingRidges(),
    thinDiagonalGaussian(10),
    bimodalProduct(8),
    // Added in session 22 as a third probe (see unseen-3.ts), the first problems with Gaussian and
    // log-uniform priors, built with @tempest/core's own prior helpers as a user writes them.
    linearRegression(),
    priorTail(),
    weddingCake(5),
    multivariateStudent(30),
    threeShapedGaussians(15),
    meanAndScale(),
    eightSchoolsStandardPriors(),
    // Added in session 23: the nautilus paper's Rosenbrock_10 as published (-f, not -f/2), from a
    // fourth probe of literature problems at other settings; measured on 10 seeds before any change,
    // where one run was 1.03 low (z -5.4) and passed its verdict, and six of ten were flagged.
    rosenbrockChain(10, 1),
    // Added in session 23 from the same probe: the spike and slab in 4-D, where 3 runs of 10 lost the
    // spike (ln 2 low, unflagged) because no call landed in it.
    spikeAndSlab(4, 1000, 4),
    // Added in session 24 with the shared-covariance split test: the fourth probe's two 20-D
    // Gaussians, which the full-covariance price kept in one cluster until beta = 0.9 (1.56M calls).
    twoGaussians(20),
    // Added in session 29 as a fifth probe, of model classes not held before (see unseen-4.ts):
    // angles on a torus, label switching, ordered parameters, a logistic regression.
    torus(),
    labelSwitching(),
    orderedParameters(5),
    logisticRegression(),
    // Added in session 30 as a sixth probe (see unseen-5.ts): proportions on a simplex by stick
    // breaking, and a posterior that fills most of a wide prior.
    simplexProportions(),
    priorFilling(20),
  ];
}
