/**
 * StarGAN v2's mapping network F (clovaai/stargan-v2 `MappingNetwork`): a latent code z is mapped by a
 * trunk shared by every domain (`sharedLayers` linear layers of `hidden` units, each followed by ReLU),
 * then by one head per domain (`headLayers − 1` hidden linear + ReLU layers and a linear output of
 * `styleDim`). The official sizes are latent 16, hidden 512, 4 shared layers, heads of 4 layers, style 64.
 * The model outputs every head's style side by side, [N, K·styleDim]; the objective picks domain y's
 * (F_y(z)) with {@link pickDomain} in src/models/stargan-v2/index.ts.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { seeds } from '../init.js';
import { type Builder, concatHeads, dense, relu, type Symbolic } from './layers.js';

export interface MappingOptions {
  latentDim: number;
  styleDim: number;
  domains: number;
  hidden: number;
  sharedLayers: number;
  headLayers: number;
  seed: number;
  name?: string;
}

export function buildMappingNetwork(o: MappingOptions): tfl.LayersModel {
  const b: Builder = { name: o.name ?? 'mapping', next: seeds(o.seed) };
  const z = tfl.input({ shape: [o.latentDim], name: `${b.name}_z` });
  let h: Symbolic = z;
  for (let i = 0; i < o.sharedLayers; i++) h = relu(b, `shared${i}`, dense(b, `shared${i}`, h, o.hidden));
  const heads = Array.from({ length: o.domains }, (_, k) => {
    let y = h;
    for (let i = 0; i < o.headLayers - 1; i++)
      y = relu(b, `head${k}_${i}`, dense(b, `head${k}_${i}`, y, o.hidden));
    return dense(b, `head${k}_out`, y, o.styleDim);
  });
  return tfl.model({ inputs: z, outputs: concatHeads(b, heads), name: b.name });
}
