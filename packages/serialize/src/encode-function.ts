import { buildBundle } from './build-bundle.js';
import { encode } from './encode.js';
import { isFunctionReference, type FunctionReference } from './function-reference.js';
import type { ShipOptions } from './ship-options.js';
import { serializerFailure } from './serializer-failure.js';
import { serializeEnvelope } from '#structured-codec';
import { TempestError } from './tempest-error.js';

/**
 * Encodes a function so that another thread or process can call it, either way a user may choose:
 *
 * - by value (the dill analogue): its source and its captured values. The source is parsed first
 *   and refused, with every problem and its remedy, when it cannot work in a fresh worker: a
 *   variable that is neither captured nor a worker global, `this`/`super`/`arguments` from the
 *   defining context, native, bound and class functions, method shorthand, helpers a transpiler
 *   injected, captured values that cannot be cloned. Captured functions ship the same way. The
 *   receiver re-creates it in strict mode with `decode(bytes, { allowCode: true })` or
 *   `loadFunction`, which executes what the sender sent: use it between a job's own workers only.
 * - by reference (the pickle analogue): pass a `functionReference(import.meta.url, 'name')`; a
 *   `data` envelope carries it and the receiver imports the module once.
 *
 * @param fn - the function, or a reference to an exported one
 * @param options - `captures`: the values it uses by name; `allowGlobals`: names the receiver
 *   defines on purpose
 * @returns the envelope (`code` for a function, `data` for a reference)
 * @throws {TempestError} UNSHIPPABLE_FUNCTION listing every refusal, before anything is sent;
 *   INVALID_ARGUMENT for arguments of the wrong type
 * @example
 * ```ts
 * const mu = new Float64Array([1, 2, 3]);
 * const sumSq = (x, m) => x.reduce((s, v, i) => s + (v - m[i]) ** 2, 0);
 * const bytes = encodeFunction((x) => -0.5 * sumSq(x, mu), { captures: { mu, sumSq } });
 * // receiver, same job: const logLikelihood = await loadFunction(bytes, { allowCode: true });
 * ```
 */
export function encodeFunction(fn: ((...args: never[]) => unknown) | FunctionReference, options: ShipOptions = {}): Uint8Array {
  checkOptions(options);
  if (isFunctionReference(fn)) {
    if (options.captures !== undefined || options.allowGlobals !== undefined) {
      throw new TempestError('INVALID_ARGUMENT', 'captures and allowGlobals apply to functions shipped by value; a function reference takes neither. Drop the options.', {
        option: 'options',
      });
    }
    return encode({ kind: fn.kind, module: fn.module, export: fn.export });
  }
  if (typeof fn !== 'function') {
    throw new TempestError('INVALID_ARGUMENT', `encodeFunction needs a function or a functionReference; got ${fn === null ? 'null' : typeof fn}.`, {
      option: 'fn',
      value: fn,
    });
  }
  const bundle = buildBundle(fn, options);
  try {
    return serializeEnvelope('code', bundle);
  } catch (error) {
    const message = `captures could not be cloned: ${serializerFailure(error)}`;
    throw new TempestError('UNSHIPPABLE_FUNCTION', `Cannot ship the function by value; nothing was sent:\n  - ${message}`, {
      refusals: [{ reason: 'uncloneable', subject: 'captures', message }],
      problems: [message],
      value: fn,
      cause: error,
    });
  }
}

function checkOptions(options: ShipOptions): void {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) problems.push(`options must be an object; got ${String(options)}.`);
  else {
    const { captures, allowGlobals } = options;
    if (captures !== undefined && (typeof captures !== 'object' || captures === null || Array.isArray(captures))) {
      problems.push('captures must be an object mapping names to values, e.g. { mu, sigma }.');
    }
    if (allowGlobals !== undefined && (!Array.isArray(allowGlobals) || allowGlobals.some((n) => typeof n !== 'string'))) {
      problems.push("allowGlobals must be an array of names, e.g. ['myGlobal'].");
    }
  }
  if (problems.length > 0) {
    throw new TempestError('INVALID_ARGUMENT', `Invalid encodeFunction options: ${problems.join(' ')}`, { option: 'options', problems, value: options });
  }
}
