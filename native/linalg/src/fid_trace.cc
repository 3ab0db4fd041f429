// tr √(Σ₁Σ₂) through a pivoted Cholesky congruence and symmetric eigenvalues (the method of
// src/metrics/linalg/fidTrace.ts, whose comment has the derivation).
#include <cblas.h>

#include <cfloat>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "lapack.h"
#include "linalg.h"

namespace gkl {
namespace {

// Eigenvalues (ascending, into w) of the r×r symmetric matrix m (column-major, upper triangle read;
// destroyed). dsyevd with jobz = 'N' is dsytrd + dsterf: a tridiagonal reduction, no eigenvectors.
void symmetric_eigenvalues(std::vector<double>& m, int r, std::vector<double>& w) {
  int info = 0, lwork = -1, liwork = -1, iwork_query = 0;
  double work_query = 0;
  dsyevd_("N", "U", &r, m.data(), &r, w.data(), &work_query, &lwork, &iwork_query, &liwork, &info, 1, 1);
  lwork = int(work_query);
  liwork = iwork_query;
  std::vector<double> work(lwork);
  std::vector<int> iwork(liwork);
  dsyevd_("N", "U", &r, m.data(), &r, w.data(), work.data(), &lwork, iwork.data(), &liwork, &info, 1, 1);
  if (info != 0) throw std::runtime_error("dsyevd failed (info " + std::to_string(info) + ")");
}

}  // namespace

double trace_sqrt_product(const double* s1, const double* s2, int64_t d64, int64_t* rank_out) {
  const int d = int(d64);
  // Σ₁ is symmetric, so its row-major storage is also its column-major storage.
  std::vector<double> a(s1, s1 + d64 * d64);
  double max_diag = 0;
  for (int i = 0; i < d; i++) max_diag = std::max(max_diag, a[size_t(i) * d + i]);
  // Stop once the largest remaining pivot is ≤ ε·max diag Σ₁ (the JS path's tolerance; dpstrf's
  // default d·ε·max is coarser: see cholesky.ts for why ε keeps the smaller error).
  const double tol = DBL_EPSILON * max_diag;
  std::vector<int> piv(d);
  std::vector<double> work(2 * size_t(d));
  int rank = 0, info = 0;
  if (max_diag > 0) {
    dpstrf_("U", &d, a.data(), &d, piv.data(), &rank, &tol, work.data(), &info, 1);
    if (info < 0) throw std::runtime_error("dpstrf: bad argument " + std::to_string(-info));
  }
  if (rank_out) *rank_out = rank;
  if (rank == 0) return 0;
  // Σ₁ = P Uᵀ U Pᵀ with U = [U11 U12] (r×d, U11 upper triangular) in the upper rows of a. With
  // S = Pᵀ Σ₂ P, M = R Σ₂ Rᵀ = U S Uᵀ. Column-major throughout.
  const int r = rank;
  std::vector<double> s(size_t(d) * d);
  for (int j = 0; j < d; j++) {
    const double* col = s2 + size_t(piv[j] - 1) * d;  // column piv[j] of Σ₂ (symmetric: a row)
    for (int i = 0; i < d; i++) s[size_t(j) * d + i] = col[piv[i] - 1];
  }
  // T = U S (r×d) = U11 S[0:r, :] + U12 S[r:d, :].
  std::vector<double> t(size_t(r) * d);
  for (int j = 0; j < d; j++)
    for (int i = 0; i < r; i++) t[size_t(j) * r + i] = s[size_t(j) * d + i];
  cblas_dtrmm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, r, d, 1.0, a.data(), d, t.data(), r);
  const int rest = d - r;
  const double* u12 = a.data() + size_t(r) * d;
  if (rest > 0)
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, r, d, rest, 1.0, u12, d, s.data() + r, d, 1.0, t.data(), r);
  // M = T Uᵀ (r×r) = T[:, 0:r] U11ᵀ + T[:, r:d] U12ᵀ, formed in T's first r columns.
  cblas_dtrmm(CblasColMajor, CblasRight, CblasUpper, CblasTrans, CblasNonUnit, r, r, 1.0, a.data(), d, t.data(), r);
  if (rest > 0)
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, r, r, rest, 1.0, t.data() + size_t(r) * r, r, u12, d, 1.0,
                t.data(), r);
  t.resize(size_t(r) * r);
  std::vector<double> lambda(r);
  symmetric_eigenvalues(t, r, lambda);
  // Eigenvalues that round to slightly below zero belong to exactly singular directions.
  double sum = 0;
  for (double l : lambda)
    if (l > 0) sum += std::sqrt(l);
  return sum;
}

}  // namespace gkl
