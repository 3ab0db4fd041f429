// Native tensor storage: buffers addressed by small integer ids, so JavaScript holds no
// ArrayBuffers (nothing for the GC to track) and kernels receive plain ints.
#pragma once
#include <napi.h>
#include <omp.h>
#include <signal.h>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "guard.h"

namespace gk {

// Raw pointer of buffer `id`; throws a JS error for an unknown id.
void* ptr(int id);
template <typename T>
T* as(int id) {
  return static_cast<T*>(ptr(id));
}
// Buffer `id` when `bytes` fit in it, else an error naming `what`: kernels whose sizes come from
// the caller check them here, so a wrong shape is an error and never an access past the allocation.
void* fitting(int id, size_t bytes, const char* what);
// Elements of `shape`, checked: a negative extent or a product past 2^48 is a caller error, not a size.
int64_t count_of(const std::vector<int64_t>& shape, const char* what);
// Argument i as a count: an error naming `what` when negative.
int64_t count_arg(const Napi::CallbackInfo& info, size_t i, const char* what);
// Bytes per element of a dtype code (0 float32, 1 int32, 2 bool); an error for any other code.
int64_t dtype_bytes(int64_t code);
// An element size argument: 1 or 4 bytes, else an error.
int64_t elem_bytes_arg(const Napi::CallbackInfo& info, size_t i, const char* what);
// Buffer `id` as T*, holding at least `elems` elements of T, else an error naming `what`.
template <typename T>
T* buf(int id, int64_t elems, const char* what) {
  return static_cast<T*>(fitting(id, size_t(elems) * sizeof(T), what));
}
int alloc(size_t bytes);
void release(int id);
// Drops conv.cc's cached reordered copies of buffer `id` (called when it is released).
void evict_reorders(int id);

// Number of threads for element-wise loops (GANKIT_THREADS, else OpenMP's default).
int threads();
// Loops shorter than this run on one thread: waking a passive OpenMP worker (a futex round trip,
// tens of microseconds) costs more than splitting a loop of fewer elements saves.
constexpr int64_t kParallelMin = 1 << 18;

// oneDNN primitives and dnnl_sgemm take their thread count from OpenMP (omp_get_max_threads) when they
// are created and run. Below this many multiply-adds per call they run on one thread: a call that
// small (well under a millisecond) gains little from a second thread on an idle host, and on a busy
// one every parallel region waits for a descheduled worker and oneDNN's spin barriers burn the other
// core meanwhile (measured on StarGAN v2's 8–32-channel convolutions at load ≈ 18: backward-weights
// calls of 0.1–0.3 ms took 1–5 ms on two threads). 2^22 multiply-adds is ≈ 0.1–0.2 ms on one core
// here: splitting such a call could save at most tens of microseconds on an idle host.
// GANKIT_PARALLEL_MIN_MACS overrides it (0: every call on all threads), to compare in benchmarks.
constexpr double kParallelMinMacs = double(1 << 22);
// The thread count for a oneDNN or sgemm call of `macs` multiply-adds (or, for pooling, window
// visits): 1 below kParallelMinMacs (or its override), else threads().
int threads_for(double macs);
// Sets OpenMP's thread count on the calling thread for its lifetime (back to threads() after), so the
// oneDNN primitive or sgemm created and run meanwhile uses `n` threads. Primitive caches key on `n`.
class ThreadCap {
 public:
  explicit ThreadCap(int n);
  ~ThreadCap();
  ThreadCap(const ThreadCap&) = delete;
  ThreadCap& operator=(const ThreadCap&) = delete;
  int n() const { return n_; }

 private:
  int n_;
};

// Runs body(lo, hi) over [0, n) split into one contiguous chunk per thread (a single direct call
// when n is below `min`), so the inner loops stay plain and vectorisable. `min` is for iterations as
// cheap as an element-wise op's; a loop whose iterations cost more passes a lower one.
template <typename F>
void for_chunks(int64_t n, F body, int64_t min = kParallelMin) {
  int nt = n >= min ? threads() : 1;
  if (nt <= 1) {
    body(int64_t(0), n);
    return;
  }
#pragma omp parallel num_threads(nt)
  {
    int64_t t = omp_get_thread_num(), k = omp_get_num_threads();
    // Chunk edges on 16-element boundaries keep each thread's stores on its own cache lines.
    int64_t lo = (n * t / k) & ~int64_t(15), hi = t == k - 1 ? n : (n * (t + 1) / k) & ~int64_t(15);
    body(lo, hi);
  }
}

// Blocks asynchronous signals on this thread for its lifetime; every oneDNN call that may reach the
// JIT GEMM kernels (dnnl_sgemm, convolutions) runs under one. Those kernels move rsp onto a heap
// workspace, so a handler run meanwhile would write its frame over the heap (signals.cc). SIGPROF stays
// open when the thread has an alternate signal stack (InitSignals gives the JS thread one; V8's sampler
// runs on it), unless `all`.
class SignalShield {
 public:
  explicit SignalShield(bool all = false);
  ~SignalShield();
  SignalShield(const SignalShield&) = delete;
  SignalShield& operator=(const SignalShield&) = delete;

 private:
  sigset_t saved_;
};

// Gives the calling (JS) thread an alternate signal stack and starts the OpenMP workers with every
// asynchronous signal blocked (they inherit the mask). Called first when the addon loads.
void InitSignals();

// Argument helpers shared by the kernel files.
std::vector<int64_t> dims(const Napi::Value& v);
inline int id(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int32Value(); }
inline int64_t i64(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int64Value(); }
inline double num(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().DoubleValue(); }

void InitStore(Napi::Env env, Napi::Object exports);
void InitElementwise(Napi::Env env, Napi::Object exports);
void InitReduce(Napi::Env env, Napi::Object exports);
void InitLayout(Napi::Env env, Napi::Object exports);
void InitConv(Napi::Env env, Napi::Object exports);
void InitMatmul(Napi::Env env, Napi::Object exports);
void InitNormRandom(Napi::Env env, Napi::Object exports);
void InitPool(Napi::Env env, Napi::Object exports);
void InitInstanceNorm(Napi::Env env, Napi::Object exports);

// Wraps a kernel so that C++ exceptions (oneDNN errors, bad arguments) become JS errors
// instead of aborting the process.
template <Napi::Value (*F)(const Napi::CallbackInfo&)>
Napi::Value guarded(const Napi::CallbackInfo& info) {
  return call_guarded(F, info, "gankit native");
}
#define GK_EXPORT(env, exports, name, fn) exports.Set(name, Napi::Function::New(env, guarded<fn>, name))

}  // namespace gk
