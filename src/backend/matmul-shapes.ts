/**
 * The operand check of tfjs's BatchMatMul kernels, shared by gankit's native and wasm kernels. tfjs's
 * `matMul` op checks the same, but kernels can be run directly (`runKernel`, gradients), and a kernel
 * handed operands that do not fit must fail rather than read past them.
 */

/** @throws Error (tfjs's wording) when the operands are not matrices or their inner sizes differ. */
export function assertMatMulOperands(
  aShape: number[],
  bShape: number[],
  transposeA: boolean,
  transposeB: boolean,
): void {
  const ra = aShape.length;
  const rb = bShape.length;
  if (ra < 2 || rb < 2)
    throw new Error(`Error in matMul: operands must have rank >= 2, got ranks ${ra} and ${rb}`);
  const innerA = transposeA ? aShape[ra - 2] : aShape[ra - 1];
  const innerB = transposeB ? bShape[rb - 1] : bShape[rb - 2];
  if (innerA !== innerB) {
    throw new Error(
      `Error in matMul: inner shapes (${innerA}) and (${innerB}) of Tensors with shapes ${aShape} and ` +
        `${bShape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
}
