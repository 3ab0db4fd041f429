/**
 * CycleGAN's pool of past fakes (Shrivastava et al. 2017; pytorch-CycleGAN-and-pix2pix `ImagePool`): D
 * is shown a mix of the newest fakes and fakes of earlier generators, which damps the oscillation of
 * the two players. Per image: while the pool has room the image is stored and returned; once full, with
 * probability ½ a random stored image is returned and replaced by the new one, otherwise the new one is
 * returned. Size 0 disables it (every image is returned as is). The pool's contents and fill level are
 * part of a checkpoint, so a resumed run draws the same images.
 */
import type { Rng } from '../../util/rng.js';

export class ImagePool {
  private readonly store: Float32Array;
  private count = 0;

  /** @param size images held; @param imageSize values per image. */
  constructor(
    readonly size: number,
    readonly imageSize: number,
  ) {
    this.store = new Float32Array(size * imageSize);
  }

  /** Images held so far. */
  get filled(): number {
    return this.count;
  }

  /** The batch D is shown for `images` (n images, flattened): a new array, `images` is not changed. */
  query(images: Float32Array, rng: Rng): Float32Array {
    const d = this.imageSize;
    const out = Float32Array.from(images);
    if (this.size === 0) return out;
    for (let i = 0; i < images.length / d; i++) {
      const image = images.subarray(i * d, (i + 1) * d);
      if (this.count < this.size) {
        this.store.set(image, this.count * d);
        this.count++;
      } else if (rng.uniform(1)[0] >= 0.5) {
        const j = rng.int(this.size);
        out.set(this.store.subarray(j * d, (j + 1) * d), i * d);
        this.store.set(image, j * d);
      }
    }
    return out;
  }

  /** The stored images (the first {@link filled} rows), for a checkpoint. */
  contents(): Float32Array {
    return this.store.slice(0, this.count * this.imageSize);
  }

  /** Refills the pool from {@link contents}. */
  restore(rows: Float32Array): void {
    if (rows.length % this.imageSize !== 0 || rows.length > this.store.length)
      throw new RangeError(
        `image pool: ${rows.length} values do not fit ${this.size} images of ${this.imageSize}`,
      );
    this.store.fill(0);
    this.store.set(rows);
    this.count = rows.length / this.imageSize;
  }
}
