// The page's example models: prior transform and log-likelihood as source text (the page compiles
// what the user edits), with the exact log Z where it is known.

/** An example model. */
export interface ExampleModel {
  /** Shown in the picker. */
  readonly title: string;
  /** Parameters. */
  readonly nDim: number;
  /** Parameter names, comma-separated in the page. */
  readonly names: readonly string[];
  /** Source of the prior transform: a function of the unit-cube point u. */
  readonly prior: string;
  /** Source of the log-likelihood: a function of the parameters x returning log L (or [log L, blob]), self-contained (it is shipped to Web Workers). */
  readonly likelihood: string;
  /** The exact log Z, when known. */
  readonly exactLogZ?: number;
  /** A module served beside the page that exports the same `logLikelihood`, for shipping by URL. */
  readonly module?: string;
}

export const EXAMPLES: Readonly<Record<string, ExampleModel>> = {
  'gaussian-3d': {
    title: '3-D Gaussian (exact log Z)',
    nDim: 3,
    names: ['a', 'b', 'c'],
    prior: '(u) => u.map((v) => 20 * v - 10)',
    likelihood: `(x) => {
  // unit variance around (1, -1, 0.5), normalised: Z = (1/20)^3
  const mu = [1, -1, 0.5];
  let q = 0;
  for (let j = 0; j < 3; j++) q += (x[j] - mu[j]) ** 2;
  // [log L, blob]: the distance to the mean rides along (state files keep it)
  return [-0.5 * q - 1.5 * Math.log(2 * Math.PI), { r: Math.sqrt(q) }];
}`,
    exactLogZ: -3 * Math.log(20),
    module: './models/gaussian-3d.js',
  },
  'two-modes': {
    title: 'Two unequal modes, 2-D (exact log Z)',
    nDim: 2,
    names: ['x', 'y'],
    prior: '(u) => u.map((v) => 16 * v - 8)',
    likelihood: `(x) => {
  // weights 0.3 and 0.7 at (3, 3) and (-3, -3), width 0.5: Z = (pi / 2) / 256
  let a = 0;
  let b = 0;
  for (let j = 0; j < 2; j++) {
    a += (x[j] - 3) ** 2;
    b += (x[j] + 3) ** 2;
  }
  return Math.log(0.3 * Math.exp(-0.5 * a / 0.25) + 0.7 * Math.exp(-0.5 * b / 0.25));
}`,
    exactLogZ: Math.log(Math.PI / 2) - Math.log(256),
  },
  rosenbrock: {
    title: 'Rosenbrock banana, 2-D',
    nDim: 2,
    names: ['x', 'y'],
    prior: '(u) => u.map((v) => 10 * v - 5)',
    likelihood: '(x) => -0.5 * ((1 - x[0]) ** 2 + 100 * (x[1] - x[0] * x[0]) ** 2)',
    exactLogZ: -5.185,
  },
};
