/**
 * pix2pix's PatchGAN discriminator (Isola et al. 2017), as junyanz/pytorch-CycleGAN-and-pix2pix
 * `NLayerDiscriminator` builds it: Conv 4×4 s2 (filters) → LeakyReLU 0.2; n − 1 times Conv 4×4 s2
 * (filters·min(2^k, 8)) → norm → LeakyReLU 0.2; Conv 4×4 s1 (filters·min(2^n, 8)) → norm → LeakyReLU 0.2;
 * Conv 4×4 s1 → 1 channel: one logit per patch. Every convolution pads by 1 with zeros as torch's
 * `padding=1` does (ZeroPadding2D + `valid`, not `same`: on odd sides and at stride 1 they differ), so the
 * output sizes and the receptive field are the paper's — 256 px, n = 3 → 30×30 logits of 70×70 patches.
 * The first and last convolutions have a bias; the others only with instance norm (official `use_bias`).
 * For pix2pix the caller concatenates input and output image along channels into D's one input.
 *
 * Layer rule ({@link defaultPatchLayers}): the largest n whose receptive field is at most half the image
 * side, at least 1 — pix2pix's 70 px patches on 256 px images are the n = 3 case of this rule; 28 → 1
 * (16 px patches, 12×12 logits), 64 → 1 (16 px, 30×30 logits; n = 2 would see 34 px, over half), 128 → 2.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { convBias, normLayer } from '../../nn/norm.js';
import { conv, type ImageToImageOptions, positiveInt } from '../image-to-image.js';
import { seeds } from '../init.js';

type Symbolic = tfl.SymbolicTensor;

/** Options of {@link buildPatchDiscriminator}. */
export interface PatchDiscriminatorOptions extends ImageToImageOptions {
  /** Number of stride-2 convolutions, the official `n_layers` (default {@link defaultPatchLayers}). */
  layers?: number;
}

/** Side in pixels of the input patch one logit sees with `nLayers` stride-2 convolutions: 9·2^n − 2. */
export function patchReceptiveField(nLayers: number): number {
  positiveInt(nLayers, 'patchgan: layers');
  // Backwards from the logit: two 4×4 s1 convolutions see 7 cells, each 4×4 s2 one maps r to 2r + 2.
  return 9 * 2 ** nLayers - 2;
}

/** The largest n ≥ 1 with {@link patchReceptiveField}(n) ≤ size / 2 (see the module comment). */
export function defaultPatchLayers(size: number): number {
  let n = 1;
  while (patchReceptiveField(n + 1) <= size / 2) n++;
  return n;
}

/** Side of the logit map for an input side `size`: ⌊·/2⌋ per stride-2 conv, −1 per stride-1 conv. */
function outputSide(size: number, nLayers: number): number {
  let s = size;
  for (let i = 0; i < nLayers; i++) s = Math.floor(s / 2);
  return s - 2;
}

/**
 * Builds the PatchGAN: input [N, H, W, C] → logits [N, H', W', 1], one per patch. Defaults: 64 filters,
 * batch norm (pix2pix's `--norm batch`), layers {@link defaultPatchLayers} of the shorter side.
 */
export function buildPatchDiscriminator(opts: PatchDiscriminatorOptions): tfl.LayersModel {
  const [h, w, channels] = opts.imageShape;
  const name = opts.name ?? 'patch_discriminator';
  const filters = positiveInt(opts.filters ?? 64, 'patchgan: filters');
  const n = positiveInt(opts.layers ?? defaultPatchLayers(Math.min(h, w)), 'patchgan: layers');
  if (outputSide(Math.min(h, w), n) < 1) {
    throw new RangeError(`patchgan: ${n} layers leave no output on a ${h}x${w} input`);
  }
  const norm = opts.norm ?? 'batch';
  const useBias = convBias(norm);
  const next = seeds(opts.seed ?? 0);
  const apply = (layer: tfl.layers.Layer | null, x: Symbolic) => (layer ? (layer.apply(x) as Symbolic) : x);

  /** ZeroPad 1 → Conv 4×4 → (norm) → (LeakyReLU 0.2): one stage; `k` numbers the layer names. */
  const stage = (x: Symbolic, k: number, f: number, strides: number, withNorm: boolean, last = false) => {
    let y = apply(tfl.layers.zeroPadding2d({ padding: 1, name: `${name}_pad${k}` }), x);
    const bias = !withNorm || useBias;
    y = apply(conv({ filters: f, kernelSize: 4, strides, useBias: bias, name: `${name}_conv${k}` }, next), y);
    if (withNorm) y = apply(normLayer(norm, `${name}_norm${k}`, next()), y);
    return last ? y : apply(tfl.layers.leakyReLU({ alpha: 0.2, name: `${name}_lrelu${k}` }), y);
  };
  const width = (k: number) => filters * Math.min(2 ** k, 8);

  const input = tfl.input({ shape: [h, w, channels], name: `${name}_input` });
  let x = stage(input, 0, filters, 2, false);
  for (let k = 1; k < n; k++) x = stage(x, k, width(k), 2, true);
  x = stage(x, n, width(n), 1, true);
  const logits = stage(x, n + 1, 1, 1, false, true);
  return tfl.model({ inputs: input, outputs: logits, name });
}
