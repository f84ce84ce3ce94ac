import { fromRemoteError, type RemoteError } from './run-chunk.js';
import { TempestError } from './tempest-error.js';

/**
 * The error `map` rejects with when a task throws: code `TASK_FAILED`, `index` the task's index,
 * `cause` the task's error with its remote stack.
 * @param index - index of the failing task in the `map` call
 * @param remote - the task's error as plain data
 * @param where - where it ran, e.g. `worker thread 12`
 * @returns the error to reject `map` with
 */
export function taskFailedError(index: number, remote: RemoteError, where?: string): TempestError {
  const cause = fromRemoteError(remote);
  const location = where === undefined ? '' : ` in ${where}`;
  return new TempestError(
    'TASK_FAILED',
    `Task ${index} failed${location}: ${remote.name === 'Error' ? '' : `${remote.name}: `}${remote.message.replace(/\.+$/, '')}. The remote stack is in error.cause.stack; the pool is still usable.`,
    { index, cause },
  );
}
