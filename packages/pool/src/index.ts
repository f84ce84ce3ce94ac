export * from './portable.js';
export { ThreadPool } from './thread-pool.js';
export type { ThreadPoolOptions } from './thread-pool.js';
export { ProcessPool } from './process-pool.js';
export type { ProcessPoolOptions } from './process-pool.js';
