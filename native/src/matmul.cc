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
  int64_t ba = count_arg(info, 4, "matmul batch"), bb = count_arg(info, 5, "matmul batch"), M = count_arg(info, 6, "matmul M"),
          N = count_arg(info, 7, "matmul N"), K = count_arg(info, 8, "matmul K");
  bool ta = info[9].As<Napi::Boolean>(), tb = info[10].As<Napi::Boolean>();
  if (ba < 1 || bb < 1 || (ba != bb && ba != 1 && bb != 1))
    throw std::runtime_error("matmul: batches must be equal or one of them 1");
  if (M < 1 || N < 1 || K < 1) throw std::runtime_error("matmul: M, N and K must be positive");
  int64_t batch = ba > bb ? ba : bb;
  // Every operand is checked against the sizes sgemm will read or write.
  const float* a = buf<float>(id(info, 0), count_of({ba, M, K}, "matmul a"), "matmul a");
  const float* b = buf<float>(id(info, 1), count_of({bb, K, N}, "matmul b"), "matmul b");
  int bias_id = id(info, 2);
  float* c = buf<float>(id(info, 3), count_of({batch, M, N}, "matmul output"), "matmul output");
  int64_t len = bias_id != 0 ? count_arg(info, 11, "matmul bias") : 0;
  if (bias_id != 0 && len != 1 && len != N) throw std::runtime_error("matmul: the bias must have 1 or N elements");
  const float* bias = bias_id != 0 ? buf<float>(bias_id, len, "matmul bias") : nullptr;
  SignalShield shield;  // dnnl_sgemm's JIT kernels run with rsp on the heap
  ThreadCap cap(threads_for(double(batch) * M * N * K));
  for (int64_t i = 0; i < batch; i++) {
    const float* ai = a + (ba == 1 ? 0 : i) * M * K;
    const float* bi = b + (bb == 1 ? 0 : i) * K * N;
    dnnl_status_t s = dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', M, N, K, 1.0f, ai, ta ? M : K, bi, tb ? K : N, 0.0f,
                                 c + i * M * N, N);
    if (s != dnnl_success) throw std::runtime_error("dnnl_sgemm failed with status " + std::to_string(int(s)));
  }
  if (bias != nullptr) {
    int64_t rows = batch * M;
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
