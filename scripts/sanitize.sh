#!/usr/bin/env bash
# Sanitizer run of the native addon: builds it with AddressSanitizer + UndefinedBehaviorSanitizer, runs
# every native backend test (including the fuzz cases of test/backend/native-fuzz.test.ts) and tfjs-core's
# conformance suite on `native` against it, prints the verdict, then rebuilds the normal addon.
# Reports are written to .tmp/sanitize/ (one file per process); the run is clean when the tests pass and
# that folder stays empty. Takes ~10 minutes (two addon builds); not part of `npm test`.
set -uo pipefail
cd "$(dirname "$0")/.."

out=.tmp/sanitize
rm -rf "$out" && mkdir -p "$out"
echo "sanitize: building the native addon with -fsanitize=address,undefined"
GANKIT_NATIVE_SANITIZE=address,undefined npm run install --silent
npm run build --silent

# node itself is not instrumented, so the ASan runtime is preloaded; halt on the first report.
export LD_PRELOAD
LD_PRELOAD="$(g++ -print-file-name=libasan.so)"
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:log_path=$PWD/$out/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$PWD/$out/ubsan"
status=0
node --test --test-concurrency=1 dist/test/backend/native-*.test.js > "$out/tests.log" 2>&1 || status=1
node --import ./dist/test/conformance/register-hooks.js dist/test/conformance/run-specs.js --backend native \
  > "$out/conformance.log" 2>&1 || status=1
unset LD_PRELOAD ASAN_OPTIONS UBSAN_OPTIONS

tests=$(grep -E '^# (pass|fail)' "$out/tests.log" | tr '\n' ' ')
suite=$(grep -E '^conformance native:' "$out/conformance.log")
# Reports land in the log_path files, or in the test logs when a runtime prints to stderr instead.
reports=$(( $(find "$out" -name 'asan.*' -o -name 'ubsan.*' | wc -l) + \
  $(cat "$out"/*.log | grep -cE 'ERROR: AddressSanitizer|runtime error:') ))

echo "sanitize: rebuilding the normal addon"
npm run install --silent

echo "sanitize: native tests: ${tests:-no summary}; ${suite:-conformance: no summary}"
if [ "$status" -eq 0 ] && [ "$reports" -eq 0 ]; then
  echo "sanitize: CLEAN (no AddressSanitizer or UndefinedBehaviorSanitizer report)"
else
  echo "sanitize: FAILED ($reports sanitizer reports; test status $status; logs and reports in $out)"
  exit 1
fi
