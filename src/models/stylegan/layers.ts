/**
 * The small layers that make StyleGAN's generator a tfjs-layers model (z → image), so that checkpoints,
 * EMA copies, `gankit sample` and `gankit eval` treat it like any other generator:
 * - {@link StyleBroadcast}: w [N, D] → per-layer styles [N, L, D]; it also holds the tracked mean w̄ (the
 *   official `dlatent_avg`) as a non-trainable weight, so the mean is checkpointed with the generator and
 *   copied (not averaged) into its EMA copy, as the official `Gs` copies non-trainable variables;
 * - {@link SelectStyle}: the style of one synthesis layer, [N, L, D] → [N, D];
 * - {@link ConstantInput}: the learned 4×4 constant the synthesis network starts from (init 1);
 * - {@link ResidualSum}: the residual discriminator's (a + b)/√2.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '../../nn/layer-args.js';
import { broadcastStyles } from './styles.js';

export interface StyleBroadcastArgs extends LayerArgs {
  numLayers: number;
}

/** [N, D] → [N, L, D], plus the tracked mean w̄ [D] (zeros at first). */
export class StyleBroadcast extends tfl.layers.Layer {
  static readonly className = 'GankitStyleBroadcast';
  readonly numLayers: number;
  private average: tfl.LayerVariable | null = null;

  constructor(args: StyleBroadcastArgs) {
    super(args);
    this.numLayers = args.numLayers;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const d = (inputShape as tfl.Shape)[1];
    if (d === null) throw new Error('StyleBroadcast needs a known w size');
    this.average = this.addWeight('w_average', [d], 'float32', tfl.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = inputShape as tfl.Shape;
    return [s[0], this.numLayers, s[1]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const w = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
    return broadcastStyles(w, this.numLayers);
  }

  /** The tracked mean w̄ (a variable: the objective assigns its updates). */
  get wAverage(): tf.Variable {
    return this.average!.read() as tf.Variable;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numLayers: this.numLayers };
  }
}
tf.serialization.registerClass(StyleBroadcast);

export interface SelectStyleArgs extends LayerArgs {
  index: number;
}

/** [N, L, D] → [N, D]: the style of synthesis layer `index`. */
export class SelectStyle extends tfl.layers.Layer {
  static readonly className = 'GankitSelectStyle';
  private readonly index: number;

  constructor(args: SelectStyleArgs) {
    super(args);
    this.index = args.index;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = inputShape as tfl.Shape;
    return [s[0], s[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ws = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
    return tf.tidy(() =>
      tf.reshape(tf.slice(ws, [0, this.index, 0], [-1, 1, -1]), [ws.shape[0], ws.shape[2]]),
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), index: this.index };
  }
}
tf.serialization.registerClass(SelectStyle);

export interface ConstantInputArgs extends LayerArgs {
  /** [height, width, channels] of the constant. */
  size: [number, number, number];
}

/** Any batch input → [N, H, W, C]: one learned tensor (init 1, as the official `const`) per sample. */
export class ConstantInput extends tfl.layers.Layer {
  static readonly className = 'GankitConstantInput';
  private readonly size: [number, number, number];
  private value: tfl.LayerVariable | null = null;

  constructor(args: ConstantInputArgs) {
    super(args);
    this.size = args.size;
  }

  override build(): void {
    this.value = this.addWeight('const', this.size, 'float32', tfl.initializers.ones());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [(inputShape as tfl.Shape)[0], ...this.size];
  }

  /** The learned constant [H, W, C] (the variable itself, not a copy). */
  get constant(): tf.Tensor3D {
    return this.value!.read() as tf.Tensor3D;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => tf.tile(tf.expandDims(this.value!.read(), 0), [x.shape[0], 1, 1, 1]));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size };
  }
}
tf.serialization.registerClass(ConstantInput);

/** [a, b] → (a + b)/√2: StyleGAN2's residual sum, which keeps the signal's variance. */
export class ResidualSum extends tfl.layers.Layer {
  static readonly className = 'GankitResidualSum';

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (inputShape as tfl.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [a, b] = inputs as tf.Tensor[];
    return tf.tidy(() => tf.mul(tf.add(a, b), Math.SQRT1_2));
  }
}
tf.serialization.registerClass(ResidualSum);
