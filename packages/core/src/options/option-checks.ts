import type { OptionContext } from './option-spec.js';

/** A positive integer. */
export const isPositiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** A finite positive number. */
export const isPositiveFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** `true` or `false`. */
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

/** A value as a message shows it: strings quoted, functions as "a function", arrays element by element. */
export const show = (v: unknown): string => {
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  return String(v);
};

/**
 * A check of one condition: when `valid(value)` fails, the problem is
 * `<name> must be <what>; got <value>. <hint>`.
 * @param what - the valid values in words, e.g. `'a positive integer'`
 * @param valid - the condition
 * @param hint - what to do, appended to the problem
 * @returns the check of an option table row
 * @example
 * ```ts
 * mustBe('a positive number', isPositiveFinite, 'The default is 2.')(-1, context);
 * // 'essRatio must be a positive number; got -1. The default is 3.'
 * ```
 */
export function mustBe(what: string, valid: (value: unknown) => boolean, hint?: string): (value: unknown, context: OptionContext) => string | undefined {
  return (value, { name }) => (valid(value) ? undefined : `${name} must be ${what}; got ${show(value)}.${hint === undefined ? '' : ` ${hint}`}`);
}

/**
 * A check that a value is one of a few names: the problem is `<name> must be 'a' or 'b'; got <value>.`
 * @param names - the names accepted
 * @returns the check of an option table row
 */
export function oneOf(names: readonly string[]): (value: unknown, context: OptionContext) => string | undefined {
  return mustBe(names.map((n) => `'${n}'`).join(' or '), (value) => names.includes(value as string));
}

/**
 * A check of an extension point: a built-in's name or an object the registry accepts; the
 * problem is the names' one (see {@link oneOf}) followed by how to write one's own.
 * @param names - the built-in names
 * @param resolve - the registry's resolver (undefined for a value it refuses)
 * @param ownHint - what an object of one's own must implement
 * @returns the check of an option table row
 */
export function nameOrObject(names: readonly string[], resolve: (value: unknown) => unknown, ownHint: string): (value: unknown, context: OptionContext) => string | undefined {
  const named = oneOf(names);
  return (value, context) => (resolve(value) === undefined ? `${named(value, context)} ${ownHint}` : undefined);
}
