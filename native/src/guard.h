// Shared by both addons (native/ and native/linalg/): runs an N-API function so that C++ exceptions
// (library errors, bad arguments) become JS errors naming the addon instead of aborting the process.
#pragma once
#include <napi.h>

#include <exception>
#include <string>

namespace gk {

inline Napi::Value call_guarded(Napi::Value (*f)(const Napi::CallbackInfo&), const Napi::CallbackInfo& info,
                                const char* addon) {
  try {
    return f(info);
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), std::string(addon) + ": " + e.what());
  }
}

}  // namespace gk
