// What @tempest/core exports on every platform: the sampler, its read-outs and the state-file codec
// (bytes in, bytes out), with no `node:` module. index.ts (Node) adds what reads and writes files;
// browser.ts is this alone. tools/test/browser-bundles.test.ts checks the two entries against each other.
export { Sampler } from './sampler/sampler.js';
export type { RunOptions } from './sampler/sampler.js';
export type { RunState } from './run/run-state.js';
export { reachedPosterior, isFinished } from './run/stopping-rule.js';
export { evidenceOf, type Evidence, type AnnealedEvidence, type ClosingEvidence } from './read-outs/evidence.js';
export type { ClimbSearch } from './run/closing-climbs.js';
export { boundedShapeLimit, CLOSING_BOUNDED_SHAPE, CLOSING_BOUNDED_SHAPE_ERRORS, CLOSING_MAX_HISTORY_BEYOND, CLOSING_MAX_PARETO_SHAPE, CLOSING_MIN_BOUNDED_ESS, CLOSING_MIN_EFFICIENCY, CLOSING_Z_LIMIT } from './read-outs/closing-check.js';
export { CLOSING_FLOOR_MAX_SHAPE, CLOSING_FLOOR_MIN_ESS, CLOSING_FLOOR_Z } from './read-outs/closing-floor.js';
export { expectationOf, type Expectation } from './read-outs/expectation.js';
export { posteriorOf, type Posterior, type PosteriorOptions } from './read-outs/posterior.js';
export { resultsOf, type SamplerResults } from './read-outs/results.js';
export { convergenceOf, ANNEAL_GAIN_Z_LIMIT, DRIFT_Z_LIMIT, GAIN_Z_LIMIT, type CappedChains, type Convergence, type ConvergenceCheck } from './read-outs/convergence.js';
export type { CombinedEvidence } from './read-outs/replicates.js';
export type { FirstPass } from './run/reanneal.js';
export { decodeRunState, encodeRunState } from './state/run-state-bytes.js';
export { decodeStateInfo, type StateInfo } from './state/state-summary.js';
export type { MutationKernel, KernelWorkspace } from './kernels/mutation-kernel.js';
export { BUILT_IN_KERNELS, type KernelName } from './kernels/kernel-registry.js';
export { tpcnKernel } from './kernels/tpcn-kernel.js';
export { rwmKernel } from './kernels/rwm-kernel.js';
export { logComponentKernel } from './kernels/student-t-reference.js';
export { BUILT_IN_RESAMPLERS, multinomialResampler, systematicResampler, type Resampler, type ResamplerName } from './resampling/resampler.js';
export type { ProposalComponent } from './kernels/proposal-component.js';
export { effectiveSampleSize } from './math/effective-sample-size.js';
export { weightedQuantiles } from './math/weighted-quantiles.js';
export { circularMean, recentre, wrapInto, type CircularMean, type PeriodicRange } from './math/circular-statistics.js';
export { weightedSummary, type WeightedSummary } from './read-outs/weighted-summary.js';
export { periodicRanges } from './read-outs/periodic-ranges.js';
export { posteriorSummary, type ParameterSummary, type PosteriorSummary, type PosteriorSummaryInput } from './read-outs/posterior-summary.js';
export type { Information } from './read-outs/information.js';
export type { MaxLikelihood } from './read-outs/max-likelihood.js';
export { RESERVED_COLUMNS, defaultParameterNames, parameterLabelProblems, parameterNameProblems } from './options/parameter-names.js';
export * as priors from './priors/index.js';
export { defaultParticles } from './sampler/sampler-options.js';
export { SAMPLER_OPTION_SPECS, type FlagOptionName } from './options/option-specs.js';
export { optionsBeyondFileLimits, type OptionBeyondLimit } from './options/file-limits.js';
export type {
  AliasOptionSpec,
  FlagKind,
  OptionContext,
  OptionFlag,
  OptionSpec,
  SamplerOptionName,
  SamplerOptionSpecs,
  ValueOptionSpec,
} from './options/option-spec.js';
export { didYouMean, similarNames } from './text/did-you-mean.js';
export type {
  LogLikelihood,
  PriorTransform,
  SamplerOptions,
  CommonSamplerOptions,
  ScalarSamplerOptions,
  VectorizedSamplerOptions,
  ResolvedOptions,
  VectorizedLogLikelihood,
  VectorizedResult,
} from './sampler/sampler-options.js';
export { formatIteration } from './sampler/iteration-info.js';
export type { IterationInfo, IterationTiming } from './sampler/iteration-info.js';
export { ParameterMatrix, ParameterBatch } from './likelihood/parameter-matrix.js';
export { TempestError } from './tempest-error.js';
export type { TempestErrorCode, TempestErrorConstructor, TempestErrorFields, TempestErrorFieldsByCode } from './tempest-error.js';
export { RandomGenerator } from './random/random-generator.js';
