// What @tempest/pool exports on every platform: the pool interface, the serial pool, the one
// scheduler, protocol and worker loop that every transport uses. index.ts (Node) adds the thread and
// process pools, browser.ts the Web Worker pool; tools/test/browser-bundles.test.ts checks the two entries.
export type { MapOptions, Pool, PoolFunction, TaskFunction } from './pool.js';
export { isPool } from './pool.js';
export { LocalPool } from './local-pool.js';
export { assertTaskArray } from './assert-task-array.js';
export { assertMapOptions } from './assert-map-options.js';
export { SerialPool } from './serial-pool.js';
export type { WorkerPoolOptions } from './worker-pool.js';
export { TaskScheduler, LOAD_ALLOWANCE_MS } from './task-scheduler.js';
export type { PoolStats, SchedulerTransport, TaskSchedulerOptions } from './task-scheduler.js';
export { resolveSchedulerOptions, SCHEDULER_OPTIONS } from './scheduler-options.js';
export type { ResolvedSchedulerOptions, SchedulerOptions } from './scheduler-options.js';
export { ChunkPlan, MAX_CHUNK_BYTES } from './chunk-plan.js';
export type { AdaptiveChunking, Chunking, PerWorkerChunking, SizedChunking } from './chunk-plan.js';
export { factoringChunkSize, DEFAULT_TASK_VARIATION } from './chunk-plan.js';
export { TaskTimeEstimate } from './task-time-estimate.js';
export { WorkerLoop } from './worker-loop.js';
export type { ChunkReport, WorkerLoopOptions } from './worker-loop.js';
export type {
  DoneReply, FailedReply, MasterMessage, MissingReply, OverdueReply, ReadyReply, RunMessage, StartedReply, StopMessage, WorkerConfig, WorkerReply,
} from './protocol.js';
export { encodeFrame, decodeFrame } from './frame-codec.js';
export type { ProtocolMessage } from './frame-codec.js';
export { encodeTasks, decodeTasks, encodeResults, decodeResults, payloadTransfer } from './chunk-codec.js';
export type { EncodedValues, PackedValues, PlainValues } from './chunk-codec.js';
export { TaskClock, TASK_CLOCK_BYTES } from './task-clock.js';
export type { RunningTask } from './task-clock.js';
export { TaskWatch, watchPeriod } from './task-watch.js';
export type { OverdueTask } from './task-watch.js';
export { isSourceModule } from './source-mode.js';
export { shipFunction, isShippedFunction, toShippedFunction, localFunction, assertShippable } from './shipped-function.js';
export type { ShipFunctionOptions, ShippedFunction, ShippedFunctionWire } from './shipped-function.js';
export { loadTaskFunction } from './load-task-function.js';
export { runChunk, toRemoteError, fromRemoteError } from './run-chunk.js';
export type { ChunkOutcome, KeepAlive, RemoteError, RunChunkOptions } from './run-chunk.js';
export { settleOrDrain, PROMISE_NEVER_SETTLED } from './settle-or-drain.js';
export type { SettleOrDrain } from './settle-or-drain.js';
export { unsendableResult, RESULT_NOT_CLONEABLE } from './unsendable-result.js';
export type { FailedTask } from './unsendable-result.js';
export { taskFailedError } from './task-failed-error.js';
export { splitChunks } from './split-chunks.js';
export { TempestError } from './tempest-error.js';
export type { TempestErrorCode, TempestErrorConstructor, TempestErrorFields, TempestErrorFieldsByCode } from './tempest-error.js';
export { functionReference } from '@tempest/serialize';
export type { FunctionReference } from '@tempest/serialize';
