import { describe, expect, it } from 'vitest';
import { assertMapOptions } from './assert-map-options.js';

describe('assertMapOptions', () => {
  it('accepts no options, and arrays as long as the tasks', () => {
    expect(assertMapOptions(undefined, 3)).toEqual({});
    const options = { costHints: [1, 2, 3], durations: new Float64Array(3) };
    expect(assertMapOptions(options, 3)).toBe(options);
  });

  it('lists every problem at once', () => {
    expect(() => assertMapOptions({ costHints: [1, 2], durations: [0, 0, 0] as unknown as Float64Array }, 3)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/costHints must hold one number per task \(3\); got Array of length 2; durations must be a Float64Array/) }),
    );
    expect(() => assertMapOptions(42 as never, 3)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
