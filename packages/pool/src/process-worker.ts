// Entry of a ProcessPool child process. It exits when the master disconnects (the master closed
// the pool, or exited or was killed), so no child outlives its master.
import { serveRun } from './worker-runtime.js';
import type { RunMessage } from './worker-protocol.js';

if (typeof process.send !== 'function') throw new Error('@tempest/pool process-worker must be started by ProcessPool (it needs an IPC channel)');
process.on('disconnect', () => process.exit(0));
process.on('message', (message: RunMessage) => {
  void serveRun(message, (reply) => {
    process.send!(reply);
  });
});
process.send({ type: 'ready' });
