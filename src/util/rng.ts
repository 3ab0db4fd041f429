/**
 * Counter-based random numbers (Philox4x32-10, Salmon et al. 2011).
 *
 * Why counter-based: the whole state of a stream is `(seed, stream, counter)`, three integers that a
 * checkpoint stores and a resume restores exactly, and a native kernel can reproduce the same stream
 * bit for bit. Each counter value yields one block of four 32-bit words.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** Serializable state of an {@link Rng} stream. */
export interface RngState {
  seed: number;
  stream: number;
  counter: number;
}

/** High 32 bits of the 64-bit product of two uint32 (exact, without BigInt). */
function mulhi(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const t1 = ah * bl;
  const t2 = al * bh;
  const mid = ((al * bl) >>> 16) + (t1 & 0xffff) + (t2 & 0xffff);
  return (ah * bh + (t1 >>> 16) + (t2 >>> 16) + (mid >>> 16)) >>> 0;
}

/** One Philox4x32-10 block for counter (c0, c1, 0, 0) and key (k0, k1), written into `out`. */
export function philox4x32(c0: number, c1: number, k0: number, k1: number, out: Uint32Array): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = 0;
  let x3 = 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
    key0 = (key0 + W0) >>> 0;
    key1 = (key1 + W1) >>> 0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
}

const TWO_POW_32 = 4294967296;
const INV_2_24 = 1 / 16777216;

/** A seeded, resumable random stream. */
export class Rng {
  private seed: number;
  private stream: number;
  private counter: number;
  private readonly block = new Uint32Array(4);

  constructor(seed: number, stream = 0, counter = 0) {
    if (!Number.isInteger(seed) || seed < 0 || seed >= TWO_POW_32) {
      throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
    }
    this.seed = seed;
    this.stream = stream >>> 0;
    this.counter = counter;
  }

  /** Restores a stream from {@link Rng.state}. */
  static fromState(s: RngState): Rng {
    return new Rng(s.seed, s.stream, s.counter);
  }

  /** The exact position of this stream, for checkpoints. */
  state(): RngState {
    return { seed: this.seed, stream: this.stream, counter: this.counter };
  }

  /** Moves this stream to a saved position (for streams shared by reference, e.g. with a loss). */
  seek(s: RngState): void {
    this.seed = s.seed;
    this.stream = s.stream >>> 0;
    this.counter = s.counter;
  }

  /** An independent stream with the same seed, identified by `stream`. */
  fork(stream: number): Rng {
    return new Rng(this.seed, stream);
  }

  private nextBlock(): Uint32Array {
    const c = this.counter++;
    philox4x32(c % TWO_POW_32, Math.floor(c / TWO_POW_32), this.seed, this.stream, this.block);
    return this.block;
  }

  /** Advances the stream by `blocks` blocks of four words, as if they had been drawn (native fills use it). */
  skip(blocks: number): void {
    this.counter += blocks;
  }

  /** `n` uniform floats in [0, 1) with 24 random bits each. */
  uniform(n: number, out: Float32Array = new Float32Array(n)): Float32Array {
    for (let i = 0; i < n; i += 4) {
      const b = this.nextBlock();
      for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (b[j] >>> 8) * INV_2_24;
    }
    return out;
  }

  /** `n` standard normal floats (Box–Muller on pairs of uniforms in (0, 1]). */
  normal(n: number, out: Float32Array = new Float32Array(n)): Float32Array {
    for (let i = 0; i < n; i += 4) {
      const b = this.nextBlock();
      for (let p = 0; p < 4; p += 2) {
        const u1 = ((b[p] >>> 8) + 1) * INV_2_24;
        const u2 = (b[p + 1] >>> 8) * INV_2_24;
        const r = Math.sqrt(-2 * Math.log(u1));
        const t = 2 * Math.PI * u2;
        if (i + p < n) out[i + p] = r * Math.cos(t);
        if (i + p + 1 < n) out[i + p + 1] = r * Math.sin(t);
      }
    }
    return out;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.nextBlock()[0] * (n / TWO_POW_32));
  }

  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
