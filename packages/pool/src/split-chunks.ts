/**
 * Splits `n` tasks into contiguous chunks of nearly equal size (sizes differ by at most one).
 * @param n - number of tasks
 * @param chunks - number of chunks wanted; capped at `n`
 * @returns `[start, end)` ranges in task order, none empty
 */
export function splitChunks(n: number, chunks: number): [number, number][] {
  const k = Math.max(1, Math.min(n, Math.floor(chunks)));
  const out: [number, number][] = [];
  if (n === 0) return out;
  const base = Math.floor(n / k);
  const extra = n % k;
  let start = 0;
  for (let c = 0; c < k; c++) {
    const end = start + base + (c < extra ? 1 : 0);
    out.push([start, end]);
    start = end;
  }
  return out;
}
