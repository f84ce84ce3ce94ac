// Runs the Pool conformance suite, and the WebWorkerPool's own tests, in the page; the outcomes go
// to `globalThis.conformance` for web-worker-pool.test.ts (which drives this page in Chromium).
// The browser entry itself (type checking resolves '@tempest/pool' to the Node entry).
import { functionReference, SerialPool, WebWorkerPool } from '../../src/browser.js';
import { describePoolConformance } from '@tempest/pool/conformance';
import { describe, expect, it, runRegistered, type TestOutcome } from './vitest-shim.js';

describePoolConformance('WebWorkerPool', () => new WebWorkerPool({ size: 2 }));

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('WebWorkerPool in a page', () => {
  it('times each task when the page is cross-origin isolated', () => {
    expect((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated).toBe(true);
  });

  it('gives the results of a serial loop bit for bit', async () => {
    const f = (i: number) => Math.exp(Math.sin(i) * 3) / Math.log(i + 2) + Math.atan2(i, 7) ** 1.5;
    const tasks = range(5000);
    await using pool = new WebWorkerPool({ size: 2 });
    const parallel = await pool.map(f, tasks);
    const serial = await new SerialPool().map(f, tasks);
    expect(parallel.every((v, i) => Object.is(v, serial[i]))).toBe(true);
  });

  it('imports a function by module URL, from the page\'s origin by default', async () => {
    await using pool = new WebWorkerPool({ size: 2 });
    expect(await pool.map(functionReference(location.href, './task-functions.js', 'square'), [1, 2, 3])).toEqual([1, 4, 9]);
  });

  it('refuses a module its allowModules does not list, naming it', async () => {
    await using pool = new WebWorkerPool({ size: 1, allowModules: ['/models/'] });
    const error = await pool.map(functionReference(location.href, './task-functions.js', 'square'), [1]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TASK_FAILED' });
    expect((error as Error).cause).toMatchObject({ code: 'REFERENCE_NOT_ALLOWED' });
  });

  it('refuses code when created with shipCode: false, in the page and in its workers', async () => {
    await using pool = new WebWorkerPool({ size: 1, shipCode: false });
    await expect(pool.map((x: number) => x, [1])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await pool.map(functionReference(location.href, './task-functions.js', 'square'), [4])).toEqual([16]);
  });

  it('stops a task past taskTimeout, replaces its worker and stays usable', async () => {
    await using pool = new WebWorkerPool({ size: 1, taskTimeout: 300 });
    const stuck = (i: number) => {
      if (i === 2) for (;;);
      return i;
    };
    await expect(pool.map(stuck, range(4))).rejects.toMatchObject({ code: 'TASK_TIMEOUT', index: 2 });
    expect(await pool.map((x: number) => 2 * x, range(5))).toEqual([0, 2, 4, 6, 8]);
  });

  it('says where there are no Web Workers that it is for pages', () => {
    const Worker = (globalThis as { Worker?: unknown }).Worker;
    (globalThis as { Worker?: unknown }).Worker = undefined;
    try {
      expect(() => new WebWorkerPool({ size: 1 })).toThrow(/no Web Workers/);
    } finally {
      (globalThis as { Worker?: unknown }).Worker = Worker;
    }
  });
});

const report = document.getElementById('report')!;
runRegistered().then(
  (outcomes: TestOutcome[]) => {
    (globalThis as { conformance?: TestOutcome[] }).conformance = outcomes;
    report.textContent = outcomes.map((o) => `${o.ok ? 'ok  ' : 'FAIL'} ${o.name}${o.error === undefined ? '' : `\n     ${o.error}`}`).join('\n');
  },
  (error: unknown) => {
    (globalThis as { conformance?: TestOutcome[] }).conformance = [{ name: 'the runner', ok: false, error: String(error), ms: 0 }];
  },
);
