// Batched matrix multiply through oneDNN's sgemm (row-major), with the optional bias of tfjs's
// _FusedMatMul added in the same pass over the output.
#include <dnnl.h>

#include <stdexcept>
#include <string>

#include "store.h"

namespace gk {
namespace {

// matmul(a, b, bias (0 = none), out, batchA, batchB, M, N, K, transA, transB, biasLen)
// a is [batchA, M, K] (or [batchA, K, M] when transposed), b [batchB, K, N] (or [batchB, N, K]);
// a batch of 1 broadcasts. The bias (length N, or 1) is added to every output row.
Napi::Value Matmul(const Napi::CallbackInfo& info) {
  const float* a = as<float>(id(info, 0));
  const float* b = as<float>(id(info, 1));
  int bias_id = id(info, 2);
  float* c = as<float>(id(info, 3));
  int64_t ba = i64(info, 4), bb = i64(info, 5), M = i64(info, 6), N = i64(info, 7), K = i64(info, 8);
  bool ta = info[9].As<Napi::Boolean>(), tb = info[10].As<Napi::Boolean>();
  int64_t batch = ba > bb ? ba : bb;
  SignalShield shield;  // dnnl_sgemm's JIT kernels run with rsp on the heap
  for (int64_t i = 0; i < batch; i++) {
    const float* ai = a + (ba == 1 ? 0 : i) * M * K;
    const float* bi = b + (bb == 1 ? 0 : i) * K * N;
    dnnl_status_t s = dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', M, N, K, 1.0f, ai, ta ? M : K, bi, tb ? K : N, 0.0f,
                                 c + i * M * N, N);
    if (s != dnnl_success) throw std::runtime_error("dnnl_sgemm failed with status " + std::to_string(int(s)));
  }
  if (bias_id != 0) {
    const float* bias = as<float>(bias_id);
    int64_t len = i64(info, 11), rows = batch * M;
#pragma omp parallel for num_threads(threads()) if (rows * N >= kParallelMin)
    for (int64_t r = 0; r < rows; r++) {
      float* row = c + r * N;
      if (len == 1)
        for (int64_t j = 0; j < N; j++) row[j] += bias[0];
      else
#pragma omp simd
        for (int64_t j = 0; j < N; j++) row[j] += bias[j];
    }
  }
  return info.Env().Undefined();
}

}  // namespace

void InitMatmul(Napi::Env env, Napi::Object exports) { GK_EXPORT(env, exports, "matmul", Matmul); }

}  // namespace gk
