import { describe, expect, it } from 'vitest';
import { encode } from './encode.js';
import { encodeFunction } from './encode-function.js';
import { encodePacked } from './encode-packed.js';
import { functionReference } from './function-reference.js';
import { loadFunction } from './load-function.js';
import { PackedBatch } from './packed-batch.js';
const reexports = (name: string) => encodeFunction(functionReference(import.meta.url, '../test/fixtures/reexports.ts', name));

describe('loadFunction', () => {
  it('loads a function shipped by value, with allowCode', async () => {
    const k = 3;
    const bytes = encodeFunction((x: number) => k * x, { captures: { k } });
    await expect(loadFunction(bytes)).rejects.toMatchObject({ code: 'CODE_NOT_ALLOWED' });
    const f = await loadFunction<(x: number) => number>(bytes, { allowCode: true });
    expect(f(2)).toBe(6);
  });

  it('loads a referenced function without allowCode', async () => {
    const bytes = encodeFunction(functionReference(import.meta.url, '../test/fixtures/models.ts', 'gaussianLogLikelihood'));
    const f = await loadFunction<(x: Float64Array) => number>(bytes);
    expect(f(new Float64Array([1, 2, 3]))).toBe(-0);
  });

  it.each([
    ['a packed batch', () => encodePacked(PackedBatch.fromRows([[1]])), 'a packed batch'],
    ['other data', () => encode({ not: 'a reference' }), 'not a function reference'],
  ])('refuses %s with DECODE_FAILED', async (_, make, says) => {
    await expect(loadFunction(make())).rejects.toMatchObject({ code: 'DECODE_FAILED', message: expect.stringContaining(says) });
  });

  // The attacks of issue 15, finding 4: a sender that can only send data must not get code run.
  describe('never hands back a function that runs code, without allowCode', () => {
    it('refuses node:child_process execSync by reference, even when node:child_process is allowed', async () => {
      const bytes = encodeFunction(functionReference('node:child_process', 'execSync'));
      await expect(loadFunction(bytes)).rejects.toMatchObject({ code: 'REFERENCE_NOT_ALLOWED', value: 'node:child_process' });
      await expect(loadFunction(bytes)).rejects.toThrow(/Node built-in/);
      await expect(loadFunction(bytes, { allowModules: ['node:child_process'] })).rejects.toMatchObject({ code: 'REFERENCE_NOT_ALLOWED', value: 'node:child_process#execSync' });
      await expect(loadFunction(bytes, { allowModules: ['node:child_process'] })).rejects.toThrow(/node:child_process's execSync, which compiles or runs code/);
    });

    it('refuses node:vm runInThisContext by reference, even when node:vm is allowed', async () => {
      const bytes = encodeFunction(functionReference('node:vm', 'runInThisContext'));
      await expect(loadFunction(bytes)).rejects.toMatchObject({ code: 'REFERENCE_NOT_ALLOWED' });
      await expect(loadFunction(bytes, { allowModules: ['node:vm'] })).rejects.toThrow(/node:vm's runInThisContext/);
    });

    it.each([
      ['execSync', "node:child_process's execSync"],
      ['runInThisContext', "node:vm's runInThisContext"],
      ['evaluate', 'eval'],
      ['makeFunction', 'the Function constructor'],
      ['load', 'a CommonJS require function'],
      ['webAssemblyCompile', "WebAssembly's compile"],
    ])('refuses %s re-exported by an allowed user module (%s)', async (name, what) => {
      const failure = loadFunction(reexports(name));
      await expect(failure).rejects.toMatchObject({ code: 'REFERENCE_NOT_ALLOWED', option: 'allowModules' });
      await expect(failure).rejects.toThrow(`it is ${what}, which compiles or runs code`);
    });

    it('still loads the harmless export of the same module', async () => {
      const f = await loadFunction<(x: number[]) => number>(reexports('logLikelihood'));
      expect(f([2])).toBe(-2);
    });

    it('refuses a code envelope before compiling it', async () => {
      const bytes = encodeFunction(() => {
        process.env.TEMPEST_PWNED = 'yes';
      });
      await expect(loadFunction(bytes)).rejects.toMatchObject({ code: 'CODE_NOT_ALLOWED' });
      expect(process.env.TEMPEST_PWNED).toBeUndefined();
    });
  });
});
