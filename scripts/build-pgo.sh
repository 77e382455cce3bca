#!/usr/bin/env bash
# Builds fwlog_exporter with GCC's profile-guided optimisation into
# build-pgo/ (opt-in; scripts/setup.sh's build/ is the plain one).
#
#   scripts/build-pgo.sh            build-pgo/fwlog_exporter
#   bench/compare.sh --build build-pgo
#
# Three steps in one build directory (GCC finds a profile by the object's
# path): build with -fprofile-generate; replay a training set (a generated
# log of another seed than bench/compare.sh uses, the bundled sample and the
# fixture logs of every preset) in `replay` and `parse`; rebuild with
# -fprofile-use. The 2 M-line replay then takes ~9 % less CPU (numbers in
# docs/performance.md). Code the training does not run is optimised as
# without a profile (-fprofile-partial-training), so serving, syslog and the
# other presets are not made slower.
#
# Needs what scripts/setup.sh installs, and python3 for the generator.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build-pgo
profile=$PWD/$dir/profile
train=$PWD/$dir/training

configure() {
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS="$1" \
    -DCMAKE_EXE_LINKER_FLAGS="${2:-}" >/dev/null
}

rm -rf "$profile" "$train"
mkdir -p "$train"
echo "build-pgo: instrumented build"
configure "-fprofile-generate -fprofile-update=single -fprofile-dir=$profile" "-fprofile-generate"
cmake --build "$dir" --target fwlog_exporter

echo "build-pgo: training"
python3 bench/gen_logs.py --lines 300000 --seed 11 >"$train/generated.log"
"$dir/fwlog_exporter" replay --timezone=Asia/Tokyo "$train/generated.log" config/sample/router.log >/dev/null
"$dir/fwlog_exporter" replay --format auto tests/fixtures/logs/*.log >/dev/null
"$dir/fwlog_exporter" parse --format auto tests/fixtures/logs/*.log >/dev/null 2>&1

echo "build-pgo: optimised build"
configure "-fprofile-use -fprofile-partial-training -fprofile-dir=$profile"
cmake --build "$dir" --target fwlog_exporter
echo "build-pgo: $dir/fwlog_exporter"
