/**
 * Experience replay for the discriminator (seed 002; Shrivastava et al. 2017): D sees, besides fresh fakes,
 * fakes the generator made earlier, so G cannot win by oscillating between modes D has forgotten.
 */
import type { Rng } from '../../util/rng.js';

export class ReplayBuffer {
  private readonly rows: Float32Array;
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly rowSize: number,
  ) {
    this.rows = new Float32Array(capacity * rowSize);
  }

  /** Samples currently stored. */
  get size(): number {
    return this.count;
  }

  /**
   * Returns `fresh` (n rows) with its first round(ratio·n) rows replaced by random stored fakes (none while
   * the buffer is empty), then stores the fresh rows: appended while there is room, afterwards each one
   * overwrites a random slot, so the buffer holds a uniform sample of the run's history.
   */
  mix(fresh: Float32Array, n: number, ratio: number, rng: Rng): Float32Array {
    const out = Float32Array.from(fresh);
    const k = this.count === 0 ? 0 : Math.round(ratio * n);
    for (let i = 0; i < k; i++) {
      const j = rng.int(this.count);
      out.set(this.rows.subarray(j * this.rowSize, (j + 1) * this.rowSize), i * this.rowSize);
    }
    for (let i = 0; i < n; i++) {
      const slot = this.count < this.capacity ? this.count++ : rng.int(this.capacity);
      this.rows.set(fresh.subarray(i * this.rowSize, (i + 1) * this.rowSize), slot * this.rowSize);
    }
    return out;
  }

  /** The stored rows (a copy), for checkpoints. */
  contents(): Float32Array {
    return this.rows.slice(0, this.count * this.rowSize);
  }

  /** Restores contents saved by {@link contents}. */
  restore(rows: Float32Array): void {
    if (rows.length % this.rowSize !== 0 || rows.length > this.rows.length) {
      throw new RangeError(
        `replay buffer checkpoint has ${rows.length} values; expected a multiple of ${this.rowSize} up to ${this.rows.length}`,
      );
    }
    this.rows.set(rows);
    this.count = rows.length / this.rowSize;
  }
}
