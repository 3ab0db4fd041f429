// 2-D convolution forward, backward-data and backward-weights through oneDNN 2.6 primitives.
// Tensors arrive in tfjs layouts (activations NHWC, filters HWIO). Weights always go through
// format_tag::any: plain weight layouts select oneDNN's reference kernels, which are orders of
// magnitude slower. Activations use blocked layouts (format any, about 2x faster than plain) except
// the thin image side, which is plain NCHW (see Geom::src_md; docs/architecture.md "Engine").
// Primitives and their reorders are cached by geometry.
#include <cstdlib>
#include <dnnl.hpp>
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
  std::string key(const char* kind, bool bias) const {
    std::string k = kind;
    for (int64_t v : {N, H, W, C, KH, KW, OC, OH, OW, sh, sw, dh, dw, pt, pl, pb, pr, int64_t(bias)})
      k += ',' + std::to_string(v);
    return k;
  }
};

Geom geom(const Napi::Value& v) {
  auto d = dims(v);
  if (d.size() != 17) throw std::runtime_error("conv geometry needs 17 numbers");
  return {d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15], d[16]};
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
  int bias_id = id(info, 2);
  Fwd& f = cached<Fwd>(g.key("f", bias_id != 0), make_fwd, g, bias_id != 0);
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
  BwdData& b = cached<BwdData>(g.key("d", false), make_bwd_data, g, false);
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
  BwdWeights& b = cached<BwdWeights>(g.key("w", false), make_bwd_weights, g, false);
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
