import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes all but the newest `keep` numbered state files of a run (`<label>_<iteration>.state`
 * in `folder`, newest by iteration), so that `saveEvery` does not fill a disk with one file per
 * checkpoint. The final file (`<label>_final.state`) and every other name are left alone.
 * @param folder - the output folder
 * @param label - the run's `outputLabel`
 * @param keep - how many to keep (Infinity keeps all)
 * @returns the paths removed
 */
export function pruneNumberedStates(folder: string, label: string, keep: number): string[] {
  if (keep === Infinity) return [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const prefix = `${label}_`;
  const numbered = names
    .filter((name) => name.startsWith(prefix) && name.endsWith('.state') && /^\d+$/.test(name.slice(prefix.length, -'.state'.length)))
    .map((name) => ({ name, iteration: Number(name.slice(prefix.length, -'.state'.length)) }))
    .sort((a, b) => b.iteration - a.iteration);
  const removed: string[] = [];
  for (const { name } of numbered.slice(keep)) {
    rmSync(join(folder, name), { force: true });
    removed.push(join(folder, name));
  }
  return removed;
}
