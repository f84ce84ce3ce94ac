import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** A numbered state file of a run. */
export interface NumberedState {
  /** Its path. */
  path: string;
  /** The iteration it holds (the number in its name). */
  iteration: number;
}

/**
 * The numbered state files of a run (`<label>_<iteration>.state` in `folder`), newest first by
 * iteration (not by name). Other names (`_final`, `_interrupted`, other labels, temporaries) are
 * not listed.
 * @param folder - the output folder
 * @param label - the run's `outputLabel`
 * @returns paths and iterations, newest first; empty when the folder cannot be read
 */
export function numberedStates(folder: string, label: string): NumberedState[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const prefix = `${label}_`;
  return names
    .filter((name) => name.startsWith(prefix) && name.endsWith('.state') && /^\d+$/.test(name.slice(prefix.length, -'.state'.length)))
    .map((name) => ({ path: join(folder, name), iteration: Number(name.slice(prefix.length, -'.state'.length)) }))
    .sort((a, b) => b.iteration - a.iteration);
}

/**
 * Removes all but the newest `keep` numbered state files of a run ({@link numberedStates}), so
 * that `saveEvery` does not fill a disk with one file per checkpoint. The final file
 * (`<label>_final.state`) and every other name are left alone.
 * @param folder - the output folder
 * @param label - the run's `outputLabel`
 * @param keep - how many to keep (Infinity keeps all)
 * @returns the paths removed
 */
export function pruneNumberedStates(folder: string, label: string, keep: number): string[] {
  if (keep === Infinity) return [];
  const removed = numberedStates(folder, label).slice(keep).map((s) => s.path);
  for (const path of removed) rmSync(path, { force: true });
  return removed;
}
