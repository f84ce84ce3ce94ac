import { open } from 'node:fs/promises';
import { readSections, type DecodedStateFile, type ReadSectionsOptions } from './state-file-codec.js';
import { TempestError } from '../tempest-error.js';

// The state-file codec is portable (state-file-codec.ts); this adds reading a file from disk (Node).
export * from './state-file-codec.js';

/**
 * Reads a state file from disk section by section (see {@link decodeStateFile} for the checks):
 * each array goes straight from the file into its own typed array, in reads of at most
 * {@link STATE_IO_CHUNK_BYTES}, so a file of any size is read without holding it twice, and
 * arrays not kept are only checksummed.
 * @param path - the state file
 * @param hint - what to say when the file cannot be opened or read
 * @param options - which arrays to keep, a check of the header
 * @returns metadata, the arrays kept, and every array's length
 * @throws {TempestError} `INVALID_STATE_FILE` naming the file and what is wrong, or why it cannot be read
 */
export async function readStateFile(path: string, hint: string, options: ReadSectionsOptions = {}): Promise<DecodedStateFile> {
  const cannotRead = (cause: unknown): never => {
    throw new TempestError('INVALID_STATE_FILE', `Cannot read the state file ${path}: ${(cause as Error).message}. ${hint}`, { value: path, cause });
  };
  const handle = await open(path, 'r').catch(cannotRead);
  try {
    const { size } = await handle.stat().catch(cannotRead);
    const reader = readSections(size, path, options);
    for (let step = reader.next(); ; step = reader.next()) {
      if (step.done) return step.value;
      const { into, at } = step.value;
      for (let filled = 0; filled < into.length; ) {
        const { bytesRead } = await handle.read(into, filled, into.length - filled, at + filled).catch(cannotRead);
        if (bytesRead === 0) cannotRead(new Error(`it ended at byte ${at + filled} while being read (it was truncated meanwhile)`));
        filled += bytesRead;
      }
    }
  } finally {
    await handle.close();
  }
}
