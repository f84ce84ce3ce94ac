import { encode, encodeFunction, isFunctionReference, resolveFunction, type FunctionReference, type ShipOptions } from '@tempest/serialize';
import type { PoolFunction, TaskFunction } from './pool.js';
import { TempestError } from './tempest-error.js';

/** Options of {@link shipFunction}. */
export interface ShipFunctionOptions extends ShipOptions {
  /** Extra arguments passed after the task: workers call `fn(task, ...args)`. Must be cloneable. */
  readonly args?: readonly unknown[];
  /**
   * A calling convention: `adapter(fn, args)` returns the function applied to each task. It is
   * shipped by value and must be self-contained (no captures). Without it, tasks are called as
   * `fn(task, ...args)`.
   */
  readonly adapter?: (fn: (...args: any[]) => any, args: readonly unknown[]) => TaskFunction;
}

/** The plain-data form of a shipped function that travels to workers (once per worker). */
export interface ShippedFunctionWire {
  /** Unique id; workers cache the loaded function under it. */
  readonly id: string;
  /** `encodeFunction` envelope: the function by value (`code`) or a reference (`data`). */
  readonly envelope: Uint8Array;
  /** `encode` envelope of the extra arguments. */
  readonly args: Uint8Array;
  /** `encodeFunction` envelope of the adapter, when there is one. */
  readonly adapter?: Uint8Array;
}

/**
 * A function prepared for a pool: checked and encoded once, so every `map` with it sends only
 * tasks (each worker receives the function with its first chunk).
 */
export interface ShippedFunction<T = any, R = unknown> {
  /** Marks the object as a shipped function. */
  readonly kind: 'tempest.shipped-function';
  /** What travels to workers. */
  readonly wire: ShippedFunctionWire;
  /** Whether the function travels by reference (imported by workers) rather than by value. */
  readonly byReference: boolean;
  /**
   * The task function in this process, with arguments and adapter applied (for in-process pools).
   * @returns a function of one task
   */
  local(): Promise<TaskFunction<T, R>>;
}

const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * A random id for a wire: Web Crypto's UUID (Node, and browsers in secure contexts), else 122
 * random bits from `getRandomValues`, which a page served over plain http also has.
 */
function randomId(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === 'function' && (globalThis as { isSecureContext?: boolean }).isSecureContext !== false) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Prepares a function for a pool: encodes it by value with its captures (the dill analogue) or
 * by reference (the pickle analogue), with extra arguments, checking everything before any task
 * is sent. Reuse the result across `map` calls: it is encoded once.
 *
 * @param fn - the function, or a `functionReference(import.meta.url, 'name')`
 * @param options - `captures` (values it uses by name), `allowGlobals`, `args` (extra arguments
 *   after the task), `adapter` (a calling convention)
 * @returns the shipped function, accepted by every pool's `map`
 * @throws {TempestError} UNSHIPPABLE_FUNCTION (from @tempest/serialize) listing every reason the
 *   function cannot work in a fresh worker; UNSUPPORTED_VALUE when `args` cannot be cloned;
 *   INVALID_ARGUMENT for arguments of the wrong type
 * @example
 * ```ts
 * const mu = new Float64Array([1, 2]);
 * const f = shipFunction((x: Float64Array, scale: number) => -0.5 * scale * ((x[0] - mu[0]) ** 2 + (x[1] - mu[1]) ** 2), {
 *   captures: { mu },
 *   args: [2],
 * });
 * const logl = await pool.map(f, points);
 * ```
 */
export function shipFunction<T = any, R = unknown>(
  fn: ((task: T, ...args: any[]) => R | Promise<R>) | FunctionReference,
  options: ShipFunctionOptions = {},
): ShippedFunction<T, R> {
  if (typeof options !== 'object' || options === null) {
    throw new TempestError('INVALID_ARGUMENT', `shipFunction options must be an object; got ${String(options)}.`, { option: 'options', value: options });
  }
  const { args = NO_ARGS, adapter, ...shipOptions } = options;
  if (!Array.isArray(args)) {
    throw new TempestError('INVALID_ARGUMENT', `args must be an array of extra arguments; got ${typeof args}. Pass args: [value1, value2].`, { option: 'args', value: args });
  }
  if (adapter !== undefined && typeof adapter !== 'function') {
    throw new TempestError('INVALID_ARGUMENT', `adapter must be a function (fn, args) => (task) => result; got ${typeof adapter}.`, { option: 'adapter', value: adapter });
  }
  const byReference = isFunctionReference(fn);
  const envelope = byReference ? encodeFunction(fn) : encodeFunction(fn as (...a: never[]) => unknown, shipOptions);
  const wire: ShippedFunctionWire = {
    id: randomId(),
    envelope,
    args: encode(args),
    ...(adapter === undefined ? {} : { adapter: encodeFunction(adapter as (...a: never[]) => unknown) }),
  };
  let localFn: Promise<TaskFunction<T, R>> | undefined;
  return Object.freeze({
    kind: 'tempest.shipped-function' as const,
    wire,
    byReference,
    local: () => {
      localFn ??= (async () => {
        const base = byReference ? await resolveFunction(fn as FunctionReference, ownReference(fn as FunctionReference)) : (fn as (...a: any[]) => any);
        return bindTaskFunction(base, args, adapter) as TaskFunction<T, R>;
      })();
      return localFn;
    },
  });
}

/**
 * Whether a value is a {@link ShippedFunction}.
 * @param value - anything
 * @returns true for the result of `shipFunction`
 */
export function isShippedFunction(value: unknown): value is ShippedFunction {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'tempest.shipped-function';
}

const shippedPlain = new WeakMap<object, ShippedFunction>();
const shippedReferences = new Map<string, ShippedFunction>();

/**
 * Normalises what `map` received into a {@link ShippedFunction}, encoding plain functions (by
 * value, no captures) and references once and caching the result, so repeated `map` calls with the
 * same function do not re-encode it. For pools whose workers live in other threads or processes.
 * @param fn - what `map` received
 * @returns the shipped function
 * @throws {TempestError} INVALID_ARGUMENT when `fn` is none of the accepted kinds;
 *   UNSHIPPABLE_FUNCTION when a plain function cannot be shipped by value
 */
export function toShippedFunction<T, R>(fn: PoolFunction<T, R>): ShippedFunction<T, R> {
  if (isShippedFunction(fn)) return fn as ShippedFunction<T, R>;
  if (isFunctionReference(fn)) {
    const key = `${fn.module}#${fn.export}`;
    let shipped = shippedReferences.get(key);
    if (shipped === undefined) {
      shipped = shipFunction(fn);
      shippedReferences.set(key, shipped);
    }
    return shipped as ShippedFunction<T, R>;
  }
  if (typeof fn !== 'function') throw notAFunction(fn);
  let shipped = shippedPlain.get(fn);
  if (shipped === undefined) {
    shipped = shipFunction(fn);
    shippedPlain.set(fn, shipped);
  }
  return shipped as ShippedFunction<T, R>;
}

/**
 * The task function `map` received, ready to call in this process (for in-process pools): plain
 * functions as they are, references imported (whatever module they name: the caller chose it in
 * this process; but never a code-running built-in), shipped functions with their arguments applied.
 * @param fn - what `map` received
 * @returns a function of one task
 * @throws {TempestError} INVALID_ARGUMENT when `fn` is none of the accepted kinds;
 *   REFERENCE_FAILED (from @tempest/serialize) when a reference cannot be imported
 */
export async function localFunction<T, R>(fn: PoolFunction<T, R>): Promise<TaskFunction<T, R>> {
  if (isShippedFunction(fn)) return (fn as ShippedFunction<T, R>).local();
  if (isFunctionReference(fn)) return resolveFunction<TaskFunction<T, R>>(fn, ownReference(fn));
  if (typeof fn !== 'function') throw notAFunction(fn);
  return fn;
}

/**
 * Refuses a function that would travel by value (or with an adapter, which does) to a pool
 * created with `shipCode: false`, whose workers refuse code: the master's half of that promise
 * (the workers keep the other half themselves).
 * @param shipped - what `map` is about to send
 * @param shipCode - the pool's option
 * @param poolName - the pool's class name, for the message
 * @throws {TempestError} INVALID_ARGUMENT naming the fix
 */
export function assertShippable(shipped: ShippedFunction, shipCode: boolean, poolName: string): void {
  if (shipCode || (shipped.byReference && shipped.wire.adapter === undefined)) return;
  throw new TempestError('INVALID_ARGUMENT', `This ${poolName} was created with shipCode: false, so functions travel by reference only (its workers refuse code); got a function to ship by value${shipped.byReference ? ' (an adapter)' : ''}. Pass functionReference(import.meta.url, 'exportName') to an exported function, or create the pool with shipCode: true (the default).`, { option: 'fn' });
}

/**
 * Applies extra arguments or an adapter to a loaded function.
 * @param fn - the loaded function
 * @param args - extra arguments
 * @param adapter - calling convention, if any
 * @returns a function of one task
 */
export function bindTaskFunction(fn: (...a: any[]) => any, args: readonly unknown[], adapter: ShipFunctionOptions['adapter']): TaskFunction {
  if (adapter !== undefined) return adapter(fn, args);
  if (args.length === 0) return fn;
  return (task: unknown) => fn(task, ...args);
}

// A reference the caller gave in this process names its own choice of module, so the module is
// allowed as named (code-running built-ins stay refused); allowModules guards what workers receive.
function ownReference(reference: FunctionReference): { allowModules: string[] } {
  return { allowModules: [reference.module] };
}

function notAFunction(fn: unknown): TempestError {
  return new TempestError(
    'INVALID_ARGUMENT',
    `map needs a function, a functionReference or a shipFunction result; got ${fn === null ? 'null' : typeof fn}.`,
    { option: 'fn', value: fn },
  );
}
