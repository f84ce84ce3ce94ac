import { decode, loadFunction } from '@tempest/serialize';
import type { TaskFunction } from './pool.js';
import { bindTaskFunction, type ShipFunctionOptions, type ShippedFunctionWire } from './shipped-function.js';
import { TempestError } from './tempest-error.js';

// Loaded functions by id, in this worker. A sampler uses one function per run, so a small bound
// suffices; the oldest is forgotten first.
const loaded = new Map<string, Promise<TaskFunction>>();
const LIMIT = 64;

/**
 * The worker side of a {@link ShippedFunctionWire}: loads the function (compiling code shipped by
 * value, or importing a reference), decodes its arguments and applies them. Cached by id, so a
 * worker loads each function once. Only for wires from your own job: code shipped by value runs.
 *
 * @param wire - as received from the pool's master
 * @returns a function of one task
 * @throws {TempestError} INVALID_ARGUMENT for a malformed wire; errors of @tempest/serialize when
 *   the function cannot be loaded (REFERENCE_FAILED, DECODE_FAILED)
 * @example
 * ```ts
 * // in a third-party pool's worker script
 * const fn = await loadTaskFunction(message.wire);
 * const results = await Promise.all(message.tasks.map((t) => fn(t)));
 * ```
 */
export function loadTaskFunction(wire: ShippedFunctionWire): Promise<TaskFunction> {
  if (typeof wire !== 'object' || wire === null || typeof wire.id !== 'string' || !(wire.envelope instanceof Uint8Array) || !(wire.args instanceof Uint8Array)) {
    throw new TempestError('INVALID_ARGUMENT', 'loadTaskFunction needs the wire of a shipped function ({ id, envelope, args }), as the master sent it.', { option: 'wire', value: wire });
  }
  let pending = loaded.get(wire.id);
  if (pending === undefined) {
    pending = load(wire);
    pending.catch(() => loaded.delete(wire.id));
    loaded.set(wire.id, pending);
    if (loaded.size > LIMIT) loaded.delete(loaded.keys().next().value as string);
  }
  return pending;
}

async function load(wire: ShippedFunctionWire): Promise<TaskFunction> {
  const fn = await loadFunction<(...a: any[]) => any>(wire.envelope, { allowCode: true });
  const args = decode(wire.args) as unknown[];
  const adapter = wire.adapter === undefined ? undefined : await loadFunction<NonNullable<ShipFunctionOptions['adapter']>>(wire.adapter, { allowCode: true });
  return bindTaskFunction(fn, args, adapter);
}
