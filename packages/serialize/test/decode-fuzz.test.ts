import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { FC_SEED } from '../src/test-support/fast-check-settings.js';

// Generous for the worker's start-up (it compiles TypeScript), then tight between progress reports.
const START_MS = 20_000;
const STALL_MS = 5_000;

describe('decoding hostile bytes', () => {
  it('fails only with the package error, and never hangs (fast-check in a watched worker)', async () => {
    const worker = new Worker(fileURLToPath(new URL('./fixtures/worker-boot.mjs', import.meta.url)), {
      execArgv: ['--conditions=@tempest/source'],
      workerData: { entry: './decode-fuzz.worker.ts', seed: FC_SEED },
    });
    try {
      const outcome = await new Promise<{ type: string; cases: number; message?: string }>((resolve, reject) => {
        let cases = 0;
        const stalled = () => reject(new Error(`decoding made no progress for ${cases === 0 ? START_MS : STALL_MS} ms after ${cases} cases (FC_SEED=${FC_SEED}); a case hangs`));
        let timer = setTimeout(stalled, START_MS);
        worker.on('message', (m: { type: string; cases: number; message?: string }) => {
          clearTimeout(timer);
          cases = m.cases;
          if (m.type === 'progress') timer = setTimeout(stalled, STALL_MS);
          else resolve(m);
        });
        worker.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        worker.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the fuzz worker exited early with code ${code}`));
        });
      });
      expect(outcome.message).toBeUndefined();
      expect(outcome.type).toBe('done');
      expect(outcome.cases).toBeGreaterThanOrEqual(6000);
    } finally {
      await worker.terminate();
    }
  });
});
