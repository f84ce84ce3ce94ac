// A promise that nothing can settle any more (created with `new Promise(() => {})`, or waiting on
// an event that was never scheduled) leaves its awaiter waiting forever: in a main thread Node ends
// the process with exit code 13 and a terse warning; in a pool worker, whose message port keeps it
// alive, nothing ends at all. Node says when the event loop of a thread (or process) has run out of
// work by emitting 'beforeExit', and only then: a promise still pending at that moment can never
// settle, so waiting for it can stop with a clear report instead.

/** How {@link settleOrDrain} ended. */
export type SettleOrDrain<T> =
  | {
      /** The promise settled first. */
      readonly drained: false;
      /** Its value. */
      readonly value: T;
    }
  | {
      /** The event loop ran out of work while the promise was pending: it can never settle. */
      readonly drained: true;
    };

/** Code of the remote error of a task whose promise never settled (see {@link runChunk}). */
export const PROMISE_NEVER_SETTLED = 'PROMISE_NEVER_SETTLED';

/**
 * Waits for a promise, or for the event loop of this thread to run out of work (`'beforeExit'`),
 * whichever comes first (in a browser or Web Worker, which has no such event, for the promise). A promise still pending when the loop has nothing left to do can never
 * settle; the caller can then report it instead of the thread exiting (code 13) or waiting forever.
 * Only a thread whose loop can drain benefits: a pool worker unrefs its message port or IPC
 * channel while it waits (see `runChunk`).
 * @param promise - what to wait for
 * @returns `{ drained: false, value }`, or `{ drained: true }` when the loop ran out of work first
 * @throws what the promise rejects with
 * @example
 * ```ts
 * const outcome = await settleOrDrain(fetchSomething());
 * if (outcome.drained) throw new Error('the promise never settled');
 * ```
 */
export function settleOrDrain<T>(promise: PromiseLike<T>): Promise<SettleOrDrain<T>> {
  // A browser or Web Worker never runs out of work (nor says so): there, only the promise can end the wait.
  if (typeof process === 'undefined' || typeof process.once !== 'function') return Promise.resolve(promise).then((value) => ({ drained: false, value }));
  return new Promise<SettleOrDrain<T>>((resolve, reject) => {
    const onDrain = () => resolve({ drained: true });
    process.once('beforeExit', onDrain);
    promise.then(
      (value) => {
        process.off('beforeExit', onDrain);
        resolve({ drained: false, value });
      },
      (error: unknown) => {
        process.off('beforeExit', onDrain);
        reject(error);
      },
    );
  });
}
