import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Refusal } from './refusal.js';
import { TempestError, type TempestErrorCode, type TempestErrorFields, type TempestErrorFieldsByCode } from './tempest-error.js';

describe('TempestError', () => {
  it('carries a code, its fields and a cause', () => {
    const cause = new Error('inner');
    // @ts-expect-error DECODE_FAILED carries no path or problems; the class copies whatever it is given
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

  it('is(value, code) checks the code too, for errors of another copy of the package as well', async () => {
    vi.resetModules();
    const copy = await import('./tempest-error.js');
    expect(copy.TempestError).not.toBe(TempestError);
    const foreign = new copy.TempestError('WORKER_DIED', 'gone', { index: 3, tasks: [3, 5], exitCode: 1, signal: null });
    expect(foreign).not.toBeInstanceOf(TempestError);
    expect(TempestError.is(foreign)).toBe(true);
    expect(TempestError.is(foreign, 'WORKER_DIED')).toBe(true);
    expect(TempestError.is(foreign, 'TASK_FAILED')).toBe(false);
    expect(TempestError.is(foreign, ['TASK_TIMEOUT', 'WORKER_DIED'])).toBe(true);
    expect(TempestError.is(foreign, ['TASK_TIMEOUT', 'POOL_CLOSED'])).toBe(false);
    expect(TempestError.is(foreign, [])).toBe(false);
    expect(copy.TempestError.is(new TempestError('NOT_RUN', 'x'), 'NOT_RUN')).toBe(true);
    // A code without the brand is not enough.
    expect(TempestError.is(Object.assign(new Error('x'), { code: 'WORKER_DIED' }), 'WORKER_DIED')).toBe(false);
    expect(TempestError.is(undefined, 'WORKER_DIED')).toBe(false);
  });

  it('keeps its name, sets only the fields given, and records where a re-raised error saved the run', () => {
    expect(TempestError.name).toBe('TempestError');
    const first = new TempestError('LIKELIHOOD_THREW', 'boom', { cause: new Error('inner'), iteration: 4, parameters: [0.5] });
    const e = new TempestError('LIKELIHOOD_THREW', 'boom (saved)', { iteration: 4, parameters: [0.5], cause: first, savedStatePath: '/tmp/ps_3.state' });
    expect(e).toBeInstanceOf(TempestError);
    expect(e).toMatchObject({ name: 'TempestError', code: 'LIKELIHOOD_THREW', iteration: 4, parameters: [0.5], savedStatePath: '/tmp/ps_3.state' });
    expect(e.cause).toBe(first);
    expect(Object.keys(e).sort()).toEqual(['code', 'iteration', 'name', 'parameters', 'savedStatePath']);
    expect(inspect(e)).toMatch(/^TempestError: boom \(saved\)/);
  });
});

describe('TempestError types', () => {
  it('types each error by its code', () => {
    const e = new TempestError('TASK_TIMEOUT', 'slow', { index: 2, tasks: [2, 3], value: 1000 });
    expectTypeOf(e).toEqualTypeOf<TempestError<'TASK_TIMEOUT'>>();
    expectTypeOf(e.code).toEqualTypeOf<'TASK_TIMEOUT'>();
    expectTypeOf(e.index).toEqualTypeOf<number>();
    expectTypeOf(e.value).toEqualTypeOf<number>();
    expectTypeOf(e.tasks).toEqualTypeOf<[number, number] | undefined>();
    expectTypeOf(e.taskIndices).toEqualTypeOf<number[] | undefined>();
    expectTypeOf(e.savedStatePath).toEqualTypeOf<string | undefined>();
    // Fields of other codes read as absent.
    expectTypeOf(e.problems).toEqualTypeOf<undefined>();
    expectTypeOf(e).toExtend<Error>();
    expectTypeOf(e).toExtend<TempestError>();
  });

  it('checks the fields given to the constructor against the code', () => {
    const cause = new Error('remote');
    expectTypeOf(new TempestError('NOT_RUN', 'x')).toEqualTypeOf<TempestError<'NOT_RUN'>>();
    expectTypeOf(new TempestError('TASK_FAILED', 'x', { index: 1, cause })).toEqualTypeOf<TempestError<'TASK_FAILED'>>();
    // @ts-expect-error TASK_FAILED needs its index and cause
    void new TempestError('TASK_FAILED', 'x');
    // @ts-expect-error TASK_FAILED needs its cause
    void new TempestError('TASK_FAILED', 'x', { index: 1 });
    // @ts-expect-error NOT_RUN carries no index
    void new TempestError('NOT_RUN', 'x', { index: 1 });
    // @ts-expect-error iteration is a number
    void new TempestError('NO_FINITE_LIKELIHOOD', 'x', { iteration: '1' });
    // @ts-expect-error not a code
    void new TempestError('NO_SUCH_CODE', 'x');
  });

  it('narrows with is(value, code) and with a check of code', () => {
    const thrown = (): unknown => new TempestError('STATE_MISMATCH', 'other options', { value: 'ps_3.state', problems: ['nParticles: file 400, sampler 500'] });
    const caught = thrown();
    if (TempestError.is(caught)) {
      expectTypeOf(caught).toEqualTypeOf<TempestError>();
      expectTypeOf(caught.code).toEqualTypeOf<TempestErrorCode>();
      expectTypeOf(caught.problems).toEqualTypeOf<string[] | undefined>();
      switch (caught.code) {
        case 'STATE_MISMATCH':
          expectTypeOf(caught).toEqualTypeOf<TempestError<'STATE_MISMATCH'>>();
          expectTypeOf(caught.problems).toEqualTypeOf<string[]>();
          expectTypeOf(caught.value).toEqualTypeOf<string>();
          break;
        case 'WORKER_DIED':
          expectTypeOf(caught.exitCode).toEqualTypeOf<number | null | undefined>();
          break;
      }
    }
    if (TempestError.is(caught, 'STATE_MISMATCH')) {
      expectTypeOf(caught).toEqualTypeOf<TempestError<'STATE_MISMATCH'>>();
      expectTypeOf(caught.problems).toEqualTypeOf<string[]>();
    }
    if (TempestError.is(caught, 'UNSHIPPABLE_FUNCTION')) expectTypeOf(caught.refusals).toEqualTypeOf<Refusal[] | undefined>();
    if (TempestError.is(caught, ['TASK_FAILED', 'LIKELIHOOD_THREW'])) {
      expectTypeOf(caught).toEqualTypeOf<TempestError<'TASK_FAILED'> | TempestError<'LIKELIHOOD_THREW'>>();
      expectTypeOf(caught.code).toEqualTypeOf<'TASK_FAILED' | 'LIKELIHOOD_THREW'>();
      expectTypeOf(caught.index).toEqualTypeOf<number | undefined>();
    }
    if (caught instanceof TempestError) expectTypeOf(caught).toEqualTypeOf<TempestError>();
  });

  it('every code has a field map, and every field of a code is one of TempestErrorFields', () => {
    expectTypeOf<keyof TempestErrorFieldsByCode>().toEqualTypeOf<TempestErrorCode>();
    type Fields<C extends TempestErrorCode> = TempestErrorFieldsByCode[C];
    type Compatible = { [C in TempestErrorCode]: [Exclude<keyof Fields<C>, keyof TempestErrorFields>] extends [never] ? (Fields<C> extends TempestErrorFields ? true : C) : C };
    expectTypeOf<Compatible[TempestErrorCode]>().toEqualTypeOf<true>();
  });
});
