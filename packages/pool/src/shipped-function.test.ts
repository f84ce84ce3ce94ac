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
    const remote = await loadTaskFunction(shipped.wire, { allowCode: true });
    expect(remote(2)).toBe(16);
    expect(await loadTaskFunction(shipped.wire, { allowCode: true })).toBe(remote);
    expect((await shipped.local())(2)).toBe(16);
  });

  it('ships a reference, and applies an adapter', async () => {
    const reference = functionReference('node:path', 'basename');
    const shipped = shipFunction<string, string>(reference, { args: ['.ts'] });
    expect(shipped.byReference).toBe(true);
    expect((await loadTaskFunction(shipped.wire, { allowModules: ['node:path'] }))('/a/b.ts')).toBe('b');
    const adapted = shipFunction((s: string) => s.toUpperCase(), { adapter: (fn, args) => (task: string) => `${fn(task)}${args.length}` });
    expect(await (await loadTaskFunction(adapted.wire, { allowCode: true }))('ab')).toBe('AB0');
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

  it('loads what the worker allows, not what the wire asks for: no code without allowCode, references only to allowed modules', async () => {
    const byValue = shipFunction((x: number) => x + 1);
    await expect(loadTaskFunction(byValue.wire)).rejects.toMatchObject({ code: 'CODE_NOT_ALLOWED' });
    // Loaded once with allowCode, then asked for without: refused, not served from the cache.
    expect((await loadTaskFunction(byValue.wire, { allowCode: true }))(1)).toBe(2);
    await expect(loadTaskFunction(byValue.wire, { allowCode: false })).rejects.toMatchObject({ code: 'CODE_NOT_ALLOWED' });
    // A reference with an adapter shipped by value: the adapter is code too.
    const adapted = shipFunction(functionReference('node:path', 'basename'), { adapter: (fn, args) => (task: string) => fn(task, ...args) });
    await expect(loadTaskFunction(adapted.wire, { allowModules: ['node:path'] })).rejects.toMatchObject({ code: 'CODE_NOT_ALLOWED' });
    const reference = shipFunction(functionReference('node:path', 'basename'));
    await expect(loadTaskFunction(reference.wire)).rejects.toMatchObject({ code: 'REFERENCE_NOT_ALLOWED' });
    await expect(loadTaskFunction(shipFunction(functionReference('node:child_process', 'execSync')).wire, { allowCode: true, allowModules: ['node:child_process'] }))
      .rejects.toMatchObject({ code: 'REFERENCE_NOT_ALLOWED', value: 'node:child_process#execSync' });
  });

  it('resolves a reference given in this process whatever module it names, but never to a code-running built-in', async () => {
    expect((await localFunction<string, string>(functionReference('node:path', 'basename')))('/a/b')).toBe('b');
    await expect(localFunction(functionReference('node:vm', 'runInThisContext'))).rejects.toMatchObject({ code: 'REFERENCE_NOT_ALLOWED' });
  });
});
