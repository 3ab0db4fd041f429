/**
 * KID's cubic polynomial kernel sums in JavaScript float64 (the fallback of the OpenBLAS path, see
 * dispatch.ts): k(a, b) = (aᵀb/d + 1)³ over the Gram blocks of the threaded {@link parallelGemmNT}.
 */
import { parallelGemmNT } from './parallel.js';

/**
 * For m×d row-major x, y: [Σ_{i≠j} k(xᵢ,xⱼ), Σ_{i≠j} k(yᵢ,yⱼ), Σ_{i,j} k(xᵢ,yⱼ)]. The symmetric
 * blocks compute only their upper triangle (half the work) and double the strict part.
 */
export function polynomialKernelSums(
  x: Float64Array,
  y: Float64Array,
  m: number,
  d: number,
): [number, number, number] {
  const kernelSum = (a: Float64Array, b: Float64Array, offDiagonal: boolean) => {
    const g = parallelGemmNT(a, b, m, m, d, { upper: offDiagonal });
    let s = 0;
    for (let i = 0; i < m; i++) {
      for (let j = offDiagonal ? i + 1 : 0; j < m; j++) s += (g[i * m + j] / d + 1) ** 3;
    }
    return offDiagonal ? 2 * s : s;
  };
  return [kernelSum(x, x, true), kernelSum(y, y, true), kernelSum(x, y, false)];
}
