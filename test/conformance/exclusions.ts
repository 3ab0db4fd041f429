/**
 * Specs of tfjs-core's conformance suite that gankit's CI run skips, each with why, in the way of
 * tfjs-node's and tfjs-backend-wasm's own lists, but by exact name (suite, then spec) so that an entry
 * never hides a spec it was not written for.
 *
 * `native` runs every spec: none is excluded.
 *
 * `wasm` skips exactly the specs that stock tfjs-backend-wasm 4.22 fails too, measured by running the
 * package without gankit's kernels (`run-specs.js --backend wasm-stock`: 3,890 passed, 334 failed).
 * gankit adds or replaces only the wasm kernels GAN training needs, so the package's other gaps stay;
 * the 64 specs stock wasm fails that pass with gankit's kernels are not listed. The conformance test
 * fails on any spec outside this list, so a spec that stock wasm passes can never regress unseen.
 */
export type ConformanceBackend = 'native' | 'wasm' | 'wasm-stock';

export interface Exclusion {
  /** The spec's suite (the first `describe`, before the environment name). */
  suite: string;
  /** Why its specs are skipped. */
  why: string;
  /** Spec names within the suite (after `{env} {} `). */
  specs: readonly string[];
}

const NO_COMPLEX = 'tfjs-backend-wasm has no complex64 support (no Complex kernel)';
const NO_STRINGS = 'tfjs-backend-wasm has no string tensors in this kernel';
const INT_MATMUL = "tfjs-backend-wasm's BatchMatMul is float32 only";
const RANK1_BIAS = "tfjs-backend-wasm's fused kernels take a rank-1 bias only";
const NHWC_ONLY = "tfjs-backend-wasm's Conv2D and FusedConv2D (XNNPACK) are NHWC only";

const WASM: readonly Exclusion[] = [
  { suite: 'encodeWeights', why: NO_COMPLEX, specs: ['Complex64 tensors', 'Mixed dtype tensors'] },
  {
    suite: 'decodeWeights',
    why: NO_COMPLEX,
    specs: ['from arraybuffer Mixed dtype tensors', 'from stream Mixed dtype tensors'],
  },
  {
    suite: 'abs',
    why: NO_COMPLEX,
    specs: ['complex64 rank-1', 'complex64 rank-2', 'complex64 rank-3', 'is underflow-safe for complex64'],
  },
  {
    suite: 'add',
    why: NO_COMPLEX,
    specs: [
      'complex number addition',
      'complex number reshape and then addition',
      'complex number broadcasting addition',
      'upcasts when dtypes dont match',
    ],
  },
  {
    suite: 'mul',
    why: NO_COMPLEX,
    specs: ['complex number multiplication', 'complex number broadcasting multiplication'],
  },
  {
    suite: 'clipByValue',
    why: "tfjs-backend-wasm's ClipByValue drops NaN",
    specs: ['basic vec4', 'propagates NaNs'],
  },
  {
    suite: 'clone',
    why: NO_COMPLEX,
    specs: ['1D complex64 dtype', '2D complex64 dtype', '3D complex64 dtype', '4D complex64 dtype'],
  },
  { suite: 'complex64', why: NO_COMPLEX, specs: ['tf.complex', 'tf.real', 'tf.imag'] },
  { suite: 'concat1d', why: NO_COMPLEX, specs: ['concat complex input'] },
  {
    suite: 'concat2d',
    why: NO_COMPLEX,
    specs: ['concat complex input axis=0', 'concat complex input axis=1'],
  },
  {
    suite: 'concat3d',
    why: NO_COMPLEX,
    specs: ['concat complex input axis=0', 'concat complex input axis=1', 'concat complex input axis=1'],
  },
  {
    suite: 'confusionMatrix',
    why: INT_MATMUL,
    specs: [
      '3x3 all cases present in both labels and predictions',
      'float32 arguments are accepted',
      '4x4 all cases present in labels, but not predictions',
      '4x4 all cases present in predictions, but not labels',
      'Plain arrays as inputs',
      'Int32Arrays as inputs',
      '5x5 predictions and labels both missing some cases',
    ],
  },
  {
    suite: 'conv2d',
    why: NHWC_ONLY,
    specs: [
      'x=[2,1,2,2] f=[1,1,1,1] s=1 d=1 p=0 NCHW',
      'x=[1,2,2] f=[2,2,1,1] s=1 d=1 p=same NCHW',
      'x=[4,2,2] f=[1,1,4,4] s=1 d=1 p=same NCHW',
      'x=[3,2,2] f=[1,1,3,4] s=1 d=1 p=same NCHW',
      'x=[2,2,2,2] f=[1,1,4,4] s=1 d=1 p=same NCHW',
      'x=[4,2,2] f=[2,2,4,4] s=1 d=1 p=same NCHW',
      'x=[1,2,2] f=[2,2,1,1] s=1 d=1 p=explicit NCHW',
      'x=[2,2,2] f=[2,2,2,1] s=1 d=1 p=same NCHW',
      'x=[2,1,2,2] f=[2,2,1,1] s=1 d=1 p=same NCHW',
      'gradient x=[1,1,3,3] f=[2,2,1,1] s=1 p=0 NCHW',
      'gradient x=[2,1,3,3] f=[2,2,1,1] s=1 p=0 NCHW',
    ],
  },
  {
    suite: 'einsum',
    why: 'tfjs-backend-wasm has no Einsum kernel',
    specs: [
      'two scalars',
      '1D tensor and scalars: reduce',
      '1D tensor and scalars: multiply',
      '1d reduce sum',
      '2d matrix reduce sum',
      '2d matrices multiply and reduce summing',
      '2d matrix times scalar and reduce summing',
      'two 1d tensors dot',
      'two 1d tensors outer',
      '2d matrix calculate trace: duplicate axes not implemented yet',
      '2d and 1d matrix & vector multiply',
      '2d matrix sum along columns',
      '2d matrix sum along rows',
      '2d matrix transposing',
      '2d matrix multiply',
      '2d matrix multiply and transposing',
      'two 2d matrices batch dot',
      'two 2d matrices batch outer',
      'two 3d tensors batch matmul',
      'two 3d tensors A',
      'two 3d tensors B',
      'one 3d tensor: batch matrix transposing',
      '4d tensor and 3d tensor, contracting two dimensions',
      'two 4d tensors, contracting one dimension',
      'two 4d tensors, contracting two dimensions',
      'mismatched dimensions throws error',
      'incorrect equation throws error',
      'incorrect number of tensors throws error',
      'more than two input tensors throws error',
      'nonexistent dimension throws error',
      'two arrows in equation throws error',
    ],
  },
  { suite: 'equal', why: NO_STRINGS, specs: ['should support string comparison'] },
  { suite: 'fill', why: NO_STRINGS, specs: ['1D fill string', '2D fill string'] },
  {
    suite: 'fused conv2d',
    why: RANK1_BIAS,
    specs: [
      'basic with broadcasted bias and relu',
      'basic in NCHW with scalar bias',
      'im2row with broadcasted bias and relu',
      'im2row in NCHW with scalar bias',
      'batch in NCHW with scalar bias',
      'gradient x=[2,3,3,1] f=[2,2,1,1] s=1 p=0 with bias',
    ],
  },
  {
    suite: 'fused conv2d',
    why: NHWC_ONLY,
    specs: [
      'basic in NCHW',
      'basic in NCHW with 1-D bias',
      'basic in NCHW with bias and multiple batches',
      'basic in NCHW with scalar PReLU actiavation',
      'basic in NCHW with 1-D PReLU actiavation',
      'basic in NCHW with 3-D PReLU actiavation',
      'basic in NCHW with full 3-D PReLU actiavation',
      'im2row in NCHW',
      'im2row in NCHW with 1-D bias',
      'im2row in NCHW with scalar PReLU actiavation weights',
      'im2row in NCHW with 1-D PReLU actiavation weights',
      'im2row in NCHW with 3-D PReLU actiavation weights',
      'im2row in NCHW with full 3-D PReLU actiavation weights',
      'batch in NCHW',
      'batch in NCHW with 1-D bias',
      'batch in NCHW with scalar PReLU actiavation weights',
      'batch in NCHW with 1-D PReLU actiavation weights',
      'batch in NCHW with 3-D PReLU actiavation weights',
      'batch in NCHW with full 3-D PReLU actiavation weights',
    ],
  },
  {
    suite: 'fused depthwiseConv2D',
    why: RANK1_BIAS,
    specs: ['basic with broadcasted bias and relu', 'gradient x=[2,3,3,1] f=[2,2,1,1] s=1 p=0 with bias'],
  },
  {
    suite: 'fused matmul',
    why: RANK1_BIAS,
    specs: [
      'fused A x B with 2d bias and relu',
      'fused A x B with relu and broadcasted bias different rank',
      'fused A x B with 2d bias only',
    ],
  },
  { suite: 'greaterEqual', why: NO_STRINGS, specs: ['should support string comparison'] },
  { suite: 'greater', why: NO_STRINGS, specs: ['should support string comparison'] },
  {
    suite: '1D IFFT',
    why: NO_COMPLEX,
    specs: [
      'should return the same value with TensorFlow (2 elements)',
      'should calculate FFT from Tensor directly',
      'should return the same value as TensorFlow (3 elements)',
      'should return the same value as TensorFlow with imaginary (3 elements)',
      'should return the same value as TensorFlow (negative 3 elements)',
      'should return the same value with TensorFlow (4 elements)',
      'should return the same value as TensorFlow with imaginary (4 elements)',
    ],
  },
  {
    suite: '2D IFFT',
    why: NO_COMPLEX,
    specs: [
      '2D: should return the same value as TensorFlow',
      '3D: should return the same value as TensorFlow',
    ],
  },
  {
    suite: 'RGBToGrayscale',
    why: 'tfjs-backend-wasm has no Einsum kernel',
    specs: [
      'should return int32 dtype tensor for int32 dtype input',
      'basic 3 rank array conversion',
      'basic 4 rank array conversion',
    ],
  },
  {
    suite: 'threshold',
    why: "tfjs-backend-wasm's broadcasting rejects the shapes of threshold's otsu method",
    specs: ['method otsu', 'method otsu, inverted = true'],
  },
  { suite: 'lessEqual', why: NO_STRINGS, specs: ['should support string comparison'] },
  { suite: 'less', why: NO_STRINGS, specs: ['should support string comparison'] },
  { suite: 'matmul', why: INT_MATMUL, specs: ['upcasts when dtypes dont match'] },
  { suite: 'dtypes', why: INT_MATMUL, specs: ['Should use the input tensor dtype'] },
  { suite: 'notEqual', why: NO_STRINGS, specs: ['should support string comparison'] },
  {
    suite: 'onesLike',
    why: NO_COMPLEX,
    specs: [
      '1D complex dtype',
      '2D complex dtype',
      '3D complex dtype',
      '4D complex dtype',
      '5D complex dtype',
      '6D complex dtype',
    ],
  },
  {
    suite: 'pool',
    why: "tfjs-backend-wasm's pooling reads past the input for a window wholly in the padding",
    specs: [
      'max x=[2,2,3] f=[1,1] s=2 p=1 fractional outputs default rounding',
      'avg x=[2,2,3] f=[1,1] s=2 p=1 fractional outputs default rounding',
    ],
  },
  {
    suite: 'raggedGather ',
    why: 'tfjs-backend-wasm has no RaggedGather kernel',
    specs: [
      'RaggedGather',
      'RaggedGather3DParams',
      'RaggedGather4DParams',
      'RaggedGather2DIndices',
      'RaggedGatherScalarIndices',
      'OutOfBounds',
      'InvalidSplitsNotSorted',
      'InvalidSplitsNegative',
      'InvalidSplitsEmpty',
      'InvalidSplitsTooBig',
      'BadValuesShape',
      'does not have memory leak.',
    ],
  },
  {
    suite: 'raggedRange ',
    why: 'tfjs-backend-wasm has no RaggedRange kernel',
    specs: [
      'IntValues',
      'FloatValues',
      'RangeSizeOverflow',
      'BroadcastDeltas',
      'BroadcastLimitsAndDeltas',
      'BroadcastStartsAndLimits',
      'AllScalarInputs',
      'InvalidArgsStarts',
      'InvalidArgsLimits',
      'InvalidArgsDeltas',
      'InvalidArgsShapeMismatch',
      'InvalidArgsZeroDelta',
      'EmptyRangePositiveDelta',
      'EmptyRangeNegativeDelta',
      'does not have memory leak.',
    ],
  },
  {
    suite: 'raggedTensorToTensor ',
    why: 'tfjs-backend-wasm has no RaggedTensorToTensor kernel',
    specs: [
      'RaggedTensorToTensor',
      'RaggedTensorToTensorRowSplits',
      'RaggedTensorToTensor3DParams',
      'RaggedTensorToTensor3DParamsRowSplits',
      'RaggedTensorToTensor3DParamsRowSplits2',
      'RaggedTensorToTensor4DParams',
      'RaggedTensorToTensor4DParamsRowSplit',
      'RaggedTensorToTensorContractExpanded',
      'RaggedTensorToTensorContractExpandedDense',
      'RaggedTensorToTensorConstrained',
      'RaggedTensorToTensor3DParamsConstrained',
      'RaggedTensorToTensor4DParamsConstrained',
      'shape wrong dimensions',
      'does not have memory leak.',
    ],
  },
  {
    suite: 'stft',
    why: NO_COMPLEX,
    specs: [
      '3 length with hann window',
      '3 length with hann window (sequencial number)',
      '3 length, 2 step with hann window',
      '3 fftLength, 5 frameLength, 2 step',
      '5 length with hann window',
      '5 length with hann window (sequential)',
      '3 length with hamming window',
      '3 length, 2 step with hamming window',
      '3 fftLength, 5 frameLength, 2 step with hamming window',
      '5 length with hann window (sequential)',
      '3 length without window function',
      '3 length, 2 step without window function',
    ],
  },
  {
    suite: 'slice2d',
    why: "tfjs-backend-wasm's Slice does not check the bounds",
    specs: ['throws when requesting out of bounds slice'],
  },
  { suite: 'sparseToDense', why: NO_STRINGS, specs: ['should work for string'] },
  {
    suite: '1D FFT',
    why: NO_COMPLEX,
    specs: [
      'should return the same value with TensorFlow (2 elements)',
      'should calculate FFT from Tensor directly',
      'should return the same value as TensorFlow (3 elements)',
      'should return the same value as TensorFlow with imaginary (3 elements)',
      'should return the same value as TensorFlow (negative 3 elements)',
      'should return the same value with TensorFlow (4 elements)',
      'should return the same value as TensorFlow with imaginary (4 elements)',
    ],
  },
  {
    suite: '2D FFT',
    why: NO_COMPLEX,
    specs: [
      '2D: should return the same value as TensorFlow',
      '3D: should return the same value as TensorFlow',
    ],
  },
  {
    suite: '1D IRFFT',
    why: NO_COMPLEX,
    specs: [
      'should return the same value with TensorFlow (2 elements)',
      'should calculate from the tensor directly',
      'should return the same value with TensorFlow (5 elements)',
      'should return the same value with TensorFlow (5 elements) with imag',
    ],
  },
  {
    suite: '2D IRFFT',
    why: NO_COMPLEX,
    specs: [
      'should return the same value with TensorFlow (2x2 elements)',
      'should return the same value with TensorFlow (2x3 elements)',
      'should return the same value with TensorFlow (2x3 elements) with imag',
    ],
  },
  {
    suite: '3D IRFFT',
    why: NO_COMPLEX,
    specs: [
      'should return the same value with TensorFlow (2x2x2 elements)',
      'should return the same value with TensorFlow (2x2x3 elements)',
      'should return the same value with TensorFlow (2x2x3 elements) with imag',
    ],
  },
  {
    suite: '1D RFFT',
    why: NO_COMPLEX,
    specs: [
      'should return the same value with TensorFlow (3 elements)',
      'should calculate from tensor directly',
      'should return the same value with TensorFlow (6 elements)',
      'should return the same value without any fftLength',
      'should return the value with cropped input',
      'should return the value with padded input',
    ],
  },
  {
    suite: '2D RFFT',
    why: NO_COMPLEX,
    specs: [
      'should return the same value with TensorFlow (2x2 elements)',
      'should return the same value with TensorFlow (2x3 elements)',
      'should return the same value with TensorFlow (2x2x2 elements)',
      'should return the value with cropping',
      'should return the value with padding',
    ],
  },
  {
    suite: 'squeeze',
    why: NO_STRINGS,
    specs: ['default', 'specific dimension', 'all ones', 'squeeze only ones'],
  },
  {
    suite: 'staticRegexReplace',
    why: 'tfjs-backend-wasm has no StaticRegexReplace kernel',
    specs: [
      'replaces the first instance of a string',
      'replaces a string globally by default',
      'matches using regex',
    ],
  },
  {
    suite: 'sub',
    why: NO_COMPLEX,
    specs: [
      'complex number subtraction',
      'complex number broadcasting subtraction',
      'upcasts when dtypes dont match',
    ],
  },
  { suite: 'tile', why: NO_STRINGS, specs: ['1d string tensor', '2d string tensor', '6D string tensor'] },
  { suite: 'transpose', why: NO_COMPLEX, specs: ['accepts complex64 input'] },
  {
    suite: 'tensor',
    why: NO_COMPLEX,
    specs: [
      'Scalar complex64 dtype',
      'Tensor1D complex64 dtype',
      'Tensor2D complex64 dtype',
      'Tensor3D complex64 dtype',
      'Tensor4D complex64 dtype',
      'cast complex64 -> float32',
      'cast complex64 -> int32',
      'cast complex64 -> bool',
      'squeeze a complex64 tensor',
      'ones with complex type',
    ],
  },
  {
    suite: 'tensor',
    why: 'tfjs-backend-wasm keeps the values written into a bool tensor (not 0/1)',
    specs: ['Tensor2D float32 -> bool', 'Tensor2D int32 -> bool'],
  },
  { suite: 'tensor arraySync', why: NO_COMPLEX, specs: ['.arraySync() with a complex tensor'] },
  {
    suite: 'tensor.toString',
    why: NO_STRINGS,
    specs: ['1d long string tensor verbose', '2d long string tensor verbose'],
  },
  {
    suite: 'tensor.toString',
    why: NO_COMPLEX,
    specs: [
      'scalar complex64 verbose',
      '1d complex64 tensor verbose',
      '2d complex64 tensor verbose',
      '3d complex64 tensor verbose',
      '1d long complex64 tensor verbose',
      '2d long complex64 tensor verbose',
      '2d complex64 with padding to align columns verbose',
      'scalar complex64',
      '1d complex64 tensor',
      '2d complex64 tensor',
      '3d complex64 tensor',
      '1d long complex64 tensor',
      '2d long complex64 tensor',
      '2d complex64 with padding to align columns',
    ],
  },
  { suite: 'tensor with 0 in shape', why: NO_COMPLEX, specs: ['complex64 with 0 in shape'] },
  { suite: 'util.toNestedArray for a complex tensor', why: NO_COMPLEX, specs: ['tensor to nested array'] },
];

/** The exclusions of each backend (`wasm-stock` is a measurement and runs everything). */
export const EXCLUSIONS: Record<ConformanceBackend, readonly Exclusion[]> = {
  native: [],
  wasm: WASM,
  'wasm-stock': [],
};

/** Number of specs an exclusion list names. */
export function excludedCount(backend: ConformanceBackend): number {
  return EXCLUSIONS[backend].reduce((n, e) => n + e.specs.length, 0);
}

/** The exclusion that skips spec `fullName` in environment `envName` on `backend`, if any. */
export function exclusionFor(
  backend: ConformanceBackend,
  fullName: string,
  envName: string,
): Exclusion | undefined {
  return EXCLUSIONS[backend].find((e) => {
    const prefix = `${e.suite} ${envName} {} `;
    return fullName.startsWith(prefix) && e.specs.includes(fullName.slice(prefix.length));
  });
}
