import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultParameterNames, parameterLabelProblems, parameterNameProblems, similarNames, type LogLikelihood, type PriorTransform, type VectorizedLogLikelihood } from '@tempest/core';
import { CliError } from './cli-error.js';
import { exportedNames, MODEL_EXPORT_NAMES, modelExports } from './model-exports.js';
import { checkModelOptions, type FlagOptions } from './sampler-flags.js';

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
  /** The `parameterNames` export (identifiers for files and tables), or `x0 … x{nDim-1}`. */
  parameterNames: string[];
  /** The `parameterLabels` export (TeX for the plots), or the names. */
  parameterLabels: string[];
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
 * (required), `parameterNames`, `parameterLabels`, `periodic`, `reflective`, `vectorize`, `logLikelihoodArgs`,
 * `options` and `truths` (optional). The prior transform is called once at the centre of the unit
 * cube to check that it returns nDim numbers. Exports may also be the fields of a default export,
 * also in a TypeScript file that Node loads as CommonJS (see model-exports.ts).
 * @param file - path of the model, relative to the working directory or absolute
 * @returns the checked model
 * @throws {CliError} (exit 2) naming the file and every problem found with its fix (a misspelt
 * export gets a "did you mean" hint); one line when there is one problem
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

/** Exports a model must have, with the line that defines one. */
const REQUIRED = {
  priorTransform: 'export function priorTransform(u) { ... }',
  logLikelihood: 'export function logLikelihood(x) { ... }',
} as const;

/**
 * Checks every export it can and reports all problems together, each naming the export, the
 * value seen and the fix (checks that need a valid nDim are skipped when nDim is wrong).
 */
function checkExports(namespace: Record<string, unknown>, path: string, url: string, typescript: boolean, sha256: string): LoadedModel {
  const source = modelExports(namespace);
  const names = exportedNames(namespace);
  const problems: string[] = [];
  const problem = (what: string, fix: string) => problems.push(`${what}. ${fix}`);
  const unknownNames = names.filter((n) => !(MODEL_EXPORT_NAMES as readonly string[]).includes(n));
  // A required export missing under its own name but present under a near miss (`logLikelyhood`).
  const misspelt = (name: string, fix: string) => {
    const similar = similarNames(name, unknownNames);
    if (similar.length === 0) return false;
    problem(`${name} is not exported, but \`${similar[0]}\` is (a misspelling?)`, `Rename it to ${name}${fix}.`);
    return true;
  };

  for (const name of ['priorTransform', 'logLikelihood'] as const) {
    const value = source[name];
    if (value === undefined) {
      if (!misspelt(name, '')) problem(`${name} is not exported`, `Export it: \`${REQUIRED[name]}\`.`);
    }
    else if (typeof value !== 'function') problem(`${name} is not a function (got ${typeof value})`, `Export it: \`${REQUIRED[name]}\`.`);
  }
  const nDimValue = source.nDim;
  let nDim: number | undefined;
  if (nDimValue === undefined) {
    if (!misspelt('nDim', ' (the number of parameters)')) problem('nDim is not exported', 'Export the number of parameters: `export const nDim = 2;`.');
  }
  else if (typeof nDimValue !== 'number' || !Number.isInteger(nDimValue) || nDimValue < 1) problem(`nDim must be a positive integer; got ${JSON.stringify(nDimValue)}`, 'Export the number of parameters, e.g. `export const nDim = 2;`.');
  else nDim = nDimValue;
  // An optional export under a near-miss name would be silently ignored: say so (one edit or a
  // different case only, so that a model's own constants, e.g. `period`, are left alone).
  for (const name of MODEL_EXPORT_NAMES) {
    if (name in REQUIRED || name === 'nDim' || source[name] !== undefined) continue;
    const similar = similarNames(name, unknownNames, 1);
    if (similar.length > 0) problem(`\`${similar[0]}\` is exported but tempest reads ${name} (a misspelling?)`, `Rename it to ${name} (or, if it is not meant for tempest, to a name less like ${name}).`);
  }

  const priorTransform = source.priorTransform as PriorTransform;
  if (nDim !== undefined && typeof priorTransform === 'function') {
    const wrong = checkPriorTransform(priorTransform, nDim);
    if (wrong !== undefined) problems.push(wrong);
  }
  const nDimText = nDim === undefined ? 'nDim' : `${nDim}`;
  // Names are identifiers (samples.csv's header, summary.json's keys); labels are what plots draw.
  const parameterNames = source.parameterNames;
  if (parameterNames !== undefined) problems.push(...parameterNameProblems(parameterNames, nDim));
  const parameterLabels = source.parameterLabels;
  if (parameterLabels !== undefined) problems.push(...parameterLabelProblems(parameterLabels, nDim));
  const indexList = (name: 'periodic' | 'reflective'): number[] | undefined => {
    const v = source[name];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((i) => Number.isInteger(i) && i >= 0 && (nDim === undefined || i < nDim))) {
      problem(`${name} must be an array of parameter indices in 0..${nDim === undefined ? 'nDim-1' : nDim - 1}; got ${JSON.stringify(v)}`, `Fix or remove the ${name} export.`);
    }
    return v as number[];
  };
  const periodic = indexList('periodic');
  const reflective = indexList('reflective');
  const vectorize = source.vectorize ?? false;
  if (typeof vectorize !== 'boolean') problem(`vectorize must be true or false; got ${JSON.stringify(vectorize)}`, 'Export `vectorize = true` only when logLikelihood takes a whole batch.');
  const args = source.logLikelihoodArgs;
  if (args !== undefined && !Array.isArray(args)) problem('logLikelihoodArgs must be an array of extra arguments', 'Export an array, e.g. `export const logLikelihoodArgs = [data];`.');
  const truths = source.truths;
  if (truths !== undefined && !(Array.isArray(truths) && (nDim === undefined || truths.length === nDim) && truths.every((t) => typeof t === 'number'))) {
    problem(`truths must be ${nDimText} numbers (nDim); got ${JSON.stringify(truths)}`, 'Give one value per parameter, or leave truths out.');
  }
  const options = checkModelOptions(source.options);
  problems.push(...options.problems);

  if (problems.length > 0 || nDim === undefined) throw CliError.list(`model file ${path}`, problems);
  return {
    path, url, sha256, typescript, nDim, priorTransform,
    logLikelihood: source.logLikelihood as LogLikelihood,
    parameterNames: (parameterNames as string[] | undefined) ?? defaultParameterNames(nDim),
    parameterLabels: (parameterLabels as string[] | undefined) ?? (parameterNames as string[] | undefined) ?? defaultParameterNames(nDim),
    periodic,
    reflective,
    vectorize: vectorize as boolean,
    logLikelihoodArgs: args as unknown[] | undefined,
    options: options.options,
    truths: truths as number[] | undefined,
  };
}

/**
 * Calls the prior transform at the centre of the cube: a wrong length fails here, before any run.
 * @returns the problem, or undefined when it returns nDim values
 */
function checkPriorTransform(priorTransform: PriorTransform, nDim: number): string | undefined {
  let x: ArrayLike<number>;
  try {
    x = priorTransform(new Float64Array(nDim).fill(0.5));
  } catch (cause) {
    return `priorTransform threw at the centre of the unit cube: ${cause instanceof Error ? cause.message : String(cause)}. It must map any u in [0, 1]^nDim to parameters.`;
  }
  const length = x !== null && typeof x === 'object' && typeof x.length === 'number' ? x.length : undefined;
  if (length === nDim) return undefined;
  return `priorTransform returns ${length === undefined ? `a ${typeof x}` : `${length} values`} but nDim is ${nDim}. Make nDim the number of parameters and priorTransform return that many (got ${length ?? 'no array'} at u = 0.5).`;
}
