// Instance normalisation of NHWC activations without affine parameters, forward and backward, each
// one kernel: y = (x − μ)·r with μ, σ² the mean and variance of each (sample, channel) over H·W and
// r = 1/√(σ² + ε). Composed from tfjs ops the same computation is about forty kernels and as many
// passes over memory per layer (bench/translation-ops.ts), after every convolution of a CycleGAN.
// Sums are taken in double: the result then matches the float32 composite to its rounding error.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "store.h"

namespace gk {
namespace {

// Channels per task: a row of a task reads one 64-byte cache line, and N·C/16 tasks keep two threads
// busy even at batch 1.
constexpr int64_t kBlock = 16;

struct Shape {
  int64_t n, m, c;  // samples, pixels per sample (H·W), channels
  int64_t count() const { return n * m * c; }
};

Shape shape_of(const Napi::CallbackInfo& info, size_t at) {
  Shape s{i64(info, at), i64(info, at + 1), i64(info, at + 2)};
  constexpr int64_t kMax = int64_t(1) << 40;
  if (s.n < 0 || s.m < 0 || s.c < 0 || (s.n && s.m && s.c && (s.n > kMax / s.m || s.n * s.m > kMax / s.c)))
    throw std::runtime_error("instance norm: bad shape");
  return s;
}

// Mean and r = 1/√(σ² + ε) of the w ≤ kBlock channels at x (pixel stride c) over m pixels: the
// variance from the centred values (two passes), as the composite's moments computes it.
void stats(const float* x, int64_t m, int64_t c, int64_t w, double eps, double* mean, double* r) {
  double s[kBlock] = {};
  for (int64_t p = 0; p < m; p++)
    for (int64_t j = 0; j < w; j++) s[j] += x[p * c + j];
  double v[kBlock] = {};
  for (int64_t j = 0; j < w; j++) mean[j] = s[j] / double(m);
  for (int64_t p = 0; p < m; p++)
    for (int64_t j = 0; j < w; j++) {
      double d = x[p * c + j] - mean[j];
      v[j] += d * d;
    }
  for (int64_t j = 0; j < w; j++) r[j] = 1.0 / std::sqrt(v[j] / double(m) + eps);
}

// Runs body(x offset of the block's first element, block width) for every (sample, channel block).
template <typename F>
void for_blocks(const Shape& s, F body) {
  int64_t per = (s.c + kBlock - 1) / kBlock, tasks = s.n * per;
#pragma omp parallel for num_threads(threads()) schedule(static) if (s.count() >= kParallelMin)
  for (int64_t t = 0; t < tasks; t++) {
    int64_t c0 = (t % per) * kBlock;
    body((t / per) * s.m * s.c + c0, std::min(kBlock, s.c - c0));
  }
}

// instanceNorm(x, out, n, m, c, eps)
Napi::Value InstanceNorm(const Napi::CallbackInfo& info) {
  Shape s = shape_of(info, 2);
  size_t bytes = size_t(s.count()) * 4;
  const float* x = static_cast<const float*>(fitting(id(info, 0), bytes, "instance norm input"));
  float* y = static_cast<float*>(fitting(id(info, 1), bytes, "instance norm output"));
  double eps = num(info, 5);
  if (s.count() == 0) return info.Env().Undefined();
  for_blocks(s, [&](int64_t at, int64_t w) {
    double mean[kBlock], r[kBlock];
    stats(x + at, s.m, s.c, w, eps, mean, r);
    for (int64_t p = 0; p < s.m; p++)
      for (int64_t j = 0; j < w; j++) {
        int64_t k = at + p * s.c + j;
        y[k] = float((x[k] - mean[j]) * r[j]);
      }
  });
  return info.Env().Undefined();
}

// instanceNormGrad(x, dy, dx, n, m, c, eps): with ŷ = (x − μ)·r,
//   dx = r · (dy − mean(dy) − ŷ · mean(dy · ŷ))   (means over the m pixels of each sample and channel).
// μ and r are recomputed from x rather than kept from the forward pass: that costs a pass over x but
// leaves the op stateless, with nothing for the tape to hold but x.
Napi::Value InstanceNormGrad(const Napi::CallbackInfo& info) {
  Shape s = shape_of(info, 3);
  size_t bytes = size_t(s.count()) * 4;
  const float* x = static_cast<const float*>(fitting(id(info, 0), bytes, "instance norm gradient input"));
  const float* dy = static_cast<const float*>(fitting(id(info, 1), bytes, "instance norm gradient dy"));
  float* dx = static_cast<float*>(fitting(id(info, 2), bytes, "instance norm gradient output"));
  double eps = num(info, 6);
  if (s.count() == 0) return info.Env().Undefined();
  for_blocks(s, [&](int64_t at, int64_t w) {
    double mean[kBlock], r[kBlock], sdy[kBlock] = {}, sdyx[kBlock] = {};
    stats(x + at, s.m, s.c, w, eps, mean, r);
    for (int64_t p = 0; p < s.m; p++)
      for (int64_t j = 0; j < w; j++) {
        int64_t k = at + p * s.c + j;
        sdy[j] += dy[k];
        sdyx[j] += dy[k] * (x[k] - mean[j]);
      }
    double a[kBlock], b[kBlock];
    for (int64_t j = 0; j < w; j++) {
      a[j] = sdy[j] / double(s.m);
      b[j] = r[j] * r[j] * sdyx[j] / double(s.m);  // mean(dy · ŷ) · r
    }
    for (int64_t p = 0; p < s.m; p++)
      for (int64_t j = 0; j < w; j++) {
        int64_t k = at + p * s.c + j;
        dx[k] = float(r[j] * (dy[k] - a[j] - (x[k] - mean[j]) * b[j]));
      }
  });
  return info.Env().Undefined();
}

}  // namespace

void InitInstanceNorm(Napi::Env env, Napi::Object exports) {
  GK_EXPORT(env, exports, "instanceNorm", InstanceNorm);
  GK_EXPORT(env, exports, "instanceNormGrad", InstanceNormGrad);
}

}  // namespace gk
