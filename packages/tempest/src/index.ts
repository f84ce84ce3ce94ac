// The `tempest` meta-package: the public API of every Tempest package from one import. Each
// package can also be installed and imported on its own (`@tempest/core`, `@tempest/pool`, …).
export {
  Sampler,
  defaultParticles,
  formatIteration,
  ParameterMatrix,
  ParameterBatch,
  RandomGenerator,
  evidenceOf,
  expectationOf,
  posteriorOf,
  resultsOf,
  convergenceOf,
  DRIFT_Z_LIMIT,
  GAIN_Z_LIMIT,
  readRunState,
  encodeRunState,
  decodeRunState,
  reachedPosterior,
  isFinished,
  effectiveSampleSize,
  BUILT_IN_KERNELS,
  tpcnKernel,
  rwmKernel,
  logComponentKernel,
  BUILT_IN_RESAMPLERS,
  multinomialResampler,
  systematicResampler,
} from '@tempest/core';
export type {
  RunState,
  MutationKernel,
  KernelWorkspace,
  KernelName,
  Resampler,
  ResamplerName,
  ProposalComponent,
  Evidence,
  CombinedEvidence,
  CappedChains,
  Convergence,
  ConvergenceCheck,
  Expectation,
  IterationInfo,
  IterationTiming,
  LogLikelihood,
  Posterior,
  PosteriorOptions,
  PriorTransform,
  ResolvedOptions,
  RunOptions,
  SamplerOptions,
  CommonSamplerOptions,
  ScalarSamplerOptions,
  VectorizedSamplerOptions,
  SamplerResults,
  VectorizedLogLikelihood,
  VectorizedResult,
} from '@tempest/core';
export { isPool, LocalPool, SerialPool, ThreadPool, ProcessPool, shipFunction } from '@tempest/pool';
export type { Pool, PoolFunction, TaskFunction, ThreadPoolOptions, ProcessPoolOptions, WorkerPoolOptions, ShipFunctionOptions, ShippedFunction } from '@tempest/pool';
export { MPIPool, Communicator, commWorld } from '@tempest/mpi';
export type { MPIPoolOptions } from '@tempest/mpi';
export {
  encode,
  decode,
  encodeFunction,
  loadFunction,
  functionReference,
  isFunctionReference,
  resolveFunction,
  PackedBatch,
  TempestError,
} from '@tempest/serialize';
export type { FunctionReference, DecodeOptions, LoadFunctionOptions, ResolveOptions, ShipOptions, TempestErrorCode, TempestErrorConstructor, TempestErrorFields, TempestErrorFieldsByCode } from '@tempest/serialize';
export { cornerPlotSvg, diagnosticsPlotSvg, weightedSummary, weightedQuantiles } from '@tempest/cli';
export type { CornerPlotInput, DiagnosticsPlotOptions, WeightedSummary } from '@tempest/cli';
