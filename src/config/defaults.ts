/** Values a preset or config file may leave out. */
export const DEFAULTS = {
  description: 'custom configuration',
  data: { split: 'train', range: '-1,1' },
  loss: { type: 'non-saturating' },
  train: {
    batchSize: 64,
    steps: 1000,
    dSteps: 1,
    logEvery: 100,
    sampleEvery: 500,
    checkpointEvery: 500,
    keepCheckpoints: 3,
    sampleCount: 64,
    seed: 42,
  },
} as const;
