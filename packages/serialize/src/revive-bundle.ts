import { FUNCTION_SLOT, MAX_BUNDLE_FUNCTIONS, functionHash, type ShippedFunctionRecord } from './function-bundle.js';
import { RECEIVER_HELPERS } from './receiver-helpers.js';
import { TempestError } from './tempest-error.js';

type AnyFunction = (...args: unknown[]) => unknown;
type Setter = (scope: Record<string, unknown>) => void;
type Factory = (register: (setter: Setter) => void) => AnyFunction;

// Compiled factories by function hash: compiling is the cost worth saving when the same function
// arrives again (each worker of a pool, each run of a sampler).
const factories = new Map<string, Factory>();
const FACTORY_LIMIT = 256;
const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;

/**
 * Re-creates the function of a `code` envelope: compiles each function in strict mode (or takes
 * the compiled factory from the cache, keyed by the hash of its source), puts the shipped
 * functions back into the captured values, then binds every function's captured names.
 *
 * @param payload - the decoded payload of a code envelope
 * @returns the shipped function
 * @throws {TempestError} DECODE_FAILED when the payload is malformed or a source does not compile;
 *   CODE_NOT_ALLOWED when this process forbids compiling code from strings
 */
export function reviveBundle(payload: unknown): AnyFunction {
  const { functions, scope } = checkBundle(payload);
  const setters: Setter[] = [];
  const created = functions.map((record) => {
    const fn = factoryFor(record)((setter) => setters.push(setter));
    if (record.name !== '' && fn.name !== record.name) Object.defineProperty(fn, 'name', { value: record.name, configurable: true });
    return fn;
  });
  for (const name of Object.keys(scope)) {
    Object.defineProperty(scope, name, { value: putFunctionsBack(scope[name], created), enumerable: true, writable: true, configurable: true });
  }
  for (const setter of setters) setter(scope);
  return created[0];
}

function factoryFor(record: ShippedFunctionRecord): Factory {
  const hash = functionHash(record.source, record.names, record.helpers);
  if (hash !== record.hash) throw malformed(`the hash of a function's source does not match the one sent (${record.hash.slice(0, 16)}…)`);
  const cached = factories.get(hash);
  if (cached !== undefined) return cached;
  const helpers = record.helpers.map((h) => `const ${h} = ${RECEIVER_HELPERS.get(h) as string};\n`).join('');
  const bind = record.names.length === 0
    ? ''
    : `let ${record.names.join(', ')};\narguments[0](function () { ${record.names.map((n) => `${n} = arguments[0][${JSON.stringify(n)}];`).join(' ')} });\n`;
  let factory: Factory;
  try {
    factory = new Function(`'use strict';\n${helpers}${bind}return (${record.source}\n);`) as Factory;
  } catch (error) {
    if (error instanceof EvalError) {
      throw new TempestError(
        'CODE_NOT_ALLOWED',
        'This process forbids compiling code from strings (--disallow-code-generation-from-strings or an embedder policy), which code shipping needs. Send a functionReference instead.',
        { cause: error },
      );
    }
    throw malformed(`a shipped function does not compile (${(error as Error).message})`, error);
  }
  if (factories.size >= FACTORY_LIMIT) factories.delete(factories.keys().next().value as string);
  factories.set(hash, factory);
  return factory;
}

function checkBundle(payload: unknown): { functions: ShippedFunctionRecord[]; scope: Record<string, unknown> } {
  if (!isPlainObject(payload)) throw malformed('its payload is not a bundle object');
  const { functions, scope } = payload as { functions?: unknown; scope?: unknown };
  if (!Array.isArray(functions) || functions.length === 0 || functions.length > MAX_BUNDLE_FUNCTIONS) {
    throw malformed(`its function list must hold 1 to ${MAX_BUNDLE_FUNCTIONS} functions`);
  }
  if (!isPlainObject(scope)) throw malformed('its captured scope is not an object');
  functions.forEach((record: unknown, i) => {
    if (!isPlainObject(record)) throw malformed(`functions[${i}] is not an object`);
    const { source, names, helpers, hash, name } = record as Record<string, unknown>;
    if (typeof source !== 'string' || typeof hash !== 'string' || typeof name !== 'string' || !Array.isArray(names) || !Array.isArray(helpers)) {
      throw malformed(`functions[${i}] lacks a source, names, helpers, hash or name`);
    }
    helpers.forEach((h: unknown) => {
      if (typeof h !== 'string' || !RECEIVER_HELPERS.has(h) || names.includes(h)) throw malformed(`functions[${i}] asks for an unknown helper ${String(h)}`);
    });
    names.forEach((n: unknown, j) => {
      if (typeof n !== 'string' || !IDENTIFIER.test(n)) throw malformed(`functions[${i}].names[${j}] is not an identifier`);
      if (!Object.prototype.hasOwnProperty.call(scope, n)) throw malformed(`functions[${i}] binds \`${n}\`, which the captured scope lacks`);
    });
  });
  return { functions: functions as ShippedFunctionRecord[], scope: scope as Record<string, unknown> };
}

// Replaces the placeholders left by the sender with the re-created functions, in place. Iterative
// so that deep captured structures cannot overflow the stack.
function putFunctionsBack(root: unknown, created: readonly AnyFunction[]): unknown {
  const slot = (value: unknown): AnyFunction | undefined => {
    if (!isPlainObject(value)) return undefined;
    const keys = Object.keys(value as object);
    if (keys.length !== 1 || keys[0] !== FUNCTION_SLOT) return undefined;
    const id = (value as Record<string, unknown>)[FUNCTION_SLOT];
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= created.length) throw malformed(`a function placeholder names function ${String(id)}`);
    return created[id];
  };
  const rootFunction = slot(root);
  if (rootFunction !== undefined) return rootFunction;
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (typeof child !== 'object' || child === null) continue;
        const fn = slot(child);
        if (fn !== undefined) value[i] = fn;
        else stack.push(child);
      }
    } else if (isPlainObject(value)) {
      for (const key of Object.keys(value)) {
        const child = (value as Record<string, unknown>)[key];
        if (typeof child !== 'object' || child === null) continue;
        const fn = slot(child);
        if (fn !== undefined) Object.defineProperty(value, key, { value: fn, enumerable: true, writable: true, configurable: true });
        else stack.push(child);
      }
    } else if (value instanceof Map) {
      const entries = [...value];
      value.clear();
      for (const [k, v] of entries) {
        value.set(slot(k) ?? k, slot(v) ?? v);
        stack.push(k, v);
      }
    } else if (value instanceof Set) {
      const items = [...value];
      value.clear();
      for (const item of items) {
        value.add(slot(item) ?? item);
        stack.push(item);
      }
    }
  }
  return root;
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function malformed(what: string, cause?: unknown): TempestError {
  return new TempestError(
    'DECODE_FAILED',
    `The code envelope is malformed: ${what}. Send the bytes exactly as encodeFunction returned them, with the same @tempest/serialize version on both sides.`,
    cause === undefined ? {} : { cause },
  );
}
