// N-API entry of gankit's float64 linear-algebra addon (gankit_linalg.node): FID's covariance and
// tr √(Σ₁Σ₂) and KID's kernel sums over OpenBLAS. Arguments are typed arrays and sizes; the TS side
// (src/metrics/linalg/native.ts) checks shapes, so here a mismatch is a programming error.
#include <napi.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "guard.h"  // native/src/guard.h, shared with the oneDNN addon
#include "linalg.h"

extern "C" {
// OpenBLAS's own thread control and build description (declared here: this file needs nothing else of cblas.h).
void openblas_set_num_threads(int n);
int openblas_get_num_threads();
char* openblas_get_config();
char* openblas_get_corename();
}

namespace {

int64_t size_arg(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int64Value(); }

template <typename T>
const T* data_of(const Napi::Value& v, int64_t need, const char* what) {
  auto a = v.As<Napi::TypedArrayOf<T>>();
  if (int64_t(a.ElementLength()) < need) throw std::invalid_argument(std::string(what) + " is shorter than its shape");
  return a.Data();
}

// covariance(x: Float32Array | Float64Array, n, d) → { mean: Float64Array(d), cov: Float64Array(d·d) }
Napi::Value Covariance(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t n = size_arg(info, 1), d = size_arg(info, 2);
  auto mean = Napi::Float64Array::New(env, size_t(d));
  auto cov = Napi::Float64Array::New(env, size_t(d * d));
  auto x = info[0].As<Napi::TypedArray>();
  if (x.TypedArrayType() == napi_float32_array)
    gkl::covariance(data_of<float>(info[0], n * d, "x"), n, d, mean.Data(), cov.Data());
  else if (x.TypedArrayType() == napi_float64_array)
    gkl::covariance(data_of<double>(info[0], n * d, "x"), n, d, mean.Data(), cov.Data());
  else
    throw std::invalid_argument("features must be a Float32Array or Float64Array");
  auto out = Napi::Object::New(env);
  out.Set("mean", mean);
  out.Set("cov", cov);
  return out;
}

// traceSqrtProduct(s1: Float64Array, s2: Float64Array, d) → { trace, rank } (rank of Σ₁)
Napi::Value TraceSqrtProduct(const Napi::CallbackInfo& info) {
  int64_t d = size_arg(info, 2), rank = 0;
  double tr = gkl::trace_sqrt_product(data_of<double>(info[0], d * d, "sigma1"), data_of<double>(info[1], d * d, "sigma2"),
                                      d, &rank);
  auto out = Napi::Object::New(info.Env());
  out.Set("trace", tr);
  out.Set("rank", double(rank));
  return out;
}

// polynomialKernelSums(x: Float64Array, y: Float64Array, m, d) → [Σ_{i≠j} k(x,x), Σ_{i≠j} k(y,y), Σ k(x,y)]
Napi::Value PolynomialKernelSums(const Napi::CallbackInfo& info) {
  int64_t m = size_arg(info, 2), d = size_arg(info, 3);
  double s[3];
  gkl::polynomial_kernel_sums(data_of<double>(info[0], m * d, "x"), data_of<double>(info[1], m * d, "y"), m, d, s);
  auto out = Napi::Array::New(info.Env(), 3);
  for (uint32_t i = 0; i < 3; i++) out.Set(i, s[i]);
  return out;
}

// info() → { config, core, threads }: which OpenBLAS build runs and on how many threads.
Napi::Value Info(const Napi::CallbackInfo& info) {
  auto out = Napi::Object::New(info.Env());
  out.Set("config", openblas_get_config());
  out.Set("core", openblas_get_corename());
  out.Set("threads", openblas_get_num_threads());
  return out;
}

// setThreads(n): OpenBLAS's thread count (GANKIT_THREADS is applied by the TS loader).
Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  openblas_set_num_threads(info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

template <Napi::Value (*F)(const Napi::CallbackInfo&)>
Napi::Value guarded(const Napi::CallbackInfo& info) {
  return gk::call_guarded(F, info, "gankit linalg");
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("covariance", Napi::Function::New(env, guarded<Covariance>, "covariance"));
  exports.Set("traceSqrtProduct", Napi::Function::New(env, guarded<TraceSqrtProduct>, "traceSqrtProduct"));
  exports.Set("polynomialKernelSums", Napi::Function::New(env, guarded<PolynomialKernelSums>, "polynomialKernelSums"));
  exports.Set("info", Napi::Function::New(env, guarded<Info>, "info"));
  exports.Set("setThreads", Napi::Function::New(env, guarded<SetThreads>, "setThreads"));
  return exports;
}

}  // namespace

NODE_API_MODULE(gankit_linalg, Init)
