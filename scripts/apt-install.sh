#!/usr/bin/env bash
# Installs the Debian packages named in the given lists (one a line, # comments)
# that are not installed yet. Used by setup.sh and package.sh.
#
#   scripts/apt-install.sh LIST...
set -euo pipefail
wanted=$(grep -hv '^\s*\(#\|$\)' "$@" | sed 's/\s*#.*//' | sort -u)
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
