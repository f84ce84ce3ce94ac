import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A fresh temporary name beside `path` (same folder, so the final rename is atomic). */
function temporaryNameFor(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Writes a file so that a crash or kill at any moment leaves either the old file or the new
 * one, never a mixture: the bytes go to a temporary file in the same folder, are flushed to
 * disk, and the temporary file is renamed over the target (atomic on POSIX), then the folder's
 * entry is flushed.
 * @param path - target file
 * @param bytes - its new contents
 * @throws the underlying file-system error (the temporary file is removed)
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temporary = temporaryNameFor(path);
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(bytes);
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
 * @param bytes - its new contents
 * @throws the underlying file-system error (the temporary file is removed)
 */
export function writeFileAtomicSync(path: string, bytes: Uint8Array): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temporary = temporaryNameFor(path);
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeFileSync(fd, bytes);
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
