import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressSink } from './progress-sink.js';

describe('the progress sink', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('sends each line to the console where there is no process.stderr (a browser, a Web Worker)', () => {
    vi.stubGlobal('process', undefined);
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const sink = progressSink(true)!;
    sink('iter 1', false);
    sink('iter 2', false);
    sink('', true);
    expect(info.mock.calls).toEqual([['iter 1'], ['iter 2']]);
  });

  it("gives a user's function every line but the end marker, and nothing without the option", () => {
    const lines: string[] = [];
    const sink = progressSink((line) => lines.push(line))!;
    sink('a', false);
    sink('', true);
    expect(lines).toEqual(['a']);
    expect(progressSink(false)).toBeUndefined();
    expect(progressSink(undefined)).toBeUndefined();
  });
});
