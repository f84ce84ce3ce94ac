import { encodeFunction, functionReference } from '@tempest/serialize';
import { describe, expect, it } from 'vitest';
import { loadTaskFunction } from './load-task-function.js';
import { isShippedFunction, localFunction, shipFunction, toShippedFunction } from './shipped-function.js';

const offset = 10;

describe('shipFunction', () => {
  it('ships a function with captures and extra arguments, loaded once per id', async () => {
    const shipped = shipFunction((x: number, k: number) => x * k + offset, { captures: { offset }, args: [3] });
    expect(isShippedFunction(shipped)).toBe(true);
    expect(shipped.byReference).toBe(false);
    const remote = await loadTaskFunction(shipped.wire);
    expect(remote(2)).toBe(16);
    expect(await loadTaskFunction(shipped.wire)).toBe(remote);
    expect((await shipped.local())(2)).toBe(16);
  });

  it('ships a reference, and applies an adapter', async () => {
    const reference = functionReference('node:path', 'basename');
    const shipped = shipFunction<string, string>(reference, { args: ['.ts'] });
    expect(shipped.byReference).toBe(true);
    expect((await loadTaskFunction(shipped.wire))('/a/b.ts')).toBe('b');
    const adapted = shipFunction((s: string) => s.toUpperCase(), { adapter: (fn, args) => (task: string) => `${fn(task)}${args.length}` });
    expect(await (await loadTaskFunction(adapted.wire))('ab')).toBe('AB0');
    expect(await (await adapted.local())('ab')).toBe('AB0');
  });

  it('refuses what cannot be shipped before anything is sent', () => {
    expect(() => shipFunction((x: number) => x + offset)).toThrow(expect.objectContaining({ code: 'UNSHIPPABLE_FUNCTION' }));
    expect(() => shipFunction((x: number) => x, { args: [() => 1] })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_VALUE' }));
    expect(() => shipFunction((x: number) => x, { args: 1 as never })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', option: 'args' }));
    expect(() => toShippedFunction(42 as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', option: 'fn' }));
    expect(() => loadTaskFunction({ id: 'x' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('caches the encoding of plain functions and references across map calls', async () => {
    const f = (x: number) => x + 1;
    expect(toShippedFunction(f)).toBe(toShippedFunction(f));
    const reference = functionReference('node:path', 'extname');
    expect(toShippedFunction(reference)).toBe(toShippedFunction(functionReference('node:path', 'extname')));
    expect(await localFunction(f)).toBe(f);
    expect((await localFunction<string, string>(reference))('a.js')).toBe('.js');
    expect(encodeFunction(f)).toEqual(toShippedFunction(f).wire.envelope);
  });
});
