// 2-D convolution forward, backward-data and backward-weights through oneDNN 2.6 primitives.
// Tensors arrive in tfjs layouts (activations NHWC, filters HWIO). Weights always go through
// format_tag::any: plain weight layouts select oneDNN's reference kernels, which are orders of
// magnitude slower. Activations use blocked layouts (format any, about 2x faster than plain) except
// the thin image side, which is plain NCHW (see Geom::src_md; docs/architecture.md "Engine").
// Primitives and their reorders are cached by geometry and thread count (small calls run on one
// thread: see ThreadCap in store.h).
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <vector>
#include <initializer_list>
#include <dnnl.h>
#include <dnnl.hpp>
#include <stdexcept>
#include <memory>
#include <string>
#include <unordered_map>

#include "dnnl_context.h"
#include "store.h"

namespace gk {
namespace {

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

// Whether activations may use blocked layouts; GANKIT_CONV_BLOCKED=0 keeps them plain NHWC (to
// measure the difference: plain NHWC selects reference kernels for most shapes here).
bool blocked() {
  static const bool on = [] {
    const char* v = std::getenv("GANKIT_CONV_BLOCKED");
    return v == nullptr || std::string(v) != "0";
  }();
  return on;
}

struct Geom {
  int64_t N, H, W, C, KH, KW, OC, OH, OW, sh, sw, dh, dw, pt, pl, pb, pr;
  memory::dims src() const { return {N, C, H, W}; }
  memory::dims wei() const { return {OC, C, KH, KW}; }
  memory::dims dst() const { return {N, OC, OH, OW}; }
  memory::dims strides() const { return {sh, sw}; }
  memory::dims dil() const { return {dh - 1, dw - 1}; }
  memory::dims padl() const { return {pt, pl}; }
  memory::dims padr() const { return {pb, pr}; }
  // The image side of a network (src with few channels: the first D conv, and the last G deconv,
  // whose forward-equivalent src is the image) is fast in plain NCHW and takes oneDNN's reference
  // kernels in NHWC or blocked; every other side is fastest blocked (format any), as is a thin dst
  // (e.g. the final 1-logit conv). The caller's memory is always NHWC, reordered when these differ.
  // A single-channel NHWC tensor is byte-identical to NCHW, so it is described as such (no reorder).
  memory::desc src_md(bool user) const {
    if (C == 1 || (!user && C < 8)) return {src(), dt::f32, tag::nchw};
    return {src(), dt::f32, user || !blocked() ? tag::nhwc : tag::any};
  }
  memory::desc dst_md(bool user) const {
    if (OC == 1 && user) return {dst(), dt::f32, tag::nchw};
    return {dst(), dt::f32, user || !blocked() ? tag::nhwc : tag::any};
  }
  memory::desc wei_md(bool user) const { return {wei(), dt::f32, user ? tag::hwio : tag::any}; }
  // Multiply-adds of one pass (forward, data or weights gradient alike): what sets the thread count.
  double macs() const { return double(N) * OH * OW * OC * KH * KW * C; }
  // A primitive is made for the thread count it runs with (oneDNN fixes it at creation).
  std::string key(const char* kind, bool bias, int threads) const {
    std::string k = kind;
    for (int64_t v : {N, H, W, C, KH, KW, OC, OH, OW, sh, sw, dh, dw, pt, pl, pb, pr, int64_t(bias), int64_t(threads)})
      k += ',' + std::to_string(v);
    return k;
  }
};

Geom geom(const Napi::Value& v) {
  auto d = dims(v);
  if (d.size() != 17) throw std::runtime_error("conv geometry needs 17 numbers");
  Geom g{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15], d[16]};
  for (int i = 0; i < 13; i++)
    if (d[i] < 1 || d[i] > (int64_t(1) << 31)) throw std::runtime_error("conv geometry: sizes, strides and dilations must be positive");
  for (int i = 13; i < 17; i++)
    if (d[i] < 0 || d[i] > (int64_t(1) << 31)) throw std::runtime_error("conv geometry: negative padding");
  // The output size must be the one every path here (oneDNN, im2col, Winograd) derives from the rest:
  // floor((in + before + after − effective window) / stride) + 1, so no path indexes past an operand.
  int64_t span_h = g.H + g.pt + g.pb - ((g.KH - 1) * g.dh + 1), span_w = g.W + g.pl + g.pr - ((g.KW - 1) * g.dw + 1);
  if (span_h < 0 || span_w < 0 || span_h / g.sh + 1 != g.OH || span_w / g.sw + 1 != g.OW)
    throw std::runtime_error("conv geometry: output size does not match input, window, strides and padding");
  return g;
}

// Element counts of the NHWC input, HWIO filter and NHWC output of a geometry, and the pointer of
// buffer `id` checked to hold that many floats (a wrong shape is an error, never an access past it).
int64_t product(std::initializer_list<int64_t> f) {
  int64_t p = 1;
  for (int64_t v : f)
    if (__builtin_mul_overflow(p, v, &p) || p > (int64_t(1) << 40)) throw std::runtime_error("conv geometry too large");
  return p;
}
int64_t src_elems(const Geom& g) { return product({g.N, g.H, g.W, g.C}); }
int64_t wei_elems(const Geom& g) { return product({g.KH, g.KW, g.C, g.OC}); }
int64_t dst_elems(const Geom& g) { return product({g.N, g.OH, g.OW, g.OC}); }
float* fit(int id, int64_t elems, const char* what) {
  return static_cast<float*>(fitting(id, size_t(elems) * sizeof(float), what));
}

// Convolutions with few output positions (the innermost layers of a U-Net: 1×1, 2×2, 4×4 outputs with
// 512–1024 channels) run as one sgemm over im2col rows instead of a oneDNN convolution primitive: with
// P = N·OH·OW rows, a filter of R = KH·KW·C rows and OC columns,
//   forward   y[P, OC]  = col[P, R] · W[R, OC]
//   weights   dW[R, OC] = col[P, R]ᵀ · dy[P, OC]
//   data      dcol[P, R] = dy[P, OC] · W[R, OC]ᵀ, then scattered (col2im) into dx
// where col holds, per output position, the input pixels under the filter (zeros where it overhangs
// the padding), in the HWIO filter's row order. oneDNN 2.6 takes the gemm-based backward-weights
// kernel for these shapes (plain layouts, a weight reorder after, ≈ 1 GFLOP/s: 23 ms for the 16.8M
// MACs of a 2×2→1×1 512→512 layer) and an AVX2 direct kernel for the data gradient; one sgemm runs
// these weight-bound shapes at memory speed and reads and writes the tfjs layouts directly.
// The largest P taken this way, per direction, from side-by-side runs on the pix2pix shapes (2 cores):
// the weight gradient gains 1.4–8× up to P = 256 (16×16→8×8, 128→512: 10.1 → 7.1 ms); the data
// gradient up to P = 64 (4×4→8×8, 1024→256: 13.7 → 8.5 ms); the forward pass only up to P = 16, beyond
// which oneDNN's direct kernel is as fast or faster. GANKIT_CONV_GEMM_ROWS overrides all three (0 turns
// the path off).
enum class Dir { Fwd, Data, Weights };
bool gemm_path(const Geom& g, Dir dir) {
  // Read at every call (a getenv, well under a microsecond) so a benchmark can compare both paths in one process.
  const char* v = std::getenv("GANKIT_CONV_GEMM_ROWS");
  const int64_t rows = v != nullptr ? int64_t(std::atoll(v)) : dir == Dir::Weights ? 256 : dir == Dir::Data ? 64 : 16;
  const int64_t P = g.N * g.OH * g.OW;
  // The im2col buffer holds P·R floats: bounded so the path never allocates more than 64 MB.
  return P <= rows && P * g.KH * g.KW * g.C <= (int64_t(1) << 24);
}

std::vector<float>& col_scratch(size_t n) {
  static std::vector<float> col;
  if (col.size() < n) col.resize(n);
  return col;
}

// Visits every (output row p, filter tap t, input pixel) pair with the tap inside the input:
// f(p, t, offset of the pixel's first channel in x).
template <typename F>
void for_taps(const Geom& g, F f) {
  for (int64_t n = 0; n < g.N; n++)
    for (int64_t oh = 0; oh < g.OH; oh++)
      for (int64_t ow = 0; ow < g.OW; ow++) {
        const int64_t p = (n * g.OH + oh) * g.OW + ow;
        for (int64_t kh = 0; kh < g.KH; kh++) {
          const int64_t ih = oh * g.sh - g.pt + kh * g.dh;
          if (ih < 0 || ih >= g.H) continue;
          for (int64_t kw = 0; kw < g.KW; kw++) {
            const int64_t iw = ow * g.sw - g.pl + kw * g.dw;
            if (iw < 0 || iw >= g.W) continue;
            f(p, kh * g.KW + kw, ((n * g.H + ih) * g.W + iw) * g.C);
          }
        }
      }
}

// col[P, R] of input x (zeros under the padding).
float* im2col(const Geom& g, const float* x) {
  const int64_t P = g.N * g.OH * g.OW, R = g.KH * g.KW * g.C;
  float* col = col_scratch(size_t(P * R)).data();
  std::memset(col, 0, size_t(P * R) * sizeof(float));
  for_taps(g, [&](int64_t p, int64_t t, int64_t xo) {
    std::memcpy(col + p * R + t * g.C, x + xo, size_t(g.C) * sizeof(float));
  });
  return col;
}

void sgemm(char ta, char tb, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B,
           int64_t ldb, float beta, float* C, int64_t ldc) {
  dnnl_status_t s = dnnl_sgemm(ta, tb, M, N, K, 1.0f, A, lda, B, ldb, beta, C, ldc);
  if (s != dnnl_success) throw std::runtime_error("dnnl_sgemm failed with status " + std::to_string(int(s)));
}

void gemm_forward(const Geom& g, const float* x, const float* w, const float* bias, float* y) {
  const int64_t P = g.N * g.OH * g.OW, R = g.KH * g.KW * g.C;
  const float* col = im2col(g, x);
  if (bias != nullptr)
    for (int64_t p = 0; p < P; p++) std::memcpy(y + p * g.OC, bias, size_t(g.OC) * sizeof(float));
  sgemm('N', 'N', P, g.OC, R, col, R, w, g.OC, bias != nullptr ? 1.0f : 0.0f, y, g.OC);
}

void gemm_backward_weights(const Geom& g, const float* x, const float* dy, float* dw) {
  const int64_t P = g.N * g.OH * g.OW, R = g.KH * g.KW * g.C;
  const float* col = im2col(g, x);
  sgemm('T', 'N', R, g.OC, P, col, R, dy, g.OC, 0.0f, dw, g.OC);
}

void gemm_backward_data(const Geom& g, const float* dy, const float* w, float* dx) {
  const int64_t P = g.N * g.OH * g.OW, R = g.KH * g.KW * g.C;
  float* dcol = col_scratch(size_t(P * R)).data();
  sgemm('N', 'T', P, R, g.OC, dy, g.OC, w, g.OC, 0.0f, dcol, R);
  std::memset(dx, 0, size_t(src_elems(g)) * sizeof(float));
  for_taps(g, [&](int64_t p, int64_t t, int64_t xo) {
    const float* src = dcol + p * R + t * g.C;
    float* dst = dx + xo;
#pragma omp simd
    for (int64_t c = 0; c < g.C; c++) dst[c] += src[c];
  });
}

// 3×3 stride-1 convolutions with many channels (CycleGAN's ResNet blocks: 256→256 on 16×16 outputs)
// run as Winograd F(2×2, 3×3) (Lavin & Gray 2016): each 2×2 output tile comes from a 4×4 input tile,
// and the 9 multiply-adds per output pixel and channel pair become 16 per 4 pixels (2.25× fewer), as
// 16 independent sgemms, one per point ξ of the 4×4 transform domain:
//   forward   M[ξ][T, OC] = V[ξ][T, C] · U[ξ][C, OC],  V = Bᵀ d B (input tiles), U = G g Gᵀ (filter)
//             y tile = Aᵀ M A
//   data      the forward pass over dy with the filter flipped and transposed (C ↔ OC), pads 2 − p
//   weights   dU[ξ][C, OC] = V[ξ]ᵀ · dM[ξ], dM = A dy_tile Aᵀ (the adjoint of the output transform),
//             dW = Gᵀ dU G
// This host's CPU has AVX2, not AVX-512, so oneDNN 2.6 has no Winograd kernel for it (its f32
// Winograd is avx512_core only) and runs these shapes with jit:avx2 direct kernels at sgemm speed;
// with 2.25× fewer multiplies the same sgemm finishes each direction about twice as fast. The
// transforms add and halve only (factors 1 and 0.5), so the result differs from direct summation by
// a few float32 roundings. GANKIT_CONV_WINOGRAD sets the smallest channel count (min of C and OC)
// taken this way (default 128; 0 turns it off), read per call. At 64 channels on small images
// ([2,15,13,64] 3×3 'same' → 96) the transforms outweigh the saving (0.7–0.8× in forward and data).
bool winograd_path(const Geom& g) {
  const char* v = std::getenv("GANKIT_CONV_WINOGRAD");
  const int64_t min_ch = v != nullptr ? int64_t(std::atoll(v)) : 128;
  if (min_ch <= 0 || g.C < min_ch || g.OC < min_ch) return false;
  if (g.KH != 3 || g.KW != 3 || g.sh != 1 || g.sw != 1 || g.dh != 1 || g.dw != 1) return false;
  if (g.pt > 2 || g.pl > 2 || g.pb > 2 || g.pr > 2) return false;
  // Every scratch buffer (16 floats per tile and channel, or per channel pair) stays under 64 MB.
  const int64_t T = g.N * ((g.OH + 1) / 2) * ((g.OW + 1) / 2);
  const int64_t Ti = g.N * ((g.H + 1) / 2) * ((g.W + 1) / 2);  // tiles of the data gradient
  const int64_t lim = int64_t(1) << 22;
  return std::max(T, Ti) * std::max(g.C, g.OC) <= lim && g.C * g.OC <= lim;
}

std::vector<float>& wino_scratch(int which, size_t n) {
  static std::vector<float> bufs[3];
  if (bufs[which].size() < n) bufs[which].resize(n);
  return bufs[which];
}

// U[ξ][c][o] = (G g Gᵀ)[ξ] of filter w (HWIO [3][3][C][OC]); E = C·OC.
void wino_filter(const float* w, int64_t E, float* U) {
#pragma omp parallel for num_threads(threads()) schedule(static) if (E >= 4096)
  for (int64_t e0 = 0; e0 < E; e0 += 256) {
    const int64_t e1 = std::min(E, e0 + 256);
#pragma omp simd
    for (int64_t e = e0; e < e1; e++) {
      float g[3][3], h[4][3];
      for (int k = 0; k < 3; k++)
        for (int l = 0; l < 3; l++) g[k][l] = w[(k * 3 + l) * E + e];
      for (int l = 0; l < 3; l++) {
        h[0][l] = g[0][l];
        h[1][l] = 0.5f * (g[0][l] + g[1][l] + g[2][l]);
        h[2][l] = 0.5f * (g[0][l] - g[1][l] + g[2][l]);
        h[3][l] = g[2][l];
      }
      for (int a = 0; a < 4; a++) {
        U[(a * 4 + 0) * E + e] = h[a][0];
        U[(a * 4 + 1) * E + e] = 0.5f * (h[a][0] + h[a][1] + h[a][2]);
        U[(a * 4 + 2) * E + e] = 0.5f * (h[a][0] - h[a][1] + h[a][2]);
        U[(a * 4 + 3) * E + e] = h[a][2];
      }
    }
  }
}

// V[ξ][t][c] = (Bᵀ d B)[ξ] of the 4×4 input tiles of x [N][H][W][C] (zeros outside), tile t = (n, th, tw)
// with its top-left input pixel at (2·th − pt, 2·tw − pl).
void wino_input(const float* x, int64_t N, int64_t H, int64_t W, int64_t C, int64_t pt, int64_t pl, int64_t TH,
                int64_t TW, float* V) {
  const int64_t T = N * TH * TW;
  const std::vector<float> zeros(size_t(C), 0.0f);
#pragma omp parallel for num_threads(threads()) schedule(static)
  for (int64_t t = 0; t < T; t++) {
    const int64_t n = t / (TH * TW), th = (t / TW) % TH, tw = t % TW;
    const float* d[4][4];
    for (int i = 0; i < 4; i++)
      for (int j = 0; j < 4; j++) {
        const int64_t ih = 2 * th - pt + i, iw = 2 * tw - pl + j;
        d[i][j] = ih >= 0 && ih < H && iw >= 0 && iw < W ? x + ((n * H + ih) * W + iw) * C : zeros.data();
      }
    float* v = V + t * C;
    const int64_t S = T * C;  // stride between transform points
#pragma omp simd
    for (int64_t c = 0; c < C; c++) {
      float r[4][4];
      for (int j = 0; j < 4; j++) {
        r[0][j] = d[0][j][c] - d[2][j][c];
        r[1][j] = d[1][j][c] + d[2][j][c];
        r[2][j] = d[2][j][c] - d[1][j][c];
        r[3][j] = d[1][j][c] - d[3][j][c];
      }
      for (int a = 0; a < 4; a++) {
        v[(a * 4 + 0) * S + c] = r[a][0] - r[a][2];
        v[(a * 4 + 1) * S + c] = r[a][1] + r[a][2];
        v[(a * 4 + 2) * S + c] = r[a][2] - r[a][1];
        v[(a * 4 + 3) * S + c] = r[a][1] - r[a][3];
      }
    }
  }
}

// y [N][OH][OW][OC] = Aᵀ M A per tile (+ bias), the tiles' pixels past OH / OW dropped.
void wino_output(const float* M, int64_t N, int64_t OH, int64_t OW, int64_t OC, int64_t TH, int64_t TW,
                 const float* bias, float* y) {
  const int64_t T = N * TH * TW, S = T * OC;
#pragma omp parallel for num_threads(threads()) schedule(static)
  for (int64_t t = 0; t < T; t++) {
    const int64_t n = t / (TH * TW), th = (t / TW) % TH, tw = t % TW;
    const float* m = M + t * OC;
    float* out[2][2];
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) {
        const int64_t oh = 2 * th + i, ow = 2 * tw + j;
        out[i][j] = oh < OH && ow < OW ? y + ((n * OH + oh) * OW + ow) * OC : nullptr;
      }
    for (int64_t o0 = 0; o0 < OC; o0 += 64) {
      const int64_t o1 = std::min(OC, o0 + 64);
      float res[2][2][64];
#pragma omp simd
      for (int64_t o = o0; o < o1; o++) {
        float s[2][4];
        for (int b = 0; b < 4; b++) {
          s[0][b] = m[(0 * 4 + b) * S + o] + m[(1 * 4 + b) * S + o] + m[(2 * 4 + b) * S + o];
          s[1][b] = m[(1 * 4 + b) * S + o] - m[(2 * 4 + b) * S + o] - m[(3 * 4 + b) * S + o];
        }
        const float bo = bias != nullptr ? bias[o] : 0.0f;
        for (int i = 0; i < 2; i++) {
          res[i][0][o - o0] = s[i][0] + s[i][1] + s[i][2] + bo;
          res[i][1][o - o0] = s[i][1] - s[i][2] - s[i][3] + bo;
        }
      }
      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
          if (out[i][j] != nullptr) std::memcpy(out[i][j] + o0, res[i][j], size_t(o1 - o0) * sizeof(float));
    }
  }
}

// 16 sgemms M[ξ] = V[ξ] · U[ξ], V[ξ] [T][C], U[ξ] [C][OC]; with `adjoint`, U holds the transform of a
// filter [3][3][OC][C] and the product uses the filter flipped in both taps and transposed, i.e. the
// data gradient's filter: flipping g (rows 0 ↔ 2) maps G g Gᵀ's points 0 ↔ 3 and keeps 1 and 2, so
// M[ξ] = V[ξ] · U[σ(ξ)]ᵀ with σ swapping 0 and 3 in each coordinate — no flipped copy is built.
void wino_products(const float* V, const float* U, int64_t T, int64_t C, int64_t OC, bool adjoint, float* M) {
  static const int sigma[4] = {3, 1, 2, 0};
  for (int xi = 0; xi < 16; xi++) {
    if (!adjoint) {
      sgemm('N', 'N', T, OC, C, V + xi * T * C, C, U + xi * C * OC, OC, 0.0f, M + xi * T * OC, OC);
    } else {
      const int src = sigma[xi / 4] * 4 + sigma[xi % 4];
      sgemm('N', 'T', T, OC, C, V + xi * T * C, C, U + src * C * OC, C, 0.0f, M + xi * T * OC, OC);
    }
  }
}

// The Winograd convolution of x [N][H][W][C] into y [N][OH][OW][OC] with a transformed filter U.
void wino_conv(const float* x, int64_t N, int64_t H, int64_t W, int64_t C, int64_t pt, int64_t pl, const float* U,
               bool adjoint, int64_t OC, int64_t OH, int64_t OW, const float* bias, float* y) {
  const int64_t TH = (OH + 1) / 2, TW = (OW + 1) / 2, T = N * TH * TW;
  float* V = wino_scratch(0, size_t(16 * T * C)).data();
  float* M = wino_scratch(1, size_t(16 * T * OC)).data();
  wino_input(x, N, H, W, C, pt, pl, TH, TW, V);
  wino_products(V, U, T, C, OC, adjoint, M);
  wino_output(M, N, OH, OW, OC, TH, TW, bias, y);
}

void wino_forward(const Geom& g, const float* x, const float* w, const float* bias, float* y) {
  float* U = wino_scratch(2, size_t(16 * g.C * g.OC)).data();
  wino_filter(w, g.C * g.OC, U);
  wino_conv(x, g.N, g.H, g.W, g.C, g.pt, g.pl, U, false, g.OC, g.OH, g.OW, bias, y);
}

// dx is the forward pass over dy (OC channels in, C out, pads 2 − p) with the filter flipped and
// transposed: wino_products' adjoint form of the filter's own transform.
void wino_backward_data(const Geom& g, const float* dy, const float* w, float* dx) {
  float* U = wino_scratch(2, size_t(16 * g.C * g.OC)).data();
  wino_filter(w, g.C * g.OC, U);
  wino_conv(dy, g.N, g.OH, g.OW, g.OC, 2 - g.pt, 2 - g.pl, U, true, g.C, g.H, g.W, nullptr, dx);
}

void wino_backward_weights(const Geom& g, const float* x, const float* dy, float* dw) {
  const int64_t TH = (g.OH + 1) / 2, TW = (g.OW + 1) / 2, T = g.N * TH * TW, OC = g.OC, C = g.C, E = C * OC;
  float* V = wino_scratch(0, size_t(16 * T * C)).data();
  float* dM = wino_scratch(1, size_t(16 * T * OC)).data();
  float* dU = wino_scratch(2, size_t(16 * E)).data();
  wino_input(x, g.N, g.H, g.W, C, g.pt, g.pl, TH, TW, V);
  // dM[ξ][t] = A dy_tile Aᵀ, A = [[1,0],[1,1],[1,−1],[0,−1]]; pixels past OH / OW count as zero.
  const std::vector<float> zeros(size_t(OC), 0.0f);
  const int64_t S = T * OC;
#pragma omp parallel for num_threads(threads()) schedule(static)
  for (int64_t t = 0; t < T; t++) {
    const int64_t n = t / (TH * TW), th = (t / TW) % TH, tw = t % TW;
    const float* q[2][2];
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) {
        const int64_t oh = 2 * th + i, ow = 2 * tw + j;
        q[i][j] = oh < g.OH && ow < g.OW ? dy + ((n * g.OH + oh) * g.OW + ow) * OC : zeros.data();
      }
    float* m = dM + t * OC;
#pragma omp simd
    for (int64_t o = 0; o < OC; o++) {
      float e[4][2];
      for (int j = 0; j < 2; j++) {
        e[0][j] = q[0][j][o];
        e[1][j] = q[0][j][o] + q[1][j][o];
        e[2][j] = q[0][j][o] - q[1][j][o];
        e[3][j] = -q[1][j][o];
      }
      for (int a = 0; a < 4; a++) {
        m[(a * 4 + 0) * S + o] = e[a][0];
        m[(a * 4 + 1) * S + o] = e[a][0] + e[a][1];
        m[(a * 4 + 2) * S + o] = e[a][0] - e[a][1];
        m[(a * 4 + 3) * S + o] = -e[a][1];
      }
    }
  }
  for (int xi = 0; xi < 16; xi++)
    sgemm('T', 'N', C, OC, T, V + xi * T * C, C, dM + xi * T * OC, OC, 0.0f, dU + xi * E, OC);
  // dW = Gᵀ dU G, Gᵀ = [[1, ½, ½, 0], [0, ½, −½, 0], [0, ½, ½, 1]].
#pragma omp parallel for num_threads(threads()) schedule(static) if (E >= 4096)
  for (int64_t e0 = 0; e0 < E; e0 += 256) {
    const int64_t e1 = std::min(E, e0 + 256);
#pragma omp simd
    for (int64_t e = e0; e < e1; e++) {
      float u[4][4], r[3][4];
      for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++) u[a][b] = dU[(a * 4 + b) * E + e];
      for (int b = 0; b < 4; b++) {
        r[0][b] = u[0][b] + 0.5f * (u[1][b] + u[2][b]);
        r[1][b] = 0.5f * (u[1][b] - u[2][b]);
        r[2][b] = 0.5f * (u[1][b] + u[2][b]) + u[3][b];
      }
      for (int k = 0; k < 3; k++) {
        dw[(k * 3 + 0) * E + e] = r[k][0] + 0.5f * (r[k][1] + r[k][2]);
        dw[(k * 3 + 1) * E + e] = 0.5f * (r[k][1] - r[k][2]);
        dw[(k * 3 + 2) * E + e] = 0.5f * (r[k][1] + r[k][2]) + r[k][3];
      }
    }
  }
}

// One tensor argument of a primitive: the caller's memory in its layout, and, when the primitive
// wants another layout, a persistent internal buffer plus the reorder between them.
// Reordered copies of input buffers, by source buffer id. tfjs tensors are immutable, so a copy stays
// valid until its source is freed (store.cc calls evict_reorders then); a step reuses them — the
// forward pass's input again in the weight gradient, one dy in both gradients, a filter in every
// forward of the same step. Each entry holds the target layout and a store buffer (pooled memory).
struct Reordered {
  memory::desc desc;
  int buffer;
};
std::unordered_map<int, std::vector<Reordered>>& reorder_cache() {
  static std::unordered_map<int, std::vector<Reordered>> cache;
  return cache;
}

struct Port {
  memory::desc user, prim;
  bool converts = false;
  memory internal;
  primitive to_prim, to_user;
  void init(const memory::desc& u, const memory::desc& p, bool input) {
    user = u;
    prim = p;
    converts = u != p;
    if (!converts) return;
    if (input) {
      to_prim = reorder(reorder::primitive_desc(eng(), u, eng(), p));
    } else {
      internal = memory(p, eng());
      to_user = reorder(reorder::primitive_desc(eng(), p, eng(), u));
    }
  }
  // Memory the primitive reads: buffer `src` in the primitive's layout (reordered once, then cached).
  memory in(int src) {
    if (!converts) return memory(user, eng(), ptr(src));
    auto& entries = reorder_cache()[src];
    for (const Reordered& r : entries)
      if (r.desc == prim) return memory(prim, eng(), ptr(r.buffer));
    int buffer = alloc(prim.get_size());
    memory m(prim, eng(), ptr(buffer));
    to_prim.execute(strm(), {{DNNL_ARG_FROM, memory(user, eng(), ptr(src))}, {DNNL_ARG_TO, m}});
    entries.push_back({prim, buffer});
    return m;
  }
  // Memory the primitive writes; call out_done afterwards to copy into the caller's layout.
  memory out(void* data) { return converts ? internal : memory(user, eng(), data); }
  void out_done(void* data) {
    if (!converts) return;
    memory m(user, eng(), data);
    to_user.execute(strm(), {{DNNL_ARG_FROM, internal}, {DNNL_ARG_TO, m}});
  }
};

convolution_forward::primitive_desc fwd_pd(const Geom& g, bool bias) {
  memory::desc w = g.wei_md(false);
  if (bias) {
    memory::desc b({g.OC}, dt::f32, tag::x);
    return {{prop_kind::forward_training, algorithm::convolution_direct, g.src_md(false), w, b, g.dst_md(false),
             g.strides(), g.dil(), g.padl(), g.padr()},
            eng()};
  }
  return {{prop_kind::forward_training, algorithm::convolution_direct, g.src_md(false), w, g.dst_md(false),
           g.strides(), g.dil(), g.padl(), g.padr()},
          eng()};
}

struct Fwd {
  primitive prim;
  Port src, wei, dst;
};
struct BwdData {
  primitive prim;
  Port ddst, wei, dsrc;
};
struct BwdWeights {
  primitive prim;
  Port src, ddst, dwei;
};

template <typename T>
T& cached(const std::string& key, T (*make)(const Geom&, bool), const Geom& g, bool bias) {
  static std::unordered_map<std::string, std::unique_ptr<T>> cache;
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, std::make_unique<T>(make(g, bias))).first;
  return *it->second;
}

Fwd make_fwd(const Geom& g, bool bias) {
  auto pd = fwd_pd(g, bias);
  Fwd f;
  f.prim = convolution_forward(pd);
  f.src.init(g.src_md(true), pd.src_desc(), true);
  f.wei.init(g.wei_md(true), pd.weights_desc(), true);
  f.dst.init(g.dst_md(true), pd.dst_desc(), false);
  return f;
}

BwdData make_bwd_data(const Geom& g, bool) {
  auto hint = fwd_pd(g, false);
  convolution_backward_data::primitive_desc pd(
      {algorithm::convolution_direct, g.src_md(false), g.wei_md(false), g.dst_md(false), g.strides(), g.dil(),
       g.padl(), g.padr()},
      eng(), hint);
  BwdData b;
  b.prim = convolution_backward_data(pd);
  b.ddst.init(g.dst_md(true), pd.diff_dst_desc(), true);
  b.wei.init(g.wei_md(true), pd.weights_desc(), true);
  b.dsrc.init(g.src_md(true), pd.diff_src_desc(), false);
  return b;
}

BwdWeights make_bwd_weights(const Geom& g, bool) {
  auto hint = fwd_pd(g, false);
  convolution_backward_weights::primitive_desc pd(
      {algorithm::convolution_direct, g.src_md(false), g.wei_md(false), g.dst_md(false), g.strides(), g.dil(),
       g.padl(), g.padr()},
      eng(), hint);
  BwdWeights b;
  b.prim = convolution_backward_weights(pd);
  b.src.init(g.src_md(true), pd.src_desc(), true);
  b.ddst.init(g.dst_md(true), pd.diff_dst_desc(), true);
  b.dwei.init(g.wei_md(true), pd.diff_weights_desc(), false);
  return b;
}

// convForward(x, filter, bias (0 = none), out, geometry[17])
Napi::Value ConvForward(const Napi::CallbackInfo& info) {
  SignalShield shield;  // some geometries run gemm-based convolutions (JIT GEMM, rsp on the heap)
  Geom g = geom(info[4]);
  ThreadCap cap(threads_for(g.macs()));
  int bias_id = id(info, 2);
  {
    const float* x = fit(id(info, 0), src_elems(g), "conv input");
    const float* w = fit(id(info, 1), wei_elems(g), "conv filter");
    const float* b = bias_id != 0 ? fit(bias_id, g.OC, "conv bias") : nullptr;
    float* y = fit(id(info, 3), dst_elems(g), "conv output");
    if (gemm_path(g, Dir::Fwd)) {
      gemm_forward(g, x, w, b, y);
      return info.Env().Undefined();
    }
    if (winograd_path(g)) {
      wino_forward(g, x, w, b, y);
      return info.Env().Undefined();
    }
  }
  Fwd& f = cached<Fwd>(g.key("f", bias_id != 0, cap.n()), make_fwd, g, bias_id != 0);
  void* y = ptr(id(info, 3));
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, f.src.in(id(info, 0))},
                                       {DNNL_ARG_WEIGHTS, f.wei.in(id(info, 1))},
                                       {DNNL_ARG_DST, f.dst.out(y)}};
  if (bias_id != 0) args[DNNL_ARG_BIAS] = memory({{g.OC}, dt::f32, tag::x}, eng(), ptr(bias_id));
  f.prim.execute(strm(), args);
  f.dst.out_done(y);
  strm().wait();
  return info.Env().Undefined();
}

// convBackwardData(dy, filter, dx, geometry[17])
Napi::Value ConvBackwardData(const Napi::CallbackInfo& info) {
  SignalShield shield;  // some geometries run gemm-based convolutions (JIT GEMM, rsp on the heap)
  Geom g = geom(info[3]);
  ThreadCap cap(threads_for(g.macs()));
  {
    const float* dy = fit(id(info, 0), dst_elems(g), "conv output gradient");
    const float* w = fit(id(info, 1), wei_elems(g), "conv filter");
    float* dx = fit(id(info, 2), src_elems(g), "conv input gradient");
    if (gemm_path(g, Dir::Data)) {
      gemm_backward_data(g, dy, w, dx);
      return info.Env().Undefined();
    }
    if (winograd_path(g)) {
      wino_backward_data(g, dy, w, dx);
      return info.Env().Undefined();
    }
  }
  BwdData& b = cached<BwdData>(g.key("d", false, cap.n()), make_bwd_data, g, false);
  void* dx = ptr(id(info, 2));
  b.prim.execute(strm(), {{DNNL_ARG_DIFF_DST, b.ddst.in(id(info, 0))},
                          {DNNL_ARG_WEIGHTS, b.wei.in(id(info, 1))},
                          {DNNL_ARG_DIFF_SRC, b.dsrc.out(dx)}});
  b.dsrc.out_done(dx);
  strm().wait();
  return info.Env().Undefined();
}

// convBackwardFilter(x, dy, dw, geometry[17])
Napi::Value ConvBackwardFilter(const Napi::CallbackInfo& info) {
  SignalShield shield;  // some geometries run gemm-based convolutions (JIT GEMM, rsp on the heap)
  Geom g = geom(info[3]);
  ThreadCap cap(threads_for(g.macs()));
  {
    const float* x = fit(id(info, 0), src_elems(g), "conv input");
    const float* dy = fit(id(info, 1), dst_elems(g), "conv output gradient");
    float* dw = fit(id(info, 2), wei_elems(g), "conv filter gradient");
    if (gemm_path(g, Dir::Weights)) {
      gemm_backward_weights(g, x, dy, dw);
      return info.Env().Undefined();
    }
    if (winograd_path(g)) {
      wino_backward_weights(g, x, dy, dw);
      return info.Env().Undefined();
    }
  }
  BwdWeights& b = cached<BwdWeights>(g.key("w", false, cap.n()), make_bwd_weights, g, false);
  void* dw = ptr(id(info, 2));
  b.prim.execute(strm(), {{DNNL_ARG_SRC, b.src.in(id(info, 0))},
                          {DNNL_ARG_DIFF_DST, b.ddst.in(id(info, 1))},
                          {DNNL_ARG_DIFF_WEIGHTS, b.dwei.out(dw)}});
  b.dwei.out_done(dw);
  strm().wait();
  return info.Env().Undefined();
}

}  // namespace

void evict_reorders(int id) {
  auto& cache = reorder_cache();
  auto it = cache.find(id);
  if (it == cache.end()) return;
  std::vector<Reordered> entries = std::move(it->second);
  cache.erase(it);
  for (const Reordered& r : entries) release(r.buffer);
}

void InitConv(Napi::Env env, Napi::Object exports) {
  GK_EXPORT(env, exports, "convForward", ConvForward);
  GK_EXPORT(env, exports, "convBackwardData", ConvBackwardData);
  GK_EXPORT(env, exports, "convBackwardFilter", ConvBackwardFilter);
}

}  // namespace gk
