// The browser build's own modules (chosen by the "browser" condition of package.json's `imports`),
// run here in Node against the Node modules they stand in for: the same envelopes and hashes, and
// the browser's rules for module URLs.
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { assertModuleAllowed, resolveAllowModules } from './module-allowlist.browser.js';
import { assertImportableUrl, referenceUrlProblem } from './module-policy.browser.js';
import { sha256Hex as browserSha256 } from './sha256-hex.browser.js';
import { sha256Hex } from './sha256-hex.js';
import { deserializeValue as browserDeserialize, serializeValue as browserSerialize } from './serialize-value.browser.js';
import { deserializeEnvelope as browserDeserializeEnvelope, serializeEnvelope as browserSerializeEnvelope } from './structured-codec.browser.js';
import { deserializeEnvelope, serializeEnvelope } from './structured-codec.js';
import { codeRunningBuiltin } from './code-running-builtins.browser.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('the browser build\'s codecs', () => {
  it('write the envelopes node:v8 writes, and read them', () => {
    for (const value of [{ a: 1, s: 'x€', v: new Float64Array([1, NaN]) }, ['é', 'ab€'], new Map([[1n, new Set(['a'])]])]) {
      const bytes = browserSerializeEnvelope('data', value);
      expect(hex(bytes)).toBe(hex(serializeEnvelope('data', value)));
      expect(deserializeEnvelope(bytes)).toEqual(browserDeserializeEnvelope(bytes));
    }
  });

  it('serialize values as node:v8 does, and read its bytes', () => {
    const blobs = [{ r: 0.25 }, undefined, { r: 1, tag: 'b' }];
    expect(v8.deserialize(browserSerialize(blobs))).toEqual(blobs);
    expect(browserDeserialize(v8.serialize(blobs))).toEqual(blobs);
    expect(() => browserDeserialize(Uint8Array.of(...v8.serialize(1), 0))).toThrow(/1 bytes follow the value/);
  });

  it('hash as Node hashes', () => {
    for (const text of ['', 'a,b\n\n(x) => x * 2', 'µ → ∞ 😀']) expect(browserSha256(text)).toBe(sha256Hex(text));
  });
});

describe('the browser build\'s module rules', () => {
  const page = 'https://lab.example/fit/index.html';

  it('allow the page\'s origin by default, and URL folders and files as listed', async () => {
    expect(resolveAllowModules(undefined, page)).toEqual({ allowModules: ['https://lab.example/'], problems: [] });
    expect(resolveAllowModules(['/models/', './local.js', 'https://cdn.example/m.js'], page).allowModules).toEqual(['https://lab.example/models/', 'https://lab.example/fit/local.js', 'https://cdn.example/m.js']);
    const allowed = resolveAllowModules(['/models/', 'https://cdn.example/m.js'], page).allowModules;
    await expect(assertModuleAllowed('https://lab.example/models/gauss.js', 'f', allowed)).resolves.toBeUndefined();
    await expect(assertModuleAllowed('https://cdn.example/m.js', 'f', allowed)).resolves.toBeUndefined();
    await expect(assertModuleAllowed('https://lab.example/models/../secret.js', 'f', allowed)).rejects.toMatchObject({ code: 'REFERENCE_NOT_ALLOWED' });
    await expect(assertModuleAllowed('https://lab.example/models/gauss.js?x=1', 'f', allowed)).rejects.toMatchObject({ code: 'REFERENCE_NOT_ALLOWED' });
    await expect(assertModuleAllowed('https://evil.example/models/gauss.js', 'f', allowed)).rejects.toThrow(/only from "https:\/\/lab.example\/models\/"/);
  });

  it('refuse what is not an http(s) module URL', () => {
    const { problems } = resolveAllowModules(['data:text/javascript,1', 'node:fs', 'file:///etc/'], page);
    expect(problems).toHaveLength(3);
    expect(referenceUrlProblem('https://lab.example/m.js')).toBeUndefined();
    expect(referenceUrlProblem('data:text/javascript,export const f = 1')).toMatch(/carry code inside data/);
    expect(referenceUrlProblem('blob:https://lab.example/1')).toMatch(/carry code inside data/);
    expect(referenceUrlProblem('file:///srv/m.js')).toMatch(/http: or https: URL/);
    expect(() => assertImportableUrl('node:fs')).toThrow(/Refusing to import node:fs/);
    expect(() => assertImportableUrl('my-package')).toThrow(/Refusing to import/);
  });

  it('know the functions that run code from strings', async () => {
    expect(await codeRunningBuiltin(eval as never)).toBe('eval');
    expect(await codeRunningBuiltin(setTimeout as never)).toBe('setTimeout');
    expect(await codeRunningBuiltin(Math.max as never)).toBeUndefined();
  });
});
