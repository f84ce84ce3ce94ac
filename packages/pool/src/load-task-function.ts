import { decode, loadFunction, type LoadFunctionOptions } from '@tempest/serialize';
import type { TaskFunction } from './pool.js';
import { bindTaskFunction, type ShipFunctionOptions, type ShippedFunctionWire } from './shipped-function.js';
import { TempestError } from './tempest-error.js';

// The one cache of loaded functions in a worker (threads, processes and MPI ranks alike), by id
// and the options they were loaded under. A sampler uses one function per run, so a small bound
// suffices; the oldest is forgotten first (a worker asked to run a forgotten function says so, and
// its master sends the function again: see the WorkerLoop's `missing` reply).
const loaded = new Map<string, Promise<TaskFunction>>();
const LIMIT = 64;

// The options are part of the key: a function loaded under wider options is not reused under narrower ones.
const keyOf = (id: string, options: LoadFunctionOptions) => `${id}\n${options.allowCode === true}\n${options.allowModules?.join('\n') ?? '(default)'}`;

/**
 * The worker side of a {@link ShippedFunctionWire}: loads the function (compiling code shipped by
 * value, or importing a reference), decodes its arguments and applies them. Cached by id (and
 * options), so a worker loads each function once.
 *
 * What the worker accepts is the worker's own decision, made by `options`, never by the wire:
 * code (the function or an adapter shipped by value) only with `allowCode: true`, references only
 * to modules `allowModules` allows (default: the working directory). Pass `allowCode: true` only
 * in workers whose master is your own job.
 *
 * @param wire - as received from the pool's master
 * @param options - `allowCode` (default false) and `allowModules` (default: the working directory)
 * @returns a function of one task
 * @throws {TempestError} INVALID_ARGUMENT for a malformed wire; errors of @tempest/serialize when
 *   the function cannot be loaded (CODE_NOT_ALLOWED, REFERENCE_NOT_ALLOWED, REFERENCE_FAILED,
 *   DECODE_FAILED)
 * @example
 * ```ts
 * // in a third-party pool's worker script, whose master ships functions by value
 * const fn = await loadTaskFunction(message.wire, { allowCode: true });
 * const results = await Promise.all(message.tasks.map((t) => fn(t)));
 * ```
 */
export function loadTaskFunction(wire: ShippedFunctionWire, options: LoadFunctionOptions = {}): Promise<TaskFunction> {
  if (typeof wire !== 'object' || wire === null || typeof wire.id !== 'string' || !(wire.envelope instanceof Uint8Array) || !(wire.args instanceof Uint8Array)) {
    throw new TempestError('INVALID_ARGUMENT', 'loadTaskFunction needs the wire of a shipped function ({ id, envelope, args }), as the master sent it.', { option: 'wire', value: wire });
  }
  const key = keyOf(wire.id, options);
  let pending = loaded.get(key);
  if (pending === undefined) {
    pending = load(wire, options);
    pending.catch(() => loaded.delete(key));
    loaded.set(key, pending);
    if (loaded.size > LIMIT) loaded.delete(loaded.keys().next().value as string);
  }
  return pending;
}

/**
 * A function this worker has loaded (or is loading) with {@link loadTaskFunction}, by its id: what
 * a worker runs for chunks that come without the function's wire.
 * @param id - the wire's id
 * @param options - the options it was loaded under
 * @returns the function, or undefined when it was never loaded, failed to load, or was forgotten
 */
export function cachedTaskFunction(id: string, options: LoadFunctionOptions = {}): Promise<TaskFunction> | undefined {
  return loaded.get(keyOf(id, options));
}

async function load(wire: ShippedFunctionWire, options: LoadFunctionOptions): Promise<TaskFunction> {
  const fn = await loadFunction<(...a: any[]) => any>(wire.envelope, options);
  const args = decode(wire.args) as unknown[];
  const adapter = wire.adapter === undefined ? undefined : await loadFunction<NonNullable<ShipFunctionOptions['adapter']>>(wire.adapter, options);
  return bindTaskFunction(fn, args, adapter);
}
