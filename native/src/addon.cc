// Entry point of the gankit native addon: tensor storage plus kernels (see store.h).
#include "store.h"

namespace {
Napi::Object Init(Napi::Env env, Napi::Object exports) {
  gk::InitSignals();
  gk::InitStore(env, exports);
  gk::InitElementwise(env, exports);
  gk::InitReduce(env, exports);
  gk::InitLayout(env, exports);
  gk::InitConv(env, exports);
  gk::InitMatmul(env, exports);
  gk::InitNormRandom(env, exports);
  gk::InitPool(env, exports);
  gk::InitInstanceNorm(env, exports);
  return exports;
}
}  // namespace

NODE_API_MODULE(gankit_native, Init)
