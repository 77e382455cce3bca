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
# FWLOG_SKIP_FUZZ=1 the fuzz run. Last, the portable Release build
# (FWLOG_PORTABLE, no x86 fast paths) and the tests of the code that has them:
# the unit tests marked PORTABLE (core, parse, input), fuzz replay and corpus
# (CMakePresets.json: portable; tests/CMakeLists.txt, fwlog_portable_checks). FWLOG_PACKAGE_TEST=1 adds the Debian
# package's acceptance test (tests/package/, ctest label "package").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
jobs=$(nproc)
ctest --test-dir build --output-on-failure -j "$jobs" -LE 'benchmark|sanitizer-skip|package'

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

# The portable build (FWLOG_PORTABLE: the scalar byte scans that an ARM host
# runs) in Release, with the unit tests of the code that has byte scans, the
# fuzz corpus replay and the corpus checks. FWLOG_SKIP_PORTABLE=1 skips it.
if [[ ${FWLOG_SKIP_PORTABLE:-0} != 1 ]]; then
  cmake --preset portable >/dev/null
  cmake --build --preset portable
  ctest --preset portable -j "$jobs"
fi

# The Debian package built and tried in fresh Debian 12 chroots (minutes; root,
# network): only when asked, CI runs it as a job of its own (docs/package.md).
if [[ ${FWLOG_PACKAGE_TEST:-0} == 1 ]]; then
  scripts/apt-install.sh scripts/apt-packages-package.txt
  ctest --test-dir build --output-on-failure -L package
fi

if [[ ${FWLOG_SKIP_FUZZ:-0} != 1 ]]; then
  scripts/fuzz-smoke.sh "${FWLOG_FUZZ_SECONDS:-5}"
fi
