// Parameter names are identifiers: column headers of samples.csv, keys of summary.json, rows of
// the summary table. Labels are what the plots draw (TeX allowed). Keeping them apart stops a TeX
// name from leaking into files, and a name such as `weight` from silently doubling a column.

/** Column names samples.csv uses besides the parameters: no parameter may take one. */
export const RESERVED_COLUMNS = ['weight', 'logl', 'blob'] as const;

/**
 * The default names of `nDim` parameters.
 * @param nDim - number of parameters
 * @returns `x0`, `x1`, …
 */
export function defaultParameterNames(nDim: number): string[] {
  return Array.from({ length: nDim }, (_, i) => `x${i}`);
}

/**
 * Every problem with a list of parameter names: its length, empty or duplicate names, the
 * reserved column names (`weight`, `logl`, `blob`) and TeX (which belongs in labels).
 * @param names - the names as given
 * @param nDim - number of parameters (undefined when unknown: the length is not checked)
 * @param what - how the caller names the list, e.g. `parameterNames`
 * @returns one sentence per problem, naming the value and the fix (empty when all is well)
 * @example
 * ```ts
 * parameterNameProblems(['a', 'weight'], 2); // ['parameterNames[1] is "weight", which samples.csv uses for …']
 * ```
 */
export function parameterNameProblems(names: unknown, nDim: number | undefined, what = 'parameterNames'): string[] {
  const count = nDim === undefined ? 'one' : `${nDim}`;
  if (!Array.isArray(names) || (nDim !== undefined && names.length !== nDim) || !names.every((n) => typeof n === 'string' && n.trim() !== '')) {
    return [`${what} must be ${count === 'one' ? 'an array of' : count} non-empty strings (one per parameter); got ${JSON.stringify(names)}. Give one name per parameter, or leave ${what} out (default x0, x1, …).`];
  }
  const problems: string[] = [];
  names.forEach((name: string, i) => {
    if ((RESERVED_COLUMNS as readonly string[]).includes(name.trim().toLowerCase())) {
      problems.push(`${what}[${i}] is ${JSON.stringify(name)}, which samples.csv uses for its own column (${RESERVED_COLUMNS.join(', ')} are reserved). Rename the parameter, e.g. ${JSON.stringify(`${name}_`)} or a more telling name.`);
    }
    if (name.includes('$') || name.includes('\\')) {
      const plain = name.replace(/\\([A-Za-z]+)/g, '$1').replace(/[${}\\^]/g, '').trim();
      problems.push(`${what}[${i}] is ${JSON.stringify(name)}, which looks like TeX; names are identifiers for files and tables. Give the TeX as parameterLabels[${i}] (the plots draw labels) and a plain name here, e.g. ${JSON.stringify(plain === '' ? `x${i}` : plain)}.`);
    }
    const first = names.indexOf(name);
    if (first !== i) problems.push(`${what}[${i}] repeats ${JSON.stringify(name)} (also ${what}[${first}]); every parameter needs its own name.`);
  });
  return problems;
}

/**
 * Every problem with a list of parameter labels (TeX allowed): one non-empty string per parameter.
 * @param labels - the labels as given
 * @param nDim - number of parameters (undefined when unknown)
 * @param what - how the caller names the list
 * @returns one sentence per problem (empty when all is well)
 */
export function parameterLabelProblems(labels: unknown, nDim: number | undefined, what = 'parameterLabels'): string[] {
  if (Array.isArray(labels) && (nDim === undefined || labels.length === nDim) && labels.every((l) => typeof l === 'string' && l.trim() !== '')) return [];
  return [`${what} must be ${nDim === undefined ? 'an array of' : nDim} non-empty strings (one per parameter, TeX such as "$\\\\alpha$" allowed); got ${JSON.stringify(labels)}. Give one label per parameter, or leave ${what} out (default: the names).`];
}
