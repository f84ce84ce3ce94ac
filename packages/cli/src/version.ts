import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The version of @tempest/cli, read from its package.json (one folder above both `src/` and
 * `dist/`, so source and built runs agree).
 * @returns e.g. `0.1.0`
 */
export function cliVersion(): string {
  if (cached === undefined) {
    const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    cached = (JSON.parse(text) as { version: string }).version;
  }
  return cached;
}
