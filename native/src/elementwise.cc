// Element-wise kernels: unary maps, casts, broadcasting binary ops, select, addN, fill.
// Loops are written so GCC vectorises them (contiguous inner loops, no aliasing) and split
// across threads with OpenMP once they are long enough to pay for the fork.
#include <omp.h>

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "store.h"

// glibc's libmvec has vector versions of these; declaring them `simd` lets GCC call them from the
// vectorised loops below (math.h only does so under -ffast-math, which would break NaN handling).
extern "C" {
__attribute__((simd("notinbranch"))) float expf(float) noexcept;
__attribute__((simd("notinbranch"))) float expm1f(float) noexcept;
__attribute__((simd("notinbranch"))) float logf(float) noexcept;
__attribute__((simd("notinbranch"))) float log1pf(float) noexcept;
__attribute__((simd("notinbranch"))) float tanhf(float) noexcept;
__attribute__((simd("notinbranch"))) float sinf(float) noexcept;
__attribute__((simd("notinbranch"))) float cosf(float) noexcept;
__attribute__((simd("notinbranch"))) float erff(float) noexcept;
}

namespace gk {
namespace {

enum DType { F32 = 0, I32 = 1, BOOL = 2 };

constexpr float kSeluScale = 1.0507009873554804934193349852946f;
constexpr float kSeluAlpha = 1.6732632423543772848170429916717f;

template <typename F>
void map_unary(const float* x, float* y, int64_t n, F f) {
  for_chunks(n, [&](int64_t lo, int64_t hi) {
    const F g = f;  // a local copy: captured parameters read through a reference block vectorisation
#pragma omp simd
    for (int64_t i = lo; i < hi; i++) y[i] = g(x[i]);
  });
}

// unary(op, x, out, n, alpha, beta): float32 only (TS falls back for other dtypes).
Napi::Value Unary(const Napi::CallbackInfo& info) {
  std::string op = info[0].As<Napi::String>();
  int64_t n = count_arg(info, 3, "unary");
  const float* x = buf<float>(id(info, 1), n, "unary input");
  float* y = buf<float>(id(info, 2), n, "unary output");
  float alpha = float(num(info, 4));
  float beta = float(num(info, 5));
  if (op == "Abs") map_unary(x, y, n, [](float v) { return std::fabs(v); });
  else if (op == "Neg") map_unary(x, y, n, [](float v) { return -v; });
  else if (op == "Exp") map_unary(x, y, n, [](float v) { return expf(v); });
  else if (op == "Expm1") map_unary(x, y, n, [](float v) { return expm1f(v); });
  else if (op == "Log") map_unary(x, y, n, [](float v) { return logf(v); });
  else if (op == "Log1p") map_unary(x, y, n, [](float v) { return log1pf(v); });
  else if (op == "Sqrt") map_unary(x, y, n, [](float v) { return std::sqrt(v); });
  else if (op == "Rsqrt") map_unary(x, y, n, [](float v) { return 1.0f / std::sqrt(v); });
  else if (op == "Square") map_unary(x, y, n, [](float v) { return v * v; });
  else if (op == "Reciprocal") map_unary(x, y, n, [](float v) { return 1.0f / v; });
  else if (op == "Tanh") map_unary(x, y, n, [](float v) { return tanhf(v); });
  else if (op == "Sigmoid") map_unary(x, y, n, [](float v) { return 1.0f / (1.0f + expf(-v)); });
  else if (op == "Softplus")
    map_unary(x, y, n, [](float v) { return std::fmax(v, 0.0f) + log1pf(expf(-std::fabs(v))); });
  else if (op == "Relu") map_unary(x, y, n, [](float v) { return v > 0 ? v : (v == v ? 0.0f : v); });
  else if (op == "Relu6") map_unary(x, y, n, [](float v) { return std::fmin(std::fmax(v, 0.0f), 6.0f); });
  else if (op == "Elu") map_unary(x, y, n, [](float v) { return v >= 0 ? v : expm1f(v); });
  else if (op == "Selu")
    map_unary(x, y, n, [](float v) { return v > 0 ? kSeluScale * v : kSeluScale * kSeluAlpha * expm1f(v); });
  else if (op == "LeakyRelu") map_unary(x, y, n, [alpha](float v) { return v < 0 ? alpha * v : v; });
  else if (op == "Step") map_unary(x, y, n, [alpha](float v) { return v != v ? v : (v > 0 ? 1.0f : alpha); });
  else if (op == "Sign") map_unary(x, y, n, [](float v) { return float((v > 0) - (v < 0)); });
  else if (op == "Floor") map_unary(x, y, n, [](float v) { return std::floor(v); });
  else if (op == "Ceil") map_unary(x, y, n, [](float v) { return std::ceil(v); });
  else if (op == "Round") map_unary(x, y, n, [](float v) { return std::nearbyint(v); });
  else if (op == "Sin") map_unary(x, y, n, [](float v) { return sinf(v); });
  else if (op == "Cos") map_unary(x, y, n, [](float v) { return cosf(v); });
  else if (op == "Erf") map_unary(x, y, n, [](float v) { return erff(v); });
  else if (op == "ClipByValue")
    map_unary(x, y, n, [alpha, beta](float v) { return v != v ? v : std::fmin(std::fmax(v, alpha), beta); });
  else throw std::runtime_error("unknown unary op " + op);
  return info.Env().Undefined();
}

// activationGrad(op, dy, x, out, n, alpha): the gradient of a piecewise-linear activation in one
// pass, with the float32 operations of the tfjs composite it replaces (src/nn/lean-gradients.ts), so
// the bits are the same: LeakyRelu's where(x > 0, dy, dy·alpha) (Greater, Multiply, Select) and
// Relu's dy·float(step(x)) (Step, Cast, Multiply; step keeps a NaN).
Napi::Value ActivationGrad(const Napi::CallbackInfo& info) {
  std::string op = info[0].As<Napi::String>();
  int64_t n = count_arg(info, 4, "activationGrad");
  const float* dy = buf<float>(id(info, 1), n, "activationGrad dy");
  const float* x = buf<float>(id(info, 2), n, "activationGrad x");
  float* out = buf<float>(id(info, 3), n, "activationGrad output");
  const float alpha = float(num(info, 5));
  auto run = [&](auto f) {
    for_chunks(n, [&](int64_t lo, int64_t hi) {
      // Local copies: through the closure's references every store to out[i] could change the
      // pointers themselves, which keeps GCC from vectorising (a scalar branch per element, measured
      // 3.3 ms on 1M elements against 0.34 ms for a Multiply).
      const float* __restrict g = dy;
      const float* __restrict v = x;
      float* __restrict o = out;
      const auto h = f;
#pragma omp simd
      for (int64_t i = lo; i < hi; i++) o[i] = h(g[i], v[i]);
    });
  };
  if (op == "LeakyRelu") run([alpha](float g, float v) { return v > 0 ? g : g * alpha; });
  else if (op == "Relu") run([](float g, float v) { return g * (v != v ? v : (v > 0 ? 1.0f : 0.0f)); });
  else throw std::runtime_error("activationGrad: unknown activation " + op);
  return info.Env().Undefined();
}

template <typename From, typename To>
void cast_loop(const void* x, void* y, int64_t n) {
  const From* a = static_cast<const From*>(x);
  To* b = static_cast<To*>(y);
  for_chunks(n, [&](int64_t lo, int64_t hi) {
#pragma omp simd
    for (int64_t i = lo; i < hi; i++) {
      if constexpr (std::is_same_v<To, uint8_t>) b[i] = a[i] != 0;
      else b[i] = To(a[i]);
    }
  });
}

// cast(x, out, n, fromDType, toDType) with dtype codes F32/I32/BOOL; float→int truncates like tfjs.
Napi::Value Cast(const Napi::CallbackInfo& info) {
  int64_t n = count_arg(info, 2, "cast");
  int from = id(info, 3), to = id(info, 4);
  const void* x = fitting(id(info, 0), size_t(n * dtype_bytes(from)), "cast input");
  void* y = fitting(id(info, 1), size_t(n * dtype_bytes(to)), "cast output");
  if (from == F32 && to == I32) cast_loop<float, int32_t>(x, y, n);
  else if (from == F32 && to == BOOL) cast_loop<float, uint8_t>(x, y, n);
  else if (from == I32 && to == F32) cast_loop<int32_t, float>(x, y, n);
  else if (from == I32 && to == BOOL) cast_loop<int32_t, uint8_t>(x, y, n);
  else if (from == BOOL && to == F32) cast_loop<uint8_t, float>(x, y, n);
  else if (from == BOOL && to == I32) cast_loop<uint8_t, int32_t>(x, y, n);
  else throw std::runtime_error("unsupported cast");
  return info.Env().Undefined();
}

// logicalNot(x, out, n): bool → bool (the gradient of Select uses it, so double backprop through
// ReLU-family activations, e.g. the WGAN-GP penalty, calls it every step).
Napi::Value LogicalNot(const Napi::CallbackInfo& info) {
  int64_t n = count_arg(info, 2, "logicalNot");
  const uint8_t* x = buf<uint8_t>(id(info, 0), n, "logicalNot input");
  uint8_t* y = buf<uint8_t>(id(info, 1), n, "logicalNot output");
  for_chunks(n, [&](int64_t lo, int64_t hi) {
#pragma omp simd
    for (int64_t i = lo; i < hi; i++) y[i] = x[i] == 0;
  });
  return info.Env().Undefined();
}

// adam(param, m, v, g, outParam, outM, outV, n, beta1, beta2, sqrtBc2, eps, stepSize): one Adam update
// (src/train/adam.ts) in a single pass, with the same float32 operations in the same order as the
// composite of tfjs ops it replaces, so both give identical bits. Contraction into FMAs is off here for
// that reason: a fused multiply-add rounds once where the composite rounds twice.
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
// The pointers are declared non-aliasing (outputs are fresh buffers; the TS kernel never passes an input
// as an output) and the loop `omp simd`: without both GCC kept it scalar (vsqrtss/vdivss per element,
// ≈ 60 ms for 8.4M elements). Vector sqrt and division round exactly like the scalar ones, so the bits
// do not change.
void adam_range(const float* __restrict p, const float* __restrict m, const float* __restrict v,
                const float* __restrict g, float* __restrict po, float* __restrict mo, float* __restrict vo,
                const float (&k)[7], int64_t lo, int64_t hi) {
  const float b1 = k[0], c1 = k[1], b2 = k[2], c2 = k[3], bc2 = k[4], eps = k[5], step = k[6];
#pragma omp simd
  for (int64_t i = lo; i < hi; i++) {
    float mi = m[i] * b1 + g[i] * c1;
    float vi = v[i] * b2 + (g[i] * g[i]) * c2;
    float denom = std::sqrt(vi) / bc2 + eps;
    mo[i] = mi;
    vo[i] = vi;
    po[i] = p[i] - (mi / denom) * step;
  }
}
#pragma GCC pop_options

Napi::Value Adam(const Napi::CallbackInfo& info) {
  const int64_t n = i64(info, 7);
  if (n < 0) throw std::runtime_error("adam: negative element count");
  const size_t bytes = size_t(n) * sizeof(float);
  const float* p = static_cast<const float*>(fitting(id(info, 0), bytes, "adam param"));
  const float* m = static_cast<const float*>(fitting(id(info, 1), bytes, "adam m"));
  const float* v = static_cast<const float*>(fitting(id(info, 2), bytes, "adam v"));
  const float* g = static_cast<const float*>(fitting(id(info, 3), bytes, "adam gradient"));
  float* po = static_cast<float*>(fitting(id(info, 4), bytes, "adam param output"));
  float* mo = static_cast<float*>(fitting(id(info, 5), bytes, "adam m output"));
  float* vo = static_cast<float*>(fitting(id(info, 6), bytes, "adam v output"));
  for (int out : {id(info, 4), id(info, 5), id(info, 6)})
    for (int in : {id(info, 0), id(info, 1), id(info, 2), id(info, 3)})
      if (out == in) throw std::runtime_error("adam: an output buffer is also an input");
  // The scalars as the composite sees them: each JS number rounded to float32 once.
  const float k[7] = {float(num(info, 8)),  float(1 - num(info, 8)), float(num(info, 9)), float(1 - num(info, 9)),
                      float(num(info, 10)), float(num(info, 11)),    float(num(info, 12))};
  for_chunks(n, [&](int64_t lo, int64_t hi) { adam_range(p, m, v, g, po, mo, vo, k, lo, hi); });
  return info.Env().Undefined();
}

// A broadcast described as rows × inner with per-row offsets: dims are right-aligned, size-1 dims
// get stride 0, and adjacent dims that are contiguous (or broadcast) in both operands are merged.
struct Plan {
  std::vector<int64_t> shape, sa, sb;  // merged output shape and element strides of a and b
  int64_t n = 1;
};

// The output shape must be the broadcast of both operand shapes (right-aligned, each dim equal or 1).
void check_broadcast(const std::vector<int64_t>& s, const std::vector<int64_t>& os, const char* what) {
  if (s.size() > os.size()) throw std::runtime_error(std::string("binary: ") + what + " has a higher rank than the output");
  for (size_t i = 0; i < s.size(); i++) {
    int64_t d = s[s.size() - 1 - i], o = os[os.size() - 1 - i];
    if (d != o && d != 1)
      throw std::runtime_error(std::string("binary: ") + what + " does not broadcast to the output shape");
  }
}

Plan plan(std::vector<int64_t> as_, std::vector<int64_t> bs, const std::vector<int64_t>& os) {
  size_t r = os.size();
  as_.insert(as_.begin(), r - as_.size(), 1);
  bs.insert(bs.begin(), r - bs.size(), 1);
  std::vector<int64_t> sa(r), sb(r);
  int64_t ka = 1, kb = 1;
  for (size_t i = r; i-- > 0;) {
    sa[i] = as_[i] == 1 ? 0 : ka;
    sb[i] = bs[i] == 1 ? 0 : kb;
    ka *= as_[i];
    kb *= bs[i];
  }
  Plan p;
  for (size_t i = 0; i < r; i++) {
    p.n *= os[i];
    if (os[i] == 1) continue;
    if (!p.shape.empty()) {
      size_t j = p.shape.size() - 1;
      bool mergeA = (sa[i] == 0 && p.sa[j] == 0) || (sa[i] != 0 && p.sa[j] == sa[i] * os[i]);
      bool mergeB = (sb[i] == 0 && p.sb[j] == 0) || (sb[i] != 0 && p.sb[j] == sb[i] * os[i]);
      if (mergeA && mergeB) {
        p.shape[j] *= os[i];
        p.sa[j] = sa[i];
        p.sb[j] = sb[i];
        continue;
      }
    }
    p.shape.push_back(os[i]);
    p.sa.push_back(sa[i]);
    p.sb.push_back(sb[i]);
  }
  if (p.shape.empty()) {
    p.shape = {1};
    p.sa = {0};
    p.sb = {0};
  }
  return p;
}

template <typename T, typename O, typename F>
void inner_loop(const T* a, const T* b, O* o, int64_t m, int64_t sa, int64_t sb, F f) {
  if (sa == 1 && sb == 1) {
#pragma omp simd
    for (int64_t i = 0; i < m; i++) o[i] = f(a[i], b[i]);
  } else if (sa == 1 && sb == 0) {
    const T bv = b[0];
#pragma omp simd
    for (int64_t i = 0; i < m; i++) o[i] = f(a[i], bv);
  } else if (sa == 0 && sb == 1) {
    const T av = a[0];
#pragma omp simd
    for (int64_t i = 0; i < m; i++) o[i] = f(av, b[i]);
  } else {
    for (int64_t i = 0; i < m; i++) o[i] = f(a[i * sa], b[i * sb]);
  }
}

template <typename T, typename O, typename F>
void broadcast(const T* a, const T* b, O* o, const Plan& p, F f) {
  size_t r = p.shape.size();
  int64_t inner = p.shape[r - 1];
  int64_t rows = p.n / inner;
  if (rows == 1) {
    for_chunks(inner, [&](int64_t lo, int64_t hi) {
      inner_loop(a + lo * p.sa[r - 1], b + lo * p.sb[r - 1], o + lo, hi - lo, p.sa[r - 1], p.sb[r - 1], f);
    });
    return;
  }
#pragma omp parallel for num_threads(threads()) if (p.n >= kParallelMin)
  for (int64_t row = 0; row < rows; row++) {
    int64_t rem = row, oa = 0, ob = 0;
    for (size_t d = r - 1; d-- > 0;) {
      int64_t c = rem % p.shape[d];
      rem /= p.shape[d];
      oa += c * p.sa[d];
      ob += c * p.sb[d];
    }
    inner_loop(a + oa, b + ob, o + row * inner, inner, p.sa[r - 1], p.sb[r - 1], f);
  }
}

template <typename T>
bool arith(const std::string& op, const T* a, const T* b, T* o, const Plan& p) {
  if (op == "Add") broadcast(a, b, o, p, [](T x, T y) { return T(x + y); });
  else if (op == "Sub") broadcast(a, b, o, p, [](T x, T y) { return T(x - y); });
  else if (op == "Multiply") broadcast(a, b, o, p, [](T x, T y) { return T(x * y); });
  else if (op == "Maximum") broadcast(a, b, o, p, [](T x, T y) { return x != x ? x : (x > y ? x : y); });
  else if (op == "Minimum") broadcast(a, b, o, p, [](T x, T y) { return x != x ? x : (x < y ? x : y); });
  else if (op == "SquaredDifference") broadcast(a, b, o, p, [](T x, T y) { return T((x - y) * (x - y)); });
  else return false;
  return true;
}

template <typename T>
bool compare(const std::string& op, const T* a, const T* b, uint8_t* o, const Plan& p) {
  if (op == "Greater") broadcast(a, b, o, p, [](T x, T y) -> uint8_t { return x > y; });
  else if (op == "GreaterEqual") broadcast(a, b, o, p, [](T x, T y) -> uint8_t { return x >= y; });
  else if (op == "Less") broadcast(a, b, o, p, [](T x, T y) -> uint8_t { return x < y; });
  else if (op == "LessEqual") broadcast(a, b, o, p, [](T x, T y) -> uint8_t { return x <= y; });
  else if (op == "Equal") broadcast(a, b, o, p, [](T x, T y) -> uint8_t { return x == y; });
  else if (op == "NotEqual") broadcast(a, b, o, p, [](T x, T y) -> uint8_t { return x != y; });
  else return false;
  return true;
}

// binary(op, a, b, out, aShape, bShape, outShape, dtype): returns false when the op/dtype pair is
// not implemented, so the caller can fall back.
Napi::Value Binary(const Napi::CallbackInfo& info) {
  std::string op = info[0].As<Napi::String>();
  int ia = id(info, 1), ib = id(info, 2), io = id(info, 3);
  auto ash = dims(info[4]), bsh = dims(info[5]), osh = dims(info[6]);
  int dt = id(info, 7);
  if (dt != F32 && dt != I32 && dt != BOOL) return Napi::Boolean::New(info.Env(), false);
  check_broadcast(ash, osh, "a");
  check_broadcast(bsh, osh, "b");
  int64_t na = count_of(ash, "binary a"), nb = count_of(bsh, "binary b"), no = count_of(osh, "binary output");
  int64_t eb = dtype_bytes(dt);
  bool cmp = op == "Greater" || op == "GreaterEqual" || op == "Less" || op == "LessEqual" || op == "Equal" ||
             op == "NotEqual";
  // Every buffer is checked against its shape before any loop runs; the output holds bools for comparisons.
  fitting(ia, size_t(na * eb), "binary a");
  fitting(ib, size_t(nb * eb), "binary b");
  fitting(io, size_t(no * (cmp ? 1 : eb)), "binary output");
  if (no == 0) return Napi::Boolean::New(info.Env(), true);
  Plan p = plan(ash, bsh, osh);
  bool done = false;
  if (dt == F32) {
    const float *a = as<float>(ia), *b = as<float>(ib);
    done = cmp ? compare(op, a, b, as<uint8_t>(io), p) : arith(op, a, b, as<float>(io), p);
    if (!done && !cmp) {
      float* o = as<float>(io);
      done = true;
      if (op == "RealDiv") broadcast(a, b, o, p, [](float x, float y) { return x / y; });
      else if (op == "Pow") broadcast(a, b, o, p, [](float x, float y) { return std::pow(x, y); });
      else if (op == "FloorDiv") broadcast(a, b, o, p, [](float x, float y) { return std::floor(x / y); });
      else if (op == "Prelu") broadcast(a, b, o, p, [](float x, float y) { return x < 0 ? y * x : x; });
      else if (op == "EluGrad") broadcast(a, b, o, p, [](float dy, float y) { return y >= 0 ? dy : dy * (y + 1); });
      else done = false;
    }
  } else if (dt == I32) {
    const int32_t *a = as<int32_t>(ia), *b = as<int32_t>(ib);
    done = cmp ? compare(op, a, b, as<uint8_t>(io), p) : arith(op, a, b, as<int32_t>(io), p);
  } else if (dt == BOOL) {
    const uint8_t *a = as<uint8_t>(ia), *b = as<uint8_t>(ib);
    uint8_t* o = as<uint8_t>(io);
    done = compare(op, a, b, o, p);
    if (!done && !cmp) {
      done = true;
      if (op == "LogicalAnd") broadcast(a, b, o, p, [](uint8_t x, uint8_t y) -> uint8_t { return x && y; });
      else if (op == "LogicalOr") broadcast(a, b, o, p, [](uint8_t x, uint8_t y) -> uint8_t { return x || y; });
      else done = false;
    }
  }
  return Napi::Boolean::New(info.Env(), done);
}

// restrict-qualified so GCC vectorises it: the uint8 condition may otherwise alias the output.
void select_range(const uint8_t* __restrict c, const uint32_t* __restrict a, const uint32_t* __restrict b,
                  uint32_t* __restrict o, int64_t lo, int64_t hi) {
#pragma omp simd
  for (int64_t i = lo; i < hi; i++) o[i] = c[i] != 0 ? a[i] : b[i];
}

// select(cond, a, b, out, n, condLen, elemBytes): cond has n elements, or one per row of n/condLen.
Napi::Value Select(const Napi::CallbackInfo& info) {
  int64_t n = count_arg(info, 4, "select"), clen = count_arg(info, 5, "select condition"),
          eb = elem_bytes_arg(info, 6, "select");
  if (n == 0) return info.Env().Undefined();
  if (clen == 0 || n % clen != 0) throw std::runtime_error("select: the condition must have n elements or divide n");
  const uint8_t* c = buf<uint8_t>(id(info, 0), clen, "select condition");
  for (int k = 1; k <= 3; k++) fitting(id(info, k), size_t(n * eb), "select operand");
  int64_t per = n / clen;
  if (eb == 4) {
    const uint32_t *a = as<uint32_t>(id(info, 1)), *b = as<uint32_t>(id(info, 2));
    uint32_t* o = as<uint32_t>(id(info, 3));
    if (per == 1) {
      for_chunks(n, [&](int64_t lo, int64_t hi) { select_range(c, a, b, o, lo, hi); });
    } else {
      for (int64_t r = 0; r < clen; r++) {
        const uint32_t* src = (c[r] ? a : b) + r * per;
        std::memcpy(o + r * per, src, per * 4);
      }
    }
  } else {
    const uint8_t *a = as<uint8_t>(id(info, 1)), *b = as<uint8_t>(id(info, 2));
    uint8_t* o = as<uint8_t>(id(info, 3));
    for (int64_t i = 0; i < n; i++) o[i] = c[i / per] ? a[i] : b[i];
  }
  return info.Env().Undefined();
}

// addN([ids], out, n, dtype): sum of same-shape tensors.
Napi::Value AddN(const Napi::CallbackInfo& info) {
  std::vector<int64_t> ids = dims(info[0]);
  int64_t n = count_arg(info, 2, "addN");
  int dt = id(info, 3);
  if (ids.empty()) throw std::runtime_error("addN: no inputs");
  if (dt != F32 && dt != I32) throw std::runtime_error("addN: float32 or int32 only");
  fitting(id(info, 1), size_t(n) * 4, "addN output");
  for (int64_t k : ids) fitting(int(k), size_t(n) * 4, "addN input");
  if (dt == F32) {
    float* o = as<float>(id(info, 1));
    std::memcpy(o, ptr(int(ids[0])), n * sizeof(float));
    for (size_t k = 1; k < ids.size(); k++) {
      const float* x = as<float>(int(ids[k]));
      for_chunks(n, [&](int64_t lo, int64_t hi) {
#pragma omp simd
        for (int64_t i = lo; i < hi; i++) o[i] += x[i];
      });
    }
  } else {
    int32_t* o = as<int32_t>(id(info, 1));
    std::memcpy(o, ptr(int(ids[0])), n * sizeof(int32_t));
    for (size_t k = 1; k < ids.size(); k++) {
      const int32_t* x = as<int32_t>(int(ids[k]));
      for (int64_t i = 0; i < n; i++) o[i] += x[i];
    }
  }
  return info.Env().Undefined();
}

// fill(out, n, value, dtype)
Napi::Value Fill(const Napi::CallbackInfo& info) {
  int64_t n = count_arg(info, 1, "fill");
  double v = num(info, 2);
  int dt = id(info, 3);
  fitting(id(info, 0), size_t(n * dtype_bytes(dt)), "fill output");
  if (dt == F32) {
    float* o = as<float>(id(info, 0));
    float f = float(v);
    for_chunks(n, [&](int64_t lo, int64_t hi) {
      for (int64_t i = lo; i < hi; i++) o[i] = f;
    });
  } else if (dt == I32) {
    int32_t* o = as<int32_t>(id(info, 0));
    for (int64_t i = 0; i < n; i++) o[i] = int32_t(v);
  } else {
    std::memset(ptr(id(info, 0)), v != 0, n);
  }
  return info.Env().Undefined();
}

}  // namespace

void InitElementwise(Napi::Env env, Napi::Object exports) {
  GK_EXPORT(env, exports, "unary", Unary);
  GK_EXPORT(env, exports, "cast", Cast);
  GK_EXPORT(env, exports, "logicalNot", LogicalNot);
  GK_EXPORT(env, exports, "activationGrad", ActivationGrad);
  GK_EXPORT(env, exports, "adam", Adam);
  GK_EXPORT(env, exports, "binary", Binary);
  GK_EXPORT(env, exports, "select", Select);
  GK_EXPORT(env, exports, "addN", AddN);
  GK_EXPORT(env, exports, "fill", Fill);
}

}  // namespace gk
