#include "store.h"

#include <omp.h>

#include <cstdlib>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace gk {
namespace {

struct Slot {
  void* p = nullptr;
  size_t bytes = 0;
};

std::vector<Slot> slots(1);  // id 0 is never handed out
std::vector<int> free_ids;
// Freed buffers kept by exact size: a training step allocates the same sizes every step, and
// reusing them avoids mmap/munmap and page faults for every large intermediate.
std::unordered_map<size_t, std::vector<void*>> pool;
size_t pooled_bytes = 0;
size_t live_bytes = 0;
constexpr size_t kPoolMax = size_t(1) << 30;

size_t rounded(size_t bytes) { return bytes < 64 ? 64 : (bytes + 63) & ~size_t(63); }

}  // namespace

void* ptr(int id) {
  if (id <= 0 || size_t(id) >= slots.size() || slots[id].p == nullptr)
    throw std::runtime_error("unknown buffer id " + std::to_string(id));
  return slots[id].p;
}

int alloc(size_t bytes) {
  size_t size = rounded(bytes);
  void* p = nullptr;
  auto it = pool.find(size);
  if (it != pool.end() && !it->second.empty()) {
    p = it->second.back();
    it->second.pop_back();
    pooled_bytes -= size;
  } else {
    p = std::aligned_alloc(64, size);
    if (p == nullptr) throw std::runtime_error("out of memory allocating " + std::to_string(size) + " bytes");
  }
  live_bytes += size;
  int id;
  if (!free_ids.empty()) {
    id = free_ids.back();
    free_ids.pop_back();
  } else {
    id = int(slots.size());
    slots.emplace_back();
  }
  slots[id] = {p, size};
  return id;
}

void release(int id) {
  if (slots.at(id).p == nullptr) return;
  evict_reorders(id);
  Slot& s = slots[id];
  live_bytes -= s.bytes;
  if (pooled_bytes + s.bytes <= kPoolMax) {
    pool[s.bytes].push_back(s.p);
    pooled_bytes += s.bytes;
  } else {
    std::free(s.p);
  }
  s = {};
  free_ids.push_back(id);
}

int threads() {
  static int n = [] {
    const char* env = std::getenv("GANKIT_THREADS");
    int t = env ? std::atoi(env) : 0;
    if (t > 0) omp_set_num_threads(t);  // oneDNN's OpenMP runtime follows the same setting
    return t > 0 ? t : omp_get_max_threads();
  }();
  return n;
}

int threads_for(double macs) {
  static const double min_macs = [] {
    const char* env = std::getenv("GANKIT_PARALLEL_MIN_MACS");
    return env != nullptr ? std::atof(env) : kParallelMinMacs;
  }();
  return macs < min_macs ? 1 : threads();
}

ThreadCap::ThreadCap(int n) : n_(n) {
  if (n_ != threads()) omp_set_num_threads(n_);
}
ThreadCap::~ThreadCap() {
  if (n_ != threads()) omp_set_num_threads(threads());
}

void* fitting(int id, size_t bytes, const char* what) {
  void* p = ptr(id);
  if (bytes > slots[id].bytes)
    throw std::runtime_error(std::string(what) + " of " + std::to_string(bytes) + " bytes does not fit buffer " +
                             std::to_string(id) + " of " + std::to_string(slots[id].bytes) + " bytes");
  return p;
}

int64_t count_of(const std::vector<int64_t>& shape, const char* what) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0 || (d > 0 && n > (int64_t(1) << 48) / d)) throw std::runtime_error(std::string(what) + ": bad shape");
    n *= d;
  }
  return n;
}

int64_t count_arg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  int64_t n = i64(info, i);
  if (n < 0 || n > (int64_t(1) << 48)) throw std::runtime_error(std::string(what) + ": bad count " + std::to_string(n));
  return n;
}

int64_t dtype_bytes(int64_t code) {
  if (code == 0 || code == 1) return 4;
  if (code == 2) return 1;
  throw std::runtime_error("unknown dtype code " + std::to_string(code));
}

int64_t elem_bytes_arg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  int64_t eb = i64(info, i);
  if (eb != 1 && eb != 4) throw std::runtime_error(std::string(what) + ": element size must be 1 or 4 bytes");
  return eb;
}

std::vector<int64_t> dims(const Napi::Value& v) {
  if (!v.IsArray()) throw std::runtime_error("expected an array of integers");
  Napi::Array a = v.As<Napi::Array>();
  std::vector<int64_t> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); i++) out[i] = a.Get(i).As<Napi::Number>().Int64Value();
  return out;
}

namespace {

Napi::Value Alloc(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), alloc(size_t(count_arg(info, 0, "alloc"))));
}

Napi::Value Free(const Napi::CallbackInfo& info) {
  release(id(info, 0));
  return info.Env().Undefined();
}

uint8_t* typed_data(const Napi::Value& v, size_t* bytes) {
  Napi::TypedArray t = v.As<Napi::TypedArray>();
  *bytes = t.ByteLength();
  return static_cast<uint8_t*>(t.ArrayBuffer().Data()) + t.ByteOffset();
}

// write(id, typedArray): copies the array into the buffer.
Napi::Value Write(const Napi::CallbackInfo& info) {
  size_t bytes;
  if (!info[1].IsTypedArray()) throw std::runtime_error("write: expected a typed array");
  uint8_t* src = typed_data(info[1], &bytes);
  void* dst = fitting(id(info, 0), bytes, "write");
  // An empty array may have no storage at all (a null data pointer, which memcpy must not be given).
  if (bytes > 0) std::memcpy(dst, src, bytes);
  return info.Env().Undefined();
}

// read(id, typedArray): copies the buffer into the array (the array's length says how much).
Napi::Value Read(const Napi::CallbackInfo& info) {
  size_t bytes;
  if (!info[1].IsTypedArray()) throw std::runtime_error("read: expected a typed array");
  uint8_t* dst = typed_data(info[1], &bytes);
  const void* src = fitting(id(info, 0), bytes, "read");
  if (bytes > 0) std::memcpy(dst, src, bytes);
  return info.Env().Undefined();
}

// trim(): hands memory the C allocator keeps after frees back to the system (glibc's malloc_trim), and
// says whether any was. Node's ArrayBuffers come from malloc too: after a checkpoint's tens of MB of
// buffers are freed, glibc keeps them (its mmap threshold rises to the largest freed block, so later
// blocks of that size come from the heap and stay there), and a long run's RSS steps up at every
// checkpoint. Elsewhere a no-op that returns false.
Napi::Value Trim(const Napi::CallbackInfo& info) {
#ifdef __GLIBC__
  return Napi::Boolean::New(info.Env(), malloc_trim(0) != 0);
#else
  return Napi::Boolean::New(info.Env(), false);
#endif
}

Napi::Value Stats(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("liveBytes", double(live_bytes));
  o.Set("pooledBytes", double(pooled_bytes));
  o.Set("threads", threads());
  return o;
}

}  // namespace

void InitStore(Napi::Env env, Napi::Object exports) {
  threads();
  GK_EXPORT(env, exports, "alloc", Alloc);
  GK_EXPORT(env, exports, "free", Free);
  GK_EXPORT(env, exports, "write", Write);
  GK_EXPORT(env, exports, "read", Read);
  GK_EXPORT(env, exports, "stats", Stats);
  GK_EXPORT(env, exports, "trim", Trim);
}

}  // namespace gk
