/** Class verdicts on generated images through the run's shipped classifier (or none when it has none). */
import type { GanConfig } from '../config/types.js';
import { extractorInput, loadRunExtractor, shippedExtractorPath } from '../train/evaluate.js';

/** Argmax class and its probability per image, or undefined when the dataset ships no classifier. */
export async function classifyImages(
  config: GanConfig,
  data: Float32Array,
  n: number,
  shape: number[],
): Promise<{ classes: Int32Array; confidence: Float32Array } | undefined> {
  if (!shippedExtractorPath(config)) return undefined;
  const ex = await loadRunExtractor(config);
  const x = extractorInput(ex, config.data.range, data, n, shape);
  try {
    const p = await ex.probabilities!(x);
    const classes = new Int32Array(n);
    const confidence = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < p.cols; k++) if (p.data[i * p.cols + k] > p.data[i * p.cols + best]) best = k;
      classes[i] = best;
      confidence[i] = p.data[i * p.cols + best];
    }
    return { classes, confidence };
  } finally {
    x.dispose();
  }
}
