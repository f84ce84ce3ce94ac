/** A measured parallel efficiency. */
export interface EfficiencyPoint {
  readonly workers: number;
  /** Ideal time (serial work / workers) over wall time. */
  readonly efficiency: number;
}

/**
 * Fits Amdahl's law to parallel efficiencies: with a serial fraction s of the one-worker time,
 * the speedup on W workers is 1 / (s + (1 - s) / W), so the efficiency E = speedup / W satisfies
 * 1/E - 1 = s (W - 1). The least-squares slope of 1/E - 1 against W - 1 through the origin.
 * @param points - efficiencies at several worker counts
 * @returns the serial fraction s (NaN without a point at W > 1)
 */
export function amdahlSerialFraction(points: readonly EfficiencyPoint[]): number {
  let sxy = 0;
  let sxx = 0;
  for (const { workers, efficiency } of points) {
    const x = workers - 1;
    sxy += x * (1 / efficiency - 1);
    sxx += x * x;
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

/**
 * The efficiency Amdahl's law predicts.
 * @param serialFraction - s
 * @param workers - W
 * @returns 1 / (s (W - 1) + 1)
 */
export function amdahlEfficiency(serialFraction: number, workers: number): number {
  return 1 / (serialFraction * (workers - 1) + 1);
}
