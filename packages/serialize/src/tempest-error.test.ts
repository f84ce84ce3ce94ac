import { describe, expect, it } from 'vitest';
import { TempestError } from './tempest-error.js';

describe('TempestError', () => {
  it('carries a code, its fields and a cause', () => {
    const cause = new Error('inner');
    const e = new TempestError('DECODE_FAILED', 'bad bytes', { value: 1, index: 4, path: 'value.a', problems: ['p'], cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: 'TempestError', code: 'DECODE_FAILED', value: 1, index: 4, path: 'value.a', problems: ['p'] });
    expect(e.cause).toBe(cause);
    expect('option' in e).toBe(false);
  });

  it('is recognised across package copies by its Symbol.for brand', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('tempest.error')]: true, code: 'NOT_RUN' });
    expect(TempestError.is(foreign)).toBe(true);
    expect(TempestError.is(new TempestError('INVALID_ARGUMENT', 'x'))).toBe(true);
    expect(TempestError.is(new Error('x'))).toBe(false);
    expect(TempestError.is(null)).toBe(false);
  });
});
