import { deserializeValue, serializeValue } from '@tempest/serialize';
import { TempestError } from '../tempest-error.js';

/**
 * How much larger than their bytes in the file the particles' blobs may be once every shared
 * reference is followed: V8's format stores an object that several particles share once, and
 * whatever writes the blobs out (samples.csv's JSON, a user's loop) repeats it for each. Blobs a
 * likelihood returns fresh for every particle expand by a factor of about 1.
 */
export const BLOB_EXPANSION_FACTOR = 64;

/** What the blobs may expand to in any case (see {@link BLOB_EXPANSION_FACTOR}), in values plus characters. */
export const BLOB_EXPANSION_ALLOWANCE = 2 ** 24;

/** Particles per blob array: their V8 serialisation must fit one buffer (4 GiB), so large histories take several. */
export const BLOB_CHUNK_PARTICLES = 2 ** 16;

/**
 * The particles' blobs as V8-serialised byte arrays (data only), one per chunk of
 * {@link BLOB_CHUNK_PARTICLES} particles; a chunk too large for one buffer is split further.
 * @param blobs - one blob (or undefined) per particle
 * @param chunk - particles per array
 * @returns the arrays, in particle order
 * @throws {TempestError} `UNSUPPORTED_VALUE` when one particle's blob alone cannot be serialised
 */
export function encodeBlobs(blobs: readonly unknown[], chunk = BLOB_CHUNK_PARTICLES): Uint8Array[] {
  const out: Uint8Array[] = [];
  const encode = (from: number, to: number): void => {
    try {
      out.push(serializeValue(holeyCopy(blobs, from, to)));
    } catch (cause) {
      if (to - from > 1 && cause instanceof RangeError) {
        const middle = from + Math.floor((to - from) / 2);
        encode(from, middle);
        encode(middle, to);
        return;
      }
      throw new TempestError('UNSUPPORTED_VALUE', `The blobs of particles ${from} to ${to - 1} cannot be written to a state file: ${(cause as Error).message}. Return smaller blobs (plain numbers, strings, arrays and objects).`, { value: from, cause });
    }
  };
  for (let from = 0; from < blobs.length || from === 0; from += chunk) encode(from, Math.min(blobs.length, from + chunk));
  return out;
}

/**
 * Particles `from` to `to` - 1 as an array created with its length, as the sampler creates its
 * blob arrays: V8 writes such (holey) arrays in its sparse form whatever array the blobs came
 * from, so a state re-encodes to the bytes it was read from, and to those earlier versions wrote.
 */
function holeyCopy(blobs: readonly unknown[], from: number, to: number): unknown[] {
  const out = new Array<unknown>(to - from);
  for (let i = from; i < to; i++) out[i - from] = blobs[i];
  return out;
}

/**
 * The particles' blobs back from their arrays, refusing blobs that would expand to more than
 * {@link BLOB_EXPANSION_FACTOR} times their bytes plus {@link BLOB_EXPANSION_ALLOWANCE} once
 * shared references are followed: a small crafted file (each blob two references to the one
 * before) would otherwise make the first JSON of its blobs exhaust the memory.
 * @param chunks - the blob arrays, in particle order
 * @param source - the file's name, for messages
 * @returns one blob per particle
 * @throws {TempestError} `INVALID_STATE_FILE` for bytes V8 cannot read, or blobs that expand too much
 */
export function decodeBlobs(chunks: readonly Uint8Array[], source: string): unknown[] {
  const fail = (what: string, cause?: unknown): never => {
    throw new TempestError('INVALID_STATE_FILE', `${source} is not a usable Tempest state file: ${what}.`, { value: source, path: 'blobs', cause });
  };
  const bytes = chunks.reduce((s, c) => s + c.length, 0);
  const budget = BLOB_EXPANSION_FACTOR * bytes + BLOB_EXPANSION_ALLOWANCE;
  const blobs: unknown[] = [];
  let expanded = 0;
  for (const [k, chunk] of chunks.entries()) {
    let values: unknown;
    try {
      values = deserializeValue(chunk);
    } catch (cause) {
      return fail(`its blobs (array ${k === 0 ? 'blobs' : `blobs.${k}`}) are not readable (${(cause as Error).message})`, cause);
    }
    if (!Array.isArray(values)) fail(`its blobs (array ${k === 0 ? 'blobs' : `blobs.${k}`}) are not a list of blobs`);
    expanded += expandedSize(values as unknown[], budget - expanded);
    if (expanded > budget) {
      fail(`its blobs, ${bytes} bytes, would expand to more than ${budget} values and characters (${BLOB_EXPANSION_FACTOR} times their size plus ${BLOB_EXPANSION_ALLOWANCE}) once the objects they share are repeated, as writing them out does: the file is crafted or damaged. (Tempest writes such a file only when a likelihood returns one large object as the blob of many particles; return a fresh, small blob for each.)`);
    }
    for (const v of values as unknown[]) blobs.push(v);
  }
  return blobs;
}

/** A value being measured, with what remains to visit in it. */
interface Frame {
  value: object;
  /** Its own size plus that of the children measured so far. */
  size: number;
  /** Its children, read lazily (an array is not copied). */
  children: { length: number; at(i: number): unknown };
  next: number;
}

/**
 * The size of values as a tree (every reference followed, as JSON writes them): one per value,
 * plus each string's and key's characters, each array's length and each binary array's bytes.
 * Shared objects are measured once and counted at every reference, so the walk is linear in
 * the objects but the size is that of the expansion; cycles count once. Stops early, returning
 * a value above `budget`, as soon as the size exceeds it.
 */
function expandedSize(roots: readonly unknown[], budget: number): number {
  const measured = new Map<object, number>();
  const inProgress = new Set<object>();
  let total = 0;
  for (const root of roots) {
    total += sizeOf(root, budget - total, measured, inProgress);
    if (total > budget) return total;
  }
  return total;
}

function sizeOf(root: unknown, budget: number, measured: Map<object, number>, inProgress: Set<object>): number {
  const leaf = (v: unknown): number | undefined => {
    if (typeof v === 'string') return 1 + v.length;
    if (typeof v !== 'object' || v === null) return 1;
    const known = measured.get(v);
    if (known !== undefined) return known;
    if (inProgress.has(v)) return 1; // a cycle: JSON refuses it, and it adds nothing to expand
    return undefined;
  };
  const start = (v: object): Frame => {
    inProgress.add(v);
    if (ArrayBuffer.isView(v)) return { value: v, size: 1 + v.byteLength, children: NONE, next: 0 };
    if (v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer)) return { value: v, size: 1 + v.byteLength, children: NONE, next: 0 };
    if (Array.isArray(v)) return { value: v, size: 1 + v.length, children: v.length > budget ? NONE : { length: v.length, at: (i) => v[i] }, next: 0 };
    if (v instanceof Map) return { value: v, size: 1 + 2 * v.size, children: [...v.keys(), ...v.values()], next: 0 };
    if (v instanceof Set) return { value: v, size: 1 + v.size, children: [...v.values()], next: 0 };
    const keys = Object.keys(v);
    let size = 1;
    for (const key of keys) size += 1 + key.length;
    return { value: v, size, children: { length: keys.length, at: (i) => (v as Record<string, unknown>)[keys[i]] }, next: 0 };
  };
  const first = leaf(root);
  if (first !== undefined) return first;
  const stack: Frame[] = [start(root as object)];
  for (;;) {
    const frame = stack[stack.length - 1];
    if (frame.size > budget) return frame.size;
    if (frame.next < frame.children.length) {
      const child = frame.children.at(frame.next++);
      const size = leaf(child);
      if (size !== undefined) frame.size += size;
      else stack.push(start(child as object));
      continue;
    }
    stack.pop();
    inProgress.delete(frame.value);
    measured.set(frame.value, frame.size);
    if (stack.length === 0) return frame.size;
    stack[stack.length - 1].size += frame.size;
  }
}

const NONE = { length: 0, at: () => undefined };
