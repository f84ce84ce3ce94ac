// A model module served as is (Vite copies public/ unchanged), for a likelihood shipped to the Web
// Workers by module URL: `functionReference(location.href, './models/gaussian-3d.js', 'logLikelihood')`.
// The same 3-D Gaussian as the page's example: unit variance around (1, -1, 0.5), normalised, so
// that with the prior U(-10, 10)^3 log Z = -3 ln 20 = -8.98720.
const MU = [1, -1, 0.5];

export function logLikelihood(x) {
  let q = 0;
  for (let j = 0; j < 3; j++) q += (x[j] - MU[j]) ** 2;
  // [log L, blob]: the distance to the mean rides along (state files keep it)
  return [-0.5 * q - 1.5 * Math.log(2 * Math.PI), { r: Math.sqrt(q) }];
}
