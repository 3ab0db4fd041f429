// Mean and sample covariance of feature rows: float32 or float64 in, float64 out.
#include <cblas.h>

#include <algorithm>
#include <vector>

#include "linalg.h"

namespace gkl {
namespace {
// Rows centred per dsyrk call: big enough for dsyrk to run at its full rate (the k dimension of its
// blocking), small enough that the float64 copy stays a few MiB instead of a copy of the whole input.
constexpr int64_t kBlock = 512;
}  // namespace

template <typename T>
void covariance(const T* x, int64_t n, int64_t d, double* mean, double* cov) {
  // Column means in float64, summed row by row in order (as the JS path does).
  std::fill(mean, mean + d, 0.0);
  for (int64_t r = 0; r < n; r++) {
    const T* row = x + r * d;
    for (int64_t j = 0; j < d; j++) mean[j] += row[j];
  }
  for (int64_t j = 0; j < d; j++) mean[j] /= double(n);
  // Two passes: centring before the products avoids the cancellation of E[xxᵀ] − μμᵀ.
  std::vector<double> block(std::min(n, kBlock) * d);
  for (int64_t b0 = 0; b0 < n; b0 += kBlock) {
    int64_t nb = std::min(kBlock, n - b0);
    for (int64_t r = 0; r < nb; r++) {
      const T* row = x + (b0 + r) * d;
      double* out = block.data() + r * d;
      for (int64_t j = 0; j < d; j++) out[j] = double(row[j]) - mean[j];
    }
    // cov (upper) += blockᵀ·block, the block being nb×d row-major.
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, int(d), int(nb), 1.0, block.data(), int(d), b0 == 0 ? 0.0 : 1.0,
                cov, int(d));
  }
  const double scale = 1.0 / double(n - 1);
  for (int64_t i = 0; i < d; i++) {
    for (int64_t j = i; j < d; j++) {
      double v = cov[i * d + j] * scale;
      cov[i * d + j] = v;
      cov[j * d + i] = v;
    }
  }
}

template void covariance<float>(const float*, int64_t, int64_t, double*, double*);
template void covariance<double>(const double*, int64_t, int64_t, double*, double*);

}  // namespace gkl
