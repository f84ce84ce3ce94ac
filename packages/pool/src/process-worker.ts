// Entry of a ProcessPool child process. It exits when the master disconnects (the master closed
// the pool, or exited or was killed), so no child outlives its master; and a watchdog thread ends
// it when the master is gone while this thread is stuck in a task, and times each task (see
// child-watchdog.ts).
import { Worker } from 'node:worker_threads';
import type { RunMessage, WorkerConfig } from './protocol.js';
import { TaskClock } from './task-clock.js';
import { SOURCE_MODE, sourceBootUrl, workerEntry } from './worker-entry.js';
import { WorkerLoop } from './worker-loop.js';

if (typeof process.send !== 'function') throw new Error('@tempest/pool process-worker must be started by ProcessPool (it needs an IPC channel)');
process.on('disconnect', () => process.exit(0));
// What this child accepts, from its command line (set by ProcessPool when it forked the child),
// never from a message; refuse everything if it is missing.
const { config, taskTimeout } = readConfig(process.argv[2]);
const clock = new TaskClock();
{
  const { url } = workerEntry('child-watchdog');
  const watch = new Worker(SOURCE_MODE ? sourceBootUrl() : url, {
    workerData: { parentPid: process.ppid, clock: clock.buffer, ...(taskTimeout === undefined ? {} : { taskTimeout }), ...(SOURCE_MODE ? { tempestEntry: url.href } : {}) },
  });
  watch.unref(); // never keeps the child alive by itself
}
// The IPC channel is what keeps this process alive between chunks (see runChunk's keepAlive).
const channel = process.channel as { ref(): void; unref(): void } | undefined;
const loop = new WorkerLoop({
  config,
  send: (reply) => {
    process.send!(reply);
  },
  clock,
  ...(channel === undefined ? {} : { keepAlive: channel }),
});
process.on('message', (message: RunMessage) => void loop.run(message));
process.send({ type: 'ready' });

function readConfig(argument: string | undefined): { config: WorkerConfig; taskTimeout: number | undefined } {
  try {
    const parsed = JSON.parse(argument ?? '') as Partial<WorkerConfig> & { taskTimeout?: unknown };
    const allowModules = Array.isArray(parsed.allowModules) && parsed.allowModules.every((m) => typeof m === 'string') ? parsed.allowModules : [];
    const taskTimeout = typeof parsed.taskTimeout === 'number' && parsed.taskTimeout > 0 ? parsed.taskTimeout : undefined;
    return { config: { allowCode: parsed.allowCode === true, allowModules }, taskTimeout };
  } catch {
    return { config: { allowCode: false, allowModules: [] }, taskTimeout: undefined };
  }
}
