import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WORKER_GLOBALS } from '../src/worker-globals.js';

async function workerGlobals(): Promise<string[]> {
  const worker = new Worker(fileURLToPath(new URL('./fixtures/global-names.worker.mjs', import.meta.url)));
  try {
    return await new Promise<string[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

async function childProcessGlobals(): Promise<string[]> {
  const script = 'console.log(JSON.stringify(Object.getOwnPropertyNames(globalThis)))';
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 15_000 });
  return JSON.parse(stdout) as string[];
}

describe('WORKER_GLOBALS', () => {
  it('lists only names a fresh worker thread and a fresh child process really have', async () => {
    for (const names of [await workerGlobals(), await childProcessGlobals()]) {
      const present = new Set(names);
      expect([...WORKER_GLOBALS].filter((n) => !present.has(n))).toEqual([]);
    }
  });

  // The list was taken from Node 20; on a newer Node this tells which new globals to consider adding.
  it.runIf(process.versions.node.startsWith('20.'))('lists every global of a fresh Node 20 worker', async () => {
    expect((await workerGlobals()).filter((n) => !WORKER_GLOBALS.has(n))).toEqual([]);
  });
});
