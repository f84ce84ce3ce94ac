export { MPIPool } from './mpi-pool.js';
export type { MPIPoolOptions } from './mpi-pool.js';
export type { MpiBinding, MpiInit, MpiMessage } from './binding.js';
export { Communicator, commWorld } from './communicator.js';
export { TempestError } from './tempest-error.js';
export type { TempestErrorCode, TempestErrorConstructor, TempestErrorFields, TempestErrorFieldsByCode } from './tempest-error.js';
export { ADDON_ENV } from './load-binding.js';
