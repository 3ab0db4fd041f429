// KID's cubic polynomial kernel sums from dsyrk / dgemm Gram blocks.
#include <cblas.h>

#include <vector>

#include "linalg.h"

namespace gkl {
namespace {

inline double cubic(double g, double inv_d) {
  double k = g * inv_d + 1.0;
  return k * k * k;
}

}  // namespace

void polynomial_kernel_sums(const double* x, const double* y, int64_t m64, int64_t d64, double out[3]) {
  const int m = int(m64), d = int(d64);
  const double inv_d = 1.0 / double(d);
  std::vector<double> g(size_t(m) * m);
  // Σ_{i≠j} k(aᵢ, aⱼ) of a symmetric Gram matrix: the strict upper triangle, doubled.
  auto off_diagonal = [&](const double* a) {
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, m, d, 1.0, a, d, 0.0, g.data(), m);
    double s = 0;
    for (int i = 0; i < m; i++)
      for (int j = i + 1; j < m; j++) s += cubic(g[size_t(i) * m + j], inv_d);
    return 2 * s;
  };
  out[0] = off_diagonal(x);
  out[1] = off_diagonal(y);
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, m, d, 1.0, x, d, y, d, 0.0, g.data(), m);
  double s = 0;
  for (size_t i = 0; i < g.size(); i++) s += cubic(g[i], inv_d);
  out[2] = s;
}

}  // namespace gkl
