// Entry of a ProcessPool child process. It exits when the master disconnects (the master closed
// the pool, or exited or was killed), so no child outlives its master; and a watchdog thread ends
// it when the master is gone while this thread is stuck in a task (see parent-watch.ts).
import { Worker } from 'node:worker_threads';
import { serveRun } from './worker-runtime.js';
import type { RunMessage, WorkerConfig } from './worker-protocol.js';
import { SOURCE_MODE, sourceBootUrl, workerEntry } from './worker-entry.js';

if (typeof process.send !== 'function') throw new Error('@tempest/pool process-worker must be started by ProcessPool (it needs an IPC channel)');
process.on('disconnect', () => process.exit(0));
{
  const { url } = workerEntry('parent-watch');
  const watch = new Worker(SOURCE_MODE ? sourceBootUrl() : url, { workerData: { parentPid: process.ppid, ...(SOURCE_MODE ? { tempestEntry: url.href } : {}) } });
  watch.unref(); // never keeps the child alive by itself
}
// What this child accepts, from its command line (set by ProcessPool when it forked the child),
// never from a message; refuse everything if it is missing.
const config = readConfig(process.argv[2]);
// The IPC channel is what keeps this process alive between chunks (see runChunk's keepAlive).
const channel = process.channel as { ref(): void; unref(): void } | undefined;
process.on('message', (message: RunMessage) => {
  void serveRun(message, (reply) => {
    process.send!(reply);
  }, config, channel);
});
process.send({ type: 'ready' });

function readConfig(argument: string | undefined): WorkerConfig {
  try {
    const parsed = JSON.parse(argument ?? '') as Partial<WorkerConfig>;
    const allowModules = Array.isArray(parsed.allowModules) && parsed.allowModules.every((m) => typeof m === 'string') ? parsed.allowModules : [];
    return { allowCode: parsed.allowCode === true, allowModules };
  } catch {
    return { allowCode: false, allowModules: [] };
  }
}
