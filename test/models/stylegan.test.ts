/**
 * StyleGAN's networks (src/models/stylegan/): shapes at 32 and 64 px; AdaIN inside the synthesis
 * network gives each channel the style's mean and standard deviation; truncation ψ = 0 gives one image
 * for every z and ψ = 1 changes nothing (with the cutoff leaving later layers alone); noise inputs
 * start silent, act only through their learned scales, and the fixed-noise mode repeats itself; the
 * style-swap measure (mean colour vs 8×8 structure) behaves on known image changes, and swapping coarse
 * styles leaves the mean colour exactly (the colour half of the paper's claim, which the architecture
 * guarantees; the layout half is a trained model's, measured in examples/stylegan-emoji.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { forward } from '../../src/models/forward.js';
import { buildStyleGan, type StyleParts, styleParts } from '../../src/models/stylegan/index.js';
import { sampleStyled, stylesOf, synthesize } from '../../src/models/stylegan/sampling.js';
import { NoiseInjection } from '../../src/nn/noise-injection.js';
import { Rng } from '../../src/util/rng.js';

await initBackend('cpu');

const SMALL = { family: 'stylegan', latentDim: 16, wDim: 16, mappingLayers: 2, fmapBase: 64, fmapMax: 16 };

function build(size: number, extra: Record<string, unknown> = {}) {
  const nets = buildStyleGan({ ...SMALL, ...extra }, { imageShape: [size, size, 3], seed: 3 });
  return { nets, parts: styleParts(nets.generator)! };
}

const rng = new Rng(5);
const latents = (n: number) => tf.tensor2d(rng.normal(n * SMALL.latentDim), [n, SMALL.latentDim]);
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

/** Gives every noise layer a non-zero scale, so noise really reaches the image. */
function wakeNoise(parts: StyleParts): void {
  for (const layer of parts.synthesis.layers)
    if (layer instanceof NoiseInjection)
      layer.setWeights([tf.fill(layer.getWeights()[0].shape, 0.5), layer.getWeights()[1]]);
}

test('shapes: 8 synthesis layers at 32 px, 10 at 64 px; D gives one logit per image (plain and resnet)', () => {
  for (const [size, layers] of [
    [32, 8],
    [64, 10],
  ]) {
    for (const discriminator of ['plain', 'resnet']) {
      const { nets, parts } = build(size, { discriminator });
      assert.equal(parts.numLayers, layers);
      assert.deepEqual(parts.synthesis.inputs[0].shape, [null, layers, 16]);
      const img = tf.tidy(() => forward(nets.generator, latents(4)) as tf.Tensor);
      assert.deepEqual(img.shape, [4, size, size, 3]);
      const logits = tf.tidy(() => forward(nets.discriminator, img) as tf.Tensor);
      assert.deepEqual(logits.shape, [4, 1]);
      tf.dispose([img, logits]);
      nets.generator.dispose();
      nets.discriminator.dispose();
    }
  }
});

test('bad model sections are usage errors naming the key', () => {
  assert.throws(() => build(32, { mappingLayers: 0 }), /model\.mappingLayers/);
  assert.throws(() => build(32, { discriminator: 'deep' }), /model\.discriminator/);
  assert.throws(() => build(32, { depth: 3 }), /unknown key 'model\.depth'/);
  assert.throws(() => buildStyleGan(SMALL, { imageShape: [28, 28, 1], seed: 1 }), /power-of-two size/);
});

test("AdaIN in the synthesis network: each channel of its output has the style's mean y_b and std y_s", () => {
  const { parts } = build(32);
  const synth = parts.synthesis;
  for (const i of [1, 4, 7]) {
    const probe = tfl.model({
      inputs: synth.inputs,
      outputs: [
        synth.getLayer(`adain${i}`).output as tfl.SymbolicTensor,
        synth.getLayer(`style${i}`).output as tfl.SymbolicTensor,
      ],
    });
    const ws = tf.tidy(() => stylesOf(parts, latents(3)));
    const [y, style] = probe.predict(ws) as tf.Tensor[];
    const c = y.shape[3]!;
    const { mean, variance } = tf.moments(y, [1, 2]);
    const scale = tf.add(tf.slice(style, [0, 0], [-1, c]), 1); // y_s = 1 + A(w)_s
    const bias = tf.slice(style, [0, c], [-1, c]);
    assert.ok(maxDiff(mean, bias) < 1e-4, `layer ${i}: mean`);
    assert.ok(maxDiff(tf.sqrt(variance), tf.abs(scale)) < 1e-3, `layer ${i}: std`);
    // The styles differ per sample and channel, so the check is not of a constant.
    assert.ok(tf.moments(scale).variance.dataSync()[0] > 1e-6);
    tf.dispose([ws, y, style, mean, variance, scale, bias]);
  }
});

test('truncation ψ = 0 gives the same image for every z; ψ = 1 changes nothing', () => {
  const { parts } = build(32);
  wakeNoise(parts);
  // A mean w̄ away from 0, so ψ = 0 is not trivially w = 0.
  parts.broadcast.wAverage.assign(tf.tensor1d(rng.normal(16)));
  const z = latents(4);
  const fixed = { randomizeNoise: false };
  const mean = sampleStyled(parts, z, { psi: 0, ...fixed });
  const first = tf.slice(mean, [0, 0, 0, 0], [1, -1, -1, -1]);
  assert.ok(maxDiff(mean, tf.tile(first, [4, 1, 1, 1])) < 1e-5, 'ψ = 0: one image');
  const plain = synthesize(parts, stylesOf(parts, z), false);
  assert.ok(maxDiff(sampleStyled(parts, z, { psi: 1, ...fixed }), plain) === 0, 'ψ = 1: untouched');
  // The images do differ without truncation, and ψ = 0.5 lies in between.
  assert.ok(maxDiff(plain, tf.tile(tf.slice(plain, [0, 0, 0, 0], [1, -1, -1, -1]), [4, 1, 1, 1])) > 1e-3);
  // With a cutoff, the layers from the cutoff on keep each latent's own styles.
  const ws = stylesOf(parts, z, 0, 3);
  const own = stylesOf(parts, z);
  assert.ok(maxDiff(tf.slice(ws, [0, 3, 0], [-1, -1, -1]), tf.slice(own, [0, 3, 0], [-1, -1, -1])) === 0);
  const avg = tf.reshape(parts.broadcast.wAverage, [1, 1, 16]);
  assert.ok(maxDiff(tf.slice(ws, [0, 0, 0], [-1, 3, -1]), tf.tile(avg, [4, 3, 1])) < 1e-6);
  assert.throws(() => sampleStyled(parts, z, { psi: 1.5 }), /ψ must be in \[0, 1\]/);
});

test('noise inputs: silent at init, per-channel scaled when learned, fixed mode repeats itself', () => {
  const { parts, nets } = build(32);
  const z = latents(2);
  const ws = stylesOf(parts, z);
  // Zero-initialised scales: fresh noise changes nothing yet.
  assert.ok(maxDiff(synthesize(parts, ws), synthesize(parts, ws)) === 0);
  wakeNoise(parts);
  assert.ok(maxDiff(synthesize(parts, ws), synthesize(parts, ws)) > 1e-4, 'fresh noise per call');
  assert.ok(maxDiff(synthesize(parts, ws, false), synthesize(parts, ws, false)) === 0, 'fixed noise');
  // Noise is drawn per sample: two copies of one latent differ only through it.
  const twins = synthesize(
    parts,
    tf.concat([tf.slice(ws, [0, 0, 0], [1, -1, -1]), tf.slice(ws, [0, 0, 0], [1, -1, -1])]),
  );
  assert.ok(
    maxDiff(tf.slice(twins, [0, 0, 0, 0], [1, -1, -1, -1]), tf.slice(twins, [1, 0, 0, 0], [1, -1, -1, -1])) >
      1e-4,
  );
  // The fixed noise images are weights: checkpointed, and copied into an EMA twin.
  const names = nets.generator.weights.map((w) => w.originalName);
  assert.ok(names.some((n) => n.includes('fixed_noise')) && names.some((n) => n.includes('w_average')));
});

test('the style-swap measure: a colour shift moves colour, not layout; a spatial change the reverse', async () => {
  const { imageChange, styleSwapEffects } = await import('../../src/models/stylegan/style-swap.js');
  const ref = tf.tidy(() => tf.tanh(tf.tensor4d(rng.normal(4 * 32 * 32 * 3), [4, 32, 32, 3])));
  // Adding a per-image colour: the mean colour moves by its norm, the centred grey structure stays.
  const tint = tf.tensor4d([0.3, -0.2, 0.1], [1, 1, 1, 3]);
  const tinted = imageChange(tf.add(ref, tint) as tf.Tensor4D, ref);
  assert.ok(Math.abs(tinted.colour - Math.hypot(0.3, 0.2, 0.1)) < 1e-5);
  assert.ok(tinted.layout < 1e-5);
  // Mirroring the image left-right keeps its mean colour and scrambles its 8×8 structure.
  const mirrored = imageChange(tf.reverse(ref, 2) as tf.Tensor4D, ref);
  assert.ok(mirrored.colour < 1e-5 && mirrored.layout > 0.5);
  const same = imageChange(ref, ref);
  assert.ok(same.colour === 0 && same.layout < 1e-6);
  // On a generator: a crossover at the last layer swaps almost nothing finely, at 0 everything coarsely.
  const { parts } = build(32);
  const [a, b] = [latents(4), latents(4)];
  const all = styleSwapEffects(parts, a, b, 0);
  assert.ok(all.coarse.colour === 0 && all.coarse.layout < 1e-6, 'crossover 0: the coarse swap keeps a');
  assert.ok(all.fine.colour > 0 && all.fine.layout > 0, 'crossover 0: the fine swap is all of b');
  // The colour half of the paper's claim holds by construction: the last AdaIN sets each channel's mean
  // to its style's y_b, and the 1×1 linear toRGB maps those means to the image's mean colour, so only
  // the fine styles move it — swapping the coarse ones (4² and 8², below layer 4) leaves it exactly.
  // (The layout half is learned; it is measured on the trained model in examples/stylegan-emoji.ts.)
  const half = styleSwapEffects(parts, a, b, 4);
  assert.ok(half.coarse.colour < 1e-6 && half.fine.colour > 0.1, JSON.stringify(half));
  assert.ok(half.coarse.layout > 0.05, 'the coarse swap does change the image');
});
