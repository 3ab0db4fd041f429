/** Every kernel the native backend implements, one family per file. */
import type * as tf from '@tensorflow/tfjs-core';
import { adamKernel } from './adam.js';
import { binaryKernels } from './binary.js';
import { convKernels } from './conv.js';
import { creationKernels } from './creation.js';
import { instanceNormKernels } from './instance_norm.js';
import { layoutKernels } from './layout.js';
import { matmulKernels } from './matmul.js';
import { normRandomKernels } from './norm_random.js';
import { poolKernels } from './pool.js';
import { reduceKernels } from './reduce.js';
import { remapKernels } from './remap.js';
import { resizeKernels } from './resize.js';
import { selectAddNKernels } from './select_addn.js';
import { activationGradKernel, logicalNotKernel, softmaxKernel, unaryKernels } from './unary.js';

export const nativeKernels: tf.KernelConfig[] = [
  ...unaryKernels,
  softmaxKernel,
  logicalNotKernel,
  activationGradKernel,
  ...binaryKernels,
  ...creationKernels,
  ...selectAddNKernels,
  ...reduceKernels,
  ...layoutKernels,
  ...remapKernels,
  ...resizeKernels,
  ...matmulKernels,
  ...convKernels,
  ...normRandomKernels,
  ...instanceNormKernels,
  ...poolKernels,
  adamKernel,
];
