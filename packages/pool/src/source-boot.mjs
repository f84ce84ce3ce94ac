// Source mode only (this repository's tests and benchmarks, where the package runs from src/ with
// the "@tempest/source" condition): registers the TypeScript loader in a worker thread, then loads
// the TypeScript worker entry. Published builds start dist/thread-worker.js directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tempestEntry);
