import { describe, expect, it } from 'vitest';
import { decode } from './decode.js';
import { FUNCTION_SLOT, functionHash } from './function-bundle.js';
import { serializeEnvelope } from './structured-codec.js';

const record = (source: string, names: string[] = [], name = '', helpers: string[] = []) => ({ source, names, helpers, hash: functionHash(source, names, helpers), name });
const decodeBundle = (bundle: unknown) => decode(serializeEnvelope('code', bundle), { allowCode: true });

describe('reviveBundle (through decode)', () => {
  it('puts shipped functions back into captured Maps, Sets and arrays', () => {
    const bundle = {
      functions: [record('() => [table.get("f")(1), [...set][0](2), list[0](3)]', ['table', 'set', 'list']), record('(x) => x * 10')],
      scope: { table: new Map([['f', { [FUNCTION_SLOT]: 1 }]]), set: new Set([{ [FUNCTION_SLOT]: 1 }]), list: [{ [FUNCTION_SLOT]: 1 }] },
    };
    expect((decodeBundle(bundle) as () => number[])()).toEqual([10, 20, 30]);
  });

  it.each([
    ['a payload that is not a bundle', [1, 2], 'not a bundle object'],
    ['an empty function list', { functions: [], scope: {} }, '1 to 10000 functions'],
    ['a missing scope', { functions: [record('() => 1')] }, 'captured scope'],
    ['a record without a hash', { functions: [{ source: '() => 1', names: [], helpers: [], name: '' }], scope: {} }, 'lacks a source, names, helpers, hash or name'],
    ['an unknown helper', { functions: [record('() => __awaiter', [], '', ['__awaiter'])], scope: {} }, 'unknown helper'],
    ['a changed source', { functions: [{ ...record('() => 1'), source: '() => 2' }], scope: {} }, 'hash'],
    ['a name that is not an identifier', { functions: [record('() => 1', ['a; b'])], scope: { 'a; b': 1 } }, 'not an identifier'],
    ['a name missing from the scope', { functions: [record('() => a', ['a'])], scope: {} }, 'lacks'],
    ['a placeholder for a function that is not there', { functions: [record('() => a', ['a'])], scope: { a: { [FUNCTION_SLOT]: 7 } } }, 'placeholder'],
    ['a source that does not compile', { functions: [record('() => {')], scope: {} }, 'does not compile'],
  ])('refuses %s with DECODE_FAILED', (_, bundle, says) => {
    expect(() => decodeBundle(bundle)).toThrow(expect.objectContaining({ code: 'DECODE_FAILED', message: expect.stringContaining(says) }));
  });
});
