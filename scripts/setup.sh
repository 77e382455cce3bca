#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build (and, with --test, to
# test) fwlog_exporter, then configures and builds it in build/.
#
#   scripts/setup.sh          build dependencies + release build
#   scripts/setup.sh --test   also the packages the test suite uses
set -euo pipefail
cd "$(dirname "$0")/.."

lists=(scripts/apt-packages-build.txt)
if [[ ${1:-} == --test ]]; then
  lists+=(scripts/apt-packages-test.txt)
  [[ -f tests/bundle/apt-packages.txt ]] && lists+=(tests/bundle/apt-packages.txt)
fi
wanted=$(grep -hv '^\s*\(#\|$\)' "${lists[@]}" | sort -u)
missing=()
for pkg in $wanted; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Warnings are errors for the test build (what CI runs), never for a user's.
werror=OFF
[[ ${1:-} == --test ]] && werror=ON
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFWLOG_WERROR=$werror >/dev/null
cmake --build build
