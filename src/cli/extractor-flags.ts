/**
 * The flags that name a user's feature extractor, shared by `gankit eval` and `gankit fid`:
 * `--extractor MODEL.json --layer NAME [--input-range LO,HI] [--input-size H,W]`.
 */
import path from 'node:path';
import type { UserExtractor } from '../train/evaluate.js';
import { UsageError } from '../util/errors.js';
import { pairFlag } from './args.js';

export const EXTRACTOR_FLAGS = {
  extractor: { type: 'string' },
  layer: { type: 'string' },
  'input-range': { type: 'string' },
  'input-size': { type: 'string' },
} as const;

/** The user extractor the flags describe, or undefined without --extractor; inconsistent flags are usage errors. */
export function userExtractor(
  command: string,
  v: Record<string, string | boolean | undefined>,
): UserExtractor | undefined {
  if (v.extractor !== undefined && v.layer === undefined) {
    throw new UsageError(
      `gankit ${command}: --extractor needs --layer (the layer or graph node whose output is the feature vector)`,
    );
  }
  const inputRange = pairFlag('input-range', v['input-range'], {
    test: (lo, hi) => lo < hi,
    want: 'two numbers LO,HI with LO < HI, e.g. 0,1',
  });
  const inputSize = pairFlag('input-size', v['input-size'], {
    test: (h, w) => Number.isInteger(h) && Number.isInteger(w) && h > 0 && w > 0,
    want: 'two positive integers H,W, e.g. 299,299',
  });
  if (v.extractor === undefined) {
    if (inputRange || inputSize)
      throw new UsageError(
        `gankit ${command}: --input-range and --input-size describe an --extractor; pass one`,
      );
    if (v.layer !== undefined)
      throw new UsageError(`gankit ${command}: --layer belongs to --extractor MODEL.json; pass one`);
    return undefined;
  }
  return { path: path.resolve(v.extractor as string), layer: v.layer as string, inputRange, inputSize };
}
