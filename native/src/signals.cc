// Keeps signal handlers off oneDNN's GEMM workspace (see SignalShield in store.h).
//
// oneDNN 2.6's JIT f32 GEMM kernels (behind dnnl_sgemm and the gemm-based convolutions, "x64:gemm:jit"
// in DNNL_VERBOSE) point rsp at a heap workspace while they run. A signal handled on such a thread then
// has the kernel push its frame (about 3 KB with AVX-512 state) just below that workspace, over malloc's
// chunk headers: glibc later aborts with "corrupted size vs. prev_size" or similar. Fixed upstream in
// oneDNN 3.11.2 (uxlfoundation/oneDNN#4845); Debian's 2.6 has the bug. native/README.md has the evidence.
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

#include "store.h"

namespace gk {
namespace {

// Whether this thread has an alternate signal stack, so that handlers installed with SA_ONSTACK (V8's
// SIGPROF sampler behind --cpu-prof and --prof is) never run on the GEMM workspace.
thread_local bool has_altstack = false;

// The asynchronous signals: all but the faults, which must stay deliverable, and, when `prof` is false,
// SIGPROF (left to the alternate stack so that profiles sample native kernels as usual).
sigset_t async_signals(bool prof) {
  sigset_t s;
  sigfillset(&s);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS}) sigdelset(&s, sig);
  if (!prof) sigdelset(&s, SIGPROF);
  return s;
}

}  // namespace

SignalShield::SignalShield(bool all) {
  sigset_t s = async_signals(all || !has_altstack);
  pthread_sigmask(SIG_BLOCK, &s, &saved_);
}

SignalShield::~SignalShield() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }

void InitSignals() {
  stack_t cur;
  if (sigaltstack(nullptr, &cur) == 0 && (cur.ss_flags & SS_DISABLE)) {
    // Never freed: the thread may take a signal on it until it exits. V8's sampler needs a few KB.
    constexpr size_t kSize = size_t(256) << 10;
    void* p = mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    stack_t ss{};
    ss.ss_sp = p;
    ss.ss_size = kSize;
    if (p != MAP_FAILED && sigaltstack(&ss, nullptr) != 0) munmap(p, kSize);
  }
  has_altstack = sigaltstack(nullptr, &cur) == 0 && !(cur.ss_flags & SS_DISABLE);
  // libgomp creates its workers on the first parallel region and they inherit this thread's signal mask:
  // starting them here, with every asynchronous signal blocked, keeps all signals off them for good
  // (a process-directed signal goes to a thread that does not block it).
  SignalShield shield(true);
#pragma omp parallel num_threads(threads())
  {
#pragma omp barrier
  }
}

}  // namespace gk
