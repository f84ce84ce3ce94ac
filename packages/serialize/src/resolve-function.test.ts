import { describe, expect, it } from 'vitest';
import { functionReference, type FunctionReference } from './function-reference.js';
import { loaderAdvice, resolveFunction } from './resolve-function.js';

const fixtures = new URL('../test/fixtures/', import.meta.url);

describe('resolveFunction', () => {
  it('imports a named export once and caches it', async () => {
    const ref = functionReference(fixtures, './models.ts', 'gaussianLogLikelihood');
    const f = await resolveFunction<(x: Float64Array) => number>(ref);
    expect(f(new Float64Array([1, 2, 4]))).toBe(-0.5);
    expect(await resolveFunction({ ...ref })).toBe(f);
  });

  it('imports a default export, and a node: built-in that allowModules lists', async () => {
    expect(await resolveFunction(functionReference(fixtures, './models.ts', 'default'))).toBeTypeOf('function');
    const join = await resolveFunction<(...parts: string[]) => string>(functionReference(fixtures, 'node:path', 'join'), { allowModules: ['node:path'] });
    expect(join('a', 'b')).toBe('a/b');
  });

  it('finds CommonJS exports that exist only on the default export', async () => {
    const f = await resolveFunction<(x: number[]) => number>(functionReference(fixtures, './dynamic-exports.cjs', 'logLikelihood'));
    expect(f([3])).toBe(-9);
  });

  it.each([
    ['a missing module', functionReference(fixtures, './no-such-model.js', 'f'), ['Could not import', 'same checkout']],
    ['a missing export', functionReference(fixtures, './models.ts', 'nope'), ['no function exported as `nope`', 'gaussianLogLikelihood']],
    ['an export that is not a function', functionReference(fixtures, './models.ts', 'notAFunction'), ['it is a number']],
    ['a data: URL smuggled past functionReference', { kind: 'tempest.function-reference', module: 'data:text/javascript,export const f = () => 1', export: 'f' } as FunctionReference, ['Refusing to import']],
    ['a relative module', { kind: 'tempest.function-reference', module: './m.js', export: 'f' } as FunctionReference, ['Refusing to import']],
  ])('fails with REFERENCE_FAILED for %s', async (_, ref, says) => {
    const failure = resolveFunction(ref);
    await expect(failure).rejects.toMatchObject({ code: 'REFERENCE_FAILED' });
    for (const s of says) await expect(failure).rejects.toThrow(s);
  });

  it('refuses what is not a reference', async () => {
    await expect(resolveFunction({ module: 'x' } as unknown as FunctionReference)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('loaderAdvice', () => {
  const unknownExtension = Object.assign(new TypeError('Unknown file extension ".ts"'), { code: 'ERR_UNKNOWN_FILE_EXTENSION' });

  it('points a TypeScript reference in a worker thread to the thread pool\'s preload, not to node --import tsx', () => {
    const advice = loaderAdvice('file:///m/model.ts', unknownExtension, true);
    expect(advice).toMatch(/^This receiver is a worker thread, and worker threads ignore `node --import tsx`: register the TypeScript loader in each thread with the ThreadPool's `preload` option/);
    expect(advice).toContain("import { register } from 'tsx/esm/api'; register();");
  });

  it('keeps the loader advice for a process, and for a JavaScript module', () => {
    expect(loaderAdvice('file:///m/model.ts', unknownExtension, false)).toMatch(/node --import tsx, or a ProcessPool's execArgv/);
    expect(loaderAdvice('file:///m/model.js', new Error('not found'), true)).toMatch(/^The module must exist at that URL on the receiver/);
  });
});
