/**
 * Why a function cannot be shipped by value. Each reason has its own remedy in the error message.
 *
 * - `free-variable`: uses a name that is neither captured nor a global of a fresh worker
 * - `global-property`: reads a property of `globalThis` (or `global`) that a fresh worker does not
 *   have, such as one this process set (`globalThis.scale = 2`)
 * - `transpiler-helper`: uses a helper or import alias that a compiler, bundler or coverage tool injected
 * - `this`, `super`, `arguments`, `new-target`, `import-meta`: refers to its defining context
 * - `eval`: calls `eval` directly, which can reach any variable by name
 * - `native`, `bound`, `class`, `method`: is not a standalone function expression the receiver can compile
 * - `not-strict`: uses syntax that strict mode forbids
 * - `unreadable`: its source text cannot be read or parsed
 * - `uncloneable`: a captured value cannot be copied to another thread or process
 */
export type RefusalReason =
  | 'free-variable'
  | 'global-property'
  | 'transpiler-helper'
  | 'this'
  | 'super'
  | 'arguments'
  | 'new-target'
  | 'import-meta'
  | 'eval'
  | 'native'
  | 'bound'
  | 'class'
  | 'method'
  | 'not-strict'
  | 'unreadable'
  | 'uncloneable';

/** One reason a function cannot be shipped, as listed on an `UNSHIPPABLE_FUNCTION` error. */
export interface Refusal {
  /** What kind of problem it is. */
  readonly reason: RefusalReason;
  /** Which function or captured value it concerns, e.g. "function `logLikelihood`" or "captures.model.f". */
  readonly subject: string;
  /** The identifier concerned, for free variables, helpers and global properties. */
  readonly name?: string;
  /** The full sentence: what is wrong, where, and what to change. */
  readonly message: string;
  /**
   * For a `free-variable` that capturing by name would fix: the sentence without the remedy, so
   * that a caller with its own way of capturing (the Sampler's `logLikelihoodCaptures`) can give
   * that instead.
   */
  readonly capturable?: string;
}
