/**
 * The contract between model families, the trainer and the samplers. A family builds a generator and a
 * discriminator from its part of the config; the trainer only sees this record.
 */
import type * as tfl from '@tensorflow/tfjs-layers';

/** Height, width, channels of one image (NHWC without N). */
export type ImageShape = [number, number, number];

/** A built GAN: the two networks and what a caller needs to feed them. */
export interface GanNetworks {
  /** Maps `[batch, latentDim]` noise (and, for conditional models, labels) to `[batch, ...imageShape]`. */
  generator: tfl.LayersModel;
  /**
   * Maps `[batch, ...imageShape]` images (and one-hot labels, when {@link dTakesLabels}) to `[batch, 1]`
   * logits — or to `[logits, features]`, or `[logits, features, classLogits]` for AC-GAN, where `features`
   * is D's last hidden layer (for feature matching). Logits, not probabilities: losses apply the sigmoid
   * themselves, in a numerically stable form.
   */
  discriminator: tfl.LayersModel;
  latentDim: number;
  imageShape: ImageShape;
  /** Set for class-conditional models: the number of classes the labels range over. */
  numClasses?: number;
  /**
   * How labels reach D in a conditional model: `concat` (cGAN: the one-hot label is concatenated to D's
   * input), `projection` (Miyato & Koyama 2018: D adds ⟨embed(y), φ(x)⟩ to its logit, φ its last hidden
   * layer) or `auxiliary` (AC-GAN: D predicts the class with a second head). G always takes a one-hot
   * label input.
   */
  conditioning?: 'concat' | 'projection' | 'auxiliary';
}

/** Whether D takes a one-hot label as its second input (cGAN and projection discriminators). */
export function dTakesLabels(nets: Pick<GanNetworks, 'conditioning'>): boolean {
  return nets.conditioning === 'concat' || nets.conditioning === 'projection';
}

/** What a family's builder receives besides its own config section. */
export interface BuildContext {
  imageShape: ImageShape;
  numClasses?: number;
  /** Seed for weight initialisation (each layer derives its own from it). */
  seed: number;
}

/** A model family: turns its config section into networks. */
export type ModelBuilder = (spec: Record<string, unknown>, ctx: BuildContext) => GanNetworks;

/** Image shapes of the two domains of an image-to-image model: A (the input of A→B) and B. */
export interface TranslationShapes {
  a: ImageShape;
  b: ImageShape;
}

/**
 * An image-to-image family (pix2pix, CycleGAN): builds its named networks from its config section, the
 * two domains' shapes and a seed. The names are the ones its objective and checkpoints use.
 */
export type TranslationBuilder = (
  spec: Record<string, unknown>,
  ctx: { shapes: TranslationShapes; seed: number },
) => Record<string, tfl.LayersModel>;
