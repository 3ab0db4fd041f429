// Batch normalisation (inference form, the FusedBatchNorm kernel tfjs's batchNorm op calls) and
// the Philox4x32-10 uniform generator that mirrors src/util/rng.ts bit for bit.
#include <cmath>
#include <algorithm>
#include <cstdint>
#include <vector>

#include "store.h"

namespace gk {
namespace {

// batchNorm(x, mean, variance, offset, scale, out, n, lenMean, lenVar, lenOffset, lenScale, eps)
// Each parameter has length 1, the last dimension's size, or n; element i uses index i % len,
// which covers all three (offset/scale id 0 = absent).
Napi::Value BatchNorm(const Napi::CallbackInfo& info) {
  int64_t n = count_arg(info, 6, "batchNorm"), lm = count_arg(info, 7, "batchNorm mean"),
          lv = count_arg(info, 8, "batchNorm variance"), lo = count_arg(info, 9, "batchNorm offset"),
          ls = count_arg(info, 10, "batchNorm scale");
  int io = id(info, 3), is = id(info, 4);
  // A parameter's length is its cycle (index i % len): it must be at least 1 and its buffer that long.
  for (int64_t l : {lm, lv, io ? lo : 1, is ? ls : 1})
    if (l < 1) throw std::runtime_error("batchNorm: a parameter has no elements");
  if (!io) lo = 1;
  if (!is) ls = 1;
  const float* x = buf<float>(id(info, 0), n, "batchNorm input");
  const float* mean = buf<float>(id(info, 1), lm, "batchNorm mean");
  const float* var = buf<float>(id(info, 2), lv, "batchNorm variance");
  const float* off = io ? buf<float>(io, lo, "batchNorm offset") : nullptr;
  const float* sc = is ? buf<float>(is, ls, "batchNorm scale") : nullptr;
  float* y = buf<float>(id(info, 5), n, "batchNorm output");
  float eps = float(num(info, 11));
  // The usual case (every parameter per channel or scalar, x channels-last) runs as rows x C with a
  // precomputed scale and shift; anything else uses the cyclic index directly.
  int64_t c = std::max({lm, lv, lo, ls});
  bool per_channel = n % c == 0;
  for (int64_t l : {lm, lv, lo, ls}) per_channel = per_channel && (l == 1 || l == c);
  if (per_channel) {
    std::vector<float> mul(c), add(c);
    for (int64_t j = 0; j < c; j++) {
      float inv = 1.0f / std::sqrt(var[j % lv] + eps) * (sc ? sc[j % ls] : 1.0f);
      mul[j] = inv;
      add[j] = (off ? off[j % lo] : 0.0f) - mean[j % lm] * inv;
    }
    const float *m = mul.data(), *a = add.data();
    for_chunks(n / c, [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; r++) {
#pragma omp simd
        for (int64_t j = 0; j < c; j++) y[r * c + j] = x[r * c + j] * m[j] + a[j];
      }
    });
    return info.Env().Undefined();
  }
  for_chunks(n, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; i++) {
      float inv = 1.0f / std::sqrt(var[i % lv] + eps);
      float s = sc ? sc[i % ls] : 1.0f;
      float o = off ? off[i % lo] : 0.0f;
      y[i] = (x[i] - mean[i % lm]) * inv * s + o;
    }
  });
  return info.Env().Undefined();
}

inline uint32_t mulhilo(uint32_t a, uint32_t b, uint32_t* hi) {
  uint64_t p = uint64_t(a) * b;
  *hi = uint32_t(p >> 32);
  return uint32_t(p);
}

// One Philox4x32-10 block for 64-bit counter c and key (k0, k1).
inline void philox_block(uint64_t c, uint32_t k0, uint32_t k1, uint32_t w[4]) {
  uint32_t x0 = uint32_t(c), x1 = uint32_t(c >> 32), x2 = 0, x3 = 0;
  for (int r = 0; r < 10; r++) {
    uint32_t hi0, hi1;
    uint32_t lo0 = mulhilo(0xd2511f53u, x0, &hi0);
    uint32_t lo1 = mulhilo(0xcd9e8d57u, x2, &hi1);
    x0 = hi1 ^ x1 ^ k0;
    x1 = lo1;
    x2 = hi0 ^ x3 ^ k1;
    x3 = lo0;
    k0 += 0x9e3779b9u;
    k1 += 0xbb67ae85u;
  }
  w[0] = x0;
  w[1] = x1;
  w[2] = x2;
  w[3] = x3;
}

// Whole blocks [b0, b1) written as 4 floats each; one SIMD lane per block (the rounds are
// independent across blocks), so the 10 rounds run 8-16 blocks at a time.
void philox_fill(float* __restrict out, int64_t b0, int64_t b1, uint64_t counter, uint32_t seed, uint32_t strm,
                 float rate, float keep) {
  const bool raw = rate < 0;
#pragma omp simd
  for (int64_t b = b0; b < b1; b++) {
    uint64_t c = counter + uint64_t(b);
    uint32_t x0 = uint32_t(c), x1 = uint32_t(c >> 32), x2 = 0, x3 = 0, k0 = seed, k1 = strm;
    for (int r = 0; r < 10; r++) {
      uint64_t p0 = uint64_t(0xd2511f53u) * x0, p1 = uint64_t(0xcd9e8d57u) * x2;
      uint32_t y0 = uint32_t(p1 >> 32) ^ x1 ^ k0, y2 = uint32_t(p0 >> 32) ^ x3 ^ k1;
      x1 = uint32_t(p1);
      x3 = uint32_t(p0);
      x0 = y0;
      x2 = y2;
      k0 += 0x9e3779b9u;
      k1 += 0xbb67ae85u;
    }
    const uint32_t w[4] = {x0, x1, x2, x3};
    for (int j = 0; j < 4; j++) {
      float u = float(w[j] >> 8) * (1.0f / 16777216.0f);
      out[b * 4 + j] = raw ? u : (u >= rate ? keep : 0.0f);
    }
  }
}

// philoxUniform(out, n, seed, stream, counter, rate): block k uses counter + k; each word gives a
// 24-bit uniform u in [0, 1). rate < 0 writes u itself; otherwise it writes the inverted-dropout
// mask (u >= rate ? 1/(1-rate) : 0), sparing the comparison, cast and scaling kernels.
Napi::Value PhiloxUniform(const Napi::CallbackInfo& info) {
  int64_t n = count_arg(info, 1, "philoxUniform");
  float* out = buf<float>(id(info, 0), n, "philoxUniform output");
  uint32_t seed = uint32_t(i64(info, 2)), strm = uint32_t(i64(info, 3));
  uint64_t counter = uint64_t(i64(info, 4));
  float rate = float(num(info, 5));
  float keep = rate >= 0 ? 1.0f / (1.0f - rate) : 0.0f;
  int64_t full = n / 4;
  // A block (ten Philox rounds, four outputs) costs ≈ 4 ns on one core here, some 16 element-wise
  // iterations: split from kParallelMin / 16 blocks on (a 64×14×14×64 mask: 0.86 ms on one thread).
  for_chunks(
      full, [&](int64_t b0, int64_t b1) { philox_fill(out, b0, b1, counter, seed, strm, rate, keep); },
      kParallelMin / 16);
  if (full * 4 < n) {
    uint32_t w[4];
    philox_block(counter + uint64_t(full), seed, strm, w);
    for (int64_t i = full * 4; i < n; i++) {
      float u = float(w[i - full * 4] >> 8) * (1.0f / 16777216.0f);
      out[i] = rate < 0 ? u : (u >= rate ? keep : 0.0f);
    }
  }
  return info.Env().Undefined();
}

}  // namespace

void InitNormRandom(Napi::Env env, Napi::Object exports) {
  GK_EXPORT(env, exports, "batchNorm", BatchNorm);
  GK_EXPORT(env, exports, "philoxUniform", PhiloxUniform);
}

}  // namespace gk
