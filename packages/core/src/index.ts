export { Sampler } from './sampler/sampler.js';
export type { Evidence, Expectation, Posterior, PosteriorOptions, RunOptions, SamplerResults } from './sampler/sampler.js';
export { defaultParticles } from './sampler/sampler-options.js';
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
export { readStateInfo, type StateInfo } from './state/state-info.js';
