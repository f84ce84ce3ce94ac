// The public face of @tempest/pool in browsers (the "browser" export condition): everything of
// portable.ts, and WebWorkerPool instead of the pools of threads and processes.
export * from './portable.js';
export { WebWorkerPool } from './web-worker-pool.js';
export type { WebWorkerPoolOptions } from './web-worker-pool.js';
