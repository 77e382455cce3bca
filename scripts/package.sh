#!/usr/bin/env bash
# Builds the Debian package fwlog-exporter_<version>_<arch>.deb (and its
# -dbgsym companion) with debhelper from deploy/debian/, then runs lintian on
# it. The package: /usr/bin/fwlog_exporter, the systemd unit made from
# deploy/systemd/, /etc/fwlog_exporter/config.yml (config/fwlog_exporter.yml)
# and /etc/default/fwlog_exporter as conffiles, the range catalog, the IANA
# registry and the sample log in /usr/share/fwlog_exporter, docs and examples
# in /usr/share/doc/fwlog-exporter; docs/package.md says why and how.
#
#   scripts/package.sh     # -> build/package/fwlog-exporter_<version>_<arch>.deb
#
# FWLOG_PACKAGE_DIR names another output folder; FWLOG_PACKAGE_JOBS the
# compile jobs (default: the number of CPUs). Installs what it lacks from
# scripts/apt-packages-build.txt and scripts/apt-packages-package.txt.
# lintian's findings are printed and kept in the output folder as lintian.txt;
# an error fails the build, the warnings left are explained in docs/package.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/apt-install.sh scripts/apt-packages-build.txt scripts/apt-packages-package.txt

version=$(sed -n 's/^project(fwlog_exporter VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
logged=$(dpkg-parsechangelog -l deploy/debian/changelog -S Version)
if [[ $version != "$logged" ]]; then
  echo "package: CMakeLists.txt says version $version, deploy/debian/changelog $logged; add a changelog entry" >&2
  exit 1
fi
out=$(mkdir -p "${FWLOG_PACKAGE_DIR:-build/package}" && cd "${FWLOG_PACKAGE_DIR:-build/package}" && pwd)
src=$out/fwlog-exporter-$version
rm -rf "$src" "$out"/fwlog-exporter*_"$version"_*
mkdir -p "$src"

# The tree as it is now (tracked and new files, not ignored ones), with
# deploy/debian/ as debian/: a copy, so the top level stays as it is.
revision=unknown
if git rev-parse --git-dir >/dev/null 2>&1; then
  revision=$(git rev-parse --short=12 HEAD)
  [[ -z $(git status --porcelain --untracked-files=no) ]] || revision+=-dirty
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -C "$src" -xf -
else
  tar --exclude='./build*' -cf - . | tar -C "$src" -xf -
fi
cp -r deploy/debian "$src/debian"

cmake_args=()
command -v ccache >/dev/null && cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
(
  cd "$src"
  export FWLOG_REVISION=$revision FWLOG_CMAKE_ARGS="${cmake_args[*]}"
  export DEB_BUILD_OPTIONS="parallel=${FWLOG_PACKAGE_JOBS:-$(nproc)} ${DEB_BUILD_OPTIONS:-}"
  dpkg-buildpackage -b --no-sign
)
rm -rf "$src"

deb=$(ls "$out"/fwlog-exporter_"$version"_*.deb)
echo "package: lintian $deb"
status=0
lintian --info --display-level '>=pedantic' --tag-display-limit 0 "$deb" | tee "$out/lintian.txt" || status=$?
if ((status)); then
  echo "package: lintian reported errors (above)" >&2
  exit "$status"
fi
echo "package: built $deb"
