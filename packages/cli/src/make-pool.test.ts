import { fileURLToPath } from 'node:url';
import { ThreadPool, functionReference } from '@tempest/pool';
import { describe, expect, it } from 'vitest';
import { loadModel } from './load-model.js';
import { makePool, proxyUrl } from './make-pool.js';

const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));

/** The code of a rejected promise's cause, or of the error itself. */
const causeCode = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: Error & { code?: string; cause?: { code?: string } }) => `${e.code}/${e.cause?.code}`);

describe('the pool of a CLI run', () => {
  it('runs the model\'s likelihood and nothing else: no code, no other module', async () => {
    const model = await loadModel(fixture('gaussian-2d.mjs'));
    const run = await makePool({ kind: 'threads', size: 1 }, model);
    try {
      const [logl] = (await run.pool!.map(run.logLikelihood as never, [new Float64Array([0, 0])])) as number[];
      expect(logl).toBeCloseTo(-Math.log(2 * Math.PI), 12);
      // shipCode is off for a model that is not vectorized: the master refuses code, its workers too.
      await expect(run.pool!.map((x: number) => x, [1])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', option: 'fn' });
      // Another module, even in the same folder, or the proxy naming another model: refused by the workers.
      expect(await causeCode(run.pool!.map(functionReference(model.url, 'priorTransform'), [new Float64Array([0.5, 0.5])]))).toBe('TASK_FAILED/REFERENCE_NOT_ALLOWED');
      const otherModel = new URL('./gaussian-2d.ts', model.url).href;
      expect(await causeCode(run.pool!.map(functionReference(proxyUrl(otherModel), 'logLikelihood'), [new Float64Array([0, 0])]))).toBe('TASK_FAILED/REFERENCE_NOT_ALLOWED');
    } finally {
      await run.close();
    }
  });

  it('the model proxy imports only a file: URL, never code carried in a data: URL', async () => {
    const smuggled = proxyUrl('data:text/javascript,export const logLikelihood = () => 1;');
    const pool = new ThreadPool({ size: 1, allowModules: [smuggled] }); // as if the proxy URL were allowed
    try {
      const error = await pool.map(functionReference(smuggled, 'logLikelihood'), [1]).catch((e: Error) => e);
      expect(error).toMatchObject({ code: 'TASK_FAILED' });
      expect(((error as Error).cause as Error).message).toMatch(/must be imported with \?model=<file: URL of a model>; got data:/);
    } finally {
      await pool.close();
    }
  });
});
