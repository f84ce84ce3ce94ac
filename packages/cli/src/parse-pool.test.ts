import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { formatPool, parsePool } from './parse-pool.js';

describe('parsePool', () => {
  it('reads every documented form', () => {
    expect(parsePool('serial')).toEqual({ kind: 'serial' });
    expect(parsePool('main')).toEqual({ kind: 'main' });
    expect(parsePool('mpi')).toEqual({ kind: 'mpi' });
    expect(parsePool('threads:3')).toEqual({ kind: 'threads', size: 3 });
    expect(parsePool('processes:2')).toEqual({ kind: 'processes', size: 2 });
    expect(parsePool('threads')).toEqual({ kind: 'threads', size: availableParallelism() });
    expect(formatPool(parsePool('processes:5'))).toBe('processes:5');
  });

  it.each(['', 'gpu', 'threads:', 'threads:0', 'threads:-1', 'threads:2.5', 'mpi:4', 'serial:1', 'main:1', 'Threads:2'])('rejects %j with a usage error', (text) => {
    expect(() => parsePool(text)).toThrow(CliError);
    expect(() => parsePool(text)).toThrow(/Use serial, threads\[:N\], processes\[:N\] or mpi/);
  });
});
