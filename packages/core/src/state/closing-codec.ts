import { currentClosing, type ClosingSample } from '../run/closing-draw.js';
import type { ClimbSearch } from '../run/closing-climbs.js';
import type { RunState } from '../run/run-state.js';
import { decodeBlobs, encodeBlobs } from './blob-codec.js';

/**
 * A run's closing sample (`closingDraws`) in a state file: the draws inside the cube
 * (`closing.u`, `closing.x`, `closing.logl`, `closing.logq`), the mixture's density at every
 * history particle (`closing.historyLogq`), the shares of the fit's modes (`closing.modeShares`)
 * and the chance of each that a twin of it was lost (`closing.modeLoss`; older files lack it, and
 * the chances are then taken as 1, the allowance before it was measured),
 * the estimate (`closing.figures`: draws, log Z, error, ESS, k-hat), the orphan regions drawn
 * from, the draws made there and the regions' share of the posterior by the draws and by the
 * history (`closing.orphans`, four values; older files hold the first two, or none, meaning no
 * regions, and their shares are then unknown), the search for modes the mixture lacked
 * (`closing.climbs`: candidates, tested, valleys, climbs, complete, calls, then the edge particles
 * tested, turned and climbed from; older files hold the first six, or none), and the
 * draws' blobs, if any (`closing.blobs`, V8-serialised like the history's).
 * Only a current sample is written; files without one have none of these arrays.
 */
const FIGURES = ['draws', 'logz', 'logzErr', 'ess', 'paretoShape'] as const;

/**
 * The arrays of a run's current closing sample.
 * @param state - the run
 * @returns the arrays to add to the file (none without a current sample)
 */
export function closingToFile(state: RunState): Record<string, Float64Array | Uint8Array> {
  const c = currentClosing(state);
  if (c === undefined) return {};
  const e = c.estimate;
  const arrays: Record<string, Float64Array | Uint8Array> = {
    'closing.u': c.u, 'closing.x': c.x, 'closing.logl': c.logl, 'closing.logq': c.logq, 'closing.historyLogq': c.historyLogq,
    'closing.modeShares': c.modeShares,
    'closing.modeLoss': c.modeLossChances,
    'closing.figures': Float64Array.of(e.draws, e.logz, e.logzErr, e.ess, e.paretoShape),
    'closing.orphans': Float64Array.of(c.orphanRegions, c.orphanDraws, c.orphanShares.draws, c.orphanShares.history),
  };
  if (c.climbs !== undefined) {
    const k = c.climbs;
    const edges = k.edgeTests === undefined ? [] : [k.edgeTests, k.edgeTurns ?? 0, k.edgeClimbs ?? 0];
    arrays['closing.climbs'] = Float64Array.of(k.candidates, k.tested, k.valleys, k.climbs, k.complete ? 1 : 0, k.calls, ...edges);
  }
  if (c.truncatedDensities !== undefined) arrays['closing.truncated'] = Float64Array.of(c.truncatedDensities);
  // One array however many: a closing sample is a few thousand draws.
  if (c.blobs !== undefined) arrays['closing.blobs'] = encodeBlobs(c.blobs, Math.max(1, c.blobs.length))[0];
  return arrays;
}

/**
 * Reads a closing sample back, trusting nothing: all arrays or none, lengths that fit the
 * dimension and the history, points in the cube, finite densities where there are draws.
 * @param arrays - the file's arrays
 * @param d - dimension
 * @param historyLength - particles in the file's history
 * @param source - the file's name, for messages
 * @returns the sample (undefined for a file without one), or the problems found
 */
export function closingFromFile(
  arrays: Record<string, unknown>, d: number, historyLength: number, source: string,
): { value?: ClosingSample; problems: { field: string; message: string }[] } {
  const names = ['u', 'x', 'logl', 'logq', 'historyLogq', 'modeShares', 'figures'] as const;
  const found = names.map((n) => arrays[`closing.${n}`]);
  if (found.every((a) => a === undefined) && arrays['closing.blobs'] === undefined) return { problems: [] };
  const problems: { field: string; message: string }[] = [];
  const [u, x, logl, logq, historyLogq, modeShares, figures] = found as Float64Array[];
  names.forEach((n, k) => {
    if (!(found[k] instanceof Float64Array)) problems.push({ field: `closing.${n}`, message: 'a closing sample needs this float64 array' });
  });
  if (problems.length > 0) return { problems };
  const m = logl.length;
  const expect = (field: string, a: Float64Array, length: number, what: string) => {
    if (a.length !== length) problems.push({ field, message: `it holds ${a.length} values; it must hold ${length} (${what})` });
  };
  expect('closing.u', u, m * d, `${m} draws x nDim ${d}`);
  expect('closing.x', x, m * d, `${m} draws x nDim ${d}`);
  expect('closing.logq', logq, m, 'one per draw');
  expect('closing.historyLogq', historyLogq, historyLength, 'one per history particle');
  expect('closing.figures', figures, FIGURES.length, FIGURES.join(', '));
  if (problems.length > 0) return { problems };
  const [draws, logz, logzErr, ess, paretoShape] = figures;
  if (!(Number.isInteger(draws) && draws >= m)) problems.push({ field: 'closing.figures', message: `draws is ${draws}; it must be a whole number of at least the ${m} draws stored` });
  if (u.some((v) => !(v >= 0 && v <= 1))) problems.push({ field: 'closing.u', message: 'every value must be in [0, 1]' });
  if (logl.some(Number.isNaN)) problems.push({ field: 'closing.logl', message: 'NaN is not a log-likelihood' });
  if (logq.some((v) => !Number.isFinite(v))) problems.push({ field: 'closing.logq', message: 'every draw\'s density must be finite' });
  const shareSum = modeShares.reduce((a, v) => a + v, 0);
  if (modeShares.length === 0 || modeShares.some((v) => !(v >= 0 && v <= 1 + 1e-9)) || !(Math.abs(shareSum - 1) < 1e-6)) {
    problems.push({ field: 'closing.modeShares', message: `it must hold at least one share, each in [0, 1], summing to 1 (they sum to ${shareSum})` });
  }
  if (historyLogq.some((v) => Number.isNaN(v) || v === Infinity)) problems.push({ field: 'closing.historyLogq', message: 'every value must be finite or -Infinity' });
  if (Number.isNaN(logz) || Number.isNaN(logzErr) || Number.isNaN(ess)) problems.push({ field: 'closing.figures', message: 'log Z, its error and the ESS must be numbers' });
  let modeLossChances: Float64Array = new Float64Array(modeShares.length).fill(1);
  const modeLoss = arrays['closing.modeLoss'];
  if (modeLoss !== undefined) {
    if (!(modeLoss instanceof Float64Array) || modeLoss.length !== modeShares.length || modeLoss.some((v) => !(v >= 0 && v <= 1))) {
      problems.push({ field: 'closing.modeLoss', message: `it must be a float64 array of ${modeShares.length} chances (one per mode share), each in [0, 1]` });
    } else modeLossChances = modeLoss;
  }
  let orphanRegions = 0;
  let orphanDraws = 0;
  // Files from before the shares were kept: none where there were no regions, unknown otherwise.
  let orphanShares = { draws: 0, history: 0 };
  const orphans = arrays['closing.orphans'];
  if (orphans !== undefined) {
    const whole = (v: number) => Number.isInteger(v) && v >= 0;
    const share = (v: number) => v >= 0 && v <= 1 + 1e-9;
    if (!(orphans instanceof Float64Array) || !(orphans.length === 2 || (orphans.length === 4 && share(orphans[2]) && share(orphans[3]))) || !whole(orphans[0]) || !whole(orphans[1]) || orphans[1] > figures[0]) {
      problems.push({ field: 'closing.orphans', message: 'it must be a float64 array of two whole numbers of at least 0 (regions, and draws made there, at most the draws), then the regions\' shares of the draws\' and of the history\'s posterior, each in [0, 1]' });
    } else {
      [orphanRegions, orphanDraws] = orphans;
      orphanShares = orphans.length === 4 ? { draws: orphans[2], history: orphans[3] } : orphanRegions === 0 ? orphanShares : { draws: Number.NaN, history: Number.NaN };
    }
  }
  let climbs: ClimbSearch | undefined;
  const climbed = arrays['closing.climbs'];
  if (climbed !== undefined) {
    const whole = (v: number) => Number.isInteger(v) && v >= 0;
    if (!(climbed instanceof Float64Array) || (climbed.length !== 6 && climbed.length !== 9) || !climbed.every(whole) || climbed[4] > 1 || climbed[1] > climbed[0] || climbed[2] > climbed[1]
      || (climbed.length === 9 && (climbed[7] > climbed[6] || climbed[8] > climbed[7]))) {
      problems.push({ field: 'closing.climbs', message: 'it must be a float64 array of six or nine whole numbers: candidates, tested (at most the candidates), valleys (at most the tested), climbs, 1 or 0 for a complete search, calls, then edge particles tested, turned (at most the tested) and climbed from (at most the turned)' });
    } else {
      const edges = climbed.length === 9 ? { edgeTests: climbed[6], edgeTurns: climbed[7], edgeClimbs: climbed[8] } : {};
      climbs = { candidates: climbed[0], tested: climbed[1], valleys: climbed[2], climbs: climbed[3], complete: climbed[4] === 1, calls: climbed[5], ...edges };
    }
  }
  let truncatedDensities: number | undefined;
  const truncated = arrays['closing.truncated'];
  if (truncated !== undefined) {
    if (!(truncated instanceof Float64Array) || truncated.length !== 1 || !(Number.isInteger(truncated[0]) && truncated[0] > 0)) {
      problems.push({ field: 'closing.truncated', message: 'it must be a float64 array of one whole number above 0 (points whose proposal density was truncated)' });
    } else truncatedDensities = truncated[0];
  }
  let blobs: unknown[] | undefined;
  const packed = arrays['closing.blobs'];
  if (packed !== undefined) {
    if (!(packed instanceof Uint8Array)) problems.push({ field: 'closing.blobs', message: 'it must be a byte array' });
    else {
      blobs = decodeBlobs([packed], source);
      if (blobs.length !== m) problems.push({ field: 'closing.blobs', message: `it holds ${blobs.length} blobs for ${m} draws` });
    }
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    value: { u, x, logl, logq, historyLogq, modeShares, modeLossChances, orphanRegions, orphanDraws, orphanShares, ...(climbs === undefined ? {} : { climbs }), ...(blobs === undefined ? {} : { blobs }), ...(truncatedDensities === undefined ? {} : { truncatedDensities }), estimate: { logz, logzErr, ess, paretoShape, draws } },
  };
}
