import { describe, expect, it } from 'vitest';
import { isSourceModule } from './source-mode.js';

describe('isSourceModule', () => {
  it('recognises TypeScript modules of every extension, and nothing else', () => {
    for (const url of ['file:///a/b.ts', 'file:///a/b.mts', 'file:///a/b.cts', 'file:///a/b.ts?model=x']) expect(isSourceModule(url), url).toBe(true);
    for (const url of ['file:///a/b.js', 'file:///a/b.mjs', 'file:///a/b.d.ts.map', 'file:///a/tsx/b.cjs']) expect(isSourceModule(url), url).toBe(false);
    expect(isSourceModule(import.meta.url)).toBe(true);
  });
});
