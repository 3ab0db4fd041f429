// 2-D max and average pooling (forward and gradients) through oneDNN, on NHWC tensors directly
// (oneDNN's pooling kernels handle nhwc without reorders). Average pooling divides as tfjs does (see
// `cached`). Max-pool gradients rerun the forward pass to get oneDNN's argmax workspace,
// since tfjs hands the backward kernel the input and output rather than a workspace.
#include <dnnl.hpp>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "dnnl_context.h"
#include "store.h"

namespace gk {
namespace {

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

// N, H, W, C, OH, OW, KH, KW, sh, sw, pt, pl, pb, pr
struct PoolGeom {
  // Checked on construction: 14 numbers, sizes/window/strides positive, pads non-negative, and the output
  // size the one oneDNN derives, floor((in + before + after − window) / stride) + 1.
  explicit PoolGeom(std::vector<int64_t> d) : v(std::move(d)) {
    if (v.size() != 14) throw std::runtime_error("pool geometry needs 14 numbers");
    for (int i = 0; i < 10; i++)
      if (v[i] < 1 || v[i] > (int64_t(1) << 31)) throw std::runtime_error("pool geometry: sizes, window and strides must be positive");
    for (int i = 10; i < 14; i++)
      if (v[i] < 0 || v[i] > (int64_t(1) << 31)) throw std::runtime_error("pool geometry: negative padding");
    for (int a = 0; a < 2; a++) {
      int64_t span = v[1 + a] + v[10 + a] + v[12 + a] - v[6 + a];
      if (span < 0 || span / v[8 + a] + 1 != v[4 + a]) throw std::runtime_error("pool geometry: output size does not match");
    }
    src_elems = count_of({v[0], v[1], v[2], v[3]}, "pool input");
    dst_elems = count_of({v[0], v[4], v[5], v[3]}, "pool output");
  }
  std::vector<int64_t> v;
  int64_t src_elems, dst_elems;
  // Window visits of one pass: what sets the thread count.
  double work() const { return double(dst_elems) * v[6] * v[7] + double(src_elems); }
  memory::desc src() const { return {{v[0], v[3], v[1], v[2]}, dt::f32, tag::nhwc}; }
  memory::desc dst() const { return {{v[0], v[3], v[4], v[5]}, dt::f32, tag::nhwc}; }
  memory::dims kernel() const { return {v[6], v[7]}; }
  memory::dims strides() const { return {v[8], v[9]}; }
  memory::dims padl() const { return {v[10], v[11]}; }
  memory::dims padr() const { return {v[12], v[13]}; }
};

struct Pool {
  pooling_forward::primitive_desc fwd_pd;
  primitive fwd, bwd;
  memory workspace, scratch_dst;  // max-pool backward only
};

// The primitive for the calling thread's current OpenMP thread count (set by the caller's ThreadCap).
Pool& cached(const PoolGeom& g, bool is_max, bool backward) {
  static std::unordered_map<std::string, std::unique_ptr<Pool>> cache;
  std::string key = std::string(is_max ? "max" : "avg") + (backward ? "b" : "f") + std::to_string(omp_get_max_threads());
  for (int64_t x : g.v) key += ',' + std::to_string(x);
  auto it = cache.find(key);
  if (it != cache.end()) return *it->second;
  // tfjs averages over in-bounds pixels only in the forward pass, but its AvgPoolGrad divides by the
  // whole window; matching both keeps gradients identical to tfjs's.
  algorithm alg = is_max ? algorithm::pooling_max
                         : (backward ? algorithm::pooling_avg_include_padding : algorithm::pooling_avg_exclude_padding);
  auto p = std::make_unique<Pool>();
  p->fwd_pd = pooling_forward::primitive_desc(
      {backward ? prop_kind::forward_training : prop_kind::forward_inference, alg, g.src(), g.dst(), g.strides(),
       g.kernel(), g.padl(), g.padr()},
      eng());
  p->fwd = pooling_forward(p->fwd_pd);
  if (backward) {
    pooling_backward::primitive_desc bpd({alg, g.src(), g.dst(), g.strides(), g.kernel(), g.padl(), g.padr()}, eng(),
                                         p->fwd_pd);
    p->bwd = pooling_backward(bpd);
    if (is_max) {
      p->workspace = memory(p->fwd_pd.workspace_desc(), eng());
      p->scratch_dst = memory(g.dst(), eng());
    }
  }
  return *cache.emplace(key, std::move(p)).first->second;
}

// poolForward(x, out, geometry[14], isMax)
Napi::Value PoolForward(const Napi::CallbackInfo& info) {
  PoolGeom g(dims(info[2]));
  bool is_max = info[3].As<Napi::Boolean>();
  float* x = buf<float>(id(info, 0), g.src_elems, "pool input");
  float* y = buf<float>(id(info, 1), g.dst_elems, "pool output");
  ThreadCap cap(threads_for(g.work()));
  Pool& p = cached(g, is_max, false);
  p.fwd.execute(strm(), {{DNNL_ARG_SRC, memory(g.src(), eng(), x)}, {DNNL_ARG_DST, memory(g.dst(), eng(), y)}});
  strm().wait();
  return info.Env().Undefined();
}

// poolBackward(dy, x, dx, geometry[14], isMax): x is only read for max pooling.
Napi::Value PoolBackward(const Napi::CallbackInfo& info) {
  PoolGeom g(dims(info[3]));
  bool is_max = info[4].As<Napi::Boolean>();
  float* dy = buf<float>(id(info, 0), g.dst_elems, "pool output gradient");
  float* dx = buf<float>(id(info, 2), g.src_elems, "pool input gradient");
  float* x = is_max ? buf<float>(id(info, 1), g.src_elems, "pool input") : nullptr;
  ThreadCap cap(threads_for(g.work()));
  Pool& p = cached(g, is_max, true);
  std::unordered_map<int, memory> args{{DNNL_ARG_DIFF_DST, memory(g.dst(), eng(), dy)},
                                       {DNNL_ARG_DIFF_SRC, memory(g.src(), eng(), dx)}};
  if (is_max) {
    p.fwd.execute(strm(), {{DNNL_ARG_SRC, memory(g.src(), eng(), x)},
                           {DNNL_ARG_DST, p.scratch_dst},
                           {DNNL_ARG_WORKSPACE, p.workspace}});
    args[DNNL_ARG_WORKSPACE] = p.workspace;
  }
  p.bwd.execute(strm(), args);
  strm().wait();
  return info.Env().Undefined();
}

}  // namespace

void InitPool(Napi::Env env, Napi::Object exports) {
  GK_EXPORT(env, exports, "poolForward", PoolForward);
  GK_EXPORT(env, exports, "poolBackward", PoolBackward);
}

}  // namespace gk
