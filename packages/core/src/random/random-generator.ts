import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { TempestError } from '../tempest-error.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;
const TWO_POW_MINUS_52 = 2.220446049250313e-16;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;

/** Length of the array returned by {@link RandomGenerator.getState}. */
const STATE_LENGTH = 6;

/**
 * Murmur3's 32-bit finaliser: a bijection on 32-bit words with full avalanche. Used only to spread
 * the seed over the generator state; the stream itself comes from pure-rand.
 */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

const seedWords = new Uint32Array(2);
const seedFloat = new Float64Array(seedWords.buffer);

/**
 * Maps a finite seed to a non-zero xoroshiro128+ state in pure-rand's word order
 * `[s0 high, s0 low, s1 high, s1 low]`. Distinct safe-integer seeds give distinct states; other
 * numbers (fractions, huge magnitudes) are keyed by their IEEE-754 bits under a separate tag.
 * pure-rand's own `xoroshiro128plus(seed)` is not used because its first output is `~seed`, so
 * neighbouring seeds would start with nearly equal draws.
 */
function seedToState(seed: number): number[] {
  let lo: number;
  let hi: number;
  let tag: number;
  if (Number.isSafeInteger(seed)) {
    hi = Math.floor(seed / TWO_POW_32);
    lo = seed - hi * TWO_POW_32;
    tag = 0;
  } else {
    seedFloat[0] = seed;
    lo = seedWords[0];
    hi = seedWords[1];
    tag = 1;
  }
  // mix32 is a bijection with mix32(0) = 0, so word 1 pins `lo`, word 0 pins `hi`, word 3 pins the
  // tag, and words 1 and 2 cannot both be zero: the state is never the forbidden all-zero one.
  return [mix32(hi ^ 0x9e3779b9), mix32(lo), mix32(lo ^ 0x6a09e667), mix32(tag ^ 0xbb67ae85)];
}

/**
 * Seeded source of all randomness in Tempest: uniform, normal, gamma and integer variates drawn
 * from pure-rand's xoroshiro128+ generator, stepped in place.
 *
 * The full state (generator words plus the cached second normal of the polar method) is exposed by
 * {@link RandomGenerator.getState}, so a generator restored with {@link RandomGenerator.fromState}
 * continues the identical stream.
 *
 * @example
 * ```ts
 * const rng = new RandomGenerator(42);
 * const z = new Float64Array(3);
 * rng.fillNormal(z);
 * const saved = rng.getState();
 * const a = rng.uniform();
 * const b = RandomGenerator.fromState(saved).uniform(); // b === a
 * ```
 */
export class RandomGenerator {
  private rng: JumpableRandomGenerator;
  private hasSpare = false;
  private spare = 0;

  /**
   * @param seed - any finite number; safe integers (|seed| ≤ 2^53) map to distinct streams, and
   *   other finite values are hashed from their bit pattern
   * @throws TempestError `INVALID_ARGUMENT` when `seed` is not a finite number
   */
  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isFinite(seed)) {
      throw new TempestError('INVALID_ARGUMENT', `seed must be a finite number; got ${String(seed)}. Pass an integer such as 42.`, {
        option: 'seed',
        value: seed,
      });
    }
    this.rng = xoroshiro128plusFromState(seedToState(seed));
  }

  /**
   * Rebuilds a generator from a state captured by {@link RandomGenerator.getState}.
   * @param state - the array returned by `getState()` (six numbers), or a bare four-word
   *   xoroshiro128+ state from pure-rand
   * @returns a generator that continues exactly where the captured one stood
   * @throws TempestError `INVALID_ARGUMENT` when `state` is not a valid generator state
   */
  static fromState(state: readonly number[]): RandomGenerator {
    const problem = validateState(state);
    if (problem !== undefined) {
      throw new TempestError('INVALID_ARGUMENT', `state is not a RandomGenerator state: ${problem}. Pass the array returned by getState().`, {
        option: 'state',
        value: state,
      });
    }
    const generator = new RandomGenerator(0);
    generator.rng = xoroshiro128plusFromState(state.slice(0, 4));
    if (state.length === STATE_LENGTH && state[4] === 1) {
      generator.hasSpare = true;
      generator.spare = state[5];
    }
    return generator;
  }

  /**
   * Captures the complete state, suitable for JSON checkpoints.
   * @returns `[s0High, s0Low, s1High, s1Low, hasSpareNormal (0 or 1), spareNormal]`
   */
  getState(): number[] {
    const words = this.rng.getState();
    return [words[0], words[1], words[2], words[3], this.hasSpare ? 1 : 0, this.hasSpare ? this.spare : 0];
  }

  /**
   * Draws a uniform variate on [0, 1) with 53 random bits.
   * @returns a multiple of 2^-53 in [0, 1)
   */
  uniform(): number {
    // The low bits of xoroshiro128+ are its weakest, so keep the high 27 and 26 bits of two draws.
    const a = this.rng.next() >>> 5;
    const b = this.rng.next() >>> 6;
    return (a * TWO_POW_26 + b) * TWO_POW_MINUS_53;
  }

  /**
   * Draws a uniform variate on the open interval (0, 1), safe to pass to `Math.log`.
   * @returns `(k + 1/2) / 2^52` for a uniform 52-bit integer k, so never 0 or 1
   */
  uniformOpen(): number {
    const a = this.rng.next() >>> 6;
    const b = this.rng.next() >>> 6;
    return (a * TWO_POW_26 + b + 0.5) * TWO_POW_MINUS_52;
  }

  /**
   * Draws a standard normal variate by Marsaglia's polar method. Each accepted pair yields two
   * values; the second is kept for the next call and is part of {@link RandomGenerator.getState}.
   * @returns a draw from N(0, 1)
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }

  /**
   * Draws a Gamma(shape, scale 1) variate by Marsaglia and Tsang's method; for shape < 1 a
   * Gamma(shape + 1) draw is multiplied by U^(1/shape).
   * @param shape - the shape parameter, positive and finite
   * @returns a positive draw (may underflow to 0 for very small shapes, about shape < 0.01)
   * @throws TempestError `INVALID_ARGUMENT` when `shape` is not a positive finite number
   */
  gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape)) {
      throw new TempestError('INVALID_ARGUMENT', `gamma shape must be a positive finite number; got ${String(shape)}.`, {
        option: 'shape',
        value: shape,
      });
    }
    if (shape < 1) {
      return this.marsagliaTsang(shape + 1) * Math.pow(this.uniformOpen(), 1 / shape);
    }
    return this.marsagliaTsang(shape);
  }

  /**
   * Draws an integer uniformly from {0, …, n − 1} by rejection, so without modulo bias.
   * @param n - the number of outcomes, an integer in [1, 2^53]
   * @returns an integer in [0, n)
   * @throws TempestError `INVALID_ARGUMENT` when `n` is not an integer in [1, 2^53]
   */
  integer(n: number): number {
    if (!(n >= 1 && n <= TWO_POW_53) || !Number.isInteger(n)) {
      throw new TempestError('INVALID_ARGUMENT', `integer(n) needs an integer n in [1, 2^53]; got ${String(n)}.`, {
        option: 'n',
        value: n,
      });
    }
    // Accept x < k·n and return floor(x / k): the high bits choose the outcome, and every outcome
    // owns exactly k accepted values. The final check guards floor() against division rounding.
    if (n <= TWO_POW_32) {
      const k = Math.floor(TWO_POW_32 / n);
      const limit = k * n;
      let x: number;
      do {
        x = this.rng.next() >>> 0;
      } while (x >= limit);
      const m = Math.floor(x / k);
      return m * k > x ? m - 1 : m;
    }
    const k = Math.floor(TWO_POW_53 / n);
    const limit = k * n;
    let x: number;
    do {
      x = (this.rng.next() >>> 5) * TWO_POW_26 + (this.rng.next() >>> 6);
    } while (x >= limit);
    const m = Math.floor(x / k);
    return m * k > x ? m - 1 : m;
  }

  /**
   * Fills `out[offset .. offset + length)` with {@link RandomGenerator.uniform} draws, in order.
   * @param out - the buffer to write
   * @param offset - first index written
   * @param length - number of values written
   * @throws TempestError `INVALID_ARGUMENT` when the range does not fit in `out`
   */
  fillUniform(out: Float64Array, offset = 0, length = out.length - offset): void {
    checkRange(out, offset, length);
    const end = offset + length;
    for (let i = offset; i < end; i++) out[i] = this.uniform();
  }

  /**
   * Fills `out[offset .. offset + length)` with {@link RandomGenerator.normal} draws, in order
   * (the same values as `length` successive `normal()` calls).
   * @param out - the buffer to write
   * @param offset - first index written
   * @param length - number of values written
   * @throws TempestError `INVALID_ARGUMENT` when the range does not fit in `out`
   */
  fillNormal(out: Float64Array, offset = 0, length = out.length - offset): void {
    checkRange(out, offset, length);
    const end = offset + length;
    for (let i = offset; i < end; i++) out[i] = this.normal();
  }

  /** Marsaglia–Tsang squeeze-and-reject sampler, valid for shape ≥ 1. */
  private marsagliaTsang(shape: number): number {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniformOpen();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }
}

function validateState(state: readonly number[]): string | undefined {
  if (!Array.isArray(state)) return 'not an array';
  if (state.length !== STATE_LENGTH && state.length !== 4) return `expected ${STATE_LENGTH} numbers, got ${state.length}`;
  let allZero = true;
  for (let i = 0; i < 4; i++) {
    const w = state[i];
    if (typeof w !== 'number' || (w | 0) !== w) return `word ${i} (${String(w)}) is not a 32-bit signed integer`;
    if (w !== 0) allZero = false;
  }
  if (allZero) return 'the all-zero xoroshiro128+ state is invalid';
  if (state.length === STATE_LENGTH) {
    if (state[4] !== 0 && state[4] !== 1) return `spare flag ${String(state[4])} is not 0 or 1`;
    if (typeof state[5] !== 'number' || !Number.isFinite(state[5])) return `spare normal ${String(state[5])} is not finite`;
  }
  return undefined;
}

function checkRange(out: Float64Array, offset: number, length: number): void {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > out.length) {
    throw new TempestError(
      'INVALID_ARGUMENT',
      `fill range [${String(offset)}, ${String(offset)} + ${String(length)}) does not fit a buffer of length ${out.length}. Pass a non-negative integer offset and length with offset + length <= out.length.`,
      { option: 'offset', value: { offset, length, bufferLength: out.length } },
    );
  }
}
