import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

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
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
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
