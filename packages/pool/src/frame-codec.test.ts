import { describe, expect, it } from 'vitest';
import { decodeResults, decodeTasks, encodeResults, encodeTasks } from './chunk-codec.js';
import { decodeFrame, encodeFrame } from './frame-codec.js';
import type { RunMessage, WorkerReply } from './protocol.js';

describe('frames', () => {
  it('carry a run message with packed vectors, uniform or ragged, read back as aligned views', () => {
    for (const tasks of [
      [new Float64Array([1, -0]), new Float64Array([NaN, Infinity])],
      [new Float64Array([1]), new Float64Array([2, 3, 4]), new Float64Array([])],
    ]) {
      const message: RunMessage = { type: 'run', chunk: 9, fnId: 'f', first: 4, tasks: encodeTasks(tasks, 0, tasks.length), taskTimeout: 50 };
      const back = decodeFrame<RunMessage>(encodeFrame(message));
      expect(back).toMatchObject({ type: 'run', chunk: 9, fnId: 'f', first: 4, taskTimeout: 50 });
      const decoded = decodeTasks(back.tasks) as Float64Array[];
      expect(decoded).toEqual(tasks);
      for (const row of decoded) expect(row.byteOffset % 8).toBe(0);
    }
  });

  it('carry replies with packed numbers or values, and messages without payload', () => {
    const done: WorkerReply = { type: 'done', chunk: 1, results: encodeResults([-Infinity, -0, 2]), busyMs: 3.5 };
    const back = decodeFrame<WorkerReply & { type: 'done' }>(encodeFrame(done));
    expect(decodeResults(back.results).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual([-Infinity, '-0', 2]);
    expect(back.busyMs).toBe(3.5);
    const values: WorkerReply = { type: 'done', chunk: 2, results: encodeResults([{ a: 1 }, [2, 'b']]), busyMs: 0 };
    expect(decodeResults(decodeFrame<WorkerReply & { type: 'done' }>(encodeFrame(values)).results)).toEqual([{ a: 1 }, [2, 'b']]);
    expect(decodeFrame(encodeFrame({ type: 'stop' }))).toEqual({ type: 'stop' });
    expect(decodeFrame(encodeFrame({ type: 'failed', chunk: 3, index: 7, error: { name: 'Error', message: 'x' }, busyMs: 1 }))).toMatchObject({ type: 'failed', index: 7 });
  });

  it('refuses values that cannot be encoded', () => {
    expect(() => encodeFrame({ type: 'done', chunk: 1, results: { values: [() => 1] }, busyMs: 0 })).toThrow();
  });
});
