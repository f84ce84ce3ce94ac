import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TempestError } from '../tempest-error.js';

/** A fresh temporary name beside `path` (same folder, so the final rename is atomic). */
function temporaryNameFor(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Refuses a target that is a symbolic link: writing through it would replace whatever file it
 * points to (a planted link in a shared folder could aim a result file at a user's own files).
 * @param path - the file about to be written
 * @throws {TempestError} `INVALID_ARGUMENT` naming the link and the fix
 */
export function refuseSymbolicLink(path: string): void {
  let isLink = false;
  try {
    isLink = lstatSync(path).isSymbolicLink();
  } catch {
    return; // absent (or unreadable, which the write itself will report)
  }
  if (isLink) {
    throw new TempestError('INVALID_ARGUMENT', `${path} is a symbolic link; Tempest does not write result or state files through links, which would overwrite the file it points to. Remove the link, or write to another folder.`, { option: 'path', value: path });
  }
}

/** Whether a process with this id exists (signal 0 tests without sending anything). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that an earlier write of `path` left behind when its process died
 * between creating and renaming one (`<name>.tmp-<pid>-<hex>`, by a process that no longer
 * exists). Files of live processes, and any other name, are left alone.
 * @param path - the file about to be written
 * @returns the paths removed
 */
export function removeStaleTemporaries(path: string): string[] {
  const folder = dirname(path);
  const pattern = new RegExp(`^${basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tmp-(\\d+)-[0-9a-f]{8}$`);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = pattern.exec(name);
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processExists(pid)) continue;
    rmSync(join(folder, name), { force: true });
    removed.push(join(folder, name));
  }
  return removed;
}

/**
 * What {@link writeFileAtomic} writes: one buffer, or a file's bytes piece by piece (a state
 * file's `stateFilePieces`), each piece written before the next is taken, so that a file larger
 * than any one buffer can be written.
 */
export type FileBytes = Uint8Array | Iterable<Uint8Array>;

const piecesOf = (data: FileBytes): Iterable<Uint8Array> => (data instanceof Uint8Array ? [data] : data);

/** Writes every byte of `bytes` at the handle's position (a write call may take fewer). */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
}

/** {@link writeAll} on a descriptor, synchronously. */
function writeAllSync(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * Writes a file so that a crash or kill at any moment leaves either the old file or the new
 * one, never a mixture: the bytes go to a temporary file in the same folder, are flushed to
 * disk, and the temporary file is renamed over the target (atomic on POSIX), then the folder's
 * entry is flushed. A target that is a symbolic link is refused, the temporary file is created
 * exclusively (never through an existing name), and temporary files that dead processes left
 * beside the target are removed. Given pieces, it writes them one by one, so the file is never
 * whole in memory; a piece that throws (or a failed write) removes the temporary file.
 * @param path - target file
 * @param data - its new contents: one buffer, or its pieces in order
 * @throws {TempestError} `INVALID_ARGUMENT` when the target is a symbolic link; the underlying
 *   file-system error (the temporary file is removed)
 */
export async function writeFileAtomic(path: string, data: FileBytes): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  refuseSymbolicLink(path);
  removeStaleTemporaries(path);
  const temporary = temporaryNameFor(path);
  // Exclusive: a name that already exists (a planted link included) fails and is not removed.
  const handle = await open(temporary, 'wx');
  try {
    try {
      for (const piece of piecesOf(data)) await writeAll(handle, piece);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  try {
    const dir = await open(folder, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Flushing a folder is not supported everywhere; the rename itself is still atomic.
  }
}

/**
 * {@link writeFileAtomic} without yielding to the event loop: for signal handlers, where the
 * process must not run on (nor take another signal) between the request and the saved file.
 * @param path - target file
 * @param data - its new contents: one buffer, or its pieces in order
 * @throws {TempestError} `INVALID_ARGUMENT` when the target is a symbolic link; the underlying
 *   file-system error (the temporary file is removed)
 */
export function writeFileAtomicSync(path: string, data: FileBytes): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  refuseSymbolicLink(path);
  removeStaleTemporaries(path);
  const temporary = temporaryNameFor(path);
  const fd = openSync(temporary, 'wx');
  try {
    try {
      for (const piece of piecesOf(data)) writeAllSync(fd, piece);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  try {
    const dir = openSync(folder, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // As above: the rename is atomic even where a folder cannot be flushed.
  }
}
