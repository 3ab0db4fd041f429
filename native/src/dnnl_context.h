// The process's one oneDNN CPU engine and its stream, shared by every primitive (convolution, pooling,
// reorders): one engine means one set of oneDNN's per-engine caches, and primitives from different
// files can exchange memory objects. Inline functions with static locals are one instance per program.
#pragma once
#include <dnnl.hpp>

namespace gk {

inline dnnl::engine& eng() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

inline dnnl::stream& strm() {
  static dnnl::stream s(eng());
  return s;
}

}  // namespace gk
