import { sha256Hex } from '#sha256-hex';

/** One function of a bundle: its source and the captured names it binds. */
export interface ShippedFunctionRecord {
  /** Source text of a function expression or arrow function. */
  readonly source: string;
  /** The captured names it uses, bound from the bundle's scope. */
  readonly names: readonly string[];
  /** Tool-injected helpers the receiver defines itself (see `RECEIVER_HELPERS`), e.g. `__name`. */
  readonly helpers: readonly string[];
  /** {@link functionHash} of source, names and helpers: the receiver's cache key. */
  readonly hash: string;
  /** The original's `name`, restored for stack traces. */
  readonly name: string;
}

/**
 * The payload of a `code` envelope: the shipped function (first), every function it captures, and
 * the captured values they share. Functions inside captured values appear as
 * `{ [FUNCTION_SLOT]: index }`.
 */
export interface FunctionBundle {
  readonly functions: readonly ShippedFunctionRecord[];
  readonly scope: Readonly<Record<string, unknown>>;
}

/** The key of the placeholder that stands for a shipped function inside captured data. */
export const FUNCTION_SLOT = '\u0000tempest.function';

/** At most this many functions in one bundle; a cap on what a malformed payload can ask for. */
export const MAX_BUNDLE_FUNCTIONS = 10_000;

/**
 * The cache key of a shipped function: SHA-256 of the names and helpers it binds and its source.
 * @param source - the function's source text
 * @param names - captured names, in binding order
 * @param helpers - receiver-defined helpers it uses
 * @returns 64 hexadecimal digits
 */
export function functionHash(source: string, names: readonly string[], helpers: readonly string[]): string {
  return sha256Hex(`${names.join(',')}\n${helpers.join(',')}\n${source}`);
}
