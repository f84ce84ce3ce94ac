import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LogLikelihood, PriorTransform, VectorizedLogLikelihood } from '@tempest/core';
import { CliError } from './cli-error.js';
import { samplerOptionsFromModel, type FlagOptions } from './sampler-flags.js';

/** Extensions of model files; the TypeScript ones load through tsx. */
export const MODEL_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

/** A model file's exports, checked, with where it came from. */
export interface LoadedModel {
  /** Absolute path of the file. */
  path: string;
  /** Its `file:` URL (what pool workers import). */
  url: string;
  /** SHA-256 of the file's bytes (hex). */
  sha256: string;
  /** Whether the file is TypeScript (workers need the tsx loader). */
  typescript: boolean;
  /** Number of parameters (the `nDim` export). */
  nDim: number;
  /** The `priorTransform` export. */
  priorTransform: PriorTransform;
  /** The `logLikelihood` export. */
  logLikelihood: LogLikelihood | VectorizedLogLikelihood;
  /** The `parameterNames` export, or `x0 … x{nDim-1}`. */
  parameterNames: string[];
  /** Indices of periodic parameters, when exported. */
  periodic: number[] | undefined;
  /** Indices of reflective parameters, when exported. */
  reflective: number[] | undefined;
  /** Whether the likelihood takes a whole batch (the `vectorize` export; default false). */
  vectorize: boolean;
  /** Extra likelihood arguments, when exported. */
  logLikelihoodArgs: unknown[] | undefined;
  /** Default sampler options from the file (flags override them). */
  options: FlagOptions;
  /** True parameter values to mark on the corner plot, when exported. */
  truths: number[] | undefined;
}

/** Registers tsx in this process (once: a module is evaluated once), so TypeScript models and what they import load. */
async function registerTypeScript(): Promise<void> {
  await import('./register-tsx.js');
}

/**
 * Imports a model file and checks its exports: `priorTransform`, `logLikelihood` and `nDim`
 * (required), `parameterNames`, `periodic`, `reflective`, `vectorize`, `logLikelihoodArgs`,
 * `options` and `truths` (optional). The prior transform is called once at the centre of the unit
 * cube to check that it returns nDim numbers. Exports may also be the fields of a default export.
 * @param file - path of the model, relative to the working directory or absolute
 * @returns the checked model
 * @throws {CliError} (exit 2) with one line naming the file, the problem and the fix
 * @example
 * ```ts
 * const model = await loadModel('model.ts');
 * ```
 */
export async function loadModel(file: string): Promise<LoadedModel> {
  const path = resolve(file);
  const ext = extname(path).toLowerCase();
  if (!(MODEL_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new CliError(`model file ${path} has extension ${JSON.stringify(ext)}; a model is a ${MODEL_EXTENSIONS.join(', ')} module.`);
  }
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) throw new CliError(`model file not found: ${path}. Check the path (it is resolved against the current folder).`);
  const bytes = await readFile(path);
  const url = pathToFileURL(path).href;
  const typescript = TYPESCRIPT.has(ext);
  if (typescript) await registerTypeScript();
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new CliError(`cannot load model file ${path}: ${message.split('\n').filter((l) => l.trim() !== '').slice(0, 3).join(' ')}. Fix the file so that \`node\` can import it.`, 2, { cause });
  }
  return checkExports(module, path, url, typescript, createHash('sha256').update(bytes).digest('hex'));
}

function checkExports(module: Record<string, unknown>, path: string, url: string, typescript: boolean, sha256: string): LoadedModel {
  const named = typeof module.logLikelihood === 'function';
  const fallback = module.default;
  const source: Record<string, unknown> = !named && typeof fallback === 'object' && fallback !== null ? (fallback as Record<string, unknown>) : module;
  const fail = (problem: string, fix: string) => new CliError(`model file ${path}: ${problem}. ${fix}`);
  for (const name of ['priorTransform', 'logLikelihood'] as const) {
    if (typeof source[name] !== 'function') {
      throw fail(`${name} is ${source[name] === undefined ? 'not exported' : `not a function (got ${typeof source[name]})`}`, `Export it: \`export function ${name}(${name === 'priorTransform' ? 'u' : 'x'}) { ... }\`.`);
    }
  }
  const nDim = source.nDim;
  if (nDim === undefined) throw fail('nDim is not exported', 'Export the number of parameters: `export const nDim = 2;`.');
  if (typeof nDim !== 'number' || !Number.isInteger(nDim) || nDim < 1) throw fail(`nDim must be a positive integer; got ${JSON.stringify(nDim)}`, 'Export the number of parameters, e.g. `export const nDim = 2;`.');
  const priorTransform = source.priorTransform as PriorTransform;
  checkPriorTransform(priorTransform, nDim, fail);
  const names = source.parameterNames ?? Array.from({ length: nDim }, (_, i) => `x${i}`);
  if (!Array.isArray(names) || names.length !== nDim || !names.every((n) => typeof n === 'string' && n !== '')) {
    throw fail(`parameterNames must be ${nDim} non-empty strings (nDim); got ${JSON.stringify(names)}`, 'Give one name per parameter, or leave parameterNames out.');
  }
  const indexList = (name: string): number[] | undefined => {
    const v = source[name];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((i) => Number.isInteger(i) && i >= 0 && i < nDim)) throw fail(`${name} must be an array of parameter indices in 0..${nDim - 1}; got ${JSON.stringify(v)}`, `Fix or remove the ${name} export.`);
    return v as number[];
  };
  const vectorize = source.vectorize ?? false;
  if (typeof vectorize !== 'boolean') throw fail(`vectorize must be true or false; got ${JSON.stringify(vectorize)}`, 'Export `vectorize = true` only when logLikelihood takes a whole batch.');
  const args = source.logLikelihoodArgs;
  if (args !== undefined && !Array.isArray(args)) throw fail('logLikelihoodArgs must be an array of extra arguments', 'Export an array, e.g. `export const logLikelihoodArgs = [data];`.');
  const truths = source.truths;
  if (truths !== undefined && !(Array.isArray(truths) && truths.length === nDim && truths.every((t) => typeof t === 'number'))) {
    throw fail(`truths must be ${nDim} numbers (nDim); got ${JSON.stringify(truths)}`, 'Give one value per parameter, or leave truths out.');
  }
  return {
    path, url, sha256, typescript, nDim, priorTransform,
    logLikelihood: source.logLikelihood as LogLikelihood,
    parameterNames: names as string[],
    periodic: indexList('periodic'),
    reflective: indexList('reflective'),
    vectorize,
    logLikelihoodArgs: args as unknown[] | undefined,
    options: samplerOptionsFromModel(source.options, path),
    truths: truths as number[] | undefined,
  };
}

/** Calls the prior transform at the centre of the cube: a wrong length fails here, before any run. */
function checkPriorTransform(priorTransform: PriorTransform, nDim: number, fail: (problem: string, fix: string) => CliError): void {
  let x: ArrayLike<number>;
  try {
    x = priorTransform(new Float64Array(nDim).fill(0.5));
  } catch (cause) {
    throw fail(`priorTransform threw at the centre of the unit cube: ${cause instanceof Error ? cause.message : String(cause)}`, 'It must map any u in [0, 1]^nDim to parameters.');
  }
  const length = x !== null && typeof x === 'object' && typeof x.length === 'number' ? x.length : undefined;
  if (length !== nDim) {
    throw fail(`priorTransform returns ${length === undefined ? `a ${typeof x}` : `${length} values`} but nDim is ${nDim}`, `Make nDim the number of parameters and priorTransform return that many (got ${length ?? 'no array'} at u = 0.5).`);
  }
}
