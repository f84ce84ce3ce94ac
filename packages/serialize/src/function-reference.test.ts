import { describe, expect, it } from 'vitest';
import { functionReference, isFunctionReference } from './function-reference.js';

describe('functionReference', () => {
  it('names an export of the calling module', () => {
    expect(functionReference('file:///srv/job/model.js', 'logLikelihood')).toEqual({ kind: 'tempest.function-reference', module: 'file:///srv/job/model.js', export: 'logLikelihood' });
  });

  it('resolves a specifier against the calling module', () => {
    const base = 'file:///srv/job/src/main.js';
    expect(functionReference(base, './models/gauss.js', 'f').module).toBe('file:///srv/job/src/models/gauss.js');
    expect(functionReference(base, '../lib/x.js', 'f').module).toBe('file:///srv/job/lib/x.js');
    expect(functionReference(base, '/opt/m.js', 'f').module).toBe('file:///opt/m.js');
    expect(functionReference(base, 'file:///opt/n.js', 'default').module).toBe('file:///opt/n.js');
    expect(functionReference(base, 'my-models', 'f').module).toBe('my-models');
    expect(functionReference(base, 'node:path', 'join').module).toBe('node:path');
  });

  it('accepts an absolute path or a URL object as the base', () => {
    expect(functionReference('/srv/job/main.cjs', 'f').module).toBe('file:///srv/job/main.cjs');
    expect(functionReference(new URL('file:///srv/a.js'), './b.js', 'f').module).toBe('file:///srv/b.js');
  });

  it('is frozen plain data', () => {
    const ref = functionReference('file:///a.js', 'f');
    expect(Object.isFrozen(ref)).toBe(true);
    expect(isFunctionReference(ref)).toBe(true);
    expect(isFunctionReference({ ...ref })).toBe(true);
    expect(isFunctionReference({ module: 'file:///a.js', export: 'f' })).toBe(false);
    expect(isFunctionReference(null)).toBe(false);
  });

  it.each([
    ['a relative base', () => functionReference('model.js', 'f'), 'import.meta.url'],
    ['an empty export name', () => functionReference('file:///a.js', ''), 'non-empty string'],
    ['an empty specifier', () => functionReference('file:///a.js', '', 'f'), 'non-empty string'],
    ['a data: URL', () => functionReference('file:///a.js', 'data:text/javascript,export default () => 1', 'default'), 'encodeFunction'],
    ['an http: URL', () => functionReference('https://example.com/m.js', 'f'), 'installed on the receiver'],
  ])('refuses %s', (_, make, says) => {
    expect(make).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(says) }));
  });
});
