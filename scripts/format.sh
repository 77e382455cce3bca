#!/usr/bin/env bash
# Formats every C++ source with clang-format (.clang-format), or with --check
# only reports the files that differ (the ctest style.clang_format runs that).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cc' '*.h')
if [[ ${1:-} == --check ]]; then
  exec clang-format --dry-run --Werror "${files[@]}"
fi
clang-format -i "${files[@]}"
