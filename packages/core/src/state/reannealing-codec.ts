import type { ProposalComponent } from '../kernels/proposal-component.js';
import type { FirstPass, Reannealing } from '../run/reanneal.js';
import type { ConvergenceCheck } from '../read-outs/convergence.js';

/**
 * The second pass of a re-annealed run in a state file: `reanneal.guide` holds, per component of
 * the first pass's posterior (and of each region its closing sample found that its anneal lacked),
 * its mass, degrees of freedom, mean, scale matrix and Cholesky factor (2 + d + 2d² float64 values), `reanneal.firstPass` the first pass's log Z, error, calls and
 * iterations, and the header's `firstPassChecks` that pass's verdict checks (name, passed, tested,
 * statistic, detail). Files of runs that annealed once have none of them.
 */
const FIRST_PASS_FIELDS = ['logz', 'logzErr', 'calls', 'iterations'] as const;
// A first pass that failed its orphans check had drawn its closing sample, whose checks it holds too.
const CHECK_NAMES: readonly string[] = ['equilibrium', 'stationarity', 'anneal', 'closing', 'orphans', 'priorSupport'];

/** Values per guide component in `reanneal.guide`. */
function componentWidth(d: number): number {
  return 2 + d + 2 * d * d;
}

/**
 * Adds a run's re-annealing to a state file's arrays and header.
 * @param reannealing - the state's `reannealing`
 * @param d - dimension
 * @returns the arrays and the header field to add
 */
export function reannealingToFile(reannealing: Reannealing, d: number): { arrays: Record<string, Float64Array>; meta: Record<string, unknown> } {
  const { guide, firstPass } = reannealing;
  const width = componentWidth(d);
  const packed = new Float64Array(guide.components.length * width);
  guide.components.forEach((c, k) => {
    const o = k * width;
    packed[o] = guide.masses[k];
    packed[o + 1] = c.dof;
    packed.set(c.mean, o + 2);
    packed.set(c.covariance, o + 2 + d);
    packed.set(c.chol, o + 2 + d + d * d);
  });
  return {
    arrays: { 'reanneal.guide': packed, 'reanneal.firstPass': Float64Array.from(FIRST_PASS_FIELDS, (f) => firstPass[f]) },
    meta: { firstPassChecks: firstPass.checks.map(({ name, passed, tested, statistic, detail }) => ({ name, passed, tested, statistic, detail })) },
  };
}

/**
 * Reads a run's re-annealing back, trusting nothing: both arrays or neither, whole components,
 * finite values, positive masses and degrees of freedom, counts that are whole numbers.
 * @param arrays - the file's arrays
 * @param meta - the file's header
 * @param d - dimension
 * @returns the re-annealing (undefined for a run that annealed once), or the problems found
 */
export function reannealingFromFile(
  arrays: Record<string, unknown>, meta: Record<string, unknown>, d: number,
): { value?: Reannealing; problems: { field: string; message: string }[] } {
  const packed = arrays['reanneal.guide'];
  const figures = arrays['reanneal.firstPass'];
  if (packed === undefined && figures === undefined) return { problems: [] };
  const problems: { field: string; message: string }[] = [];
  const width = componentWidth(d);
  if (!(packed instanceof Float64Array) || packed.length === 0 || packed.length % width !== 0) {
    problems.push({ field: 'reanneal.guide', message: `it must hold whole components of ${width} float64 values for nDim ${d}` });
  }
  if (!(figures instanceof Float64Array) || figures.length !== FIRST_PASS_FIELDS.length) {
    problems.push({ field: 'reanneal.firstPass', message: `it must hold ${FIRST_PASS_FIELDS.length} float64 values (${FIRST_PASS_FIELDS.join(', ')})` });
  }
  const checks = meta.firstPassChecks;
  const isCheck = (c: unknown): c is ConvergenceCheck => {
    const k = c as Record<string, unknown> | null;
    return typeof k === 'object' && k !== null && CHECK_NAMES.includes(k.name as string) && typeof k.passed === 'boolean' && typeof k.tested === 'boolean'
      && typeof k.statistic === 'number' && typeof k.detail === 'string';
  };
  if (!(Array.isArray(checks) && checks.length > 0 && checks.every(isCheck) && checks.some((c) => c.name === 'anneal'))) {
    problems.push({ field: 'firstPassChecks', message: 'the header must list the first pass\'s checks (name, passed, tested, statistic, detail), its anneal check among them' });
  }
  if (problems.length > 0) return { problems };
  const g = packed as Float64Array;
  const f = figures as Float64Array;
  const components: ProposalComponent[] = [];
  const masses = new Float64Array(g.length / width);
  for (let k = 0; k < masses.length; k++) {
    const o = k * width;
    const [mass, dof] = [g[o], g[o + 1]];
    const rest = g.subarray(o + 2, o + width);
    if (!(mass >= 0 && mass <= 1) || !(dof > 0) || !rest.every(Number.isFinite)) {
      problems.push({ field: `reanneal.guide[${k}]`, message: `component ${k} has mass ${mass}, dof ${dof} or a value that is not finite` });
      continue;
    }
    masses[k] = mass;
    components.push({ dof, mean: g.slice(o + 2, o + 2 + d), covariance: g.slice(o + 2 + d, o + 2 + d + d * d), chol: g.slice(o + 2 + d + d * d, o + width) });
  }
  const [logz, logzErr, calls, iterations] = f;
  if (!Number.isFinite(logz) || !(logzErr >= 0) || !(Number.isSafeInteger(calls) && calls >= 0) || !(Number.isSafeInteger(iterations) && iterations >= 1)) {
    problems.push({ field: 'reanneal.firstPass', message: `the first pass's figures are not a run's (log Z ${logz}, error ${logzErr}, calls ${calls}, iterations ${iterations})` });
  }
  if (problems.length > 0) return { problems };
  const firstPass: FirstPass = { logz, logzErr, calls, iterations, checks: (checks as ConvergenceCheck[]).map(({ name, passed, tested, statistic, detail }) => ({ name, passed, tested, statistic, detail })) };
  return { value: { guide: { components, masses }, firstPass }, problems };
}
