// The page's model, compiled from what the user typed: the prior transform runs in the page, the
// log-likelihood is shipped to the Web Workers (by value, its source; or by the URL of a module).
import { functionReference, shipFunction, type ShippedFunction } from '@tempest/pool';

/** A model ready for the sampler. */
export interface CompiledModel {
  readonly nDim: number;
  readonly names: string[];
  readonly priorTransform: (u: Float64Array) => Float64Array;
  /** The likelihood as the sampler takes it: a function in the page, or a reference to a module. */
  readonly logLikelihood: ((x: Float64Array) => number) | ReturnType<typeof functionReference>;
}

/**
 * Compiles one function from its source text, in strict mode. This runs the user's own code in the
 * user's own page: the same trust as typing it into the console.
 */
function compile<F>(what: string, source: string): F {
  let value: unknown;
  try {
    value = new Function(`'use strict';\nreturn (${source}\n);`)();
  } catch (error) {
    throw new Error(`The ${what} does not compile: ${(error as Error).message}`);
  }
  if (typeof value !== 'function') throw new Error(`The ${what} must be a function, such as (u) => u.map((v) => 20 * v - 10); got ${typeof value}.`);
  return value as F;
}

/**
 * The model the page's fields describe.
 * @param fields - names, prior and likelihood sources, and the module URL when shipping by URL
 * @returns the compiled model
 * @throws {Error} naming the field that is wrong
 */
export function compileModel(fields: { names: string; prior: string; likelihood: string; moduleUrl?: string }): CompiledModel {
  const names = fields.names.split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw new Error('Name the parameters, e.g. "a, b, c": their number is the dimension.');
  const prior = compile<(u: Float64Array) => ArrayLike<number>>('prior transform', fields.prior);
  const priorTransform = (u: Float64Array) => Float64Array.from(prior(u));
  const logLikelihood = fields.moduleUrl === undefined
    ? compile<(x: Float64Array) => number>('log-likelihood', fields.likelihood)
    : functionReference(new URL(fields.moduleUrl, location.href), 'logLikelihood');
  return { nDim: names.length, names, priorTransform, logLikelihood };
}

/**
 * Checks up front that the likelihood can travel to the workers by value (a clear message for a
 * free variable, say), rather than at the first evaluation.
 * @param model - the compiled model
 * @returns the shipped function (unused: the sampler ships it again)
 */
export function checkShippable(model: CompiledModel): ShippedFunction | undefined {
  return typeof model.logLikelihood === 'function' ? shipFunction(model.logLikelihood) : undefined;
}
