import { encode } from '@tempest/serialize';
import { describe, expect, it } from 'vitest';
import { decodeResults, encodeTasks } from './chunk-codec.js';
import type { RunMessage, WorkerReply } from './protocol.js';
import { shipFunction } from './shipped-function.js';
import { TaskClock } from './task-clock.js';
import { WorkerLoop } from './worker-loop.js';

function loop(options: { trySend?: (v: unknown) => unknown; send?: (reply: WorkerReply) => void } = {}) {
  const replies: WorkerReply[] = [];
  const clock = new TaskClock();
  const l = new WorkerLoop({
    config: { allowCode: true, allowModules: [] },
    clock,
    send: (reply) => {
      options.send?.(reply);
      replies.push(reply);
    },
    ...(options.trySend === undefined ? {} : { trySend: options.trySend }),
  });
  return { l, replies, clock };
}

const run = (chunk: number, wire: ReturnType<typeof shipFunction>['wire'] | undefined, fnId: string, tasks: unknown[], first = 0): RunMessage => ({
  type: 'run', chunk, fnId, first, tasks: encodeTasks(tasks, 0, tasks.length), ...(wire === undefined ? {} : { wire }),
});

describe('WorkerLoop', () => {
  it('loads the function that comes with a chunk, says so, runs the tasks and replies with the results; later chunks come without it', async () => {
    const { l, replies, clock } = loop();
    const f = shipFunction((x: number) => x * 2);
    await l.run(run(1, f.wire, f.wire.id, [1, 2, 3], 10));
    await l.run(run(2, undefined, f.wire.id, [4]));
    expect(replies.map((r) => r.type)).toEqual(['started', 'done', 'done']);
    expect(decodeResults((replies[1] as WorkerReply & { type: 'done' }).results)).toEqual([2, 4, 6]);
    expect(decodeResults((replies[2] as WorkerReply & { type: 'done' }).results)).toEqual([8]);
    expect(clock.read()).toBeUndefined(); // no task left running
  });

  it('answers `missing` for a chunk whose function it does not hold', async () => {
    const { l, replies } = loop();
    await l.run(run(5, undefined, 'never-sent', [1]));
    expect(replies).toEqual([{ type: 'missing', chunk: 5 }]);
  });

  it('reports the lowest failing task with its index in the map', async () => {
    const { l, replies } = loop();
    const f = shipFunction((x: number) => {
      if (x > 1) throw new TypeError(`bad ${x}`);
      return x;
    });
    await l.run(run(1, f.wire, f.wire.id, [0, 1, 2, 3], 20));
    expect(replies[1]).toMatchObject({ type: 'failed', chunk: 1, index: 22, error: { name: 'TypeError', message: 'bad 2' } });
  });

  it('names the task whose result cannot be sent, using the transport\'s own encoder', async () => {
    const { l, replies } = loop({
      trySend: encode,
      send: (reply) => {
        if (reply.type === 'done') encode(reply.results);
      },
    });
    const f = shipFunction((x: number) => (x === 2 ? Symbol('no') : x));
    await l.run(run(1, f.wire, f.wire.id, [0, 1, 2, 3], 5));
    expect(replies.at(-1)).toMatchObject({ type: 'failed', index: 7, error: { code: 'RESULT_NOT_CLONEABLE' } });
  });
});
