import { TempestError } from './tempest-error.js';
import { RAGGED_WIDTH, allocatePackedEnvelope, attachedEnvelopes, packedLayout } from './packed-layout.js';

const MAX_COUNT = RAGGED_WIDTH - 1;

/**
 * A batch of float64 rows in one flat `Float64Array`: the parameter vectors a sampler sends to
 * its workers, or the log-likelihoods they send back. Rows of equal length are described by
 * `width`; rows of different lengths by `offsets` (row `i` is `data[offsets[i]]` up to
 * `data[offsets[i + 1]]`). Encoded with `encodePacked`, it crosses a boundary as one block of
 * bytes; decoded, its `data` is a view of the received bytes (no copy).
 *
 * Batches made by {@link PackedBatch.allocate}, {@link PackedBatch.allocateRagged},
 * {@link PackedBatch.fromRows} or by decoding already live inside their envelope, so
 * `encodePacked` returns that envelope without copying; with `postMessage(bytes, [bytes.buffer])`
 * nothing is copied end to end. After such a transfer the batch's memory belongs to the receiver.
 *
 * @example
 * ```ts
 * const batch = PackedBatch.allocate(256, 10); // fill batch.row(i) in place
 * const bytes = encodePacked(batch);             // the batch's own envelope: no copy
 * worker.postMessage(bytes, [bytes.buffer]);     // moved, not copied
 * // in the worker: decodePacked(bytes).row(0) is a view of the received bytes
 * ```
 */
export class PackedBatch {
  /**
   * @param data - the values, row after row
   * @param rows - number of rows
   * @param width - row length, or undefined when `offsets` describes the rows
   * @param offsets - `rows + 1` row start offsets (ragged batches only)
   * @throws {TempestError} INVALID_ARGUMENT when the sizes do not describe `data`
   */
  constructor(
    readonly data: Float64Array,
    readonly rows: number,
    readonly width: number | undefined,
    readonly offsets: Uint32Array | undefined,
  ) {
    const problems = checkShape(data, rows, width, offsets);
    if (problems.length > 0) {
      throw new TempestError('INVALID_ARGUMENT', `Invalid packed batch: ${problems.join(' ')}`, { problems, value: { rows, width } });
    }
  }

  /**
   * Wraps `rows × width` values stored row-major, without copying (a `ParameterMatrix`'s layout).
   * @param data - at least `rows * width` values; extra values are ignored
   * @param rows - number of rows
   * @param width - values per row
   * @returns a batch viewing `data`
   * @throws {TempestError} INVALID_ARGUMENT when `data` is too short or a size is not a count
   */
  static fromMatrix(data: Float64Array, rows: number, width: number): PackedBatch {
    const ok = data instanceof Float64Array && isCount(rows) && isCount(width) && rows * width <= data.length;
    return new PackedBatch(ok ? data.subarray(0, rows * width) : data, rows, width, undefined);
  }

  /**
   * Wraps rows of different lengths stored back to back, without copying.
   * @param data - the values
   * @param offsets - `rows + 1` nondecreasing offsets, starting at 0 and ending at most at `data.length`
   * @returns a batch viewing `data`
   * @throws {TempestError} INVALID_ARGUMENT when the offsets do not describe `data`
   */
  static fromRagged(data: Float64Array, offsets: Uint32Array): PackedBatch {
    const rows = offsets instanceof Uint32Array ? offsets.length - 1 : -1;
    const end = rows >= 0 ? offsets[rows] : 0;
    return new PackedBatch(data instanceof Float64Array && end <= data.length ? data.subarray(0, end) : data, rows, undefined, offsets);
  }

  /**
   * A zeroed batch of `rows × width` values, allocated inside its envelope so that `encodePacked`
   * needs no copy. Fill it through `data` or `row(i)`.
   * @param rows - number of rows
   * @param width - values per row
   * @returns the batch
   * @throws {TempestError} INVALID_ARGUMENT when a size is not a count
   */
  static allocate(rows: number, width: number): PackedBatch {
    if (!isCount(rows) || !isCount(width) || rows * width > MAX_COUNT) {
      throw new TempestError('INVALID_ARGUMENT', `PackedBatch.allocate needs counts below 2^32 with rows × width below 2^32; got rows ${rows}, width ${width}.`, {
        value: { rows, width },
      });
    }
    const layout = packedLayout(rows, width, rows * width);
    const envelope = allocatePackedEnvelope(layout);
    const batch = new PackedBatch(new Float64Array(envelope.buffer, layout.dataAt, layout.total), rows, width, undefined);
    attachedEnvelopes.set(batch, envelope);
    return batch;
  }

  /**
   * A zeroed batch whose row `i` holds `lengths[i]` values, allocated inside its envelope so that
   * `encodePacked` needs no copy.
   * @param lengths - the length of each row
   * @returns the batch
   * @throws {TempestError} INVALID_ARGUMENT when a length is not a count
   */
  static allocateRagged(lengths: ArrayLike<number>): PackedBatch {
    const rows = lengths.length;
    const bad: string[] = [];
    let total = 0;
    for (let i = 0; i < rows; i++) {
      if (!isCount(lengths[i])) {
        if (bad.length < 5) bad.push(`lengths[${i}] is ${String(lengths[i])}`);
      } else total += lengths[i];
    }
    if (bad.length > 0 || rows > MAX_COUNT || total > MAX_COUNT) {
      throw new TempestError(
        'INVALID_ARGUMENT',
        `PackedBatch.allocateRagged needs non-negative integer row lengths totalling below 2^32; ${bad.length > 0 ? bad.join(', ') : `the total is ${total}`}.`,
        { option: 'lengths', problems: bad },
      );
    }
    const layout = packedLayout(rows, undefined, total);
    const envelope = allocatePackedEnvelope(layout);
    const offsets = new Uint32Array(envelope.buffer, layout.offsetsAt, rows + 1);
    for (let i = 0; i < rows; i++) offsets[i + 1] = offsets[i] + lengths[i];
    const batch = new PackedBatch(new Float64Array(envelope.buffer, layout.dataAt, total), rows, undefined, offsets);
    attachedEnvelopes.set(batch, envelope);
    return batch;
  }

  /**
   * Copies rows (arrays or typed arrays of numbers) into a new batch, ragged when their lengths
   * differ. The copy lives inside its envelope, so `encodePacked` then needs no further copy.
   * @param rows - the rows
   * @returns the batch
   * @throws {TempestError} INVALID_ARGUMENT when a row is not array-like
   */
  static fromRows(rows: readonly ArrayLike<number>[]): PackedBatch {
    if (!Array.isArray(rows) || rows.some((r) => r === null || typeof r !== 'object' || typeof r.length !== 'number')) {
      throw new TempestError('INVALID_ARGUMENT', 'PackedBatch.fromRows needs an array of rows, each an array or typed array of numbers.', {
        option: 'rows',
        value: rows,
      });
    }
    const width = rows.length > 0 ? rows[0].length : 0;
    const uniform = rows.every((r) => r.length === width);
    const batch = uniform ? PackedBatch.allocate(rows.length, width) : PackedBatch.allocateRagged(rows.map((r) => r.length));
    const data = batch.data;
    let at = 0;
    for (const row of rows) {
      if (row instanceof Float64Array) data.set(row, at);
      else for (let j = 0; j < row.length; j++) data[at + j] = row[j]; // faster than set() from a plain array
      at += row.length;
    }
    return batch;
  }

  /**
   * Number of values in row `i`.
   * @param i - row index in [0, rows)
   * @returns the row's length
   */
  rowLength(i: number): number {
    this.checkRow(i);
    return this.offsets === undefined ? (this.width as number) : this.offsets[i + 1] - this.offsets[i];
  }

  /**
   * A view of row `i` (no copy).
   * @param i - row index in [0, rows)
   * @returns the row's values
   * @throws {TempestError} INVALID_ARGUMENT when `i` is out of range
   */
  row(i: number): Float64Array {
    this.checkRow(i);
    if (this.offsets === undefined) {
      const w = this.width as number;
      return this.data.subarray(i * w, (i + 1) * w);
    }
    return this.data.subarray(this.offsets[i], this.offsets[i + 1]);
  }

  /**
   * Views of every row.
   * @returns `rows` subarray views
   */
  toRows(): Float64Array[] {
    const out = new Array<Float64Array>(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = this.row(i);
    return out;
  }

  /**
   * A copy that owns its memory, for keeping a decoded batch after its receive buffer is reused.
   * @returns a new batch with the same rows
   */
  copy(): PackedBatch {
    const out = this.offsets === undefined ? PackedBatch.allocate(this.rows, this.width as number) : PackedBatch.allocateRagged(rowLengths(this.offsets));
    out.data.set(this.data);
    return out;
  }

  private checkRow(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) {
      throw new TempestError('INVALID_ARGUMENT', `Row index ${i} is outside the batch's ${this.rows} rows; use an integer in [0, ${this.rows}).`, {
        option: 'i',
        value: i,
      });
    }
  }
}

function rowLengths(offsets: Uint32Array): Uint32Array {
  const out = new Uint32Array(offsets.length - 1);
  for (let i = 0; i < out.length; i++) out[i] = offsets[i + 1] - offsets[i];
  return out;
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_COUNT;
}

function checkShape(data: unknown, rows: number, width: number | undefined, offsets: unknown): string[] {
  const problems: string[] = [];
  if (!(data instanceof Float64Array)) problems.push(`data must be a Float64Array; got ${describe(data)}.`);
  if (!isCount(rows)) problems.push(`rows must be an integer in [0, 2^32 - 1); got ${String(rows)}.`);
  if (width === undefined) {
    if (!(offsets instanceof Uint32Array)) {
      problems.push(`a batch needs a width, or offsets as a Uint32Array when rows differ in length; got ${describe(offsets)}.`);
    } else if (problems.length === 0) {
      if (offsets.length !== rows + 1) problems.push(`offsets must have rows + 1 = ${rows + 1} entries; got ${offsets.length}.`);
      else if (offsets[0] !== 0) problems.push(`offsets[0] must be 0; got ${offsets[0]}.`);
      else {
        for (let i = 0; i < rows; i++) {
          if (offsets[i + 1] < offsets[i]) {
            problems.push(`offsets must not decrease; offsets[${i + 1}] = ${offsets[i + 1]} < offsets[${i}] = ${offsets[i]}.`);
            break;
          }
        }
        const end = offsets[rows];
        if (problems.length === 0 && end !== (data as Float64Array).length) {
          problems.push(`the last offset (${end}) must equal data.length (${(data as Float64Array).length}).`);
        }
      }
    }
  } else {
    if (offsets !== undefined) problems.push('give either width or offsets, not both.');
    if (!isCount(width)) problems.push(`width must be an integer in [0, 2^32 - 1); got ${String(width)}.`);
    else if (problems.length === 0 && rows * width !== (data as Float64Array).length) {
      problems.push(`data must hold rows × width = ${rows * width} values; got ${(data as Float64Array).length}.`);
    }
  }
  return problems;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return `${typeof value} ${String(value)}`;
}
