#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, runs the whole ctest
# suite (unit, integration against real Prometheus/Alertmanager, bundle
# checks, fault tests, corpus checks when the shared corpus is checked out beside the project), then builds
# again with AddressSanitizer + UndefinedBehaviorSanitizer and runs the suite
# there, and builds the threaded unit tests (syslog listener, input runner
# faults, scrapes vs counting and registry swaps, state snapshots) with
# ThreadSanitizer and runs them (CMakePresets.json: asan-ubsan, tsan).
# Then a short libFuzzer run of every fuzz target (scripts/fuzz-smoke.sh,
# clang). FWLOG_SKIP_SANITIZERS=1 skips both sanitizer builds,
# FWLOG_SKIP_FUZZ=1 the fuzz run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
jobs=$(nproc)
ctest --test-dir build --output-on-failure -j "$jobs" -LE 'benchmark|sanitizer-skip'

if [[ ${FWLOG_SKIP_SANITIZERS:-0} != 1 ]]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFWLOG_SANITIZE=address,undefined \
    -DFWLOG_BUILD_BENCH=OFF -DFWLOG_WERROR=ON >/dev/null
  cmake --build build-asan
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs" -L unit
  # TSan: only the four test binaries with threads, to stay within a few minutes.
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan
  ctest --preset tsan -j "$jobs"
fi

if [[ ${FWLOG_SKIP_FUZZ:-0} != 1 ]]; then
  scripts/fuzz-smoke.sh "${FWLOG_FUZZ_SECONDS:-15}"
fi
