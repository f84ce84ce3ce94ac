/**
 * Optimal string alignment distance (Levenshtein with adjacent transpositions): how many
 * single-character edits turn one name into the other.
 * @param a - a name
 * @param b - another name
 * @returns the number of edits
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1];
}

/**
 * The candidates a misspelt name was probably meant to be: those equal to it ignoring case, or
 * within a few edits, closest first.
 * @param name - the name as written
 * @param candidates - the names that exist
 * @param maxDistance - the most edits allowed (default: one per three characters, at least one)
 * @returns the likely intended names (empty when none is close)
 * @example
 * ```ts
 * similarNames('logLikelyhood', ['nDim', 'logLikelihood']); // ['logLikelihood']
 * ```
 */
export function similarNames(name: string, candidates: Iterable<string>, maxDistance = Math.max(1, Math.floor(name.length / 3))): string[] {
  const limit = maxDistance;
  const scored: [string, number][] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(candidate, name);
    if (distance <= limit) scored.push([candidate, distance]);
  }
  return scored.sort((x, y) => x[1] - y[1]).map(([candidate]) => candidate);
}

/**
 * A hint to append to a message, such as ` (did you mean logLikelihood?)`.
 * @param name - the name as written
 * @param candidates - the names that exist
 * @returns the hint with a leading space, or '' when nothing is close
 */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const similar = similarNames(name, candidates);
  return similar.length === 0 ? '' : ` (did you mean ${similar.slice(0, 3).join(' or ')}?)`;
}
