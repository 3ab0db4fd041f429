/**
 * Layers that draw random numbers from their own seeded Philox stream (dropout masks, StyleGAN's noise
 * inputs). The stream's position decides the next draw, so it is part of a checkpoint: a resumed run
 * puts every such layer's stream back where it was, or its masks and noise — and so its losses — differ.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { RngState } from '../util/rng.js';

/** A layer with a resumable random stream. */
export interface SeededLayer {
  /** Position of the layer's stream (advances with every draw). */
  randomState(): RngState;
  /** Moves the stream to a position from {@link randomState}. */
  setRandomState(state: RngState): void;
}

function isSeeded(layer: tfl.layers.Layer): layer is tfl.layers.Layer & SeededLayer {
  const l = layer as Partial<SeededLayer>;
  return typeof l.randomState === 'function' && typeof l.setRandomState === 'function';
}

/** The layers of `model` (nested models included, in layer order) that satisfy `is`. */
export function findLayers<T extends tfl.layers.Layer>(
  model: tfl.LayersModel,
  is: (layer: tfl.layers.Layer) => layer is T,
): T[] {
  return model.layers.flatMap((layer) =>
    is(layer) ? [layer] : layer instanceof tfl.LayersModel ? findLayers(layer, is) : [],
  );
}

/** Every seeded layer of `model`, in layer order (nested models included). */
export function seededLayers(model: tfl.LayersModel): (tfl.layers.Layer & SeededLayer)[] {
  return findLayers(model, isSeeded);
}
