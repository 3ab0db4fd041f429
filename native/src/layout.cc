// Data movement kernels: transpose, slice, pad, tile, per-axis index remaps (reverse, mirror pad)
// and the row copies concat is built from.
// They move 1- or 4-byte elements and never look at values, so one template serves every dtype.
#include <cstring>
#include <stdexcept>
#include <string>

#include "store.h"

namespace gk {
namespace {

std::vector<int64_t> strides_of(const std::vector<int64_t>& shape) {
  std::vector<int64_t> s(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;) s[i - 1] = s[i] * shape[i];
  return s;
}

// Offset, in the source, of output row `row` (all output dims but the last), given the source stride
// for each output dim.
inline int64_t row_offset(int64_t row, const std::vector<int64_t>& oshape, const std::vector<int64_t>& src_stride) {
  int64_t off = 0;
  for (size_t d = oshape.size() - 1; d-- > 0;) {
    off += (row % oshape[d]) * src_stride[d];
    row /= oshape[d];
  }
  return off;
}

template <typename T>
void transpose_t(const T* x, T* y, const std::vector<int64_t>& shape, const std::vector<int64_t>& perm) {
  size_t r = shape.size();
  std::vector<int64_t> is = strides_of(shape), oshape(r), ostride(r);
  int64_t n = 1;
  for (size_t i = 0; i < r; i++) {
    oshape[i] = shape[perm[i]];
    ostride[i] = is[perm[i]];
    n *= oshape[i];
  }
  int64_t inner = oshape[r - 1], rows = n / inner, s = ostride[r - 1];
#pragma omp parallel for num_threads(threads()) if (n >= kParallelMin)
  for (int64_t row = 0; row < rows; row++) {
    const T* src = x + row_offset(row, oshape, ostride);
    T* dst = y + row * inner;
    for (int64_t j = 0; j < inner; j++) dst[j] = src[j * s];
  }
}

// transpose(x, out, shape, perm, elemBytes)
Napi::Value Transpose(const Napi::CallbackInfo& info) {
  auto shape = dims(info[2]), perm = dims(info[3]);
  if (shape.empty()) throw std::runtime_error("transpose of a scalar");
  if (perm.size() != shape.size()) throw std::runtime_error("transpose: perm and shape ranks differ");
  std::vector<bool> seen(shape.size(), false);
  for (int64_t p : perm) {
    if (p < 0 || p >= int64_t(shape.size()) || seen[p]) throw std::runtime_error("transpose: perm is not a permutation");
    seen[p] = true;
  }
  int64_t eb = elem_bytes_arg(info, 4, "transpose"), n = count_of(shape, "transpose");
  fitting(id(info, 0), size_t(n * eb), "transpose input");
  fitting(id(info, 1), size_t(n * eb), "transpose output");
  if (n == 0) return info.Env().Undefined();
  if (eb == 4) transpose_t(as<uint32_t>(id(info, 0)), as<uint32_t>(id(info, 1)), shape, perm);
  else transpose_t(as<uint8_t>(id(info, 0)), as<uint8_t>(id(info, 1)), shape, perm);
  return info.Env().Undefined();
}

// slice(x, out, shape, begin, size, elemBytes): copies the box [begin, begin+size).
Napi::Value Slice(const Napi::CallbackInfo& info) {
  auto shape = dims(info[2]), begin = dims(info[3]), size = dims(info[4]);
  int64_t eb = elem_bytes_arg(info, 5, "slice");
  if (begin.size() != shape.size() || size.size() != shape.size())
    throw std::runtime_error("slice: begin, size and shape ranks differ");
  for (size_t i = 0; i < shape.size(); i++)
    if (begin[i] < 0 || size[i] < 0 || begin[i] > shape[i] - size[i])
      throw std::runtime_error("slice: the box does not lie inside the input on axis " + std::to_string(i));
  const uint8_t* x = static_cast<const uint8_t*>(fitting(id(info, 0), size_t(count_of(shape, "slice input") * eb), "slice input"));
  uint8_t* y = static_cast<uint8_t*>(fitting(id(info, 1), size_t(count_of(size, "slice output") * eb), "slice output"));
  if (shape.empty()) {
    std::memcpy(y, x, eb);
    return info.Env().Undefined();
  }
  std::vector<int64_t> is = strides_of(shape);
  int64_t base = 0, n = 1;
  for (size_t i = 0; i < shape.size(); i++) {
    base += begin[i] * is[i];
    n *= size[i];
  }
  int64_t inner = size.back(), rows = inner ? n / inner : 0;
#pragma omp parallel for num_threads(threads()) if (n >= kParallelMin)
  for (int64_t row = 0; row < rows; row++)
    std::memcpy(y + row * inner * eb, x + (base + row_offset(row, size, is)) * eb, inner * eb);
  return info.Env().Undefined();
}

// pad(x, out, shape, before, outShape, value, elemBytes): constant padding.
Napi::Value Pad(const Napi::CallbackInfo& info) {
  auto shape = dims(info[2]), before = dims(info[3]), oshape = dims(info[4]);
  double value = num(info, 5);
  int64_t eb = elem_bytes_arg(info, 6, "pad");
  if (shape.empty() || before.size() != shape.size() || oshape.size() != shape.size())
    throw std::runtime_error("pad: shape, before and outShape must have one equal, non-zero rank");
  for (size_t i = 0; i < shape.size(); i++)
    if (before[i] < 0 || shape[i] < 0 || before[i] > oshape[i] - shape[i])
      throw std::runtime_error("pad: the input does not lie inside the output on axis " + std::to_string(i));
  int64_t n = count_of(shape, "pad input"), on = count_of(oshape, "pad output");
  const uint8_t* x = static_cast<const uint8_t*>(fitting(id(info, 0), size_t(n * eb), "pad input"));
  uint8_t* y = static_cast<uint8_t*>(fitting(id(info, 1), size_t(on * eb), "pad output"));
  if (eb == 4) {
    float f = float(value);
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    uint32_t* o = reinterpret_cast<uint32_t*>(y);
    for (int64_t i = 0; i < on; i++) o[i] = bits;
  } else {
    std::memset(y, value != 0, on);
  }
  if (n == 0) return info.Env().Undefined();
  std::vector<int64_t> os = strides_of(oshape);
  int64_t base = 0;
  for (size_t i = 0; i < shape.size(); i++) base += before[i] * os[i];
  int64_t inner = shape.back(), rows = n / inner;
#pragma omp parallel for num_threads(threads()) if (n >= kParallelMin)
  for (int64_t row = 0; row < rows; row++)
    std::memcpy(y + (base + row_offset(row, shape, os)) * eb, x + row * inner * eb, inner * eb);
  return info.Env().Undefined();
}

template <typename T>
void tile_t(const T* x, T* y, const std::vector<int64_t>& shape, const std::vector<int64_t>& reps) {
  size_t r = shape.size();
  std::vector<int64_t> is = strides_of(shape), oshape(r);
  int64_t n = 1;
  for (size_t i = 0; i < r; i++) n *= (oshape[i] = shape[i] * reps[i]);
  int64_t inner = oshape[r - 1], rows = n / inner, w = shape[r - 1];
#pragma omp parallel for num_threads(threads()) if (n >= kParallelMin)
  for (int64_t row = 0; row < rows; row++) {
    int64_t rem = row, off = 0;
    for (size_t d = r - 1; d-- > 0;) {
      off += (rem % oshape[d]) % shape[d] * is[d];
      rem /= oshape[d];
    }
    // The last dimension repeats whole: copy it reps[r-1] times.
    for (int64_t k = 0; k < reps[r - 1]; k++) std::memcpy(y + row * inner + k * w, x + off, w * sizeof(T));
  }
}

// tile(x, out, shape, reps, elemBytes)
Napi::Value Tile(const Napi::CallbackInfo& info) {
  auto shape = dims(info[2]), reps = dims(info[3]);
  int64_t eb = elem_bytes_arg(info, 4, "tile");
  if (shape.empty() || reps.size() != shape.size()) throw std::runtime_error("tile: shape and reps must have one equal, non-zero rank");
  std::vector<int64_t> oshape(shape.size());
  for (size_t i = 0; i < shape.size(); i++) {
    if (reps[i] < 0 || shape[i] < 0 || __builtin_mul_overflow(shape[i], reps[i], &oshape[i]))
      throw std::runtime_error("tile: bad shape or repetition");
  }
  int64_t n = count_of(shape, "tile input"), on = count_of(oshape, "tile output");
  fitting(id(info, 0), size_t(n * eb), "tile input");
  fitting(id(info, 1), size_t(on * eb), "tile output");
  if (on == 0) return info.Env().Undefined();
  if (eb == 4) tile_t(as<uint32_t>(id(info, 0)), as<uint32_t>(id(info, 1)), shape, reps);
  else tile_t(as<uint8_t>(id(info, 0)), as<uint8_t>(id(info, 1)), shape, reps);
  return info.Env().Undefined();
}

// copyRows(src, dst, rows, srcCols, dstCols, dstOffset, elemBytes): the concat building block.
Napi::Value CopyRows(const Napi::CallbackInfo& info) {
  int64_t rows = count_arg(info, 2, "copyRows"), sc = count_arg(info, 3, "copyRows"), dc = count_arg(info, 4, "copyRows"),
          off = count_arg(info, 5, "copyRows"), eb = elem_bytes_arg(info, 6, "copyRows");
  if (off > dc - sc) throw std::runtime_error("copyRows: source columns run past the destination row");
  const uint8_t* x = static_cast<const uint8_t*>(fitting(id(info, 0), size_t(count_of({rows, sc, eb}, "copyRows")), "copyRows source"));
  uint8_t* y = static_cast<uint8_t*>(fitting(id(info, 1), size_t(count_of({rows, dc, eb}, "copyRows")), "copyRows destination"));
#pragma omp parallel for num_threads(threads()) if (rows * sc >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) std::memcpy(y + (r * dc + off) * eb, x + r * sc * eb, sc * eb);
  return info.Env().Undefined();
}

// gather(x, indices, out, outer, axisDim, inner, nIndices, elemBytes): rows of x picked along one axis.
Napi::Value Gather(const Napi::CallbackInfo& info) {
  int64_t outer = count_arg(info, 3, "gather"), axis_dim = count_arg(info, 4, "gather"), inner = count_arg(info, 5, "gather"),
          k = count_arg(info, 6, "gather"), eb = elem_bytes_arg(info, 7, "gather");
  const uint8_t* x = static_cast<const uint8_t*>(fitting(id(info, 0), size_t(count_of({outer, axis_dim, inner, eb}, "gather")), "gather input"));
  const int32_t* idx = buf<int32_t>(id(info, 1), k, "gather indices");
  uint8_t* y = static_cast<uint8_t*>(fitting(id(info, 2), size_t(count_of({outer, k, inner, eb}, "gather")), "gather output"));
  for (int64_t j = 0; j < k; j++)
    if (idx[j] < 0 || idx[j] >= axis_dim)
      throw std::runtime_error("GatherV2: the index value " + std::to_string(idx[j]) + " is not in [0, " +
                               std::to_string(axis_dim - 1) + "]");
  int64_t row = inner * eb;
  for (int64_t o = 0; o < outer; o++)
    for (int64_t j = 0; j < k; j++) std::memcpy(y + (o * k + j) * row, x + (o * axis_dim + idx[j]) * row, row);
  return info.Env().Undefined();
}

// oneHot(indices, out, n, depth, on, off, isFloat): 4-byte output; out-of-range indices give all `off`.
Napi::Value OneHot(const Napi::CallbackInfo& info) {
  int64_t n = count_arg(info, 2, "oneHot"), depth = count_arg(info, 3, "oneHot");
  const int32_t* idx = buf<int32_t>(id(info, 0), n, "oneHot indices");
  fitting(id(info, 1), size_t(count_of({n, depth, 4}, "oneHot")), "oneHot output");
  double on = num(info, 4), off = num(info, 5);
  bool is_float = info[6].As<Napi::Boolean>();
  auto fill = [&](auto* y, auto on_v, auto off_v) {
    for (int64_t i = 0; i < n; i++) {
      for (int64_t d = 0; d < depth; d++) y[i * depth + d] = off_v;
      if (idx[i] >= 0 && idx[i] < depth) y[i * depth + idx[i]] = on_v;
    }
  };
  if (is_float) fill(as<float>(id(info, 1)), float(on), float(off));
  else fill(as<int32_t>(id(info, 1)), int32_t(on), int32_t(off));
  return info.Env().Undefined();
}

// remap(x, out, shape, outShape, maps, elemBytes): out[i0, …, ik] = x[m0[i0], …, mk[ik]], where `maps`
// lists each axis's source index for every output index, axis after axis. Reverse (m[i] = n−1−i) and
// MirrorPad (indices reflected at the borders) are both this gather. Trailing axes whose map is the
// identity are copied as one contiguous block per index of the last remapped axis (an NHWC reflection
// pad moves whole channel vectors). Every index and both buffer sizes are checked before any copy.
Napi::Value Remap(const Napi::CallbackInfo& info) {
  auto shape = dims(info[2]), oshape = dims(info[3]), flat = dims(info[4]);
  int64_t eb = i64(info, 5);
  size_t r = shape.size();
  if (oshape.size() != r) throw std::runtime_error("remap: input and output ranks differ");
  if (eb != 1 && eb != 4) throw std::runtime_error("remap: element size must be 1 or 4 bytes");
  int64_t n = count_of(shape, "remap input"), on = count_of(oshape, "remap output");
  std::vector<const int64_t*> map(r);
  size_t used = 0;
  for (size_t d = 0; d < r; d++) {
    if (flat.size() - used < size_t(oshape[d])) throw std::runtime_error("remap: fewer map entries than outShape");
    map[d] = flat.data() + used;
    for (int64_t j = 0; j < oshape[d]; j++)
      if (map[d][j] < 0 || map[d][j] >= shape[d])
        throw std::runtime_error("remap: axis " + std::to_string(d) + " maps to index " + std::to_string(map[d][j]) +
                                 ", outside [0, " + std::to_string(shape[d]) + ")");
    used += size_t(oshape[d]);
  }
  if (used != flat.size()) throw std::runtime_error("remap: more map entries than outShape");
  const uint8_t* x = static_cast<const uint8_t*>(fitting(id(info, 0), size_t(n * eb), "remap input"));
  uint8_t* y = static_cast<uint8_t*>(fitting(id(info, 1), size_t(on * eb), "remap output"));
  if (on == 0) return info.Env().Undefined();
  auto identity = [&](size_t d) {
    if (oshape[d] != shape[d]) return false;
    for (int64_t j = 0; j < oshape[d]; j++)
      if (map[d][j] != j) return false;
    return true;
  };
  size_t k = r;
  while (k > 0 && identity(k - 1)) k--;
  if (k == 0) {
    std::memcpy(y, x, size_t(on * eb));
    return info.Env().Undefined();
  }
  std::vector<int64_t> is = strides_of(shape);
  int64_t block = is[k - 1] * eb, inner = oshape[k - 1], rows = on / (inner * is[k - 1]);
  const int64_t* last = map[k - 1];
#pragma omp parallel for num_threads(threads()) if (on >= kParallelMin)
  for (int64_t row = 0; row < rows; row++) {
    int64_t off = 0, rem = row;
    for (size_t d = k - 1; d-- > 0;) {
      off += map[d][rem % oshape[d]] * is[d];
      rem /= oshape[d];
    }
    const uint8_t* src = x + off * eb;
    uint8_t* dst = y + row * inner * block;
    // One element per index (a reversed last axis) is copied by value; memcpy's call costs more.
    if (block == 4) {
      for (int64_t j = 0; j < inner; j++) std::memcpy(dst + j * 4, src + last[j] * 4, 4);
    } else {
      for (int64_t j = 0; j < inner; j++) std::memcpy(dst + j * block, src + last[j] * block, size_t(block));
    }
  }
  return info.Env().Undefined();
}

}  // namespace

void InitLayout(Napi::Env env, Napi::Object exports) {
  GK_EXPORT(env, exports, "transpose", Transpose);
  GK_EXPORT(env, exports, "slice", Slice);
  GK_EXPORT(env, exports, "pad", Pad);
  GK_EXPORT(env, exports, "tile", Tile);
  GK_EXPORT(env, exports, "remap", Remap);
  GK_EXPORT(env, exports, "copyRows", CopyRows);
  GK_EXPORT(env, exports, "gather", Gather);
  GK_EXPORT(env, exports, "oneHot", OneHot);
}

}  // namespace gk
