import type { Posterior } from '@tempest/core';

/**
 * The weighted posterior samples as the command line's samples.csv writes them: one column per
 * parameter, then `weight` and `logl`; numbers in JavaScript's shortest round-trip form.
 * @param posterior - the sampler's posterior
 * @param names - parameter names
 * @returns the CSV text
 */
export function samplesCsv(posterior: Posterior, names: readonly string[]): string {
  const { samples, weights, logl } = posterior;
  const d = names.length;
  const lines = [[...names, 'weight', 'logl'].join(',')];
  for (let i = 0; i < weights.length; i++) {
    const row: string[] = [];
    for (let j = 0; j < d; j++) row.push(String(samples.data[i * d + j]));
    row.push(String(weights[i]), String(logl[i]));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Offers bytes or text to the user as a file download.
 * @param name - the file's name
 * @param content - its bytes or text
 * @param type - its MIME type
 */
export function download(name: string, content: Uint8Array | string, type: string): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
